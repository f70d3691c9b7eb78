"""From text to events: the contacts, statements and developments a readout or an article
reports, proposed in ``tracker add-event --json``'s own format.

Pure: text and a registry snapshot in, proposals out; no I/O. A dictionary- and rule-based
pipeline over the standard library (``re``, ``html.parser``): the dictionary is the
registry (names, aliases, offices held on the day), the rules are the genre's.
"""

from tracker.extract.document import Document, InputError, decode
from tracker.extract.mentions import NewActor
from tracker.extract.pipeline import VERSION, Party, Proposal, propose
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
