"""Questions asked of the read model: plain functions over a ``sqlite3.Connection``, so they
work the same on the file and on an ``--as-of`` model in memory.

- ``actors``: the one actor lookup (names, aliases, offices at a date, merges, members);
- ``events``: timelines, one event, its history, a bad event;
- ``profiles``: every actor with its counts, one actor's profile;
- ``graph``: the contact and event graphs (SQL -> networkx); ``metrics``: networkx's
  centralities, paths, communities and ego graphs over them.
"""
