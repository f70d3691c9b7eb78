"""CAMEO actor codes: what the 3-letter pieces of a code such as ``GBRGOV``, ``IGOUNO``
or ``COP`` mean, the generic agents of the CAMEO agents dictionary ("President",
"Police"), the known groups and regions, and names cased for people to read.

A code is built from pieces: a country (ISO 3166 alpha-3, e.g. ``GBR``) or a region
(``EUR``, ``AFR``) or an international piece (``IGO``, ``NGO``), then roles (``GOV``,
``MIL``, ``LEG``, ...), and known groups (``UNO``, ``EEC``, ``TAL``). See CAMEO 1.1b3,
chapter 3 (actor codes); the tables here keep the common pieces. Pure: no I/O.
"""

from __future__ import annotations

import re

from tracker.domain.countries import country_code


def _split(text: str, sep: str | None = None) -> frozenset[str]:
    return frozenset(item.strip() for item in text.split(sep) if item.strip())


# Role pieces: (label of the country's sector, kind of actor the sector is).
ROLES: dict[str, tuple[str, str]] = {
    "GOV": ("Government", "government_body"),
    "MIL": ("Military", "government_body"),
    "COP": ("Police", "government_body"),
    "JUD": ("Judiciary", "government_body"),
    "LEG": ("Legislature", "government_body"),
    "SPY": ("Intelligence", "government_body"),
    "HLH": ("Health", "other"),
    "EDU": ("Education", "other"),
    "BUS": ("Business", "other"),
    "MNC": ("Multinational corporations", "other"),
    "MED": ("Media", "other"),
    "CVL": ("Civilians", "other"),
    "REF": ("Refugees", "other"),
    "LAB": ("Labor", "other"),
    "AGR": ("Agriculture", "other"),
    "ENV": ("Environment", "other"),
    "HRI": ("Human rights", "other"),
    "REL": ("Religion", "other"),
    "DEV": ("Development", "other"),
    "SET": ("Settlers", "other"),
    "ELI": ("Elites", "other"),
    "MOD": ("Moderates", "other"),
    "CRM": ("Criminals", "group"),
    "OPP": ("Opposition", "group"),
    "PTY": ("Political parties", "group"),
    "REB": ("Rebels", "group"),
    "INS": ("Insurgents", "group"),
    "SEP": ("Separatists", "group"),
    "RAD": ("Radicals", "group"),
    "UAF": ("Armed forces (unaligned)", "group"),
    "IMG": ("International militarized group", "group"),
    "NGM": ("Non-governmental movement", "group"),
    "NGO": ("Non-governmental organization", "other"),
    "IGO": ("International organization", "international_organization"),
}
# Roles a named person holds (a name coded with only other roles, BUS, MED, EDU, HLH...,
# is an organisation's: a company, a newspaper, a university, a hospital).
PERSON_ROLES = frozenset(
    {"GOV", "LEG", "JUD", "MIL", "COP", "SPY", "ELI", "OPP", "REB", "INS", "SEP", "RAD", "CRM",
     "REL", "CVL", "MOD", "HRI", "UAF", "PTY"}
)  # fmt: skip
# Religion pieces that begin a code without a country (CAMEO 1.1b3, religion codes).
RELIGIONS = frozenset(
    {"CHR", "CTH", "PRO", "ORT", "MOS", "SUN", "SHI", "JEW", "BUD", "HIN", "SIK", "JAN", "ALE",
     "DRZ", "CON", "TAO", "ZRO", "BAH", "MRM", "ITH", "SHN", "SFI", "JHW", "ATH", "NRM"}
)  # fmt: skip
GROUP_ROLES = frozenset({"REB", "INS", "SEP", "RAD", "UAF", "IMG", "NGM", "PTY", "CRM"})

