"""``tracker extract --review``: each proposal with its evidence, the actor names and the
date words highlighted; accept, edit, skip or quit. What was accepted is appended in one
append (new actors included), and the new ids are printed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from tracker.cli.event_input import read_json_items
from tracker.domain.markup import safe

if TYPE_CHECKING:
    from tracker.extract.proposals import Proposal
    from tracker.services.tracker import Tracker

_BOLD, _CYAN, _YELLOW, _RESET = "\033[1m", "\033[36m", "\033[33m", "\033[0m"


def highlighted(text: str, spans: list[tuple[int, int]], marks: list[tuple[int, int, str]]) -> str:
    """The evidence sentences, actors in bold cyan and date words in yellow."""
    out: list[str] = []
    for a, b in spans:
        pos = a
        for start, end, kind in marks:
            if start < a or end > b or start < pos:
                continue
            out.append(safe(text[pos:start]))
            colour = _CYAN if kind == "actor" else _YELLOW
            out.append(f"{_BOLD}{colour}{safe(text[start:end])}{_RESET}")
            pos = end
        out.append(safe(text[pos:b]))
        out.append(" ")
    return "".join(out).strip()


def review(
    tracker: Tracker, text: str, proposals: list[Proposal], items: list[dict[str, Any]]
) -> None:
    accepted: list[dict[str, Any]] = []
    for n, (p, item) in enumerate(zip(proposals, items, strict=True), 1):
        typer.echo(
            f"\n[{n}/{len(items)}] {item['type']} on {item['date']}  (confidence {p.confidence:.2f}, {p.rule})"
        )
        for party in p.parties:
            new = " (new actor)" if party.new is not None else ""
            typer.echo(f"    {party.role:<10} {safe(party.label)}{new}")
        typer.echo("    " + highlighted(text, p.evidence, p.highlights))
        answer = typer.prompt("accept, edit, skip or quit? [a/e/s/q]", default="s").strip().lower()
        if answer.startswith("q"):
            break
        if answer.startswith("e"):
            item["type"] = typer.prompt("type", default=item["type"])
            item["date"] = typer.prompt("date", default=item["date"])
            item["summary"] = typer.prompt("summary", default=item["summary"])
            answer = "a"
        if answer.startswith("a"):
            accepted.append(item)
    if not accepted:
        typer.echo("nothing accepted; nothing written")
        return
    result = tracker.add_events(read_json_items(accepted, "the review"), create_actors=True)
    for actor_id, name in result.new_actors:
        typer.echo(f"registered new actor {safe(name)} ({actor_id})", err=True)
    for new_id in result.ids:
        typer.echo(new_id)
