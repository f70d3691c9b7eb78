"""The read model: a SQLite cache of the log, rebuilt from it at will.

- ``schema`` (SQLModel tables) and ``ddl`` (the DDL they compile to, kept so that no
  command imports SQLModel);
- ``rows``: rows built from records (pure); ``projector`` and ``actors``: records
  applied to the model (SQL);
- ``store``: the file, its connection, its lock, a damaged model set aside;
- ``sync``: the quick check, the incremental sync, the rebuild, the as-of model;
- ``parallel``: the rebuild on two processes.
"""