# Regions: (name, the adjective news and GDELT name its people and bodies by: "EUROPEAN").
_REGIONS: dict[str, tuple[str, str]] = {
    "AFR": ("Africa", "african"), "ASA": ("Asia", "asian"), "BLK": ("Balkans", "balkan"),
    "CRB": ("Caribbean", "caribbean"), "CAU": ("Caucasus", "caucasian"),
    "CFR": ("Central Africa", "central african"), "CAS": ("Central Asia", "central asian"),
    "CEU": ("Central Europe", "central european"), "EIN": ("East Indies", "east indian"),
    "EAF": ("Eastern Africa", "east african"), "EEU": ("Eastern Europe", "eastern european"),
    "EUR": ("Europe", "european"), "LAM": ("Latin America", "latin american"),
    "MEA": ("Middle East", "middle eastern"), "MDT": ("Mediterranean", "mediterranean"),
    "NAF": ("North Africa", "north african"), "NMR": ("North America", "north american"),
    "PGS": ("Persian Gulf", "gulf"), "SCN": ("Scandinavia", "scandinavian"),
    "SAM": ("South America", "south american"), "SAS": ("South Asia", "south asian"),
    "SEA": ("Southeast Asia", "southeast asian"), "SAF": ("Southern Africa", "southern african"),
    "WAF": ("West Africa", "west african"), "WST": ("The West", "western"),
}  # fmt: skip
REGIONS: dict[str, str] = {code: name for code, (name, _) in _REGIONS.items()}
_REGION_KEYS: dict[str, str] = {
    key: code
    for code, (name, adjective) in _REGIONS.items()
    for key in (name.casefold(), name.casefold().removeprefix("the "), adjective)
}

# Known groups (the KnownGroupCode column): (name, kind).
_IO, _GR, _OT = "international_organization", "group", "other"
KNOWN_GROUPS: dict[str, tuple[str, str]] = {
    "UNO": ("United Nations", _IO), "EEC": ("European Union", _IO),
    "NAT": ("NATO", _IO), "ARL": ("Arab League", _IO), "ASN": ("ASEAN", _IO),
    "AFB": ("African Development Bank", _IO), "ADB": ("Asian Development Bank", _IO),
    "AFU": ("African Union", _IO), "AU": ("African Union", _IO),
    "CIS": ("Commonwealth of Independent States", _IO), "COE": ("Council of Europe", _IO),
    "CWN": ("Commonwealth of Nations", _IO), "GCC": ("Gulf Cooperation Council", _IO),
    "IAE": ("International Atomic Energy Agency", _IO), "ICC": ("International Criminal Court", _IO),
    "ICJ": ("International Court of Justice", _IO), "IMF": ("International Monetary Fund", _IO),
    "ILO": ("International Labour Organization", _IO), "WHO": ("World Health Organization", _IO),
    "WTO": ("World Trade Organization", _IO), "WBK": ("World Bank", _IO),
    "OPC": ("OPEC", _IO), "OAS": ("Organization of American States", _IO),
    "OIC": ("Organisation of Islamic Cooperation", _IO), "OSC": ("OSCE", _IO),
    "SCO": ("Shanghai Cooperation Organisation", _IO), "WFP": ("World Food Programme", _IO),
    "HCR": ("UNHCR", _IO), "KID": ("UNICEF", _IO), "FAO": ("Food and Agriculture Organization", _IO),
    "ITP": ("Interpol", _IO), "NAM": ("Non-Aligned Movement", _IO),
    "SAD": ("Southern African Development Community", _IO), "WAS": ("ECOWAS", _IO),
    "PRC": ("Paris Club", _IO), "EBR": ("European Bank for Reconstruction and Development", _IO),
    "TAL": ("Taliban", _GR), "HMS": ("Hamas", _GR), "HEZ": ("Hezbollah", _GR),
    "ALQ": ("Al-Qaeda", _GR), "PLO": ("Palestine Liberation Organization", _GR),
    "FTA": ("Fatah", _GR), "MBR": ("Muslim Brotherhood", _GR), "PKK": ("PKK", _GR),
    "ISJ": ("Palestinian Islamic Jihad", _GR), "BTH": ("Ba'ath Party", _GR),
    "AMN": ("Amnesty International", _OT), "HRW": ("Human Rights Watch", _OT),
    "IRC": ("Red Cross", _OT), "CRC": ("Red Cross and Red Crescent", _OT),
    "MSF": ("Doctors Without Borders", _OT), "ICG": ("International Crisis Group", _OT),
    "WEF": ("World Economic Forum", _OT),
}  # fmt: skip

