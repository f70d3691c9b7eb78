"""Importers: samples of each format written from its spec (shared/FORMATS.md)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st

from tests.conftest import file_digest
from tracker.domain.cameo import cameo_type
from tracker.domain.events import Participant, version_needed
from tracker.exchange.importing.folding import fold_pairs
from tracker.exchange.importing.gdelt import parse_gdelt
from tracker.exchange.importing.rows import event_key
from tracker.log.file import EventLog
from tracker.services.tracker import Tracker

Run = Callable[..., Any]

# ----------------------------------------------------------------------------- GDELT 2.0

_ACTOR = [
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
]
_GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
GDELT = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *[f"Actor1{f}" for f in _ACTOR],
    *[f"Actor2{f}" for f in _ACTOR],
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *[f"Actor1Geo_{f}" for f in _GEO],
    *[f"Actor2Geo_{f}" for f in _GEO],
    *[f"ActionGeo_{f}" for f in _GEO],
    "DATEADDED",
    "SOURCEURL",
]


def gdelt_line(eid: str, day: str, a1: tuple[str, str], a2: tuple[str, str], code: str,
               goldstein: str, url: str, **more: str) -> str:  # fmt: skip
    row = dict.fromkeys(GDELT, "")
    row.update(
        GLOBALEVENTID=eid,
        SQLDATE=day,
        MonthYear=day[:6],
        Year=day[:4],
        FractionDate="2021.6219",
        Actor1Code=a1[0],
        Actor1Name=a1[1],
        Actor1CountryCode=a1[0][:3],
        Actor2Code=a2[0],
        Actor2Name=a2[1],
        Actor2CountryCode=a2[0][:3],
        IsRootEvent="1",
        EventCode=code,
        EventBaseCode=code[:3],
        EventRootCode=code[:2],
        QuadClass="1",
        GoldsteinScale=goldstein,
        NumMentions="10",
        NumSources="2",
        NumArticles="10",
        AvgTone="-1.25",
        ActionGeo_Type="4",
        ActionGeo_FullName="Beijing, Beijing, China",
        ActionGeo_CountryCode="CH",
        DATEADDED=day + "120000",
        SOURCEURL=url,
    )
    row.update(more)
    return "\t".join(row[c] for c in GDELT)


US, CN = ("USA", "UNITED STATES"), ("CHN", "CHINA")


def gdelt_sample(path: Path, extra: Sequence[str] = ()) -> Path:
    lines = [
        gdelt_line("1001", "20210816", US, CN, "041", "1.0", "https://example.org/call"),
        gdelt_line("1002", "20210817", US, CN, "042", "1.9", "https://example.org/visit"),
        gdelt_line("1003", "20210817", CN, US, "043", "2.8", "https://example.org/visit"),
        gdelt_line(
            "1004",
            "20210818",
            ("RUSGOV", "KREMLIN"),
            ("", ""),
            "010",
            "0.0",
            "https://example.org/say",
            Actor1Type1Code="GOV",
        ),
        *extra,
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def events_of(log: Path, kind: str | None = None) -> list[dict[str, Any]]:
    return [
        {"id": r.id, "type": r.type, **r.data}
        for r in EventLog(log).read()
        if kind is None or r.type == kind
    ]


def occurrences(log: Path) -> list[dict[str, Any]]:
    return [e for e in events_of(log) if "participants" in e]


def test_the_sample_has_61_columns(tmp_path: Path) -> None:
    assert len(GDELT) == 61
    for line in gdelt_sample(tmp_path / "g.tsv").read_text().splitlines():
        assert len(line.split("\t")) == 61


def test_gdelt_import_types_codes_actors_and_fold(
    empty_log: Path, tmp_path: Path, cli: Run
) -> None:
    sample = gdelt_sample(tmp_path / "20210818.export.CSV")
    result = cli("import", "gdelt", str(sample), "--log", str(empty_log))
    assert result.exit_code == 0, result.stderr
    assert (
        result.stdout.strip() == "read 4, added 3, duplicates 0, folded 1, skipped 0, new actors 4"
    )
    actors = {a["name"]: a for a in events_of(empty_log, "ActorRegistered")}
    assert actors["Russia"]["kind"] == "state"  # the Kremlin is part of Russia
    [tie] = events_of(empty_log, "ActorAffiliated")
    assert (tie["actor"], tie["org"], tie["relation"]) == ("kremlin", "russia", "part_of")
    assert actors["United States"]["kind"] == "state"
    assert actors["United States"]["country"] == "USA"
    assert actors["Kremlin"]["kind"] == "government_body"
    assert actors["Kremlin"]["external_ids"] == {"cameo": "RUSGOV"}
    assert "registered new actor Kremlin" in result.stderr
    call, visit, said = occurrences(empty_log)
    assert call["type"] == "phone_call" and call["cameo"] == "041"  # leading zero kept
    assert call["id"] == event_key("gdelt:1001")
    assert call["extra"]["goldstein"] == 1.0 and call["extra"]["source_id"] == "1001"
    assert call["extra"]["event_root_code"] == "04"
    assert call["sources"] == [{"url": "https://example.org/call"}]
    assert [p["role"] for p in call["participants"]] == ["initiator", "recipient"]
    assert "1.0" not in call["summary"] and "041" not in call["summary"]
    # 042 (US visits China) and 043 (China hosts US): one visit
    assert visit["type"] == "visit" and visit["cameo"] == "042"
    roles = {p["actor"]: p["role"] for p in visit["participants"]}
    assert roles == {"united-states": "visitor", "china": "host"}
    assert visit["extra"]["event_code"] == ["042", "043"]
    assert visit["extra"]["goldstein"] == [1.9, 2.8]
    assert visit["extra"]["source_id"] == ["1002", "1003"]
    assert visit["id"] == event_key("gdelt:1002+1003")
    assert said["type"] == "statement"
    assert said["participants"] == [{"actor": "kremlin", "role": "speaker"}]


def test_importing_twice_adds_nothing(empty_log: Path, tmp_path: Path, cli: Run) -> None:
    sample = gdelt_sample(tmp_path / "g.tsv")
    cli("import", "gdelt", str(sample), "--log", str(empty_log))
    before = file_digest(empty_log)
    again = cli("import", "gdelt", str(sample), "--log", str(empty_log))
    assert again.exit_code == 0
    assert (
        again.stdout.strip() == "read 4, added 0, duplicates 3, folded 1, skipped 0, new actors 0"
    )
    assert file_digest(empty_log) == before


def test_a_bad_row_names_its_line_and_nothing_is_written(
    empty_log: Path, tmp_path: Path, cli: Run
) -> None:
    short = "\t".join(["1005", "20210819"] + [""] * 58)  # 60 columns
    hostile = gdelt_line("1006", "20210819", ("USA", "UNITED\x00STATES"), CN, "040", "1.0",
                         "https://example.org/x")  # fmt: skip
    sample = gdelt_sample(tmp_path / "g.tsv", [short, hostile])
    before = file_digest(empty_log)
    result = cli("import", "gdelt", str(sample), "--log", str(empty_log))
    assert result.exit_code == 2
    assert (
        "line 5: expected 61 tab-separated columns (GDELT 2.0) or 57 or 58 (GDELT 1.0), found 60"
        in result.stderr
    )
    assert "line 6:" in result.stderr and "control character (U+0000)" in result.stderr
    assert "2 bad row(s)" in result.stderr and "nothing was imported" in result.stderr
    assert file_digest(empty_log) == before


def test_skip_bad_imports_the_rest_and_writes_a_report(
    empty_log: Path, tmp_path: Path, cli: Run
) -> None:
    bad_date = gdelt_line("1007", "20211345", US, CN, "041", "1.0", "https://example.org/y")
    sample = gdelt_sample(tmp_path / "g.tsv", [bad_date])
    report = tmp_path / "bad.csv"
    result = cli("import", "gdelt", str(sample), "--skip-bad", "--report", str(report),
                 "--log", str(empty_log))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert (
        result.stdout.strip() == "read 5, added 3, duplicates 0, folded 1, skipped 1, new actors 4"
    )
    assert f"wrote the bad rows to {report}" in result.stderr
    text = report.read_text()
    assert text.startswith("line,reason,row\n5,") and "bad date" in text
    # and the default report path lands in reports/
    again = cli("import", "gdelt", str(sample), "--skip-bad", "--log", str(empty_log))
    assert (
        again.stdout.strip() == "read 5, added 0, duplicates 3, folded 1, skipped 1, new actors 0"
    )
    assert list(Path("reports").glob("import-gdelt-g-*-bad.csv"))


def test_dry_run_writes_nothing(empty_log: Path, tmp_path: Path, cli: Run) -> None:
    sample = gdelt_sample(tmp_path / "g.tsv")
    before = file_digest(empty_log)
    result = cli("import", "gdelt", str(sample), "--dry-run", "--log", str(empty_log))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == (
        "dry run, nothing written: read 4, added 3, duplicates 0, folded 1, skipped 0, new actors 4"
    )
    assert "phone_call  United States, China" in result.stdout
    assert "would register new actor China" in result.stderr
    assert file_digest(empty_log) == before


def test_fold_needs_the_mirror_pair(tmp_path: Path) -> None:
    lines = [
        gdelt_line("1", "20210817", US, CN, "042", "1.9", "https://example.org/a"),
        gdelt_line("2", "20210817", CN, US, "043", "2.8", "https://example.org/b"),  # other story
        gdelt_line("3", "20210818", CN, US, "043", "2.8", "https://example.org/a"),  # other day
        gdelt_line("4", "20210817", US, CN, "043", "2.8", "https://example.org/a"),  # same way
    ]
    path = tmp_path / "g.tsv"
    path.write_text("\n".join(lines) + "\n")
    rows = list(fold_pairs(parse_gdelt(path)))
    assert [r.lines for r in rows] == [(1,), (2,), (3,), (4,)]  # type: ignore[union-attr]
    assert cameo_type("044") == ("meeting", "initiator", "recipient")
    assert cameo_type("046")[0] == "negotiation_round"
    assert cameo_type("036")[0] == "statement"


# ----------------------------------------------------------------------------- fast paths
# The GDELT import builds most rows straight from their cells (Importer._gdelt_lean) and
# checked drafts without build_occurrence (_payload); these tests hold them to the draft
# path with build_occurrence for every row, on rows of every kind the importer meets.

_NAMES = [
    ("USA", "UNITED STATES"), ("CHN", "CHINA"), ("RUSGOV", "KREMLIN"), ("IGOUNO", "UNITED NATIONS"),
    ("FRA", "France"), ("USAGOV", "  WHITE   HOUSE "), ("", "NO CODE PERSON"), ("AFGREB", ""),
    ("", ""), ("XYZ", "ÉCOLE NORMALE"), ("ESP", "españa"), ("GBR", "united kingdom"),
    ("ZZZINSGOV", "SOME GROUP"), ("JPN", "JAPAN"), ("JPN", "Japan"), ("KOR", "SOUTH\u00a0KOREA"),
    ("IRNGOV", "Tehran"), ("USA", "Usa"), ("ESP", "ESPAÑA"),
]  # fmt: skip
_CODES = ["010", "013", "036", "040", "041", "042", "043", "044", "045", "046", "0431", "051",
          "054", "057", "10", "112", "190", "20", "04", "0871"]  # fmt: skip


def varied_gdelt(count: int, seed: int) -> list[str]:
    """GDELT rows, mostly well formed, with odd names, codes, numbers, sources and places,
    042/043 mirror pairs, repeats, and now and then a bad value."""
    import random

    rng = random.Random(seed)
    lines: list[str] = []
    for i in range(count):
        eid = str(7000 + i)
        day = f"2021{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"
        a, b = rng.choice(_NAMES), rng.choice(_NAMES)
        code = rng.choice(_CODES)
        url = rng.choice([f"https://ex.org/{i}", f"HTTP://ex.org/{i % 9}", "BBC Monitoring", ""]
                         if rng.random() < 0.1 else [f"https://ex.org/{i}"])  # fmt: skip
        more = {
            "QuadClass": rng.choice(["1", "2", "3", "4"]),
            "GoldsteinScale": rng.choice(["1.0", "-10", "3.4", "2e0", "0"]),
            "NumArticles": rng.choice(["5", "12", "0"]),
            "AvgTone": f"{rng.uniform(-10, 10):.6f}",
            "ActionGeo_FullName": rng.choice(["", "Beijing, Beijing, China", "  Doha,   Qatar  "]),
        }
        if rng.random() < 0.1:
            more["Actor1Type1Code"] = rng.choice(["GOV", "REB", "IGO"])
        if rng.random() < 0.08:
            more.update(rng.choice([
                {"QuadClass": ""}, {"QuadClass": " 3 "}, {"GoldsteinScale": "nan"},
                {"NumMentions": "5.5"}, {"AvgTone": ""}, {"EventBaseCode": ""},
                {"Actor1Name": "A\x01B"}, {"ActionGeo_FullName": "L" * 250},
                {"GLOBALEVENTID": "9" * 50}, {"SOURCEURL": "https://ex.org/a b"},
                {"SQLDATE": "20211345"}, {"EventCode": "0²1"}, {"DATEADDED": ""},
            ]))  # fmt: skip
        r = rng.random()
        if r < 0.06:  # a mirror pair
            story = f"https://ex.org/pair{i}"
            lines.append(gdelt_line(eid, day, a, b, "042", "1.9", story))
            line = gdelt_line(f"{eid}9", day, b, a, "043", "2.8", story)
        elif r < 0.08 and lines:  # a repeat
            line = rng.choice(lines)
        else:
            line = gdelt_line(eid, day, a, b, code, "1.0", url, **more)
        lines.append(line)
    return lines


def reference_items(tracker: Tracker, path: Path) -> tuple[list[Any], int]:
    """(what the importer's first step yields, rows built by the lean path) for the fast
    importer, then the same for the draft path with build_occurrence for every row."""
    from dataclasses import replace

    import orjson

    from tracker.exchange.importing.build import Builder
    from tracker.exchange.importing.gdelt_lean import LeanReader
    from tracker.exchange.importing.pipeline import Importer
    from tracker.exchange.importing.rows import BadRow, Draft, LeftOut

    class ReferenceBuilder(Builder):  # build_occurrence for every row
        def build(self, d: Draft) -> Any:
            return super().build(replace(d, checked=False))

    class Reference(LeanReader):  # parse_gdelt, fold_pairs, build_occurrence
        def items(self, path: Path, progress: Any = None) -> Any:
            for row in fold_pairs(parse_gdelt(path)):
                yield self.builder.built(row)

    class Counting(LeanReader):
        lean_rows = 0

        def lean(self, number: int, text: str) -> Any:
            built = super().lean(number, text)
            self.lean_rows += built is not None
            return built

    out = []
    for reader, builder in ((Counting, Builder), (Reference, ReferenceBuilder)):
        importer = Importer(tracker, "gdelt", reader, path)
        conn = tracker.model()
        importer.builder = builder(tracker.log, conn)
        items = [
            (b.line, b.reason, getattr(b, "raw", ""))
            if isinstance(b, BadRow | LeftOut)
            else (b.lines, b.key, b.raw, b.event_id, b.kind, orjson.dumps(b.data), b.new)
            for b in importer.items()
        ]
        out.append((items, getattr(importer.reader, "lean_rows", 0), sorted(importer.new_actors)))
        conn.close()
    assert out[0][2] == out[1][2]  # the same new actors
    return out[0][:2], out[1][0]  # type: ignore[return-value]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_fast_paths_build_what_build_occurrence_builds(
    tracker: Tracker, tmp_path: Path, seed: int
) -> None:
    path = tmp_path / "varied.tsv"
    path.write_text("\n".join(varied_gdelt(1500, seed)) + "\n", encoding="utf-8")
    (fast, lean), reference = reference_items(tracker, path)
    assert fast == reference
    built = sum(1 for item in fast if len(item) > 3)
    assert lean > built * 0.6 and built > 1000  # most rows take the lean path


# Text near the edges of what check_payload passes: spaces, a tab (which splits a cell),
# characters that has_control lets by but check_payload refuses (U+00A0, U+2028, U+200B,
# U+FEFF), a noncharacter, another script's digit, an astral character.
_ODD = st.text(
    st.sampled_from(["A", "b", "É", " ", "\t", "\u00a0", "\u2028", "\u200b", "\ufeff", "\ufdd0",
                     "\u0663", "-", "'", "(", "→", "\U0001f600"]),
    max_size=12,
)  # fmt: skip


def test_the_lean_path_checks_what_it_builds_by_construction(
    tracker: Tracker, tmp_path: Path
) -> None:
    """An event the lean path marks checked skips the pipeline's check_payload: it must be
    what check_payload passes unchanged, for any cells; the others are checked as before
    (and the row-by-row tests above show they come out as the draft path's)."""
    from hypothesis import HealthCheck, given, settings

    from tracker.domain.validation import check_payload
    from tracker.exchange.importing.build import Builder
    from tracker.exchange.importing.gdelt_lean import LeanReader
    from tracker.exchange.importing.rows import Built

    conn = tracker.model()
    reader = LeanReader(Builder(tracker.log, conn))
    counts = {True: 0, False: 0}

    def look(line: str, number: int) -> None:
        built = reader.lean(number, line)
        if isinstance(built, Built):
            counts[built.checked] += 1
            if built.checked:
                kind = built.kind.TYPE
                assert check_payload(kind, version_needed(kind, built.data), built.data) == (
                    built.data
                )

    for number, line in enumerate(varied_gdelt(1500, 4), 1):
        look(line, number)
    assert counts[True] > 800 and counts[True] > 3 * counts[False]  # most are checked so

    @settings(max_examples=300, suppress_health_check=list(HealthCheck), deadline=None)
    @given(name1=_ODD, name2=_ODD, place=_ODD, url=_ODD, code=st.sampled_from(_CODES),
           a1=st.sampled_from(["USA", "CHNGOV", "", "IGOUNO"]), a2=st.sampled_from(["RUS", ""]))  # fmt: skip
    def odd(name1: str, name2: str, place: str, url: str, code: str, a1: str, a2: str) -> None:
        more = {"ActionGeo_FullName": place, "Actor1Geo_FullName": name2}
        line = gdelt_line("77", "20210816", (a1, name1), (a2, name2), code, "1.0",
                          f"https://ex.org/{url}", **more)  # fmt: skip
        look(line, 1)

    odd()
    conn.close()
    assert counts[False] > 0  # odd text is left to check_payload


def test_the_fast_paths_resolve_known_actors_and_offices(tracker: Tracker, tmp_path: Path) -> None:
    """Names of actors already in the log (by name, alias or id), and an office's title,
    which resolves to its holder on the day (so it is never remembered across rows)."""
    tracker.register_actor("Sergey Lavrov", kind="person", country="RUS")
    tracker.hold_office("Sergey Lavrov", "Foreign Minister", start="2004-03-09")
    rows = [
        gdelt_line(str(100 + i), day, a, b, code, "1.0", f"https://ex.org/{i}")
        for i, (day, a, b, code) in enumerate(
            [
                ("20210816", ("USA", "BLINKEN"), ("CHN", "WANG YI"), "041"),
                ("20210817", ("USA", "antony-blinken"), ("RUS", "FOREIGN MINISTER"), "040"),
                ("20000101", ("RUS", "FOREIGN MINISTER"), ("CHN", "WANG YI"), "010"),
                ("20210818", ("RUS", "FOREIGN MINISTER"), ("USA", "BLINKEN"), "044"),
                ("20210818", ("USA", "BLINKEN"), ("USA", "Antony Blinken"), "010"),
                ("20210818", ("USA", "BLINKEN"), ("USA", "Antony Blinken"), "040"),
            ]
        )
    ]
    path = tmp_path / "known.tsv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    (fast, _), reference = reference_items(tracker, path)
    assert fast == reference
    said = fast[2]
    assert isinstance(said[5], bytes) and b"sergey-lavrov" not in said[5]  # no minister in 2000


def test_event_key_is_uuid5() -> None:
    import uuid

    from hypothesis import given
    from hypothesis import strategies as st

    @given(st.text())
    def check(key: str) -> None:
        assert event_key(key) == str(uuid.uuid5(uuid.NAMESPACE_URL, key))

    check()


def test_append_encoded_writes_the_lines_append_writes(
    tracker: Tracker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import UTC, datetime

    import orjson

    from tracker.domain.errors import ConflictError
    from tracker.domain.events import build_actor, build_occurrence
    from tracker.log import writer as log_module
    from tracker.log.envelope import Pending, content_hash, encode, seal

    monkeypatch.setattr(log_module, "utc_now", lambda: datetime(2021, 8, 16, tzinfo=UTC))
    call = build_occurrence(
        event_type="phone_call", when="2021-08-16",
        participants=[Participant("a", "initiator"), Participant("b", "recipient")],
        summary="Ünïcode \"quoted\" \\ summary", sources=["https://example.org/1"],
        extra={"goldstein": 1.0, "codes": ["042", "043"], "n": 0},
    )  # fmt: skip
    said = build_occurrence(
        event_type="statement", when="2021-08", participants=[Participant("a", "speaker")],
        summary="said", sources=[{"outlet": "Reuters"}], location="Doha",
    )  # fmt: skip
    first, second = EventLog.create(tmp_path / "a.jsonl"), EventLog.create(tmp_path / "b.jsonl")
    ids = [f"00000000-0000-7000-8000-00000000000{n}" for n in range(4)]  # caller-given
    for log in (first, second):
        log.append([Pending(build_actor("Someone"), ids[0])])
    items = [(build_actor("Other", "state", country="FRA"), ids[1]), (call, ids[2]), (said, ids[3])]
    a = first.append([Pending(event, event_id) for event, event_id in items])
    b = second.append_encoded([encode(event, event_id) for event, event_id in items])
    assert first.path.read_bytes() == second.path.read_bytes()
    # `append` now goes through `append_encoded`: both must write the canonical line, the
    # one `seal` makes of the envelope (keys in order, chain last), with the content hash
    for raw in second.path.read_bytes().splitlines(keepends=True):
        env = orjson.loads(raw)
        assert env["hash"] == content_hash(env["type"], env["type_v"], env["data"])
        chain = env.pop("chain")
        assert seal(env) == (raw, chain)
    assert (a.ids, a.written, a.duplicates, a.head, a.end) == (
        b.ids, b.written, b.duplicates, b.head, b.end,
    )  # fmt: skip
    again = second.append_encoded([encode(call, ids[2])])
    assert again.duplicates == [ids[2]] and not again.written
    with pytest.raises(ConflictError, match=f"{ids[3]} is already in the log with different"):
        second.append_encoded([encode(call, ids[3])])
    fresh = "00000000-0000-7000-8000-000000000009"
    with pytest.raises(ConflictError, match="given twice in this input"):
        second.append_encoded([encode(call, fresh), encode(said, fresh)])
    assert first.path.read_bytes() == second.path.read_bytes()
    assert second.verify().events == 4


def test_ids_given_twice_in_a_file_or_already_in_the_log(
    empty_log: Path, tmp_path: Path, cli: Run
) -> None:
    call = gdelt_line("2001", "20210816", US, CN, "041", "1.0", "https://example.org/a")
    other = gdelt_line("2001", "20210816", US, CN, "041", "5.0", "https://example.org/a")
    fresh = [gdelt_line(str(3000 + i), "20210816", US, CN, "010", "1.0", f"https://ex.org/{i}")
             for i in range(300)]  # fmt: skip  # statements: no contact to fold
    sample = tmp_path / "twice.tsv"
    sample.write_text("\n".join([call, *fresh[:150], call, other, *fresh[150:]]) + "\n")
    result = cli("import", "gdelt", str(sample), "--log", str(empty_log))
    assert result.exit_code == 2
    assert result.stderr.count(": line ") == 1
    assert "line 153: event id " in result.stderr
    assert "(gdelt:2001) was given at line 1 with different content" in result.stderr
    report = tmp_path / "bad.csv"
    result = cli("import", "gdelt", str(sample), "--skip-bad", "--report", str(report),
                 "--log", str(empty_log))  # fmt: skip
    assert result.stdout.strip() == "read 303, added 301, duplicates 1, skipped 1, new actors 2"
    assert report.read_text().splitlines()[1].startswith("153,") and "5.0" in report.read_text()
    # the same ids with other content, against the log
    changed = tmp_path / "changed.tsv"
    changed.write_text("\n".join([other, *fresh[:2]]) + "\n")
    result = cli("import", "gdelt", str(changed), "--log", str(empty_log))
    assert result.exit_code == 2
    assert "line 1: event id " in result.stderr
    assert "is already in the log with different content" in result.stderr
    assert EventLog(empty_log).verify().events == 303


def test_an_import_then_incremental_sync_equals_a_rebuild(
    tracker: Tracker, tmp_path: Path, cli: Run
) -> None:
    from tracker.queries.events import dump
    from tracker.readmodel.sync import sync

    tracker.sync()
    path = tmp_path / "varied.tsv"
    path.write_text("\n".join(varied_gdelt(400, 4)) + "\n", encoding="utf-8")
    result = cli("import", "gdelt", str(path), "--skip-bad", "--log", str(tracker.log.path))
    assert result.exit_code == 0, result.stderr
    assert EventLog(tracker.log.path).verify().events > 300
    conn, synced = sync(tracker.log)
    incremental = dump(conn)
    conn.close()
    conn, rebuilt = sync(tracker.log, tmp_path / "fresh.sqlite", force=True)
    assert (synced.mode, rebuilt.mode) == ("incremental", "rebuild")
    assert dump(conn) == incremental
    conn.close()


def one_error(result: Any, start: str) -> str:
    """A clean failure: exit code 7 (IO), one ``Error:`` line, no traceback."""
    assert "Traceback" not in str(result.stdout) + str(result.stderr)
    assert result.exit_code == 7, (result.exit_code, result.stdout, result.stderr)
    message = str(result.stderr)
    assert message.count("\n") == 1 and message.startswith("Error: " + start), message
    return message


def test_import_io_errors_are_one_line_and_leave_the_log_as_it_was(
    empty_log: Path, tmp_path: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os
    import tempfile

    import tracker.log.writer

    sample = gdelt_sample(tmp_path / "g.tsv")
    args = ("import", "gdelt", str(sample), "--log", str(empty_log))
    before = file_digest(empty_log)
    # the log cannot be appended to
    real_open = os.open

    def no_append(path: Any, flags: int, *rest: Any, **kw: Any) -> int:
        if flags & os.O_APPEND:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, flags, *rest, **kw)

    with monkeypatch.context() as m:
        m.setattr(tracker.log.writer.os, "open", no_append)
        message = one_error(cli(*args), "cannot write to log")
        assert message.rstrip().endswith("Permission denied")
    assert file_digest(empty_log) == before
    # no room for the temporary files
    with monkeypatch.context() as m:
        m.setattr(tempfile, "tempdir", str(tmp_path / "no" / "such" / "folder"))
        one_error(cli(*args), "cannot make the import's temporary file")
    assert file_digest(empty_log) == before
    # the file to import is a folder
    one_error(cli("import", "gdelt", str(tmp_path), "--log", str(empty_log)), "cannot read")
    assert file_digest(empty_log) == before
    # the disk fails to keep what was written: said, in one line
    with monkeypatch.context() as m:

        def no_sync(fd: int) -> None:
            raise OSError(errno.EIO, "Input/output error")

        m.setattr(tracker.log.writer.os, "fsync", no_sync)
        one_error(cli(*args), "cannot write to log")


def test_bad_rows_of_every_kind_are_named(empty_log: Path, tmp_path: Path, cli: Run) -> None:
    sample = tmp_path / "bad.tsv"
    good = gdelt_line("1", "20210816", US, CN, "041", "1.0", "https://example.org/a")
    rows = [
        good.encode(),
        gdelt_line("2", "20210230", US, CN, "041", "1.0", "https://example.org/b").encode(),
        gdelt_line("3", "20210816", US, CN, "041", "1.0", "https://example.org/c").encode()
        + b"\xff",
        b"not\ta\tgdelt\trow",
        gdelt_line("5", "2021081", US, CN, "041", "1.0", "https://example.org/e").encode(),
        gdelt_line("6", "20210816", US, US, "041", "1.0", "https://example.org/f").encode(),
    ]
    sample.write_bytes(b"\n".join(rows) + b"\n")
    before = file_digest(empty_log)
    result = cli("import", "gdelt", str(sample), "--log", str(empty_log))
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if ": line " in line]
    assert [line.split(": line ")[1].split(":")[0] for line in lines] == ["2", "3", "4", "5"]
    assert "line 2: bad date '2021-02-30'" in result.stderr
    assert "line 3: not valid UTF-8 (byte " in result.stderr
    assert (
        "line 4: expected 61 tab-separated columns (GDELT 2.0) or 57 or 58 (GDELT 1.0), found 4"
        in result.stderr
    )
    assert "line 5: bad SQLDATE '2021081': YYYYMMDD" in result.stderr
    assert file_digest(empty_log) == before


def test_events_another_writer_appends_meanwhile_are_duplicates(
    empty_log: Path, tmp_path: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between the check and the append, another writer adds one of the file's events (and
    an event of its own): the import counts it as a duplicate and appends the rest."""
    from tracker.domain.events import build_actor, occurrence_class
    from tracker.exchange.importing.pipeline import Importer
    from tracker.log.envelope import Pending

    sample = gdelt_sample(tmp_path / "g.tsv")
    first = cli("import", "gdelt", str(sample), "--dry-run", "--log", str(empty_log))
    assert first.exit_code == 0
    real_append = Importer._append

    def meanwhile(self: Importer, report: Any, spill: Any) -> None:
        _, item, _ = next(iter(spill.events()))  # the file's first event, as it will be written
        data = json.loads(item.data)
        event = occurrence_class(data["type"]).from_data(data)
        self.tracker.log.append([Pending(build_actor("Someone Else")), Pending(event, item.id)])
        real_append(self, report, spill)

    monkeypatch.setattr(Importer, "_append", meanwhile)
    result = cli("import", "gdelt", str(sample), "--log", str(empty_log))
    assert result.exit_code == 0, result.stderr
    assert (
        result.stdout.strip() == "read 4, added 2, duplicates 1, folded 1, skipped 0, new actors 4"
    )
    assert EventLog(empty_log).verify().events == 2 + 4 + 1 + 2  # actors, the tie, events


# ----------------------------------------------------------------------------- ICEWS

ICEWS = [
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
    "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",
    "Sentence Number", "Publisher", "City", "District", "Province", "Country", "Latitude",
    "Longitude",
]  # fmt: skip


def icews_sample(path: Path) -> Path:
    def row(*values: str) -> str:
        assert len(values) == len(ICEWS)
        return "\t".join(values)

    gov = "Government,Executive,Ministry"
    lines = [
        "\t".join(ICEWS),
        row("9001", "2021-08-16", "Antony Blinken", gov, "United States", "Discuss by telephone",
            "041", "1.0", "Wang Yi", gov, "China", "111", "1", "Reuters", "Washington", "",
            "District of Columbia", "United States", "38.9", "-77.0"),
        row("9002", "2021-08-20", "Sergey Lavrov", gov, "Russian Federation", "Make a visit",
            "042", "1.9", "Wang Yi", gov, "China", "222", "1", "TASS", "Beijing", "", "Beijing",
            "China", "39.9", "116.4"),
        row("9003", "2021-08-20", "Wang Yi", gov, "China", "Host a visit", "043", "2.8",
            "Sergey Lavrov", gov, "Russian Federation", "222", "2", "TASS", "Beijing", "",
            "Beijing", "China", "39.9", "116.4"),
        row("9004", "2021-08-21", "China", "", "China", "Make optimistic comment", "013", "0.4",
            "", "", "", "333", "1", "Xinhua", "", "", "", "China", "", ""),
    ]  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_icews_import(tracker: Tracker, tmp_path: Path, cli: Run) -> None:
    sample = icews_sample(tmp_path / "icews.tab")
    result = cli("import", "icews", str(sample), "--log", str(tracker.log.path))
    assert result.exit_code == 0, result.stderr
    assert (
        result.stdout.strip() == "read 4, added 3, duplicates 0, folded 1, skipped 0, new actors 2"
    )
    actors = {a["name"]: a for a in events_of(tracker.log.path, "ActorRegistered")}
    assert actors["Sergey Lavrov"]["kind"] == "person"
    assert actors["Sergey Lavrov"]["country"] == "RUS"
    assert actors["China"]["kind"] == "state"
    call, visit, comment = occurrences(tracker.log.path)
    assert call["participants"] == [
        {"actor": "antony-blinken", "role": "initiator"},
        {"actor": "wang-yi", "role": "recipient"},
    ]
    assert call["extra"]["intensity"] == 1.0 and call["extra"]["story_id"] == "111"
    assert call["sources"] == [{"url": None, "outlet": "Reuters"}]
    assert call["location"] == "Washington, District of Columbia, United States"
    assert visit["type"] == "visit" and visit["extra"]["source_id"] == ["9002", "9003"]
    assert {p["role"] for p in visit["participants"]} == {"visitor", "host"}
    assert comment["type"] == "statement" and comment["cameo"] == "013"
    again = cli("import", "icews", str(sample), "--log", str(tracker.log.path))
    assert "duplicates 3" in again.stdout


def test_icews_needs_its_header(empty_log: Path, tmp_path: Path, cli: Run) -> None:
    path = tmp_path / "icews.tab"
    path.write_text("9001\t2021-08-16\n")
    result = cli("import", "icews", str(path), "--log", str(empty_log))
    assert result.exit_code == 2 and "not the ICEWS header" in result.stderr


# ----------------------------------------------------------------------------- PLOVER


def plover_sample(path: Path) -> Path:
    blinken = {"entity_text": "Antony Blinken", "code": "USAGOV", "identifier_id": "Q4775"}
    events = [
        {"id": "p-1", "date": "2021-08-16", "actor": [blinken], "recipient": ["Wang Yi"],
         "event": ["CONSULT"], "mode": ["phone"], "link": "https://example.org/p1",
         "event_text": "Blinken and Wang spoke by phone", "intensity": 1.0, "quad_code": 1},
        {"id": "p-2", "date": "2021-08-17", "actor": [blinken], "recipient": ["Wang Yi"],
         "event": ["CONSULT"], "mode": ["visit"], "link": "https://example.org/p2"},
        {"id": "p-3", "date": "2021-08-18", "actor": [blinken, "Wang Yi"],
         "recipient": [{"entity_text": "Sergey Lavrov", "code": "RUSGOV", "sector": "GOV"}],
         "event": ["CONSULT"], "mode": ["multilateral"], "context": ["diplomatic"],
         "link": "https://example.org/p3"},
        {"id": "p-4", "date": "2021-08-19", "actor": [blinken], "recipient": ["Wang Yi"],
         "event": ["CONSULT"], "mode": ["third-party"], "event_loc": {"name": "Doha"},
         "link": "https://example.org/p4"},
        {"id": "p-5", "date": "2021-08-20", "actor": ["Wang Yi"], "recipient": [blinken],
         "event": ["ACCUSE"], "mode": [], "link": "https://example.org/p5"},
    ]  # fmt: skip
    path.write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["plover", "polecat"])
def test_plover_import(fmt: str, tracker: Tracker, tmp_path: Path, cli: Run) -> None:
    sample = plover_sample(tmp_path / "events.jsonl")
    result = cli("import", fmt, str(sample), "--log", str(tracker.log.path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "read 5, added 5, duplicates 0, skipped 0, new actors 1"
    got = occurrences(tracker.log.path)
    assert [e["type"] for e in got] == [
        "phone_call", "visit", "multilateral_meeting", "meeting", "statement",
    ]  # fmt: skip
    assert got[0]["id"] == event_key(f"{fmt}:p-1")
    assert got[0]["extra"] == {
        "source": fmt, "source_id": "p-1", "event": ["CONSULT"], "mode": ["phone"],
        "quad_code": 1, "intensity": 1.0,
    }  # fmt: skip
    assert got[0]["summary"] == "Blinken and Wang spoke by phone"
    assert [p["role"] for p in got[1]["participants"]] == ["visitor", "host"]
    assert len(got[2]["participants"]) == 3
    assert got[3]["location"] == "Doha"
    assert got[4]["participants"][0] == {"actor": "wang-yi", "role": "speaker"}
    lavrov = [
        a for a in events_of(tracker.log.path, "ActorRegistered") if a["name"] == "Sergey Lavrov"
    ]
    # a named person with a government's code is a person of it, as GDELT's "VLADIMIR PUTIN"
    assert lavrov[0]["kind"] == "person" and lavrov[0]["country"] == "RUS"
    again = cli("import", fmt, str(sample), "--log", str(tracker.log.path))
    assert "added 0, duplicates 5" in again.stdout


def test_plover_bad_lines(empty_log: Path, tmp_path: Path, cli: Run) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text(
        '{"id": "x", "date": "2021-08-16", "actor": ["A"], "event": ["ACCUSE"]}\n'
        "not json\n"
        '{"id": "y", "date": "2021-08-16", "event": ["ACCUSE"]}\n'
    )
    result = cli("import", "plover", str(path), "--log", str(empty_log))
    assert result.exit_code == 2
    assert "line 2: not valid JSON" in result.stderr
    assert "line 3: no actor named (source[] and recipient[] are empty)" in result.stderr


# ----------------------------------------------------------------------------- csv template


def test_template_then_import(tracker: Tracker, tmp_path: Path, cli: Run) -> None:
    template = tmp_path / "template.csv"
    made = cli("import", "csv", "--template", str(template))
    assert made.exit_code == 0
    header = template.read_text()
    assert header == (
        "type,date,actors,roles,summary,topics,location,cameo,source_url,source_outlet,"
        "source_published,source_quote,id\n"
    )
    rows = [
        "phone_call,2021-08-16,Blinken;Wang Yi,initiator;recipient,Discussed Afghanistan,"
        "Afghanistan;security,,041,https://example.org/1,State Department,2021-08-17,,",
        'statement,2021-08-17,Wang Yi,,"=HYPERLINK(""http://evil"")",,,,https://example.org/2,,,,',
        "meeting,2021-08-18,Blinken;Zhao Lijian,,<script>alert(1)</script>,,Doha,,,Reuters,,,"
        "6f1c2a9e-8d1b-4c3a-9e55-0a1b2c3d4e5f",
    ]
    template.write_text(header + "\n".join(rows) + "\n")
    result = cli("import", "csv", str(template), "--log", str(tracker.log.path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "read 3, added 3, duplicates 0, skipped 0, new actors 1"
    call, said, met = occurrences(tracker.log.path)
    assert call["participants"][1] == {"actor": "wang-yi", "role": "recipient"}
    assert call["topics"] == ["Afghanistan", "security"] and call["cameo"] == "041"
    assert call["sources"][0]["outlet"] == "State Department"
    assert said["summary"] == '=HYPERLINK("http://evil")'  # kept as text; exports neutralise
    assert said["participants"] == [{"actor": "wang-yi", "role": "speaker"}]
    assert met["id"] == "6f1c2a9e-8d1b-4c3a-9e55-0a1b2c3d4e5f"
    assert met["summary"] == "<script>alert(1)</script>"
    again = cli("import", "csv", str(template), "--log", str(tracker.log.path))
    assert again.stdout.strip() == "read 3, added 0, duplicates 3, skipped 0, new actors 0"


def test_csv_bad_rows(tracker: Tracker, tmp_path: Path, cli: Run) -> None:
    path = tmp_path / "events.csv"
    path.write_text(
        "type,date,actors,summary,source_url\n"
        "phone_call,2021-08-16,Blinken;Wang Yi,Fine,https://example.org/1\n"
        "phone_call,2021-13-45,Blinken;Wang Yi,Bad date,https://example.org/2\n"
        "dinner,2021-08-16,Blinken;Wang Yi,Bad type,https://example.org/3\n"
        "statement,2021-08-16,Blinken,Nul\x00byte,https://example.org/4\n"
        "phone_call,2021-08-16,Blinken,Alone,https://example.org/5\n"
    )
    before = file_digest(tracker.log.path)
    result = cli("import", "csv", str(path), "--log", str(tracker.log.path))
    assert result.exit_code == 2
    for line, why in (
        (3, "bad date"),
        (4, "unknown event type 'dinner'"),
        (5, "control character"),
        (6, "needs at least two participants"),
    ):
        assert f"line {line}: " in result.stderr and why in result.stderr
    assert "line 2:" not in result.stderr
    assert file_digest(tracker.log.path) == before


def test_unknown_format_and_missing_file(empty_log: Path, cli: Run) -> None:
    assert cli("import", "xml", "x", "--log", str(empty_log)).exit_code == 2
    missing = cli("import", "gdelt", "nope.tsv", "--log", str(empty_log))
    assert missing.exit_code == 7 and "nope.tsv" in missing.stderr
