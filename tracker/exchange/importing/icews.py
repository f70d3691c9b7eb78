"""ICEWS coded event data: tab-separated, with its header row.

A new actor: a name equal to its country -> state, ``Name (Country)`` -> government_body
when its sectors say government, a plain name with sectors -> person, else other.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from tracker.domain.cameo import cameo_text, cameo_type
from tracker.domain.errors import ValidationError
from tracker.domain.text import clean_text
from tracker.exchange.importing.folding import fold_keys
from tracker.exchange.importing.rows import (
    ActorSpec,
    BadRow,
    Draft,
    Row,
    cameo_code,
    country_of_name,
    digits,
    extra_of,
    parse_number,
    read_lines,
    roles_for_pair,
    truncate,
)

ICEWS_COLUMNS = (
    "Event ID",
    "Event Date",
    "Source Name",
    "Source Sectors",
    "Source Country",
    "Event Text",
    "CAMEO Code",
    "Intensity",
    "Target Name",
    "Target Sectors",
    "Target Country",
    "Story ID",
    "Sentence Number",
    "Publisher",
    "City",
    "District",
    "Province",
    "Country",
    "Latitude",
    "Longitude",
)

# Short descriptions of CAMEO codes, for the summaries of coded rows (FORMATS.md, 01-05;


def parse_icews(path: Path) -> Iterator[Row]:
    """ICEWS coded event data: tab-separated, with its header row."""
    header: list[str] | None = None
    for number, text in read_lines(path):
        if isinstance(text, BadRow):
            if header is None:
                raise ValidationError(f"{path}: line 1: {text.reason}")
            yield text
            continue
        if header is None:
            header = [h.strip() for h in text.split("\t")]
            missing = [c for c in ICEWS_COLUMNS if c not in header]
            if missing:
                raise ValidationError(
                    f"{path}: line 1 is not the ICEWS header: missing {', '.join(missing)}"
                )
            continue
        if not text.strip():
            continue
        try:
            cells = text.split("\t")
            if len(cells) != len(header):
                raise ValidationError(
                    f"expected {len(header)} tab-separated columns, found {len(cells)}"
                )
            yield _icews_row(number, dict(zip(header, cells, strict=True)), text)
        except ValidationError as exc:
            yield BadRow(number, exc.message, truncate(text))
    if header is None:
        raise ValidationError(f"{path} is empty: expected the ICEWS header row")


def _icews_actor(name: str, sectors: str, country: str, what: str) -> ActorSpec | None:
    clean = clean_text(name, what, limit=200, required=False)
    if not clean:
        return None
    sectors = clean_text(sectors, f"{what} sectors", limit=2000, required=False)
    country_name = clean_text(country, f"{what} country", limit=200, required=False)
    iso = country_of_name(country_name)
    if country_name and clean.casefold() == country_name.casefold():
        kind = "state"
    elif "(" in clean:
        kind = "government_body" if "government" in sectors.lower() else "other"
    elif sectors:
        kind = "person"
    else:
        kind = "other"
    return ActorSpec(clean, kind, iso)


def _icews_row(number: int, row: dict[str, str], text: str) -> Draft:
    source_id = clean_text(row["Event ID"], "Event ID", limit=60)
    when = row["Event Date"].strip()
    if len(when) != 10:
        raise ValidationError(f"bad Event Date {when!r}: YYYY-MM-DD")
    code = row["CAMEO Code"].strip()
    if digits(code) and len(code) == 2 and int(code) > 20:
        code = "0" + code  # a code read as a number lost its leading zero: 42 -> 042
    code = cameo_code(code)
    first = _icews_actor(
        row["Source Name"], row["Source Sectors"], row["Source Country"], "Source Name"
    )
    second = _icews_actor(
        row["Target Name"], row["Target Sectors"], row["Target Country"], "Target Name"
    )
    code_type = cameo_type(code)
    actors = roles_for_pair(code_type, [first] if first else [], [second] if second else [])
    event_text = clean_text(row["Event Text"], "Event Text", limit=200, required=False)
    story = clean_text(row["Story ID"], "Story ID", limit=60, required=False)
    publisher = clean_text(row["Publisher"], "Publisher", limit=200, required=False)
    place = [
        clean_text(row[c], c, limit=200, required=False) for c in ("City", "Province", "Country")
    ]
    names = " → ".join(a.name for a, _ in actors)
    head = event_text or cameo_text(code)
    draft = Draft(
        lines=(number,),
        key=f"icews:{source_id}",
        type=code_type[0],
        when=when,
        actors=actors,
        summary=f"{head}: {names}" if names else head,
        sources=[{"outlet": publisher or "ICEWS"}],
        location=", ".join(p for p in dict.fromkeys(place) if p) or None,
        cameo=code,
        extra=extra_of(
            source="icews",
            source_id=source_id,
            event_code=code,
            event_text=event_text,
            intensity=parse_number(row["Intensity"], "Intensity"),
            story_id=story,
            sentence_number=parse_number(row["Sentence Number"], "Sentence Number", int),
            source_sectors=row["Source Sectors"].strip(),
            target_sectors=row["Target Sectors"].strip(),
        ),
        raw=truncate(text),
    )
    draft.fold = fold_keys(draft, story or source_id, first, second)
    return draft
