"""Actors from coded event data (GDELT's CAMEO actor codes, ICEWS's names and sectors).

Who a coded participant is, decided from the codes' meaning (never from the first row
seen, and never by name alone):

- a bare country code (``GBR``; GDELT's name may be "UNITED KINGDOM", "BRITISH",
  "LONDON") is the state, named by its short name ("United Kingdom"): country
  adjectives and capitals resolve to the country;
- a country and a role (``GBRGOV``) named by the country, or by nothing, or by a place
  (a province, a place the row names, one of the country's cities of 100,000 people or
  more: "HAIFA" ``ISREDU``, "LOS ANGELES" ``USAELI``) is the country's sector:
  "Government (United Kingdom)", part of the state;
- a generic agent ("PRESIDENT", "POLICE") is scoped to its country: "President
  (Russia)", part of the state; GDELT gives a generic agent's country in the code, or
  else only where it is (the actor's geography): without either it is a missing value;
- a name that is a place of the actor's country (a town of 15,000 people or more by any
  of its spellings, "AARHUS" for Århus, "CALAIS", "NIAGARA FALLS"; 50,000 for a one-word
  name, which a surname may be too; a province, "XINJIANG") is the country's sector or
  the state, as a city is;
- a people ("SCOTTISH" ``scoGOV``: GDELT's lower-case ethnic codes; "NATIVE AMERICAN",
  "NORTHERN IRISH") is the people, kind ``other``; a region named by its name or adjective
  ("EUROPEAN" ``EURJUD``, "AFRICA" ``AFRGOV``) is the region or its sector;
- a state that no longer exists (``USR``, ``YUG``, ``DDR``...) is a state without an ISO
  code, never its successor; a renamed one (``GMW`` West Germany) is today's state;
- a known group (``UNO``, ``EEC``), an ``IGO``/``NGO`` code, or a name that organisations
  are named with ("... Party", "... Bank", "... Co") or an organisation's acronym ("NASA")
  is an organisation;
- any other name with a role code (``RUSGOV`` "VLADIMIR PUTIN") is a person;
- ICEWS: "Police (India)" is India's sector; a name that is a country, or one of its
  cities (as GDELT's are), is the state; a name with sectors that say IGO, party,
  insurgents... or that organisations are named with is an organisation; other names
  are persons.

Empty, ``NA``, ``NULL`` (R's and SQL's missing values) are missing, never Namibia.
GDELT's all-capitals names are title-cased without breaking acronyms.
"""

from __future__ import annotations

import re

from tracker.domain.cameo_actors import (
    ACRONYMS,
    GROUP_ROLES,
    KNOWN_GROUPS,
    PERSON_ROLES,
    REGIONS,
    RELIGIONS,
    ROLES,
    is_generic,
    is_institution,
    is_people,
    looks_like_org,
    name_case,
    pieces,
    region_named,
)
from tracker.domain.countries import (
    FORMER_STATES,
    RENAMED,
    city_country,
    country_code,
    country_name,
    is_city,
    is_country,
    is_place_of,
    is_subdivision,
)
from tracker.domain.countries import former_state as former_name
from tracker.domain.text import clean_text
from tracker.exchange.importing.rows import ActorSpec

_INTERNATIONAL = ("IGO", "NGO", "NGM", "IMG", "MNC")  # pieces that begin a code without a country
MISSING = frozenset({"", "NA", "N/A", "NULL", "null", "NaN", "nan", "<NA>", "None"})


def former_state(name: str) -> ActorSpec | None:
    """The state that no longer exists a name or CAMEO code is ("Yugoslavia", ``USR``),
    or None: a state of that name, without an ISO 3166-1 code (as ``import
    historyatstate`` makes them), never today's successor."""
    found = former_name(name)
    if not found:
        return None
    code = name.strip().upper()
    return ActorSpec(found, "state", None, code if code in FORMER_STATES else None)


def missing(value: str) -> bool:
    """Whether a cell is a missing value: empty, ``NA`` (R), ``NULL`` (SQL), ``NaN``."""
    return value.strip() in MISSING


