"""What the extractor knows of the genre before it reads the registry.

Countries (in ``countries``: pycountry's ISO names, plus the short forms and adjectives
diplomatic text uses), titles of office (with the class of office a
"counterpart" shares, and the country a bare US title implies), and the words that
announce a contact, a statement or a development. Everything here is the language of the
genre (readouts, ministry statements, wire stories), none of it is one document's."""

from __future__ import annotations

import functools
import re
import unicodedata

from tracker.domain.names import FAMILY_FIRST, ROYAL_WORDS

# International organisations: every name (as written) -> the name a new actor gets.
ORGANIZATIONS: dict[str, str] = {
    "EU": "European Union", "European Union": "European Union", "the EU": "European Union",
    "UN": "United Nations", "U.N.": "United Nations", "United Nations": "United Nations",
    "NATO": "NATO", "ASEAN": "ASEAN", "African Union": "African Union", "AU": "African Union",
    "OSCE": "OSCE", "IAEA": "IAEA", "G7": "G7", "G-7": "G7", "G20": "G20", "G-20": "G20",
    "Arab League": "Arab League", "OPEC": "OPEC", "WHO": "World Health Organization",
    "World Health Organization": "World Health Organization", "IMF": "IMF",
    "World Bank": "World Bank", "Quad": "Quad", "Gulf Cooperation Council": "Gulf Cooperation Council",
    "GCC": "Gulf Cooperation Council", "European Commission": "European Commission",
}  # fmt: skip

