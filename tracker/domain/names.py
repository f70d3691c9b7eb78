"""Names as keys: the lookup key of a name, an actor id made of one, a readable file name.

>>> name_key("SERGÉY  Lavröv")
'sergey lavrov'
>>> slugify("Antony Blinken")
'antony-blinken'
>>> file_slug("王毅"), file_slug("Сергей Лавров")
('wang-yi', 'sergey-lavrov')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from difflib import SequenceMatcher


def name_key(name: str) -> str:
    """The lookup key of a name: case, accents and repeated spaces ignored."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.replace(".", " ").split())


def slugify(name: str) -> str:
    """An actor id from a name: ``Antony Blinken`` -> ``antony-blinken``."""
    ascii_form = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_form.lower()).strip("-")
    return slug or "actor"


def file_slug(name: str, limit: int = 60) -> str:
    """A readable ASCII piece of a file name: ``王毅`` -> ``wang-yi``, ``Сергей Лавров`` ->
    ``sergey-lavrov``, ``Antony Blinken`` -> ``antony-blinken``; empty if nothing is left.

    anyascii writes a syllable of a script without letter case (Han, Hangul) capitalised:
    each becomes a word of its own, as in the usual romanisation of names.
    """
    from anyascii import anyascii  # here: it loads importlib.resources, which --help never needs

    parts: list[str] = []
    for ch in unicodedata.normalize("NFC", name):
        if ch.isascii():
            parts.append(ch)
            continue
        latin = anyascii(ch)
        if latin[:1].isupper() and not ch.isupper():
            latin = f" {latin} "
        parts.append(latin)
    slug = re.sub(r"[^a-z0-9]+", "-", "".join(parts).lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0] if "-" in slug[:limit] else slug[:limit]
    return slug


def name_part(*candidates: str | None) -> str:
    """The first candidate (a name as typed, the actor's name, its id) that slugs to
    something, else ``actor``."""
    for candidate in candidates:
        slug = file_slug(candidate or "")
        if slug:
            return slug
    return "actor"


class FileNames:
    """The file names given out in one run: a name already given gets the actor id, then a
    number, so that one chart never overwrites another (case-insensitively)."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self._taken = {n.casefold() for n in taken}

    def claim(self, stem: str, suffix: str, *, fallback: str | None = None) -> str:
        name = f"{stem}{suffix}"
        if name.casefold() in self._taken and fallback and file_slug(fallback):
            name = f"{stem}-{file_slug(fallback)}{suffix}"
        n = 2
        base = name.removesuffix(suffix)
        while name.casefold() in self._taken:
            name = f"{base}-{n}{suffix}"
            n += 1
        self._taken.add(name.casefold())
        return name


# Word-final spellings of one sound that transliterations of Slavic names write apart
# (Zelensky, Zelenskyy, Zelenskiy, Zelenskyi; Dmitry, Dmitriy, Dmitrii).
_Y_ENDINGS = ("yy", "iy", "ii", "ij", "yi", "yj", "y")
_Y_ENDING = re.compile(r"(?:yy|iy|ii|ij|yi|yj|y)$")
_MAX_VARIANTS = 64


def y_variants(name: str) -> list[str]:
    """The keys a name has when each word ending in one of those spellings ends in another
    (the name's own key left out): one name as the transliterations spell it. At most 64.

    >>> sorted(y_variants("Zelensky"))[:3]
    ['zelenskii', 'zelenskij', 'zelenskiy']
    >>> y_variants("Wang Yi"), len(y_variants("Dmitriy Peskov"))
    ([], 6)
    """
    options: list[list[str]] = []
    for word in name_key(name).split():
        stem = _Y_ENDING.sub("", word)
        if len(word) > 3 and stem != word:
            options.append([stem + ending for ending in _Y_ENDINGS])
        else:
            options.append([word])
    keys = [""]
    for choices in options:
        keys = [f"{k} {c}".strip() for k in keys for c in choices][:_MAX_VARIANTS]
    own = name_key(name)
    return [k for k in keys if k != own]


# A monarch's or a royal's words before a name ("King Olav V", "Crown Prince X", "Pope Leo
# XIV"): the name after them is a given name, never a surname.
ROYAL_WORDS = frozenset(
    {"king", "queen", "prince", "princess", "emperor", "empress", "shah", "sultan", "amir",
     "emir", "crown", "grand", "pope", "archduke", "duke"}
)  # fmt: skip

# Countries whose people are named family name first ("Wang Yi", "Park Chung Hee").
FAMILY_FIRST = frozenset({"CHN", "TWN", "KOR", "PRK", "VNM", "KHM", "HUN", "MNG"})

# usual short forms of given names, both ways (the registry may hold either)
_SHORT_FORMS = {
    "bill": "william", "bob": "robert", "dick": "richard", "jim": "james", "jimmy": "james",
    "mike": "michael", "tony": "antony", "joe": "joseph", "ted": "edward", "chuck": "charles",
    "jack": "john", "hank": "henry", "liz": "elizabeth", "tom": "thomas", "dan": "daniel",
    "dave": "david", "steve": "stephen", "ben": "benjamin", "alex": "alexander",
    "sergei": "sergey", "mohammed": "mohamed", "muhammad": "mohamed", "mohammad": "mohamed",
}  # fmt: skip


def given_alike(a: str, b: str) -> bool:
    """Two given names (folded, lowercase) that may be one person's: the same, one the
    other's start or initial, a usual short form ("Mike", "Michael"), or one name in two
    spellings ("Abdul" and "Abdel", "Dmitri" and "Dimitry").

    >>> given_alike("mike", "michael"), given_alike("boris", "lyndon"), given_alike("nuri", "nouri")
    (True, False, True)
    """
    if a == b or len(b) <= 1 or a.startswith(b) or b.startswith(a):
        return True
    if _SHORT_FORMS.get(a, a) == _SHORT_FORMS.get(b, b):
        return True
    return bool(a) and a[0] == b[0] and SequenceMatcher(None, a, b).ratio() >= 0.75