# Generic agents of the CAMEO agents dictionary (and news' words for them): a name made of
# these is not one actor anywhere in the world, but an agent of some country.
GENERIC_WORDS = _split(
    """
    president presidents vice prime minister ministers minist ministry ministries
    secretary government governments govt administration authorities authority official
    officials regime cabinet state department agency king queen prince princess monarch
    emperor chancellor premier leader leaders head chief chiefs spokesman spokeswoman
    spokesperson envoy ambassador ambassadors diplomat diplomats embassy consulate
    delegation delegate police policeman policemen officer officers cop cops security
    forces force military army armies soldier soldiers troops navy air guard guards
    commander general militia militias militant militants rebel rebels insurgent
    insurgents terrorist terrorists extremist extremists gunman gunmen attacker
    attackers separatist separatists jihadist jihadists parliament parliamentary
    congress senate senator senators lawmaker lawmakers legislator legislators
    legislature assembly mp mps representative representatives court courts judge judges
    judiciary prosecutor prosecutors attorney attorneys lawyer lawyers justice citizen
    citizens resident residents civilian civilians people population public villager
    villagers village community protester protesters demonstrator demonstrators activist
    activists opposition dissident dissidents crowd mob student students school schools
    college university universities teacher teachers professor academic scientist
    scientists researcher researchers doctor doctors hospital hospitals nurse patient
    patients business businesses company companies firm firms corporation industry
    investor investors bank banks banker bankers airline airlines employer employee
    employees worker workers union unions labor labour farmer farmers media journalist
    journalists reporter reporters newspaper press editor broadcaster television radio
    refugee refugees migrant migrants immigrant immigrants asylum criminal criminals
    gang gangs thief thieves smuggler smugglers trafficker traffickers drug prisoner
    prisoners inmate inmates prison party parties mayor governor governors council
    councillor local provincial regional federal national foreign defense defence
    interior finance health education trade religious cleric clerics priest priests imam
    church mosque muslim muslims christian christians catholic jewish hindu buddhist
    sunni shiite shia clergy bishop pope man men woman women child children boy boys
    girl girls youth family families mother father victim victims witness witnesses
    group groups organization member members staff team player players fan fans settler
    settlers tribe tribal elder elders official's the of and for
    """
)
_ORG_WORDS = _split(
    """
    organization organisation organizations nations union council committee commission
    fund bank agency association federation alliance league movement front party
    brotherhood army forces corporation company group institute foundation university
    times post news agency court assembly congress parliament ministry department office
    bureau service services authority corps brigade brigades jihad qaeda taliban hamas
    hezbollah janata dal samaj club society network centre center watch international
    navy police force guard guards militia gendarmerie embassy consulate cabinet
    government senate tribunal secretariat airlines airways radio television command
    regiment battalion co inc corp ltd llc plc gmbh limited holdings anonymous
    forum conference coalition sabha knesset duma majlis majles bundestag bundesrat sejm
    rada riksdag storting folketing althing eduskunta jirga khural seimas saeima
    riigikogu oireachtas
    """
)
ACRONYMS = _split(
    """
    US USA UK EU UN UAE NATO IMF WHO WTO OPEC ASEAN BRICS BIMSTEC SCO AU ECOWAS SADC
    OSCE IAEA UNESCO UNICEF UNHCR UNSC FBI CIA NSA KGB FSB BBC CNN ISIS ISIL IS PLO ANC
    BJP PKK IRA ETA FARC ELN GOP NGO IGO EC ECB ICC ICJ DPRK ROK PRC II III IV G7 G8 G20
    AFP AP NASA FAA FDA EPA DEA ATF NHS IRS SEC FEMA NOAA CDC ESA JAXA ISRO CNSA
    """
)
# Peoples and their adjectives, named where GDELT would name a person ("SCOTTISH" ``scoGOV``,
# "INDIGENOUS" ``idgCOP``, "NATIVE AMERICAN" ``nai``): not persons.
PEOPLES = _split(
    """
    indigenous aboriginal aborigines native natives tribal tribes kurd kurds kurdish arab
    arabs bedouin bedouins roma gypsies tamil tamils pashtun pashtuns baloch uighur uighurs
    uyghur uyghurs hispanic hispanics latino latinos berber berbers maori scottish scots
    welsh irish catalan catalans basque basques flemish walloon tibetan tibetans rohingya
    yazidi yazidis druze hutu hutus tutsi tutsis zulu xhosa igbo yoruba hausa fulani
    hmong sami inuit cossack cossacks jews persian northern southern eastern western
    """
)
_SMALL = frozenset({"of", "the", "and", "for", "de", "du", "des", "la", "le", "al", "bin", "in"})