# Names short enough to be ordinary words or pronouns: matched only as written.
CASE_SENSITIVE_MAX = 3


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """A lookup key: case, accents, dots and repeated spaces ignored, curly quotes straight."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.replace(".", " ").split())


TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}"  # U.S., D.C.
    r"|[A-Z]\.(?=\s)"  # an initial
    r"|\w+(?:[-'’]\w+)*(?<!['’]s)(?<!['’]S)"  # words, hyphenated, O'Brien; not the 's
    r"|['’][sS]\b"  # a possessive
    r"|\S"
)


def norm(text: str) -> str:
    """The key a name is looked up by: its tokens, folded, joined by single spaces.

    >>> norm("  Sergéy   LAVROV ")
    'sergey lavrov'
    """
    return " ".join(fold(m.group()) for m in TOKEN.finditer(text))


# --------------------------------------------------------------------------- titles

# A title of office -> its class. Holders of one class in two countries are
# "counterparts"; a class is also what "the Foreign Minister" refers back to.
FOREIGN = "foreign_minister"
DEPUTY_FOREIGN = "deputy_foreign_minister"
HEAD_OF_STATE = "head_of_state"
HEAD_OF_GOVERNMENT = "head_of_government"
DEFENSE = "defense_minister"

_TITLES: dict[str, str] = {
    "foreign minister": FOREIGN,
    "minister of foreign affairs": FOREIGN,
    "minister for foreign affairs": FOREIGN,
    "foreign affairs minister": FOREIGN,
    "minister of external affairs": FOREIGN,
    "external affairs minister": FOREIGN,
    "minister for europe and foreign affairs": FOREIGN,
    "federal foreign minister": FOREIGN,
    "foreign secretary": FOREIGN,
    "secretary of state": FOREIGN,
    # a wire's "US State Secretary X" (of State), a German "State Secretary" (a junior
    # minister): a title either way, of its own class
    "state secretary": "state_secretary",
    "state councilor and foreign minister": FOREIGN,
    "state councillor and foreign minister": FOREIGN,
    "top diplomat": FOREIGN,
    "fm": FOREIGN,  # "the Turkish FM", "FM Fidan"
    "pm": HEAD_OF_GOVERNMENT,  # "the Australian PM"
    "deputy foreign minister": DEPUTY_FOREIGN,
    "vice foreign minister": DEPUTY_FOREIGN,
    "first vice foreign minister": DEPUTY_FOREIGN,
    "first deputy foreign minister": DEPUTY_FOREIGN,
    "executive vice foreign minister": DEPUTY_FOREIGN,
    "vice minister of foreign affairs": DEPUTY_FOREIGN,
    "deputy minister of foreign affairs": DEPUTY_FOREIGN,
    "deputy secretary of state": DEPUTY_FOREIGN,
    "deputy secretary": DEPUTY_FOREIGN,
    "under secretary of state": "under_secretary",
    "under secretary": "under_secretary",
    "assistant secretary of state": "assistant_secretary",
    "assistant secretary": "assistant_secretary",
    "president": HEAD_OF_STATE,
    "vice president": "vice_president",
    "vice-president": "vice_president",  # the EU's "High Representative/Vice-President"
    "vice premier": "vice_premier",
    "vice-premier": "vice_premier",
    # not yet in office: no holder of the office is meant, and the word is no name's
    "president-elect": "president_elect",
    "vice president-elect": "vice_president_elect",
    "prime minister-designate": "prime_minister_designate",
    "king": HEAD_OF_STATE,
    "queen": HEAD_OF_STATE,
    "emir": HEAD_OF_STATE,
    "sultan": HEAD_OF_STATE,
    "crown prince": "crown_prince",
    "supreme leader": HEAD_OF_STATE,
    "leader": HEAD_OF_STATE,  # a wire story's "Russian leader Vladimir Putin"
    "pope": HEAD_OF_STATE,
    "prime minister": HEAD_OF_GOVERNMENT,
    "premier": HEAD_OF_GOVERNMENT,
    "chancellor": HEAD_OF_GOVERNMENT,
    "federal chancellor": HEAD_OF_GOVERNMENT,
    "deputy prime minister": "deputy_prime_minister",
    "defense minister": DEFENSE,
    "defence minister": DEFENSE,
    "minister of defense": DEFENSE,
    "minister of defence": DEFENSE,
    "secretary of defense": DEFENSE,
    "defense secretary": DEFENSE,
    "defence secretary": DEFENSE,
    "finance minister": "finance_minister",
    "minister of finance": "finance_minister",
    "treasury secretary": "finance_minister",
    "secretary of the treasury": "finance_minister",
    "interior minister": "interior_minister",
    "trade minister": "trade_minister",
    "national security advisor": "security_advisor",
    "national security adviser": "security_advisor",
    "ambassador": "ambassador",
    "special envoy": "envoy",
    "special representative": "envoy",
    "envoy": "envoy",
    "spokesperson": "spokesperson",
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "secretary-general": "secretary_general",
    "secretary general": "secretary_general",
    "high representative": "high_representative",
    "high representative for foreign affairs and security policy": "high_representative",
    "foreign policy chief": "high_representative",
    "commissioner": "commissioner",
    "senator": "senator",
    "governor": "governor",
    "chairman": "chair",
    "chairman-in-office": "chair",
    "chairperson-in-office": "chair",
    "chairwoman": "chair",
    "chair": "chair",
    "director": "director",
    "director general": "director",
    "counselor": "counselor",
    "minister": "minister",
    "state councilor": "state_councilor",
    "state councillor": "state_councilor",  # the British spelling (Xinhua, the FCDO)
    "counsellor": "counselor",
    "adviser": "advisor",
    "advisor": "advisor",
    "aide": "advisor",  # "Kremlin Aide Yury Ushakov"
    "mayor": "mayor",
    "assistant": "advisor",  # "Assistant to the President for National Security Affairs"
    "negotiator": "negotiator",  # "North Vietnamese negotiator Tho"
    "speaker": "speaker",  # "Parliament Speaker X", "Council of Representatives Speaker X"
    "general": "general",
    # abbreviated, as wire stories and trip remarks write them ("Gen. Petraeus")
    "gen.": "general",
    "lt. gen.": "general",
    "maj. gen.": "general",
    "brig. gen.": "general",
    "adm.": "admiral",
    "sen.": "senator",
    "gov.": "governor",
    "amb.": "ambassador",
    "admiral": "admiral",
    "sheikh": "sheikh",
    "secretary": FOREIGN,  # "Secretary Blinken", "the Secretary": in a US text, of State
}

# Modifiers that may stand before a title ("Acting Foreign Minister").
TITLE_MODIFIERS = frozenset({"acting", "former", "interim", "outgoing", "incoming", "new"})

# Bare titles that name a US office in a US text ("Deputy Secretary Campbell").
_US_TITLES = frozenset(
    {
        "secretary of state",
        "deputy secretary of state",
        "deputy secretary",
        "under secretary of state",
        "under secretary",
        "assistant secretary of state",
        "assistant secretary",
        "secretary of defense",
        "secretary of the treasury",
        "treasury secretary",
        "national security advisor",
        "national security adviser",
        "secretary",
    }
)

# titles whose subject follows "on": "Advisor on Foreign Affairs", "Special Envoy on Climate"
# ("to": "Aide to the President", "Ambassador to the United Nations")
ON_TITLES = frozenset(
    {"advisor", "adviser", "envoy", "representative", "coordinator", "aide", "assistant",
     "ambassador", "counselor", "counsellor"}
)  # fmt: skip


# Titles that are kept in a new actor's name (a pope is "Pope Leo XIV").
TITLES_IN_NAME = frozenset({"pope", "king", "queen", "emir", "sultan", "sheikh", "crown prince"})

_ROYAL_TITLES = ROYAL_WORDS | {"sheikh"}


def royal_title(title: str | None) -> bool:
    """Whether a title is a monarch's or a royal's ("Crown Prince", "King"): the one name
    after it is a given name ("Crown Prince Hassan"), never a surname."""
    return bool(title) and any(w in _ROYAL_TITLES for w in norm(title or "").split())


# Plural titles ("Presidents Trump and Putin", "Foreign Ministers of ...").
# Capitalised words of an office's subject, never of a person's name ("Special
# Representative for Ukraine Negotiations", "Minister of Economy and Trade")
SUBJECT_WORDS = frozenset(
    {"negotiations", "affairs", "relations", "trade", "development", "cooperation", "security",
     "defense", "defence", "climate", "policy", "dialogue", "peace", "integration", "economy",
     "commerce", "finance", "energy", "health", "justice", "interior", "culture", "education",
     "environment", "transition", "process", "humanitarian", "issues", "crisis", "sanctions",
     "counterterrorism", "nonproliferation", "disarmament", "reconciliation", "nations",
     "union", "states", "kingdom", "republic", "federation", "commission", "council"}
)  # fmt: skip

PLURAL_TITLES: dict[str, str] = {
    "presidents": "president",
    "foreign ministers": "foreign minister",
    "prime ministers": "prime minister",
    "ministers": "minister",
    "leaders": "leader",
    "secretaries": "secretary",
}


@functools.cache
def org_index() -> dict[str, str]:
    """Every name of an international organisation (normalised) -> its display name."""
    return {norm(k): v for k, v in ORGANIZATIONS.items() if k.upper() != k or len(k) > 3}


@functools.cache
def org_exact() -> dict[str, str]:
    """Short names, matched only as written ("WHO", not "who")."""
    return {k: v for k, v in ORGANIZATIONS.items() if k.upper() == k and len(k) <= 4}


# Family names come first in these countries' names ("Ma Zhaoxu", "Cho Hyun-dong").


def surname(words: list[str], country: str | None) -> str:
    return words[0] if country in FAMILY_FIRST else words[-1]


def title_class(title: str) -> str | None:
    """The class of a title; "Prime Minister of Australia" is a prime minister's."""
    key = fold(title)
    found = _TITLES.get(key)
    # the longest head that is a title: "minister for foreign affairs" of "Minister for
    # Foreign Affairs of Japan", not "minister"
    parts = re.split(r" (?=(?:of|for|on) )", key)
    while found is None and len(parts) > 1:
        parts.pop()
        found = _TITLES.get(" ".join(parts))
    return found


