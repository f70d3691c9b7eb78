"""The smaller inputs of issue 11, item 17, each with the class it belongs to:

- numbers out of range (``--limit 99999999999999999999999``, zero, negative);
- line ends: a CR-only (old Mac) file is read line by line, not as one line;
- error lines bounded: no error echoes more than a bounded part of its input (a
  10^6-column header), in the one place errors are formatted;
- the right reason: a url with a no-break space is not "must start with http";
- digits are ASCII digits: ``０41``, ``٠٤١`` are no CAMEO code (nor a date, a number, a
  Wikidata id) anywhere ``str.isdigit``/``int()`` met input.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import file_digest
from tests.exchange.test_importers import CN, GDELT, ICEWS, US, gdelt_line
from tests.reliability.conftest import Report
from tracker.domain.errors import ExitCode
from tracker.domain.markup import ERROR_HEAD, ERROR_TAIL
from tracker.log.file import EventLog

Cli = Callable[..., Any]
BOUND = ERROR_HEAD + ERROR_TAIL + 60  # what an error line may hold, "Error: " and the marker


def one_line(result: Any, code: int) -> str:
    both = str(result.stdout) + str(result.stderr)
    assert "Traceback" not in both and "internal error" not in both, both[:500]
    assert result.exit_code == code, (result.exit_code, both[:500])
    message = str(result.stderr)
    assert message.startswith("Error: ") and message.count("\n") == 1, message[:500]
    return message.rstrip("\n")


# --------------------------------------------------------------------------- --limit


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_a_huge_limit_means_all(seed_log: Path, cli: Cli, fmt: str) -> None:
    every = cli("timeline", "--actor", "Blinken", "--format", fmt)
    huge = cli("timeline", "--actor", "Blinken", "--format", fmt,
               "--limit", "99999999999999999999999")  # fmt: skip
    assert huge.exit_code == 0, huge.stderr
    assert huge.stdout == every.stdout


@pytest.mark.parametrize("limit", ["0", "-1", "-99999999999999999999999", "abc", "１"])
def test_a_limit_below_one_is_a_one_line_error(seed_log: Path, cli: Cli, limit: str) -> None:
    message = one_line(cli("timeline", "--actor", "Blinken", "--limit", limit), ExitCode.USAGE)
    assert message.startswith("Error: Invalid value for '--limit'")


def test_the_library_limit(seed_log: Path) -> None:
    from tracker.domain.errors import ValidationError
    from tracker.services.tracker import Tracker

    t = Tracker(seed_log)
    assert len(t.timeline(["Blinken"], limit=10**30).entries) == len(
        t.timeline(["Blinken"]).entries
    )
    for bad in (0, -1):
        with pytest.raises(ValidationError, match="--limit must be a whole number of at least 1"):
            t.timeline(["Blinken"], limit=bad)


# --------------------------------------------------------------------------- line ends

ROWS = [
    "type,date,actors,summary,source_url",
    "phone_call,2021-08-16,Blinken;Wang Yi,Talked,https://example.org/a",
    "meeting,2021-08-17,Blinken;Wang Yi,Met,https://example.org/b",
    "meeting,2021-08-18,Blinken;Wang Yi,,https://example.org/c",  # no summary: bad, line 4
]


@pytest.mark.parametrize("end", ["\r", "\r\n", "\n"])
def test_a_cr_only_csv_is_read_line_by_line(
    seed_log: Path, cli: Cli, tmp_path: Path, end: str, figures: Report
) -> None:
    path = tmp_path / "rows.csv"
    path.write_bytes(end.join(ROWS).encode() + end.encode())
    before = file_digest(seed_log)
    result = cli("import", "csv", str(path))
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.splitlines()[0] == f"{path}: line 4: summary is empty"
    assert file_digest(seed_log) == before
    path.write_bytes(end.join(ROWS[:3]).encode())  # and without the bad row nor a last end
    result = cli("import", "csv", str(path))
    assert result.exit_code == 0 and "read 2, added 2" in result.stdout, result.stderr
    figures(f"csv with {end!r} line ends: 2 rows added, the bad row named as line 4")


def test_other_formats_read_cr_only_files_too(seed_log: Path, cli: Cli, tmp_path: Path) -> None:
    lines = [gdelt_line("1001", "20210816", US, CN, "041", "1.0", "https://example.org/call"),
             gdelt_line("1002", "20210817", CN, US, "036", "1.0", "https://example.org/say")]  # fmt: skip
    path = tmp_path / "gdelt.CSV"
    path.write_bytes("\r".join(lines).encode())
    result = cli("import", "gdelt", str(path))
    assert result.exit_code == 0 and "read 2, added 2" in result.stdout, result.stderr


# --------------------------------------------------------------------------- bounded errors


def test_a_million_column_header_gives_a_short_error(
    seed_log: Path, cli: Cli, tmp_path: Path, figures: Report
) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"column{i}" for i in range(10**6)) + "\n", encoding="utf-8")
    started = time.monotonic()
    message = one_line(cli("import", "csv", str(path)), ExitCode.USAGE)
    took = time.monotonic() - started
    assert len(message) <= BOUND, len(message)
    assert message.startswith(
        f"Error: {path}: line 1 is not the template header: unknown column(s)"
    )
    assert "characters cut…]" in message
    assert message.endswith("(see `tracker import csv --template PATH`)")
    figures(f"10^6-column csv header ({path.stat().st_size / 1e6:.1f} MB): a {len(message)}-character"
            f" error line, exit 2 ({took:.1f} s, information only)")  # fmt: skip


def test_every_error_line_is_bounded(seed_log: Path, cli: Cli, tmp_path: Path) -> None:
    """The bound is where errors are written, so it holds for any message: an unknown actor
    named by a megabyte, a GDELT row of a million cells reported as a bad row."""
    name = "x" * 1_000_000
    message = one_line(cli("timeline", "--actor", name), ExitCode.NOT_FOUND)
    assert len(message) <= BOUND
    wide = tmp_path / "wide.CSV"
    wide.write_text("\t".join("1" for _ in range(10**6)) + "\n", encoding="utf-8")
    result = cli("import", "gdelt", str(wide))
    assert result.exit_code == ExitCode.USAGE
    assert all(len(line) <= BOUND for line in result.stderr.splitlines())
    icews = tmp_path / "wide.tab"
    icews.write_text("\t".join(f"c{i}" for i in range(10**6)) + "\n", encoding="utf-8")
    assert len(one_line(cli("import", "icews", str(icews)), ExitCode.USAGE)) <= BOUND


# --------------------------------------------------------------------------- the right reason


def test_a_gdelt_url_with_a_no_break_space_is_percent_encoded(
    seed_log: Path, cli: Cli, tmp_path: Path
) -> None:
    """A published SOURCEURL with a space in it is still the story's address: a url
    writes the space percent-encoded (U+00A0 as %C2%A0), and the row is imported."""
    url = "https://example.org/a\u00a0story"
    path = tmp_path / "nbsp.CSV"
    path.write_text(gdelt_line("1001", "20210816", US, CN, "041", "1.0", url) + "\n", "utf-8")
    result = cli("import", "gdelt", str(path))
    assert result.exit_code == 0, result.stderr
    [event] = [
        r for r in EventLog(seed_log).read() if r.data.get("extra", {}).get("source") == "gdelt"
    ]
    assert event.data["sources"] == [{"url": "https://example.org/a%C2%A0story"}]


# --------------------------------------------------------------------------- ASCII digits

FULL_WIDTH = "\uff1041"  # ０41
ARABIC_INDIC = "\u0660\u0664\u0661"  # ٠٤١


@pytest.mark.parametrize("code", [FULL_WIDTH, ARABIC_INDIC, "0\u00b941"])
def test_other_digits_are_no_cameo_code_anywhere(
    seed_log: Path, cli: Cli, tmp_path: Path, code: str, figures: Report
) -> None:
    before = file_digest(seed_log)
    message = one_line(
        cli("add-event", "--type", "phone_call", "--initiator", "Blinken", "--recipient",
            "Wang Yi", "--date", "2021-08-16", "--summary", "x", "--source",
            "https://e.org/1", "--cameo", code),
        ExitCode.USAGE,
    )  # fmt: skip
    assert message == f"Error: bad CAMEO code {code!r}: 2 to 4 digits, e.g. 041"
    paths = {}
    paths["csv"] = tmp_path / "rows.csv"
    paths["csv"].write_text("type,date,actors,summary,source_url,cameo\n"
                            f"phone_call,2021-08-16,Blinken;Wang Yi,x,https://e.org/1,{code}\n",
                            encoding="utf-8")  # fmt: skip
    paths["gdelt"] = tmp_path / "rows.CSV"
    paths["gdelt"].write_text(gdelt_line("1", "20210816", US, CN, code, "1.0", "https://e.org/1") + "\n",
                              encoding="utf-8")  # fmt: skip
    icews = dict.fromkeys(ICEWS, "")
    icews.update({"Event ID": "1", "Event Date": "2021-08-16", "Source Name": "Blinken",
                  "Target Name": "Wang Yi", "CAMEO Code": code, "Story ID": "1"})  # fmt: skip
    paths["icews"] = tmp_path / "rows.tab"
    paths["icews"].write_text("\t".join(ICEWS) + "\n" + "\t".join(icews.values()) + "\n", "utf-8")
    for fmt, path in paths.items():
        result = cli("import", fmt, str(path))
        assert result.exit_code == ExitCode.USAGE, (fmt, result.stdout, result.stderr)
        assert "CAMEO code" in result.stderr or "EventCode" in result.stderr, result.stderr
    assert file_digest(seed_log) == before
    figures(f"CAMEO code {code!r}: refused by add-event, csv, gdelt and icews imports")


@pytest.mark.parametrize(
    ("cell", "value", "why"),
    [
        ("SQLDATE", "\uff12\uff10\uff12\uff11\uff10\uff18\uff11\uff16", "bad SQLDATE"),
        ("NumMentions", "\uff11\uff10", "NumMentions is not a number"),
        ("GoldsteinScale", "\u0661.\u0665", "GoldsteinScale is not a number"),
        ("AvgTone", "1_000", "AvgTone is not a number"),
        ("QuadClass", "\u0661", "QuadClass is not a number"),
    ],
)
def test_other_digits_are_no_number_in_a_gdelt_row(
    seed_log: Path, cli: Cli, tmp_path: Path, cell: str, value: str, why: str
) -> None:
    assert cell in GDELT
    path = tmp_path / "row.CSV"
    fields = {cell: value}
    line = gdelt_line("1001", "20210816", US, CN, "041", "1.0", "https://e.org/1", **fields)
    if cell == "SQLDATE":
        line = line.replace("20210816\t", value + "\t", 1)
    path.write_text(line + "\n", encoding="utf-8")
    before = file_digest(seed_log)
    result = cli("import", "gdelt", str(path))
    assert result.exit_code == ExitCode.USAGE, result.stdout
    assert why in result.stderr.splitlines()[0], result.stderr
    assert file_digest(seed_log) == before


def test_other_digits_are_no_wikidata_id(seed_log: Path, cli: Cli) -> None:
    message = one_line(cli("actor", "add", "Someone New", "--wikidata", "Q1\uff10"), ExitCode.USAGE)
    assert message == "Error: bad Wikidata id 'Q1０': Q followed by digits, e.g. Q30"
    assert len(list(EventLog(seed_log).read())) == 33
