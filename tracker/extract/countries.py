"""Countries as diplomatic text names them: pycountry's ISO names, plus the short forms
and adjectives it uses ("UK", "Russian", "Dutch"), by ISO 3166-1 alpha-3.
"""

from __future__ import annotations

import functools

from tracker.domain.countries import OTHER_NAMES, is_country
from tracker.extract.lexicon import fold, norm

# Adjectives, short names and acronyms that pycountry does not give, by ISO 3166-1 alpha-3.
_EXTRA_COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "AFG": ("Afghan",),
    "ALB": ("Albanian",),
    "DZA": ("Algerian",),
    "AGO": ("Angolan",),
    "ARG": ("Argentine", "Argentinian"),
    "ARM": ("Armenian",),
    "AUS": ("Australian",),
    "AUT": ("Austrian",),
    "AZE": ("Azerbaijani",),
    "BHR": ("Bahraini",),
    "BGD": ("Bangladeshi",),
    "BLR": ("Belarusian",),
    "BEL": ("Belgian",),
    "BOL": ("Bolivian",),
    "BIH": ("Bosnian", "Bosnia"),
    "BRA": ("Brazilian",),
    "BGR": ("Bulgarian",),
    "KHM": ("Cambodian",),
    "CAN": ("Canadian",),
    "CHL": ("Chilean",),
    "CHN": ("Chinese", "PRC", "People's Republic of China", "the People's Republic of China"),
    "COL": ("Colombian",),
    "HRV": ("Croatian",),
    "CUB": ("Cuban",),
    "CYP": ("Cypriot",),
    "CZE": ("Czech", "Czech Republic"),
    "DNK": ("Danish",),
    "ECU": ("Ecuadorian",),
    "EGY": ("Egyptian",),
    "EST": ("Estonian",),
    "ETH": ("Ethiopian",),
    "FIN": ("Finnish",),
    "FRA": ("French",),
    "GEO": ("Georgian",),
    "DEU": ("German",),
    "GHA": ("Ghanaian",),
    "GRC": ("Greek",),
    "HUN": ("Hungarian",),
    "ISL": ("Icelandic",),
    "IND": ("Indian",),
    "IDN": ("Indonesian",),
    "IRN": ("Iranian",),
    "IRQ": ("Iraqi",),
    "IRL": ("Irish",),
    "ISR": ("Israeli",),
    "ITA": ("Italian",),
    "JPN": ("Japanese",),
    "JOR": ("Jordanian",),
    "KAZ": ("Kazakh", "Kazakhstani"),
    "KEN": ("Kenyan",),
    "KOR": ("South Korean", "ROK", "Republic of Korea", "the Republic of Korea", "Korean"),
    "PRK": ("North Korean", "DPRK"),
    "KWT": ("Kuwaiti",),
    "KGZ": ("Kyrgyz",),
    "LVA": ("Latvian",),
    "LBN": ("Lebanese",),
    "LBY": ("Libyan",),
    "LTU": ("Lithuanian",),
    "LUX": ("Luxembourgish",),
    "MYS": ("Malaysian",),
    "MLI": ("Malian",),
    "MEX": ("Mexican",),
    "MDA": ("Moldovan",),
    "MNG": ("Mongolian",),
    "MAR": ("Moroccan",),
    "MMR": ("Burmese", "Burma"),
    "NPL": ("Nepali", "Nepalese"),
    "NLD": ("Dutch", "the Netherlands", "Holland"),
    "NZL": ("New Zealand",),
    "NGA": ("Nigerian",),
    "MKD": ("North Macedonian",),
    "NOR": ("Norwegian",),
    "OMN": ("Omani",),
    "PAK": ("Pakistani",),
    "PSE": ("Palestinian",),
    "PAN": ("Panamanian",),
    "PRY": ("Paraguayan",),
    "PER": ("Peruvian",),
    "PHL": ("Philippine", "Filipino"),
    "POL": ("Polish",),
    "PRT": ("Portuguese",),
    "QAT": ("Qatari",),
    "ROU": ("Romanian",),
    "RUS": ("Russian", "Russia"),
    "RWA": ("Rwandan",),
    "SAU": ("Saudi", "Saudi Arabian", "KSA"),
    "SEN": ("Senegalese",),
    "SRB": ("Serbian",),
    "SGP": ("Singaporean",),
    "SVK": ("Slovak", "Slovakian"),
    "SVN": ("Slovenian",),
    "SOM": ("Somali",),
    "ZAF": ("South African",),
    "SSD": ("South Sudanese",),
    "ESP": ("Spanish",),
    "LKA": ("Sri Lankan",),
    "SDN": ("Sudanese",),
    "SWE": ("Swedish",),
    "CHE": ("Swiss",),
    "SYR": ("Syrian",),
    "TWN": ("Taiwanese",),
    "TJK": ("Tajik",),
    "TZA": ("Tanzanian",),
    "THA": ("Thai",),
    "TUN": ("Tunisian",),
    "TUR": ("Turkish", "Turkey"),
    "TKM": ("Turkmen",),
    "UGA": ("Ugandan",),
    "UKR": ("Ukrainian",),
    "ARE": ("Emirati", "UAE", "U.A.E."),
    "GBR": ("UK", "U.K.", "British", "Britain", "Great Britain", "the United Kingdom"),
    "USA": ("US", "U.S.", "USA", "U.S.A.", "American", "the United States", "United States"),
    "URY": ("Uruguayan",),
    "UZB": ("Uzbek",),
    "VAT": ("Holy See", "the Holy See", "Vatican"),
    "VEN": ("Venezuelan",),
    "VNM": ("Vietnamese",),
    "YEM": ("Yemeni",),
    "ZMB": ("Zambian",),
    "ZWE": ("Zimbabwean",),
}