def state(iso: str) -> ActorSpec:
    """The state of an ISO alpha-3 code."""
    return ActorSpec(country_name(iso), "state", iso, iso)


def sector(label: str, iso: str, kind: str, code: str | None = None) -> ActorSpec:
    """A country's agent or sector: "Police (India)", part of the state."""
    return ActorSpec(f"{label} ({country_name(iso)})", kind, iso, code, parent=state(iso))


def _role_sector(role: str, iso: str) -> ActorSpec:
    label, kind = ROLES[role]
    return sector(label, iso, kind, iso + role)


def _is_place(name: str, geo: str) -> bool:
    """Whether a name is a place: one the row names ("HAIFA" in "Haifa, Hefa, Israel"),
    or a province or state of ISO 3166-2 ("COLORADO", "KERALA"), standing for its
    country's people or authorities."""
    if geo and name.casefold() == geo.split(",", 1)[0].strip().casefold():
        return True
    return is_subdivision(name)


def _geo_country(geo: str) -> str | None:
    """The country of a GDELT Geo_FullName ("Moscow, Moskva, Russia" -> RUS)."""
    if missing(geo):
        return None
    return country_code(geo.rsplit(",", 1)[-1])


_MINIST = re.compile(r"\bMINIST\b")  # "FINANCE MINIST": GDELT's names end there


def gdelt_actor(
    code: str, name: str, country: str, known: str, types: tuple[str, ...], geo: str = ""
) -> ActorSpec | None:
    """One GDELT actor from its cells (Code, Name, CountryCode, KnownGroupCode, Type1-3Code,
    Geo_FullName), or None for a missing one (see the module docstring)."""
    ethnic = code.strip()[:3] if code.strip()[:3].isalpha() and code.strip()[:3].islower() else ""
    code = "" if missing(code) else code.strip().upper()
    raw = "" if missing(name) else clean_text(name, "actor name", limit=200, required=False)
    if not code and not raw:
        return None
    raw = _MINIST.sub("MINISTRY", raw)  # GDELT's stem of minister and ministry
    parts = pieces(code) if code.isalpha() and len(code) % 3 == 0 else []
    if parts:
        parts[0] = RENAMED.get(parts[0], parts[0])  # GMW: West Germany is Germany
    iso = (country.strip().upper() if not missing(country) else "") or (parts[0] if parts else "")
    iso = RENAMED.get(iso, iso)
    roles = [p for p in [*parts, *(t.strip().upper() for t in types)] if p in ROLES]
    if iso in FORMER_STATES:
        spec = _former_actor(iso, raw, roles, code if parts != [iso] else "")
        if spec is not None:
            return spec
    iso = iso if is_country(iso) else ""
    group = known.strip().upper() if not missing(known) else ""
    group = group or next((p for p in parts[1:] if p in KNOWN_GROUPS), "")
    cameo = code or None
    if group:
        if group in KNOWN_GROUPS:
            label, kind = KNOWN_GROUPS[group]
            return ActorSpec(label, kind, None, cameo, aliases=_alias(raw, label))
        if not raw or not _person_name(raw, roles):
            kind = "international_organization" if "IGO" in parts else "group"
            return ActorSpec(name_case(raw or group, acronym=True), kind, iso or None, cameo)
    if not raw:
        if iso and not roles:
            return state(iso)
        if iso:
            return _role_sector(roles[0], iso)
        if parts and parts[0] in REGIONS:
            return ActorSpec(REGIONS[parts[0]], "other", None, parts[0])
        return None
    country_named = country_code(raw)
    if not iso and not roles and (former := former_state(raw)) is not None:
        return former  # "SOVIET UNION" without a code
    if iso and not roles and parts == [iso]:
        return state(iso)  # the name is whatever the text said: "LONDON", "BRITISH"
    if not iso and not roles and parts and parts[0] in REGIONS:
        return ActorSpec(REGIONS[parts[0]], "other", None, parts[0])
    if parts and parts[0] in _INTERNATIONAL and not _person_name(raw, []):
        kind = ROLES[parts[0]][1] if parts[0] != "NGO" else "other"
        return ActorSpec(name_case(raw, acronym=True), kind, None, cameo)  # "BIMSTEC"
    if iso and (
        country_named is not None or _is_place(raw, geo) or is_city(raw, iso)
        or is_place_of(raw, iso)
    ):  # fmt: skip
        return _role_sector(roles[0], iso) if roles else state(iso)  # "NEW YORK" USAGOV
    if (named := _people_or_region(raw, iso, roles, ethnic)) is not None:
        return named
    agent = not iso and parts and all(p in ROLES for p in parts)  # "COP": an agent somewhere
    named_org = bool(roles) and not set(roles) & PERSON_ROLES  # a company, a newspaper
    unknown = not named_org and not _person_name(raw, roles) and not looks_like_org(raw)
    if agent or is_generic(raw) or unknown:
        scope = iso or _geo_country(geo) or (country_named if country_named else None)
        if country_named and not roles:
            return state(country_named)
        if scope is None:
            return None  # "POLICE" somewhere: no actor to name
        kind = ROLES[roles[0]][1] if roles else "other"
        return sector(name_case(raw), scope, kind)
    if not iso and parts and parts[0] in RELIGIONS:  # "METHODIST CHURCH" CHRPRO
        return ActorSpec(name_case(raw), "other", None, cameo)
    if iso and is_institution(raw):
        kind = ROLES[roles[0]][1] if roles else "government_body"
        return ActorSpec(name_case(raw), kind, iso, cameo, parent=state(iso))
    if _person_name(raw, roles):
        return ActorSpec(name_case(raw), "person", iso or None)
    kind = "international_organization" if "IGO" in roles else "group"
    if not set(roles) & (GROUP_ROLES | {"IGO"}):
        kind = "government_body" if set(roles) & {"GOV", "LEG", "JUD", "MIL", "COP"} else "other"
    return ActorSpec(name_case(raw, acronym=True), kind, iso or None, cameo)


