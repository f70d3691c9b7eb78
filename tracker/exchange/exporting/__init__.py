"""Exporting: ``selection`` (what is exported: a timeline's events), and one module per
format (``csv``, ``jsonl``, ``plover``, ``timelinejs``, ``graphs`` for GEXF and GraphML)."""