# Named seats of government that stand for it ("the Kremlin said"): institutions, not
# persons, whatever their one or two words.
INSTITUTIONS = _split(
    """
    |kremlin|pentagon|white house|downing street|elysee|whitehall|capitol
    hill|zhongnanhai     |blue house|foggy bottom|quai
    d'orsay|bundestag|bundesrat|knesset|duma|state duma
    |majlis|storting|riksdag|sejm|rada|verkhovna rada|lok sabha|rajya sabha|diet|cortes
    |house of commons|house of lords|supreme court|national assembly|politburo|elysee
    palace|||
    """,
    "|",
)


def is_institution(name: str) -> bool:
    """Whether a name is a seat of government standing for it ("KREMLIN", "White House").

    >>> is_institution("KREMLIN"), is_institution("the White House"), is_institution("Obama")
    (True, True, False)
    """
    key = " ".join(words(name.replace("\u00e9", "e")))
    return key in INSTITUTIONS or key.removeprefix("the ") in INSTITUTIONS


def region_named(name: str) -> str | None:
    """The region piece a name or adjective of a region is ("EUROPEAN" -> EUR), or None.

    >>> region_named("EUROPEAN"), region_named("Africa"), region_named("Nairobi")
    ('EUR', 'AFR', None)
    """
    return _REGION_KEYS.get(" ".join(words(name)))


def is_people(name: str) -> bool:
    """Whether a name is a people's ("SCOTTISH", "Native American", "Kurds"): one word of it
    is a people's, and every other word a people's or a country's or region's adjective.

    >>> is_people("NATIVE AMERICAN"), is_people("Northern Irish"), is_people("Kim Jong Un")
    (True, True, False)
    """
    found = words(name)
    if not any(w in PEOPLES for w in found):
        return False
    return all(w in PEOPLES or w in _REGION_KEYS or country_code(w) for w in found)


def pieces(code: str) -> list[str]:
    """The 3-letter pieces of a CAMEO actor code, upper-cased (``scoGOV`` -> SCO, GOV)."""
    code = code.strip().upper()
    return [code[i : i + 3] for i in range(0, len(code), 3)]


def words(name: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", name.casefold())


def is_generic(name: str) -> bool:
    """Whether a name is a generic agent ("President", "Prime Minister", "Police",
    "Security forces"): every word of it is a generic agent's word.

    >>> is_generic("PRESIDENT"), is_generic("prime minister"), is_generic("Vladimir Putin")
    (True, True, False)
    """
    found = words(name)
    return bool(found) and all(w in GENERIC_WORDS for w in found)


def looks_like_org(name: str) -> bool:
    """Whether a name holds a word organisations are named with ("Party", "Bank", ...), or
    is an organisation's acronym ("NASA").

    >>> looks_like_org("Shanghai Cooperation Organization"), looks_like_org("Wang Yi")
    (True, False)
    >>> looks_like_org("NASA"), looks_like_org("Nasa")
    (True, False)
    """
    found = words(name)
    return any(w in _ORG_WORDS for w in found) or (len(found) == 1 and name.strip() in ACRONYMS)


def _word_case(word: str, first: bool) -> str:
    if word in ACRONYMS or (len(word) > 1 and word.isalpha() and not re.search("[AEIOUY]", word)):
        return word  # an acronym: "BBC", "US"
    lower = word.lower()
    if not first and lower in _SMALL:
        return lower
    out = re.sub(r"[^\W\d_]+", lambda m: m.group().capitalize(), lower)
    if re.match(r"mc[a-z]{2}", lower):
        out = "Mc" + out[2:].capitalize()
    return out


def name_case(name: str, *, acronym: bool = False) -> str:
    """A name as people write it: kept as published when it has lower-case letters;
    an all-capitals name (GDELT's) title-cased without breaking acronyms. ``acronym``:
    an organisation's one short word stays as it is ("BIMSTEC").

    >>> name_case("THE US"), name_case("BASHAR AL-ASSAD"), name_case("Xi Jinping")
    ('The US', 'Bashar al-Assad', 'Xi Jinping')
    >>> name_case("BIMSTEC", acronym=True), name_case("O'BRIEN"), name_case("BBC NEWS")
    ('BIMSTEC', "O'Brien", 'BBC News')
    """
    if not name.isupper():
        return name
    parts = name.split(" ")
    if acronym and len(parts) == 1 and len(name) <= 8:
        return name
    out = []
    for i, part in enumerate(parts):
        sub = part.split("-")
        cased = [_word_case(p, i == 0 and j == 0) if p else p for j, p in enumerate(sub)]
        if len(sub) > 1 and sub[0].lower() == "al" and i > 0:
            cased[0] = "al"
        out.append("-".join(cased))
    return " ".join(out)
