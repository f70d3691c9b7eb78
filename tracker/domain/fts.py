"""What an analyst types into ``tracker search``, as an FTS5 query.

FTS5's own syntax is kept: "phrases", prefix*, AND / OR / NOT (upper case), NEAR(a b, 5),
^initial tokens, column filters (``summary:dialogue``) and parentheses. One thing is
eased: a word with punctuation inside (``intra-Afghan``, ``U.S.``, ``Yi's``), which FTS5
refuses as a bare word, is taken as the phrase of its parts, as it would be found in the
text. Anything else that is malformed (an unclosed quote, a dangling AND) is left for
FTS5 to refuse, and ``tracker search`` says so in one line (exit 2).

>>> search_query('intra-Afghan dialogue')
'"intra-Afghan" dialogue'
>>> search_query('evacuat* AND NOT "Kabul airport"')
'evacuat* AND NOT "Kabul airport"'
>>> search_query("NEAR(Lavrov Pakistan, 5) OR summary:U.S.*")
'NEAR(Lavrov Pakistan, 5) OR summary:"U.S."*'
"""

from __future__ import annotations

import re

from tracker.domain.errors import ValidationError
from tracker.domain.text import clean_text

MAX_QUERY = 1000
# a string (with "" inside), a bracket, a comma, space, or a run of anything else
_TOKEN = re.compile(r'"(?:[^"]|"")*"|[(),]|\s+|[^\s(),"]+|"')
_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR", "+"})


def _bare(word: str) -> bool:
    """Whether FTS5 takes ``word`` as a bare word: letters, digits, ``_``, any non-ASCII."""
    return all(ch.isalnum() or ch == "_" or ord(ch) > 127 for ch in word)


def _word(chunk: str, columns: frozenset[str]) -> str:
    if chunk in _OPERATORS or chunk.isdigit():
        return chunk
    head = ""
    if chunk.startswith("^"):
        head, chunk = "^", chunk[1:]
    column, sep, rest = chunk.partition(":")
    if sep and column.lstrip("-") in columns and rest:
        head, chunk = f"{head}{column}:", rest
    tail = ""
    if chunk.endswith("*") and len(chunk) > 1:
        chunk, tail = chunk[:-1], "*"
    if _bare(chunk):
        return f"{head}{chunk}{tail}"
    return f'{head}"{chunk}"{tail}'


def search_query(text: object, columns: tuple[str, ...] = ()) -> str:
    """``text`` as an FTS5 query (see the module's docstring). ``columns``: the index's
    column names, which may prefix a word (``summary:dialogue``)."""
    query = clean_text(text, "search query", limit=MAX_QUERY)
    names = frozenset(columns or _COLUMNS)
    out = []
    for token in _TOKEN.findall(query):
        if token.startswith('"') or token in "(),^" or token.isspace():
            out.append(token)
        else:
            out.append(_word(token, names))
    made = "".join(out)
    if not made.strip():
        raise ValidationError("the search query is empty")
    return made


# the columns of the read model's index (tracker.readmodel.ddl.SEARCH_COLUMNS)
_COLUMNS = ("summary", "quotes", "topics", "location", "outlets", "actors", "tags", "notes")
