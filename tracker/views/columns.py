"""How each table of ``tracker.views.tables`` gives way on a terminal
(``tracker.views.fit.Column``): which columns are kept whole (dates, types, ids, numbers),
which share the room and on how many lines, and which are left out first.
"""

from __future__ import annotations

from tracker.views.fit import Column

# On a terminal: the date, type and id whole; the counterparts on one line ("Wang Yi +3"),
# the summary on two, the source on one (left out on a narrow terminal: `tracker show`).
TIMELINE_COLUMNS = (
    Column("DATE", keep=True),
    Column("TYPE", keep=True),
    Column("WITH", share=0.3, least=13),  # "Actor 0001 +1"
    Column("SUMMARY", lines=2),
    Column("SOURCE", share=0.2, optional=True, least=10),
    Column("ID", keep=True),
)

HISTORY_COLUMNS = (
    Column("LINE", keep=True),
    Column("RECORDED (UTC)", keep=True),
    Column("BY", share=0.15),
    Column("CHANGE", lines=2),
    Column("REASON", share=0.3, lines=2, optional=True, least=12),
)

ACTOR_COLUMNS = (
    Column("ID", keep=True),
    Column("NAME", share=0.6, least=20),
    Column("KIND", keep=True, optional=True),
    Column("COUNTRY", keep=True),
    Column("EVENTS", keep=True),
    Column("FIRST", keep=True, optional=True),
    Column("LAST", keep=True),
    Column("ALIASES", optional=True, least=12),
)

GRAPH_COLUMNS = (
    Column("ACTOR", share=0.3, least=12),
    Column("ACTOR", share=0.3, least=12),
    Column("CONTACTS", keep=True),
    Column("FIRST", keep=True, optional=True),
    Column("LAST", keep=True),
    Column("TYPES", optional=True, least=12),
)
RANK_COLUMNS = (
    Column("RANK", keep=True),
    Column("ACTOR", least=12),
    Column("KIND", keep=True, optional=True),
    Column("COUNTRY", keep=True),
    Column("SCORE", keep=True),
    Column("CONTACTS", keep=True),
    Column("COUNTERPARTS", keep=True, optional=True),
)

COMMUNITY_COLUMNS = (
    Column("COMMUNITY", keep=True),
    Column("SIZE", keep=True),
    Column("MEMBERS", lines=3),
)
