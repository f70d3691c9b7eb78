"""A person's name as a run of tokens: capitalised words, initials, particles ("von der
Leyen", "bin Farhan", "al-Faisal") and an opening honorific ("Prince", "Dr"); read by
``shapes`` and ``mentions``.
"""

from __future__ import annotations

import re

from tracker.extract.document import Token
from tracker.extract.lexicon import NAME_PARTICLES, NOT_NAMES, title_words


def is_name_token(tok: Token) -> bool:
    if tok.text[:1].isupper() and tok.text[:1].isalpha():
        return tok.folded not in NOT_NAMES and tok.folded not in title_words()
    return False


# Honorifics that open a name ("Prince Faisal bin Farhan", "Sheikh Abdullah", "Dr Naledi Pandor")
HONORIFICS = frozenset({"prince", "princess", "sheikh", "sheikha", "dr", "sir", "dame", "lord"})
_HYPHEN_PARTICLE = re.compile(r"(?:al|el|ad|as|ash|an|ibn|bin|bint|abu|ul)-[A-Z]")
_ELIDED = re.compile(r"[dl]['’][A-Z]")  # "Giscard d'Estaing", "d'Alema"
_MONTH_SURNAMES = frozenset({"may", "june", "april", "august"})
# A name is at most this many tokens ("Prince Faisal bin Farhan Al Saud")
NAME_TOKENS = 6


def _particles_then_name(toks: list[Token], k: int) -> bool:
    """ "von der Leyen", "de la Fuente", "bin Farhan": particles, then a name's word."""
    while k < len(toks) and toks[k].folded in NAME_PARTICLES:
        k += 1
    return k < len(toks) and is_name_token(toks[k])


def name_run(toks: list[Token], k: int) -> int:
    """The end of a run of name tokens from ``k`` (``k`` when there is none)."""
    n = len(toks)
    start = k
    while k < n and k - start < NAME_TOKENS:
        tk = toks[k]
        if (
            is_name_token(tk)
            or (k > start and _HYPHEN_PARTICLE.match(tk.text) is not None)  # "Saud al-Faisal"
            or (k == start and tk.folded in HONORIFICS and k + 1 < n and is_name_token(toks[k + 1]))
            # "Hassan Sheikh Mahmoud": a name's own word
            or (k > start and tk.text == "Sheikh" and k + 1 < n and is_name_token(toks[k + 1]))
            or (tk.text.endswith(".") and len(tk.text) == 2 and tk.text[0].isupper())
            # "A K Abdul Momen", "A.K Abdul Momen": initials, then a name's word
            or _initial_before_name(toks, k)
            or (k > start and _ELIDED.match(tk.text) is not None)
            # "Theresa May": a month's name after a given name is a surname ("May 5" is not)
            or (
                k > start
                and tk.folded in _MONTH_SURNAMES
                and tk.text[:1].isupper()
                and not (k + 1 < n and toks[k + 1].text[:1].isdigit())
            )
            # "President da Silva", "Foreign Minister de Villepin": after a title, a name may
            # open with its particle
            or (
                tk.folded in NAME_PARTICLES
                and (k > start or (k > 0 and toks[k - 1].folded in title_words()))
                and _particles_then_name(toks, k)
            )
        ):
            k += 1
        else:
            break
    return k


def _initial_before_name(toks: list[Token], k: int) -> bool:
    """A capital letter alone (or the "." after one) that more initials, then a name's word,
    follow."""
    tk = toks[k]
    after_initial = tk.text == "." and k > 0 and len(toks[k - 1].text) == 1
    if not (after_initial or (len(tk.text) == 1 and tk.text.isupper())):
        return False
    j = k + 1
    while j < len(toks) and (
        toks[j].text == "." or (len(toks[j].text) == 1 and toks[j].text.isupper())
    ):
        j += 1
    if tk.text in ("A", "I") and j == k + 1:
        return False  # "A Russian delegation", "I Met": the article, the pronoun
    return j < len(toks) and is_name_token(toks[j]) and len(toks[j].text) > 1