def is_adjective(form: str) -> bool:
    """ "Russian", "Dutch": a country's adjective, not its name."""
    return (
        form[:1].isupper()
        and not form.isupper()
        and form.endswith(("an", "ese", "ish", "ic", "i", "ch", "ean", "ian"))
    )


@functools.cache
def country_index() -> dict[str, tuple[str, bool]]:
    """Every name of a country (normalised) -> (alpha-3 code, whether it is an adjective)."""
    names = country_names()
    nouns = _pycountry_names()
    return {norm(k): (v, is_adjective(orig) and k not in nouns) for k, (v, orig) in names.items()}


@functools.cache
def _pycountry_names() -> frozenset[str]:
    import pycountry

    out = set()
    for country in pycountry.countries:
        for name in (country.name, getattr(country, "common_name", None)):
            if name:
                out.add(fold(name))
    return frozenset(out)


@functools.cache
def country_names() -> dict[str, tuple[str, str]]:
    """Every name of a country (folded) -> (its alpha-3 code, the name as written)."""
    import pycountry

    out: dict[str, tuple[str, str]] = {}
    for country in pycountry.countries:
        code = country.alpha_3
        names = [country.name, getattr(country, "common_name", None)]
        names.append(getattr(country, "official_name", None))
        for name in [n for n in names if n]:
            out.setdefault(fold(name), (code, name))
            if ", " in name:  # "Korea, Republic of" -> "Republic of Korea"
                head, _, tail = name.partition(", ")
                out.setdefault(fold(f"{tail} {head}"), (code, f"{tail} {head}"))
            if " (" in name:  # "Holy See (Vatican City State)"
                out.setdefault(fold(name.partition(" (")[0]), (code, name.partition(" (")[0]))
    for code, extra in _EXTRA_COUNTRY_NAMES.items():
        for name in extra:
            out[fold(name)] = (code, name)
    for name, code in OTHER_NAMES.items():  # the importers' adjectives: "Bhutanese", "Haitian"
        form = " ".join(w.capitalize() for w in name.split())
        if is_adjective(form) and is_country(code):
            out.setdefault(fold(name), (code, form))
    return out


@functools.cache
def country_label(code: str) -> str:
    """A display name for a code: "South Korea" rather than "Korea, Republic of"."""
    import pycountry

    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)