def _people_or_region(raw: str, iso: str, roles: list[str], ethnic: str) -> ActorSpec | None:
    """A people ("SCOTTISH" ``scoGOV``, "NATIVE AMERICAN" ``nai``, "NORTHERN IRISH"
    ``GBRGOV``: an ethnic code, lower-case in GDELT's, or a people's name) is the people,
    of its country when the row gives one; a region by its name or adjective, without a
    country ("EUROPEAN" ``EURJUD``, "AFRICA" ``AFRGOV``), is the region, or its sector
    part of it. None for any other name."""
    region = region_named(raw)
    if region and not iso:
        place = ActorSpec(REGIONS[region], "other", None, region)
        if not roles:
            return place
        label, kind = ROLES[roles[0]]
        return ActorSpec(f"{label} ({place.name})", kind, None, region + roles[0], parent=place)
    if ethnic or is_people(raw):
        return ActorSpec(name_case(raw), "other", iso or None)
    return None


def _former_actor(code: str, raw: str, roles: list[str], cameo: str) -> ActorSpec | None:
    """A state that no longer exists (``USR``, ``YUG``) of a bare code, whatever the name
    ("MOSCOW"); its sector ("Government (Soviet Union)", part of it) when the name is
    nothing, the state's or a place's, or its agent ("President (Soviet Union)"); None for
    another name (a person of it: "MIKHAIL GORBACHEV" ``USRGOV``). ``cameo``: the code with
    its roles, empty for a bare one."""
    former = former_state(code)
    assert former is not None
    if not cameo:
        return former
    kind = ROLES[roles[0]][1] if roles else "other"
    if raw and is_generic(raw):
        return ActorSpec(f"{name_case(raw)} ({former.name})", kind, None, None, parent=former)
    if raw and former_name(raw) != former.name and not (country_code(raw) or city_country(raw)):
        return None
    if not roles:
        return former
    label = ROLES[roles[0]][0]
    return ActorSpec(f"{label} ({former.name})", kind, None, cameo, parent=former)


def _alias(raw: str, label: str) -> tuple[str, ...]:
    cased = name_case(raw) if raw else ""
    return (cased,) if cased and cased.casefold() != label.casefold() else ()