@functools.cache
def title_index() -> dict[str, str]:
    """Every title (normalised) -> its class."""
    return {norm(t): c for t, c in _TITLES.items()}


def default_country(title: str) -> str | None:
    """The country a bare title implies: US titles are written without "US"."""
    return "USA" if fold(title) in _US_TITLES else None


@functools.cache
def title_words() -> frozenset[str]:
    """Every word of a title: not the start of a person's name."""
    words: set[str] = set()
    for title in _TITLES:
        words.update(title.split())
    return frozenset(words - {"of", "for", "and", "the"})


MAX_TITLE_TOKENS = max(len(t.split()) for t in _TITLES) + 1

# Capitalised words that start sentences or fill headlines, never a person's name.
NOT_NAMES = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "he",
        "she",
        "it",
        "they",
        "we",
        "i",
        "you",
        "his",
        "her",
        "their",
        "our",
        "its",
        "my",
        "your",
        "and",
        "or",
        "but",
        "if",
        "when",
        "while",
        "after",
        "before",
        "during",
        "following",
        "on",
        "in",
        "at",
        "by",
        "for",
        "from",
        "to",
        "with",
        "of",
        "as",
        "also",
        "both",
        "today",
        "yesterday",
        "tomorrow",
        "earlier",
        "later",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "mr",
        "mrs",
        "ms",
        "dr",
        "sir",
        "madam",
        "press",
        "releases",
        "release",
        "readout",
        # a contact's noun written as a title ("held a Foreign Ministers' Telephone Talk with")
        "telephone",
        "talk",
        "talks",
        "meeting",
        "summit",
        "videoconference",
        "remarks",
        "statement",
        "office",
        "department",
        "ministry",
        "government",
        "embassy",
        "secretary",
        "question",
        "answer",
        "note",
        "photo",
        "also",
        "watch",
        "related",
        "stories",
        "washington",
        "dc",
    ]
)

NAME_PARTICLES = frozenset(
    {"bin", "al", "el", "de", "da", "dos", "das", "do", "du", "des", "di", "del", "della", "van",
     "von", "der", "den", "ter", "la", "le", "ibn"}
)  # fmt: skip
