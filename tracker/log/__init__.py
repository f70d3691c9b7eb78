"""The log layer: the append-only JSONL file that is the only truth, and its files.

- ``envelope``: a line's envelope, and the one way to build and seal a line;
- ``file``: ``EventLog``, the file (lock, read, tail recovery, append), over ``reader``,
  ``writer`` and the writers' record (``checked``); ``verify``: every line checked;
- ``merge``: two copies of a log merged (and the git merge driver);
- ``paths``: where a log's files are; ``outputs``: where a command may write, written
  whole or not at all; ``locks``: bounded, fork-safe ``flock``s;
- ``postgres``: the log on a team server.
"""
