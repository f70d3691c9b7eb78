"""The log on a team server (PostgreSQL): the client (``store``), the server's schema that
seals every line (``schema``), and what they share (``common``). Importing any of them
imports psycopg, so only the store's commands do."""
