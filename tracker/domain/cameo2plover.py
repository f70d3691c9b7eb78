"""OEDA's CAMEO-to-PLOVER conversion table: a CAMEO event code -> its PLOVER event
category, mode and contexts.

The table is the Open Event Data Alliance's ``CAMEO2PLOVER-2021.txt`` (PLOVER manual
draft 0.8, 17 September 2021, edited by Philip Schrodt; repository openeventdata/PLOVER),
licensed under the Creative Commons Attribution-ShareAlike 4.0 International licence
(CC BY-SA 4.0, https://creativecommons.org/licenses/by-sa/4.0/); this module's copy of it
is under the same licence. Only the data is kept (code, category, mode, contexts; "-" for
none), one code a line; the descriptions are in CAMEO's own tables (``tracker.domain.cameo``).

CAMEO 01 (MAKE PUBLIC STATEMENT) and 02 (APPEAL) are not in it: PLOVER drops them. A code
not listed takes its closest listed prefix (``0311`` -> ``031`` -> ``03``); the root 08 is
CONCEDE (080; 084-087 are RETREAT).
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple


class PloverCode(NamedTuple):
    event: str
    mode: str | None
    contexts: tuple[str, ...]


_TABLE = """\
03 AGREE - -
030 AGREE - diplomatic
031 AGREE - diplomatic
0311 AGREE - economic
0312 AGREE - military
0313 AGREE - legal
0314 AGREE - intelligence
032 AGREE - diplomatic
033 AGREE - diplomatic
0331 AGREE - economic
0332 AGREE - military
0333 AGREE - humanitarian
0334 AGREE - peacekeeping
034 AGREE - political_institutions
0341 AGREE - political_institutions
0342 AGREE - executive
0343 AGREE - rights_freedoms
0344 AGREE - political_institutions
035 AGREE - -
0351 AGREE - rights_freedoms
0352 AGREE - -
0353 AGREE - rights_freedoms
0354 AGREE - economic
0355 AGREE - diplomatic
0356 AGREE - military
036 AGREE - diplomatic
037 AGREE - diplomatic
038 AGREE - diplomatic
039 AGREE - diplomatic
04 CONSULT - -
040 CONSULT - -
041 CONSULT phone -
042 CONSULT visit -
043 CONSULT visit -
044 CONSULT third-party -
045 CONSULT - diplomatic
046 CONSULT - diplomatic
05 SUPPORT - -
050 SUPPORT - diplomatic
051 SUPPORT - diplomatic
052 SUPPORT - diplomatic
053 SUPPORT - diplomatic
054 SUPPORT - diplomatic
055 SUPPORT - diplomatic
056 SUPPORT - diplomatic
057 SUPPORT - diplomatic
06 COOPERATE - -
060 COOPERATE - -
061 COOPERATE - economic
062 COOPERATE - military
063 COOPERATE - legal
064 COOPERATE - intelligence
07 AID - -
070 AID - -
071 AID - economic
072 AID - military
073 AID - humanitarian
074 AID - peacekeeping
075 AID - asylum
08 CONCEDE - -
080 CONCEDE - -
081 CONCEDE - legal
0811 CONCEDE - democracy
0812 CONCEDE - democracy
0813 RETREAT - legal
0814 RETREAT - legal
082 CONCEDE - democracy
083 CONCEDE - political_institutions
0831 CONCEDE - political_institutions
0832 CONCEDE - executive
0833 CONCEDE - rights_freedoms
0834 CONCEDE - political_institutions
084 RETREAT - -
0841 RETREAT release legal
0842 RETREAT return legal
085 RETREAT ease economic
086 RETREAT access diplomatic
0861 RETREAT access peacekeeping
0862 RETREAT access diplomatic
0863 RETREAT access humanitarian
087 RETREAT disarm military
0871 RETREAT ceasefire military
0872 RETREAT withdraw military
0873 RETREAT disarm military
0874 RETREAT disarm military
09 ACCUSE - -
090 ACCUSE investigate -
091 ACCUSE investigate crime;corruption
092 ACCUSE investigate human_rights
093 ACCUSE investigate military
094 ACCUSE investigate military;legal
10 REQUEST - -
100 REQUEST - -
101 REQUEST assist -
1011 REQUEST assist economic
1012 REQUEST assist military
1013 REQUEST assist legal
1014 REQUEST assist intelligence
102 REQUEST assist diplomatic
103 REQUEST assist -
1031 REQUEST assist economic
1032 REQUEST assist military
1033 REQUEST assist humanitarian
1034 REQUEST assist peacekeeping
104 REQUEST change political_institutions
1041 REQUEST change executive
1042 REQUEST change executive
1043 REQUEST change rights_freedoms
1044 REQUEST change political_institutions
105 REQUEST change legal
1051 REQUEST yield legal
1052 REQUEST yield legal
1053 REQUEST yield legal
1054 REQUEST yield economic
1055 REQUEST yield diplomatic
1056 REQUEST yield military
106 REQUEST meet diplomatic
107 REQUEST meet diplomatic
108 REQUEST meet diplomatic
11 ACCUSE - -
110 ACCUSE disapprove -
111 ACCUSE disapprove -
112 ACCUSE disapprove -
1121 ACCUSE allege crime;corruption
1122 ACCUSE allege human_rights
1123 ACCUSE allege military
1124 ACCUSE allege military;legal
1125 ACCUSE allege legal
113 ACCUSE disapprove -
114 ACCUSE allege diplomatic
115 ACCUSE allege legal
116 ACCUSE disapprove legal
12 REJECT - -
120 REJECT - -
121 REJECT assist -
1211 REJECT assist economic
1212 REJECT assist military
1213 REJECT assist legal
1214 REJECT assist intelligence
122 REJECT assist -
1221 REJECT assist economic
1222 REJECT assist military
1223 REJECT assist humanitarian
1224 REJECT assist peacekeeping
123 REJECT change political_institutions
1231 REJECT change executive
1232 REJECT change executive
1233 REJECT change rights_freedoms
1234 REJECT change political_institutions
124 REJECT change -
1241 REJECT change executive
1242 REJECT change -
1243 REJECT yield legal
1244 REJECT yield economic
1245 REJECT yield diplomatic
1246 REJECT yield military
125 REJECT meet diplomatic
126 REJECT meet diplomatic
127 REJECT meet diplomatic
128 REJECT yield legal
129 REJECT yield diplomatic
13 THREATEN - -
130 THREATEN - -
131 THREATEN - -
1311 THREATEN relations -
1312 THREATEN restrict economic
1313 THREATEN relations diplomatic
132 THREATEN ban executive
1321 THREATEN political human_rights
1322 THREATEN ban pro_autocracy
1323 THREATEN restrict pro_autocracy
1324 THREATEN restrict pro_autocracy
133 THREATEN relations -
134 THREATEN relations diplomatic
135 THREATEN relations diplomatic
136 THREATEN expel diplomatic
137 THREATEN violence pro_autocracy
138 THREATEN violence military
1381 THREATEN restrict military
1382 THREATEN territory military
1383 THREATEN violence military
1384 THREATEN violence military
1385 THREATEN violence cbrn
139 THREATEN relations diplomatic
14 PROTEST - -
140 PROTEST - -
141 PROTEST demo -
1411 PROTEST demo executive
1412 PROTEST demo executive
1413 PROTEST demo rights_freedoms
1414 PROTEST demo political_institutions
142 PROTEST hunger -
1421 PROTEST hunger executive
1422 PROTEST hunger executive
1423 PROTEST hunger rights_freedoms
1424 PROTEST hunger political_institutions
143 PROTEST boycott -
1431 PROTEST boycott executive
1432 PROTEST boycott executive
1433 PROTEST boycott rights_freedoms
1434 PROTEST boycott political_institutions
144 PROTEST obstruct -
1441 PROTEST obstruct executive
1442 PROTEST obstruct executive
1443 PROTEST obstruct rights_freedoms
1444 PROTEST obstruct political_institutions
145 PROTEST riot -
1451 PROTEST riot executive
1452 PROTEST riot executive
1453 PROTEST riot rights_freedoms
1454 PROTEST riot political_institutions
15 MOBILIZE - -
150 MOBILIZE - -
151 MOBILIZE police -
152 MOBILIZE troops military
153 MOBILIZE police -
154 MOBILIZE troops military
16 SANCTION - -
160 SANCTION - -
161 SANCTION withdraw diplomatic
162 SANCTION discontinue human_security
1621 SANCTION discontinue economic
1622 SANCTION discontinue military
1623 SANCTION discontinue humanitarian
163 COERCE restrict diplomatic
164 SANCTION withdraw diplomatic
165 SANCTION withdraw diplomatic
166 SANCTION expel diplomatic
1661 SANCTION expel military
1662 SANCTION expel diplomatic
1663 SANCTION expel human_security
17 COERCE - -
170 COERCE - -
171 COERCE seize human_security
1711 COERCE seize human_security
1712 ASSAULT seize human_security
172 COERCE restrict executive
1721 COERCE restrict rights_freedoms
1722 COERCE ban pro_autocracy
1723 COERCE curfew pro_autocracy
1724 COERCE martial-law pro_autocracy
173 COERCE arrest legal
174 COERCE deport legal
175 ASSAULT pro_autocracy military
18 ASSAULT - -
180 ASSAULT - -
181 ASSAULT abduct -
182 ASSAULT beat -
1821 ASSAULT sexual -
1822 ASSAULT torture -
1823 ASSAULT - -
183 ASSAULT suicide-attack -
1831 ASSAULT suicide-attack -
1832 ASSAULT explosives -
1833 ASSAULT explosives -
184 ASSAULT abduct -
185 ASSAULT assassinate -
186 ASSAULT assassinate -
19 ASSAULT - -
190 ASSAULT - military
191 COERCE restrict military
192 COERCE seize military
193 ASSAULT firearms military
194 ASSAULT heavy-weapons military
195 ASSAULT heavy-weapons military
196 ASSAULT - legal;military
20 ASSAULT - -
200 ASSAULT massacre military
201 ASSAULT cleansing religion_ethnicity
202 ASSAULT massacre religion_ethnicity
203 ASSAULT cleansing religion_ethnicity
204 ASSAULT unconventional cbrn
2041 ASSAULT unconventional cbrn
2042 ASSAULT unconventional cbrn
"""


@cache
def _table() -> dict[str, PloverCode]:
    out = {}
    for line in _TABLE.splitlines():
        code, event, mode, contexts = line.split(" ")
        out[code] = PloverCode(
            event,
            None if mode == "-" else mode,
            () if contexts == "-" else tuple(contexts.split(";")),
        )
    return out


def cameo_to_plover(code: str | None) -> PloverCode | None:
    """The PLOVER category, mode and contexts of a CAMEO event code, per OEDA's table;
    None for a code PLOVER drops (01, 02) or does not know.

    >>> cameo_to_plover("041")
    PloverCode(event='CONSULT', mode='phone', contexts=())
    >>> cameo_to_plover("0874").event, cameo_to_plover("10").event, cameo_to_plover("094")
    ('RETREAT', 'REQUEST', PloverCode(event='ACCUSE', mode='investigate', contexts=('military', 'legal')))
    >>> cameo_to_plover("010") is None
    True
    """
    if not code or not code[:2].isdigit():
        return None
    table = _table()
    for end in range(len(code), 1, -1):
        found = table.get(code[:end])
        if found is not None:
            return found
    return None
