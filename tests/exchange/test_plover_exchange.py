"""PLOVER out and in: the export follows the PLOVER manual's field names (draft 0.8) and
OEDA's CAMEO2PLOVER table; the import reads v0.5 records (OEDA's gold-standard layout:
pretty-printed, trailing commas, ``source``/``target``, ``actorText``), later JSON lines,
a JSON array, POLECAT's tab-separated release, and our own export, which round-trips."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import file_digest
from tracker.domain.cameo2plover import cameo_to_plover
from tracker.log.file import EventLog
from tracker.services.tracker import Tracker

Run = Callable[..., Any]
LEFT_OUT = (
    "no PLOVER category (a statement or development without a CAMEO code PLOVER maps;"
    " it drops 01 and 02)"
)


def _add(tracker: Tracker, kind: str, when: str, parts: list[tuple[str, str]], **more: Any) -> str:
    raw = {
        "type": kind,
        "when": when,
        "participants": [{"name": n, "role": r} for n, r in parts],
        "summary": more.pop("summary", f"{kind} on {when}"),
        "sources": [{"url": f"https://example.org/{when}", "outlet": "Example News"}],
        **more,
    }
    return tracker.add_events([raw]).ids[0]


@pytest.fixture
def coded(busy: Tracker) -> Tracker:
    """The busy log plus statements and developments with CAMEO codes, and a date-time."""
    busy.register_actor("Ruritania", kind="state", country="HUN", external_ids={"cameo": "HUNGOV"})
    _add(busy, "statement", "2021-11-01", [("Blinken", "speaker"), ("Wang Yi", "about")],
         cameo="111", summary="Blinken criticised Wang Yi")  # fmt: skip
    _add(busy, "statement", "2021-11-02", [("Blinken", "speaker")], cameo="010")
    _add(busy, "development", "2021-11-03", [("Ruritania", "involved")], cameo="0874")
    _add(busy, "development", "2021-11-04", [("Ruritania", "involved")], cameo="094")
    _add(busy, "statement", "2021-11-05", [("Wang Yi", "speaker"), ("Ruritania", "addressee")],
         cameo="1031", topics=["trade"], location="Geneva")  # fmt: skip
    _add(busy, "meeting", "2021-11-06T10:30+01:00", [("Blinken", "initiator"),
         ("Wang Yi", "recipient")], cameo="046")  # fmt: skip
    return busy


def _export(tracker: Tracker, out: Path, cli: Run, *args: str) -> list[dict[str, Any]]:
    result = cli("export", "plover", "-o", str(out), *args, "--log", str(tracker.log.path))
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_the_table_is_oedas() -> None:
    assert cameo_to_plover("041") == ("CONSULT", "phone", ())
    assert [cameo_to_plover(c).event for c in ("081", "083", "084", "087")] == [  # type: ignore[union-attr]
        "CONCEDE", "CONCEDE", "RETREAT", "RETREAT",
    ]  # fmt: skip
    assert cameo_to_plover("09") == ("ACCUSE", None, ())
    assert cameo_to_plover("092") == ("ACCUSE", "investigate", ("human_rights",))
    assert cameo_to_plover("10") == ("REQUEST", None, ())
    assert cameo_to_plover("163") == ("COERCE", "restrict", ("diplomatic",))
    assert cameo_to_plover("01") is None and cameo_to_plover("0214") is None
    assert cameo_to_plover("") is None and cameo_to_plover("x4") is None


def test_export_field_names_and_categories(coded: Tracker, tmp_path: Path, cli: Run) -> None:
    out = tmp_path / "out.jsonl"
    result = cli("export", "plover", "-o", str(out), "--log", str(coded.log.path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == f"wrote {out} (8 events); left out 2: {LEFT_OUT}"
    records = {r["event_text"][0]: r for r in map(json.loads, out.read_text().splitlines())}
    call = records['=HYPERLINK("http://evil")']
    assert call["event"] == ["CONSULT"] and call["mode"] == ["phone"] and call["quad_code"] == 1
    assert call["date"] == "2021-08-16" and "enddate" not in call and "time" not in call
    assert call["source"] == [
        {"actor_text": "Antony Blinken", "code": "USA", "actor_id": "antony-blinken",
         "kind": "person", "role": "initiator"}
    ]  # fmt: skip
    assert call["source"][0]["code"] == "USA" and "entity_text" not in call["source"][0]
    assert call["recipient"][0]["actor_text"] == "Wang Yi"
    assert call["recipient"][0]["code"] == "CHN"
    assert "link" not in call  # PLOVER's link relates events; the article is in cite_info
    assert call["cite_info"] == {
        "url": "https://example.org/2021-08-16",
        "publication": "Example News",
    }
    assert call["coder"] == "tracker" and "actor" not in call
    visit = records["A visit"]
    assert (visit["date"], visit["enddate"]) == ("2021-09-01", "2021-09-30")
    assert visit["mode"] == ["visit"] and visit["comment"] == "date as recorded: 2021-09"
    assert visit["source"][0]["role"] == "visitor" and visit["recipient"][0]["role"] == "host"
    accuse = records["Blinken criticised Wang Yi"]
    assert accuse["event"] == ["ACCUSE"] and accuse["mode"] == ["disapprove"]
    assert accuse["quad_code"] == 3
    assert records["development on 2021-11-03"]["event"] == ["RETREAT"]
    assert records["development on 2021-11-03"]["mode"] == ["disarm"]
    ruritania = records["development on 2021-11-03"]["source"][0]
    assert (ruritania["code"], ruritania["sector"]) == ("HUN", "GOV")  # from its CAMEO code
    investigate = records["development on 2021-11-04"]
    assert investigate["event"] == ["ACCUSE"] and investigate["mode"] == ["investigate"]
    assert investigate["context"] == ["military", "legal"]
    request = records["statement on 2021-11-05"]
    assert request["event"] == ["REQUEST"] and request["context"] == ["economic"]
    assert request["event_loc"] == {"name": "Geneva"} and request["tracker"]["topics"] == ["trade"]
    meeting = records["meeting on 2021-11-06T10:30+01:00"]
    assert meeting["date"] == "2021-11-06" and meeting["time"] == "10:30+01:00"
    assert meeting["context"] == ["diplomatic"] and meeting["mode"] == []
    assert "statement on 2021-11-02" not in records  # CAMEO 010: PLOVER drops 01
    assert "+1 remark" not in records  # a statement with no code


def test_own_export_round_trips(coded: Tracker, tmp_path: Path, cli: Run) -> None:
    out = tmp_path / "out.jsonl"
    exported = _export(coded, out, cli)
    before = file_digest(coded.log.path)
    again = cli("import", "plover", str(out), "--log", str(coded.log.path))
    assert again.exit_code == 0, again.stderr
    assert again.stdout.strip() == "read 8, added 0, duplicates 8, skipped 0, new actors 0"
    assert file_digest(coded.log.path) == before
    # into another log: the same ids, types, dates, roles, topics and sources
    other = EventLog.create(tmp_path / "other" / "events.jsonl").path
    fresh = cli("import", "plover", str(out), "--log", str(other))
    assert fresh.exit_code == 0, fresh.stderr
    copy = Tracker(other)
    wanted = {e.id: e for e in coded.timeline(["Blinken"]).entries}
    got = {e.id: e for e in copy.timeline(["Antony Blinken"]).entries}
    assert set(got) <= set(wanted) and len(got) == 4  # Blinken's, but the two left out
    for event_id, e in got.items():
        w = wanted[event_id]
        assert (e.type, e.when, e.summary, e.topics, e.sources, e.cameo) == (
            w.type, w.when, w.summary, w.topics, w.sources, w.cameo,
        )  # fmt: skip
        assert [(p.name, p.role) for p in e.participants] == [
            (p.name, p.role) for p in w.participants
        ]
    kinds = {a.name: a.kind for a in copy.actors()}
    assert kinds["Antony Blinken"] == "person" and kinds["Ruritania"] == "state"
    assert {e.type for e in got.values()} >= {"statement", "phone_call", "meeting"}
    # and that log's own export imports into it as duplicates too
    second = tmp_path / "second.jsonl"
    assert len(_export(copy, second, cli)) == len(exported)
    assert (
        cli("import", "plover", str(second), "--log", str(other))
        .stdout.strip()
        .endswith("added 0, duplicates 8, skipped 0, new actors 0")
    )


def test_an_edited_record_is_a_conflict(coded: Tracker, tmp_path: Path, cli: Run) -> None:
    out = tmp_path / "out.jsonl"
    records = _export(coded, out, cli)
    records[0]["event_text"] = ["something else"]
    out.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    before = file_digest(coded.log.path)
    result = cli("import", "plover", str(out), "--log", str(coded.log.path))
    assert result.exit_code != 0 and "different content" in result.stderr
    assert "Traceback" not in result.stderr
    assert file_digest(coded.log.path) == before


GOLD_STYLE = """\
{
    "id": "T-GSR-AGREE-0001",
    "date": "2000-01-01",
    "source": [{"actorText": "Ruritanian", "code": "HUN", "sector": "GOV"}, {"actorText": "Libya", "code": "LBY"}],
    "event": "AGREE",
    "eventText": "agreed work together",
    "context": "",
    "mode": "",
    "text": "Ruritanian and Libyan officials agreed on Monday to work together, officials said.",
    "textInfo": {"markup": "(SRC/TAR: Ruritanian) and (SRC/TAR: Libyan) officials (EVT: agreed)"},
    "publication": "A test team",
    "version": "0.5b1",
    "comment": "Compound actor",
},
{
    "id": "T-GSR-DISAPPROVE-0002",
    "date": "2000-01-01",
    "source": [{"actorText": "", "code": "---", "sector": "***"}],
    "target": [{"actorText": "Chile", "code": "---", "sector": "***"}],
    "event": "DISAPPROVE",
    "eventText": "court convicted",
    "context": "",
    "mode": "",
    "text": "A court convicted Chile of \\"inhuman acts\\" on Thursday.",
},
{
    "id": "T-GSR-DISAPPROVE-0003",
    "date": "2000-01-02",
    "source": [{"actorText": "Foreign Minister Jane Roe", "code": "GBR", "sector": "GOV"}],
    "target": [{"actorText": "Libya", "code": "LBY", "sector": "***"}],
    "event": "DISAPPROVE",
    "text": "Foreign Minister Jane Roe denounced Libya, a spokesman said.",
},
{
    "id": "T-GSR-CONSULT-0004",
    "date": "2000-01-03",
    "source": [{"actorText": "Libya", "code": "LBY"}],
    "target": "",
    "event": "CONSULT",
    "mode": "visit",
    "text": "Libya's envoy left for talks, the agency said.",
},
"""


def test_v05_gold_standard_layout(empty_log: Path, tmp_path: Path, cli: Run) -> None:
    path = tmp_path / "gold.txt"
    path.write_text(GOLD_STYLE, encoding="utf-8")
    result = cli("import", "plover", str(path), "--log", str(empty_log))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "read 4, added 4, duplicates 0, skipped 0, new actors 4"
    t = Tracker(empty_log)
    events = {e.summary: e for e in t.timeline(["Libya"]).entries}
    agree = events[
        "Ruritanian and Libyan officials agreed on Monday to work together, officials said."
    ]
    assert agree.type == "statement" and agree.when == "2000-01-01"
    assert {p.role for p in agree.participants} == {"speaker"}
    assert agree.sources[0]["outlet"] == "A test team" and not agree.sources[0].get("url")
    denounce = events["Foreign Minister Jane Roe denounced Libya, a spokesman said."]
    assert denounce.type == "statement"
    assert [(p.name, p.role) for p in denounce.participants] == [
        ("Jane Roe", "speaker"), ("Libya", "addressee"),
    ]  # fmt: skip  # a person named by an office is the person (the text is an alias)
    # a CONSULT naming one actor: no visit, but what happened to Libya
    alone = events["Libya's envoy left for talks, the agency said."]
    assert alone.type == "development" and [p.role for p in alone.participants] == ["involved"]
    court = t.timeline(["Chile"]).entries[0]
    assert court.type == "development" and [p.role for p in court.participants] == ["involved"]
    assert court.summary == 'A court convicted Chile of "inhuman acts" on Thursday.'
    kinds = {a.name: (a.kind, a.country) for a in t.actors()}
    assert kinds["Libya"] == ("state", "LBY") and kinds["Ruritanian"] == ("government_body", "HUN")
    assert kinds["Chile"] == ("state", "CHL") and len(kinds) == 4
    assert kinds["Jane Roe"] == ("person", "GBR")
    assert tuple(t.actor("jane-roe").aliases) == ("Foreign Minister Jane Roe",)
    before = file_digest(empty_log)
    again = cli("import", "plover", str(path), "--log", str(empty_log))
    assert again.stdout.strip() == "read 4, added 0, duplicates 4, skipped 0, new actors 0"
    assert file_digest(empty_log) == before


def test_a_json_array_and_current_lines(empty_log: Path, tmp_path: Path, cli: Run) -> None:
    records = [
        {"id": "a1", "date": "2021-08-16", "actor": [{"entity_text": "Antony Blinken",
         "identifier_id": "Q4347"}], "recipient": [{"entity_text": "Wang Yi"}],
         "event": ["CONSULT"], "mode": ["phone"],
         "cite_info": {"url": "https://example.org/a1", "publication": "Example"}},
        {"id": "a2", "date": "20210817", "source": [{"actor_text": "Wang Yi"}],
         "event": ["ACCUSE"], "event_text": ["criticised"], "link": "https://example.org/a2",
         "enddate": "2021-08-19"},
    ]  # fmt: skip
    array = tmp_path / "a.json"
    array.write_text(json.dumps(records, indent=2), encoding="utf-8")
    result = cli("import", "plover", str(array), "--log", str(empty_log))
    assert result.exit_code == 0, result.stderr
    t = Tracker(empty_log)
    call, said = t.timeline(["Wang Yi"]).entries
    assert call.type == "phone_call" and call.sources == (
        {"url": "https://example.org/a1", "outlet": "Example"},
    )
    assert said.type == "statement" and said.when == "2021-08-17/2021-08-19"
    assert said.summary == "criticised"
    assert said.sources == ({"url": "https://example.org/a2"},)
    assert {a.name: a.kind for a in t.actors()}["Antony Blinken"] == "person"
    lines = tmp_path / "a.jsonl"
    lines.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    odd = tmp_path / "odd.jsonl"  # an enddate that makes no interval: the first day stands
    odd.write_text(json.dumps({**records[1], "id": "a3", "enddate": "soon"}) + "\n")
    assert cli("import", "plover", str(odd), "--log", str(empty_log)).exit_code == 0
    assert [e.when for e in t.timeline(["Wang Yi"]).entries][-1] == "2021-08-17"
    again = cli("import", "plover", str(lines), "--log", str(empty_log))
    assert again.stdout.strip() == "read 2, added 0, duplicates 2, skipped 0, new actors 0"


def test_broken_stream_is_one_bad_row(empty_log: Path, tmp_path: Path, cli: Run) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(GOLD_STYLE[:400] + "\n  oops\n", encoding="utf-8")
    before = file_digest(empty_log)
    result = cli("import", "plover", str(path), "--log", str(empty_log))
    assert result.exit_code == 2 and "line 1: not valid JSON" in result.stderr
    assert "Traceback" not in result.stderr and file_digest(empty_log) == before
    path.write_bytes(b'{\n  "id": "x\xff",\n}\n')
    result = cli("import", "plover", str(path), "--log", str(empty_log))
    assert result.exit_code == 2 and result.stderr.strip().endswith("line 2: not valid UTF-8")
    assert file_digest(empty_log) == before


POLECAT_HEADER = (
    "Event ID\tEvent Date\tEvent Type\tEvent Mode\tIntensity\tQuad Code\tContexts\t"
    "Actor Name\tActor Country\tActor COW\tPrimary Actor Sector\tActor Sectors\tActor Title\t"
    "Actor Name Raw\tWikipedia Actor ID\tRecipient Name\tRecipient Country\tRecipient COW\t"
    "Primary Recipient Sector\tRecipient Sectors\tRecipient Title\tRecipient Name Raw\t"
    "Wikipedia Recipient ID\tPlacename\tCity\tDistrict\tProvince\tCountry\tLatitude\tLongitude\t"
    "GeoNames ID\tRaw Placename\tFeature Type\tSource\tPublication Date\tStory People\t"
    "Story Organizations\tStory Locations\tLanguage\tVersion"
)


def _polecat_row(**cells: str) -> str:
    names = POLECAT_HEADER.split("\t")
    return "\t".join(cells.get(n.replace(" ", "_").lower(), "NA") for n in names)


def test_polecat_tsv(empty_log: Path, tmp_path: Path, cli: Run) -> None:
    rows = [
        _polecat_row(event_id="p-1", event_date="2023-03-01", event_type="consult",
                     event_mode="visit", intensity="1.0", quad_code="1", contexts="diplomatic",
                     actor_name="Zoë Quill", actor_country="FRA", actor_title="Minister",
                     primary_actor_sector="Government", recipient_name="Chile",
                     recipient_country="CHL", city="Santiago", country="Chile",
                     source="Agence Test", publication_date="2023-03-02", language="en"),
        _polecat_row(event_id="p-2", event_date="2023-03-03", event_type="ACCUSE",
                     actor_name="Ministry of Tests;Chile", actor_country="FRA;CHL",
                     primary_actor_sector="Government;NA", recipient_name="NA",
                     recipient_country="NA"),
        _polecat_row(event_id="p-3", event_date="2023-03-04", event_type="ASSAULT",
                     actor_name="NA", recipient_name="Chile", recipient_country="CHL"),
    ]  # fmt: skip
    path = tmp_path / "polecat.tsv"
    path.write_bytes((POLECAT_HEADER + "\n" + "\n".join(rows) + "\n").encode("iso-8859-1"))
    result = cli("import", "polecat", str(path), "--log", str(empty_log))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "read 3, added 3, duplicates 0, skipped 0, new actors 3"
    t = Tracker(empty_log)
    visit, accuse, assault = t.timeline(["Chile"]).entries
    assert visit.type == "visit" and visit.when == "2023-03-01"
    assert [(p.name, p.role) for p in visit.participants] == [
        ("Zoë Quill", "visitor"), ("Chile", "host"),
    ]  # fmt: skip
    assert visit.location == "Santiago, Chile"
    assert (visit.sources[0]["outlet"], visit.sources[0]["published"]) == (
        "Agence Test",
        "2023-03-02",
    )
    assert accuse.type == "statement" and {p.role for p in accuse.participants} == {"speaker"}
    assert assault.type == "development"
    kinds = {a.name: (a.kind, a.country) for a in t.actors()}
    assert kinds == {
        "Zoë Quill": ("person", "FRA"),
        "Chile": ("state", "CHL"),
        "Ministry of Tests": ("government_body", "FRA"),
    }
    before = file_digest(empty_log)
    for fmt in ("polecat", "plover"):  # either name reads the release, as one source
        again = cli("import", fmt, str(path), "--log", str(empty_log))
        assert again.stdout.strip() == "read 3, added 0, duplicates 3, skipped 0, new actors 0"
    assert file_digest(empty_log) == before


def test_polecat_bad_rows(empty_log: Path, tmp_path: Path, cli: Run) -> None:
    path = tmp_path / "polecat.tsv"
    good = _polecat_row(event_id="p-1", event_date="2023-03-01", event_type="AGREE",
                        actor_name="Chile", actor_country="CHL")  # fmt: skip
    bad_date = _polecat_row(event_id="p-2", event_date="March 3", event_type="AGREE",
                            actor_name="Chile")  # fmt: skip
    path.write_text(POLECAT_HEADER + "\n" + good + "\n" + bad_date + "\nshort\trow\n")
    before = file_digest(empty_log)
    result = cli("import", "polecat", str(path), "--log", str(empty_log))
    assert result.exit_code == 2
    assert f"{path}: line 3: Event Date is not a date (YYYY-MM-DD): 'March 3'" in result.stderr
    assert f"{path}: line 4: expected 40 tab-separated columns, found 2" in result.stderr
    assert file_digest(empty_log) == before
    wrong = tmp_path / "wrong.tsv"
    wrong.write_text("Event ID\tWhen\nx\ty\n")
    result = cli("import", "polecat", str(wrong), "--log", str(empty_log))
    assert result.exit_code == 2
    assert "not POLECAT's header: missing event date, event type, actor name" in result.stderr


def test_spans_of_days(tracker: Tracker, tmp_path: Path, cli: Run) -> None:
    _add(tracker, "visit", "2021-03-15/2021-03-17", [("Blinken", "visitor"), ("Wang Yi", "host")])
    _add(tracker, "meeting", "2021-03-18T10:00Z/12:30", [("Blinken", "initiator"),
         ("Wang Yi", "recipient")])  # fmt: skip
    out = tmp_path / "spans.jsonl"
    trip, meeting = _export(tracker, out, cli)
    assert (trip["date"], trip["enddate"], "time" in trip) == ("2021-03-15", "2021-03-17", False)
    assert trip["tracker"]["date"] == "2021-03-15/2021-03-17"
    assert (meeting["date"], meeting["time"], meeting["endtime"]) == (
        "2021-03-18", "10:00+00:00", "12:30+00:00",
    )  # fmt: skip
    assert "enddate" not in meeting  # the same day
    before = file_digest(tracker.log.path)
    again = cli("import", "plover", str(out), "--log", str(tracker.log.path))
    assert again.stdout.strip() == "read 2, added 0, duplicates 2, skipped 0, new actors 0"
    assert file_digest(tracker.log.path) == before
    other = EventLog.create(tmp_path / "other" / "events.jsonl").path
    assert cli("import", "plover", str(out), "--log", str(other)).exit_code == 0
    whens = [e.when for e in Tracker(other).timeline(["Antony Blinken"]).entries]
    assert whens == ["2021-03-15/2021-03-17", "2021-03-18T10:00+00:00/2021-03-18T12:30+00:00"]
