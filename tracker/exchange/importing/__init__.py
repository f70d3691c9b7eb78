"""Importing: ``rows`` (drafts, bad rows, built events), one module per format (``csv``,
``gdelt``, ``icews``, ``plover``, ``jsonl``), ``folding`` (CAMEO's 042/043 pairs), ``build``
(actors resolved, payloads made), ``spill`` (the checked events on disk) and ``pipeline``
(the two steps: check everything, then append)."""
