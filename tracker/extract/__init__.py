"""From text to events: the contacts, statements and developments a readout or an article
reports, proposed in ``tracker add-event --json``'s own format.

Pure: text and a registry snapshot in, proposals out; no I/O (``snapshot``, the one module
that reads a read model, makes the registry). A dictionary- and rule-based
pipeline over the standard library (``re``, ``html.parser``): the dictionary is the
registry (names, aliases, offices held on the day), the rules are the genre's.
"""

from tracker.extract.document import Document, InputError, decode
from tracker.extract.pipeline import propose
from tracker.extract.proposals import VERSION, Party, Proposal
from tracker.extract.references import NewActor
from tracker.extract.registry import Actor, Office, Registry, Tie, build

__all__ = [
    "VERSION",
    "Actor",
    "Document",
    "InputError",
    "NewActor",
    "Office",
    "Party",
    "Proposal",
    "Registry",
    "Tie",
    "build",
    "decode",
    "propose",
]
