"""From bytes to a document: checked text (UTF-8, not binary, not too big), HTML taken
apart with the standard library's parser (scripts and styles dropped, never run or
kept), and the text cut into sentences with their character offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from tracker.domain.errors import ValidationError
from tracker.extract.dates import dateline
from tracker.extract.lexicon import TOKEN, fold

MAX_BYTES = 10 * 1024 * 1024  # a readout is a few KB, a long briefing transcript ~100 KB


class InputError(ValidationError):
    """A document the extractor cannot read (exit 2)."""


@dataclass(frozen=True)
class Document:
    text: str
    published: str | None = None  # ISO date found in the markup (HTML meta)
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    html: bool = False


@dataclass(frozen=True)
class Sentence:
    start: int  # offset of the first character in the document's text
    end: int
    text: str
    line_start: bool = False  # the sentence starts its line
    line_end: bool = False  # the sentence ends its line
    dateline: str | None = None  # ISO date, when the whole line is a date


# --------------------------------------------------------------------------- reading


def check_size(size: int, name: str) -> None:
    if size > MAX_BYTES:
        raise InputError(
            f"{name} is {size / 1_000_000:.1f} MB; extract reads documents of at most"
            f" {MAX_BYTES // (1024 * 1024)} MB (split it into its articles)"
        )


def decode(raw: bytes, name: str = "the input") -> Document:
    """Check and decode one input; HTML (by its first tag) is reduced to its text."""
    check_size(len(raw), name)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if not raw.strip():
        raise InputError(f"{name} is empty: there is no text to read")
    if b"\x00" in raw[:65536] or _binary_signature(raw):
        raise InputError(f"{name} is a binary file, not text or HTML")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name} is not valid UTF-8 (byte {exc.start}); convert it first,"
            " e.g. iconv -f WINDOWS-1252 -t UTF-8"
        ) from None
    controls = sum(1 for ch in text[:65536] if ch < " " and ch not in "\t\n\r\f")
    if controls > 8 and controls > len(text[:65536]) // 100:
        raise InputError(f"{name} is a binary file, not text or HTML")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _looks_html(text):
        return _from_html(text, name)
    return Document(text=text)


_SIGNATURES = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x7fELF")


def _binary_signature(raw: bytes) -> bool:
    return raw.startswith(_SIGNATURES)


_HTML_START = re.compile(
    r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|div|p|article)\b", re.I | re.S
)


def _looks_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:4096]))


_DROP = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "object", "head"})
_BLOCK = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "td",
        "th",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "pre",
        "hr",
        "dd",
        "dt",
        "figure",
        "figcaption",
        "main",
        "aside",
        "nav",
        "title",
    ]
)
_VOID = frozenset(
    [
        "br",
        "hr",
        "img",
        "meta",
        "link",
        "input",
        "area",
        "base",
        "col",
        "embed",
        "source",
        "track",
        "wbr",
    ]
)


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0  # depth inside dropped elements
        self.stack: list[str] = []
        self.meta: dict[str, str] = {}
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: (v or "") for k, v in attrs}
        if tag == "meta":
            key = (
                values.get("property") or values.get("name") or values.get("itemprop") or ""
            ).lower()
            if key and values.get("content"):
                self.meta.setdefault(key, values["content"])
            return
        if tag == "link" and "canonical" in values.get("rel", "").lower():
            self.meta.setdefault("canonical", values.get("href", ""))
            return
        if tag == "time" and values.get("datetime"):
            self.meta.setdefault("time", values["datetime"])
        if tag == "title":
            self.in_title = True
        if tag in _VOID:
            if tag in _BLOCK:
                self.parts.append("\n")
            return
        if tag in _DROP and tag != "head":
            self.skip += 1
        self.stack.append(tag)
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag not in self.stack:
            return
        while self.stack:
            top = self.stack.pop()
            if top in _DROP and top != "head":
                self.skip = max(0, self.skip - 1)
            if top == tag:
                break
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
            return
        if self.skip or "head" in self.stack:
            return
        self.parts.append(data)


def _from_html(markup: str, name: str) -> Document:
    parser = _TextParser()
    try:
        parser.feed(markup)
        parser.close()
    except Exception as exc:  # html.parser is lenient; this is a last resort
        raise InputError(f"{name}: the HTML cannot be read ({exc})") from None
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    text = "\n".join(line for line in lines if line)
    if not text.strip():
        raise InputError(f"{name} is HTML without any text outside scripts and styles")
    meta = parser.meta
    published = None
    for key in ("article:published_time", "datepublished", "date", "dc.date", "time"):
        found = re.match(r"\d{4}-\d{2}-\d{2}", meta.get(key, ""))
        if found:
            published = found.group()
            break
    url = meta.get("og:url") or meta.get("canonical") or None
    if url and not re.match(r"https?://\S+$", url):
        url = None
    outlet = meta.get("og:site_name") or None
    title = " ".join("".join(parser.title).split()) or meta.get("og:title") or None
    return Document(text, published, url, outlet, title, html=True)


# --------------------------------------------------------------------------- sentences

_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "hon",
        "ms",
        "dr",
        "st",
        "gen",
        "lt",
        "col",
        "sen",
        "rep",
        "gov",
        "amb",
        "adm",
        "prof",
        "jr",
        "sr",
        "no",
        "vs",
        "etc",
        "maj",
        "capt",
        "sgt",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "dept",
        "est",
        "approx",
        "fig",
        "ft",
        "mt",
    ]
)
# a full stop before a capital; or glued to the next sentence, as copies of pages often
# are ("..., Mao added.Also on Thursday"): a lower-case word, the stop, a capitalised word
_BOUNDARY = re.compile(
    r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘(]?[A-Z0-9])|(?<=[a-z]{2})[.!?][\"”’)]*(?=[A-Z][a-z]+\b)"
)
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


MAX_SENTENCE = 1500  # characters: a readout's longest sentence is a few hundred


def _bounded(body: str, a: int, b: int) -> list[tuple[int, int]]:
    """A run-on "sentence" (a page without full stops, hostile text) cut into pieces of at
    most ``MAX_SENTENCE`` characters, at a semicolon, a comma or a space: the rules read a
    sentence at a time, and their cost grows faster than its length."""
    out: list[tuple[int, int]] = []
    while b - a > MAX_SENTENCE:
        window = body[a : a + MAX_SENTENCE]
        cut = max(window.rfind("; "), window.rfind(", "))
        if cut < MAX_SENTENCE // 3:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = MAX_SENTENCE - 1
        out.append((a, a + cut + 1))
        a += cut + 1
    out.append((a, b))
    return out


_LEAD = re.compile(r"^[A-Z][A-Z .,'’-]{2,40}(?:\([^)]{1,40}\))?\s*(?:[—–]|--?)\s")
_OPEN_END = re.compile(r"[.!?:;\"”’)\]]\s*$")


def _unwrap(text: str) -> str:
    """A wire story's hard-wrapped lines ("...Defence Minister Nobuo / Kishi spoke with")
    joined, offsets kept: a line break inside a sentence becomes a space when the line
    does not end one and the next goes on in lower case, or the line is a story's lead
    ("TOKYO — ...")."""
    lines = text.split("\n")
    if len(lines) < 2:
        return text
    out = list(lines)
    for i in range(len(lines) - 1):
        this, nxt = lines[i].strip(), lines[i + 1].strip()
        if not this or not nxt or _OPEN_END.search(this):
            continue
        if nxt[0].islower() or (_LEAD.match(this) and len(this) > 30):
            out[i] = lines[i] + "\x00"
    return "\n".join(out).replace("\x00\n", " ")


_CAPS_SURNAME = re.compile(
    r"\b((?:Mr|Ms|Mrs|Dr|H\.E\. Mr|H\.E\. Ms)\.?\s+)([A-Z]{2,}) ([A-Z][a-z]+)\b(?!\s+[A-Z][a-z])"
)


def _surnames(text: str) -> str:
    """ "Mr. HAYASHI Yoshimasa" (the surname first and in capitals, as Japan's ministry
    writes names): read as "Mr. Yoshimasa Hayashi", the same length, offsets kept."""
    return _CAPS_SURNAME.sub(lambda m: f"{m.group(1)}{m.group(3)} {m.group(2).capitalize()}", text)


def sentences(text: str) -> list[Sentence]:
    """Lines are hard boundaries; within a line, a full stop before a capital splits,
    except after an abbreviation or an initial ("Mr.", "U.S.", "Antony J.")."""
    out: list[Sentence] = []
    pos = 0
    for line in _surnames(_unwrap(text)).split("\n"):
        line_start = pos
        pos += len(line) + 1
        stripped = line.strip()
        if not stripped:
            continue
        offset = line_start + (len(line) - len(line.lstrip()))
        body = stripped
        day = dateline(body)
        pieces: list[tuple[int, int]] = []
        begin = 0
        for m in _BOUNDARY.finditer(body):
            word = _WORD_BEFORE.search(body, max(0, m.start() - 64), m.start())
            if word is not None:
                token = word.group(1)
                bare = token.rstrip(".").lower()
                if bare in _ABBREVIATIONS or (len(bare) == 1 and token[0].isupper()):
                    continue
                if "." in token.rstrip("."):  # "U.S.", "D.C.": an abbreviation, not an end
                    continue
            pieces.append((begin, m.end()))
            begin = m.end()
        pieces.append((begin, len(body)))
        first = True
        kept = [(x, y) for a, b in pieces if body[a:b].strip() for x, y in _bounded(body, a, b)]
        for index, (a, b) in enumerate(kept):
            chunk = body[a:b]
            lead = len(chunk) - len(chunk.lstrip())
            chunk = chunk.strip()
            start = offset + a + lead
            out.append(
                Sentence(
                    start,
                    start + len(chunk),
                    chunk,
                    line_start=first,
                    line_end=index == len(kept) - 1,
                    dateline=day,
                )
            )
            first = False
    return out


@dataclass
class Token:
    start: int  # offset within the sentence
    end: int
    text: str
    folded: str = field(default="")


def tokens(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group(), fold(m.group())) for m in TOKEN.finditer(text)]
