"""Characters XML 1.0 forbids, and the other noncharacters (issue 11, item 15): refused in
every text field by every path that records an event, with one line naming the field; so
the GEXF and GraphML of any log that verifies are well-formed XML.

Refused: the C0 controls but tab and newline (CR too: it was refused before), DEL and the
C1 controls, lone surrogates, and all 66 noncharacters. XML forbids U+FFFE and U+FFFF but
not U+FDD0..U+FDEF or U+1FFFE...; Unicode reserves them all for a program's internal use,
so tracker refuses the 66 alike.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import SHIPPED_LOG, file_digest
from tests.reliability._forge import copy_log, forge
from tests.reliability.conftest import Report
from tracker.domain.errors import ExitCode, ValidationError
from tracker.domain.text import has_control
from tracker.log.file import EventLog
from tracker.services.tracker import Tracker

Cli = Callable[..., Any]
FORBIDDEN = {
    "NUL": "\x00",
    "U+0001": "\x01",
    "ESC": "\x1b",
    "CR": "\r",
    "DEL": "\x7f",
    "U+0085": "\x85",
    "lone surrogate": "\ud800",
    "U+FDD0": "\ufdd0",
    "U+FFFE": "\ufffe",
    "U+FFFF": "\uffff",
    "U+1FFFE": "\U0001fffe",
    "U+10FFFF": "\U0010ffff",
}
CALL = {"--type": "phone_call", "--initiator": "Blinken", "--recipient": "Wang Yi",
        "--date": "2021-08-16", "--summary": "A call", "--source": "https://e.org/1"}  # fmt: skip
ADD_EVENT_FIELDS = {
    "--summary": "summary",
    "--topic": "topic",
    "--location": "location",
    "--outlet": "source outlet",
    "--quote": "source quote",
}


def reason(char: str) -> str:
    if "\ud800" <= char <= "\udfff":
        return "is not valid UTF-8"
    if ord(char) <= 0x9F:
        return f"contains a control character (U+{ord(char):04X})"
    return f"contains a noncharacter (U+{ord(char):04X}), which XML and other formats refuse"


def refused(result: Any, field: str, char: str) -> str:
    both = str(result.stdout) + str(result.stderr)
    assert "Traceback" not in both and "internal error" not in both, both
    assert result.exit_code == ExitCode.USAGE, (result.exit_code, both)
    message = str(result.stderr)
    assert message.startswith("Error: ") and message.count("\n") == 1, message
    assert f"{field} {reason(char)}" in message, message
    return message


def test_the_rule_covers_every_forbidden_character_and_nothing_else() -> None:
    """``has_control`` (what ``clean_text`` and the importers use) against the definition,
    over every code point."""
    xml_chars = {
        0x9,
        0xA,
        0xD,
        *range(0x20, 0xD800),
        *range(0xE000, 0xFFFE),
        *range(0x10000, 0x110000),
    }
    nonchars = {
        *range(0xFDD0, 0xFDF0),
        *(p << 16 | low for p in range(17) for low in (0xFFFE, 0xFFFF)),
    }
    for code in range(0x110000):
        char = chr(code)
        refuse = (code not in xml_chars) or code in nonchars or code == 0xD or 0x7F <= code <= 0x9F
        assert (has_control(f"a{char}b") is not None) == refuse, hex(code)


@pytest.mark.parametrize("name", list(FORBIDDEN))
def test_add_event_and_actor_commands_refuse_it_in_every_text_field(
    name: str, seed_log: Path, cli: Cli, figures: Report
) -> None:
    char = FORBIDDEN[name]
    before = file_digest(seed_log)
    runs = 0
    for option, field in ADD_EVENT_FIELDS.items():
        args = {**CALL, option: f"a{char}b"}
        refused(cli("add-event", *[x for kv in args.items() for x in kv]), field, char)
        runs += 1
    for args, field in (
        (("actor", "add", f"New{char}Actor"), "actor name"),
        (("actor", "add", "New Actor", "--alias", f"N{char}A"), "alias"),
        (("actor", "alias", "Blinken", f"T{char}B"), "alias"),
        (("actor", "rename", "Blinken", f"A{char}B"), "actor name"),
        (("actor", "role", "Blinken", f"Sec{char}retary"), "office"),
        (("amend", "1c9e", "--summary", f"a{char}b", "--reason", "x"), None),
        (("retract", "1c9e", "--reason", f"a{char}b"), "reason"),
    ):
        result = cli(*args)
        if field is None:  # amend of an id that is not there: found missing first, or refused
            assert result.exit_code in (ExitCode.USAGE, ExitCode.NOT_FOUND)
        else:
            refused(result, field, char)
        runs += 1
    assert file_digest(seed_log) == before
    figures(f"{name}: refused in {runs} add-event, actor, amend and retract fields, log unchanged")


@pytest.mark.parametrize("name", ["NUL", "U+FFFE", "U+1FFFE", "lone surrogate"])
def test_importers_import_jsonl_and_merge_refuse_it(
    name: str, tracker: Tracker, tmp_path: Path, cli: Cli, figures: Report
) -> None:
    char = FORBIDDEN[name]
    log = tracker.log.path
    before = file_digest(log)
    raw = char.encode("utf-8", "surrogatepass") if name == "lone surrogate" else None
    files = {
        "csv": ("type,date,actors,summary,source_url\n"
                f"phone_call,2021-08-16,Blinken;Wang Yi,a{char}b,https://e.org/1\n"),
        "plover": json.dumps({"id": "p1", "date": "2021-08-16", "event": ["CONSULT"],
                              "actor": ["Blinken"], "recipient": ["Wang Yi"],
                              "event_text": f"a{char}b"}, ensure_ascii=False) + "\n",
    }  # fmt: skip
    outcomes = []
    for fmt, text in files.items():
        path = tmp_path / f"rows.{fmt}"
        data = text.encode("utf-8", "surrogatepass")
        path.write_bytes(data)
        result = cli("import", fmt, str(path), "--log", str(log))
        assert result.exit_code == ExitCode.USAGE, result.stderr
        why = "not valid UTF-8" if raw else reason(char)
        assert why in result.stderr, result.stderr
        outcomes.append(fmt)
    theirs = copy_log(log, tmp_path / "theirs.jsonl")
    call = next(r for r in EventLog(log).read() if r.type == "ActorRegistered").data
    if name != "lone surrogate":  # orjson cannot even write a lone surrogate into a line
        forge(theirs, "0192a0b0-1234-7abc-8def-0123456789ab", "ActorRegistered",
              {**call, "actor": "x", "name": f"a{char}b"})  # fmt: skip
        for args in (
            ("import", "jsonl", str(theirs), "--log", str(log)),
            ("merge", str(log), str(theirs)),
        ):
            refused(cli(*args), "actor name", char)
            outcomes.append(args[0])
    assert file_digest(log) == before
    figures(f"{name}: refused by {', '.join(outcomes)}; log unchanged")


def test_a_recorder_name_with_a_control_character_is_refused(
    seed_log: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = file_digest(seed_log)
    monkeypatch.setenv("TRACKER_USER", "ana\x1b[31mlyst")
    refused(cli("add-event", *[x for kv in CALL.items() for x in kv]), "TRACKER_USER", "\x1b")
    assert file_digest(seed_log) == before


# --------------------------------------------------------------------------- the XML


def xml_exports(cli: Cli, folder: Path) -> dict[str, ET.Element]:
    trees = {}
    for fmt in ("gexf", "graphml"):
        out = folder / f"graph.{fmt}"
        result = cli("export", fmt, "-o", str(out))
        assert result.exit_code == 0, result.stderr
        trees[fmt] = ET.fromstring(out.read_bytes())  # expat: refuses what is not well-formed
    return trees


NAMES = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from([c for c in FORBIDDEN.values() if c != "\ud800"] + list("<>&'\"]")),
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(names=st.lists(NAMES, min_size=2, max_size=4, unique_by=str.casefold))
@example(names=["Ab\ufffe", "Cd\uffff", "Ef", "Gh"])
@example(names=["<x>&amp;", "'\"]]>", "\U0001fffe", "\U0001f600 a"])
def test_gexf_and_graphml_of_any_log_that_verifies_are_well_formed_xml(
    names: list[str], tmp_path_factory: pytest.TempPathFactory, cli: Cli
) -> None:
    """Any text the log takes as actor names (hypothesis: every code point but surrogates)
    comes out of GEXF and GraphML as XML an XML parser reads, with the name intact."""
    folder = tmp_path_factory.mktemp("xml")
    t = Tracker(EventLog.create(folder / "events.jsonl").path)
    kept = []
    for name in names:
        try:
            kept.append(t.register_actor(name))
        except ValidationError:
            continue
    if len(kept) < 2:
        return
    t.add_event(type="meeting", when="2021-08-16", summary="Met", sources=["https://e.org/1"],
                participants=[{"name": kept[0], "role": "host"}, {"name": kept[1], "role": "visitor"}])  # fmt: skip
    assert t.verify().events == len(kept) + 1
    trees = xml_exports(lambda *a: cli(*a, "--log", str(t.log.path)), folder)
    labels = {n.get("label") for n in trees["gexf"].iter() if n.tag.endswith("node")}
    stored = {r.data["name"] for r in EventLog(t.log.path).read() if r.type == "ActorRegistered"}
    assert {label for label in labels if label} <= stored


def test_before_the_rule_such_names_made_invalid_xml(
    tmp_path: Path, cli: Cli, figures: Report
) -> None:
    """What the rule prevents: a log holding U+FFFE in a name (forged here) verifies no
    more, and its GEXF would not parse; a log of the allowed hostile names does."""
    log = copy_log(SHIPPED_LOG, tmp_path / "data" / "events.jsonl")
    t = Tracker(log)
    hostile = [
        "<b>&amp;</b>",
        "A \"quoted\" 'name'",
        "]]> end",
        "Tab\tname",
        "\u202eRTL",
        "😀 Smile",
    ]
    ids = []
    for name in hostile:
        try:
            ids.append(t.register_actor(name))
        except ValidationError as exc:
            assert "must be on one line" in exc.message  # the tab
    t.add_event(type="meeting", when="2021-08-16", summary="Met", sources=["https://e.org/1"],
                participants=[{"name": ids[0], "role": "host"}, {"name": ids[1], "role": "visitor"}])  # fmt: skip
    trees = xml_exports(lambda *a: cli(*a, "--log", str(log)), tmp_path)
    labels = {n.get("label") for n in trees["gexf"].iter() if n.tag.endswith("node")}
    assert {"<b>&amp;</b>", "A \"quoted\" 'name'"} <= labels
    forge(log, "0192a0b0-1234-7abc-8def-0123456789ab", "ActorRegistered",
          {"actor": "x-y", "name": "X\ufffeY", "kind": "person", "aliases": []})  # fmt: skip
    result = cli("verify", "--log", str(log))
    assert result.exit_code == ExitCode.DAMAGED_LOG and "noncharacter (U+FFFE)" in result.stderr
    figures(f"{len(ids)} hostile but allowed names: GEXF and GraphML parse; a forged U+FFFE"
            " name: verify exit 6")  # fmt: skip