def _person_name(name: str, roles: list[str]) -> bool:
    """Whether a proper name with these role codes is a person's."""
    if looks_like_org(name) or is_generic(name) or country_code(name):
        return False
    if name.casefold().startswith("the ") or any(w in ACRONYMS for w in name.split()):
        return False  # "THE EU", "UN SECURITY COUNCIL"
    if roles and not set(roles) & PERSON_ROLES:
        return False  # "WELLS FARGO" USABUS, "AL JAZEERA" QATMED: an organisation
    if len(name.split()) >= 2:
        return True
    return bool(roles) and not set(roles) & (GROUP_ROLES | {"IGO", "NGO", "BUS", "MNC", "MED"})


def person_named(name: str, roles: tuple[str, ...] = ()) -> bool:
    """Whether a name that its code does not say is a person's (PLOVER's ``---``, an empty
    code; or only a role a person may hold, ``GOV``) is a person's all the same: a proper
    name of a first and a last name at least ("Kofi Annan"), no organisation's, generic
    agent's, country's, former state's, people's, region's, province's or city's, and not
    begun by a country's adjective ("Bosnian Serbs", "Israeli settlers")."""
    found = name.split()
    proper = [w for w in found if w.split("-")[0].casefold() not in _PARTICLES]
    if len(found) < 2 or not all(w[:1].isupper() for w in proper):
        return False
    if not _person_name(name, list(roles)) or is_people(name) or region_named(name):
        return False
    if former_name(name) or is_subdivision(name) or city_country(name):
        return False
    return country_code(found[0]) is None


_PARTICLES = frozenset({"al", "bin", "ibn", "de", "da", "del", "van", "von", "der", "la", "le"})


# ICEWS sectors that only organisations have, and the kinds they give.
_ICEWS_IGO = ("international government organization", "igos", "igo")
_ICEWS_GROUP = ("insurgents", "rebel", "separatist", "radicals", "parties", "party", "militia")
_ICEWS_GOVERNMENT = ("government", "police", "military", "legislative", "judicial", "ministry")


def icews_actor(name: str, sectors: str, country: str, what: str) -> ActorSpec | None:
    """One ICEWS actor (Source/Target Name, Sectors, Country), or None for a missing one."""
    if missing(name):
        return None
    clean = clean_text(name, what, limit=200)
    lower_sectors = "" if missing(sectors) else clean_text(sectors, f"{what} sectors", limit=2000)
    lower_sectors = lower_sectors.lower()
    home = "" if missing(country) else clean_text(country, f"{what} country", limit=200)
    iso = country_code(home) if home else None
    if clean.casefold() == "unspecified actor":
        return None
    named = country_code(clean)
    if named:
        return state(named)
    if (former := former_state(clean)) is not None:
        return former  # "Serbia and Montenegro": a state, without a code
    if iso and is_city(clean, iso):
        return state(iso)  # "Tokyo", Japan: a city named for its country, as GDELT's are
    if clean.endswith(")") and " (" in clean:
        label, _, inside = clean[:-1].partition(" (")
        scope = country_code(inside)
        kind = _icews_kind(lower_sectors, "other")
        if scope and (kind == "government_body" or not looks_like_org(label)):
            spec = sector(label, scope, kind)
            if spec.name != clean:
                spec = ActorSpec(spec.name, spec.kind, spec.country, None, spec.parent, (clean,))
            return spec
    if looks_like_org(clean) or len(clean.split()) == 1 or _org_sectors(lower_sectors):
        return ActorSpec(clean, _icews_kind(lower_sectors, "other"), iso)
    return ActorSpec(clean, "person", iso)


def _org_sectors(sectors: str) -> bool:
    """Sectors that only an organisation has: all of them IGO ones."""
    items = [s.strip() for s in sectors.split(",") if s.strip()]
    return bool(items) and all("igo" in s or "international government" in s for s in items)


def _icews_kind(sectors: str, default: str) -> str:
    if any(s in sectors for s in _ICEWS_IGO):
        return "international_organization"
    if any(s in sectors for s in _ICEWS_GROUP):
        return "group"
    if any(s in sectors for s in _ICEWS_GOVERNMENT):
        return "government_body"
    return default
