"""Read article files into dataclasses. Pure: no ORM, no I/O beyond the file.

`parse_bytes` is the entry point for files, `parse_text` for pasted text. Both
return a `ParsedDocument` holding one article, or several when the page is a
compilation. Errors a user can act on are raised as `ParseError`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

SUPPORTED_SUFFIXES = {".txt", ".md", ".markdown", ".text"}

_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
_MARKDOWN_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
# Characters that look like spaces but are not ASCII spaces: folded to a plain
# space so offsets stay one character per character.
_ODD_SPACES = dict.fromkeys(
    map(
        ord,
        "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000",
    ),
    " ",
)
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\ufeff"), None)


class ParseError(ValueError):
    """The file cannot be read as an article; the message says why."""


@dataclass
class ParsedArticle:
    title: str
    text: str
    byline: str = ""
    published: date | None = None
    outlet: str = ""
    url: str = ""
    language: str = ""
    comments: str = ""
    links: list[str] = field(default_factory=list)
    syndicated_from: str = ""

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)


@dataclass
class ParsedDocument:
    """What one file or paste holds: its articles and, for a compilation, the
    page they were found on."""

    articles: list[ParsedArticle]
    source_name: str = ""
    page_text: str = ""
    is_compilation: bool = False


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def decode(data: bytes, name: str = "input") -> str:
    """Decode UTF-8 (with or without BOM); refuse binary data with a clear message."""
    if b"\x00" in data[:4096]:
        raise ParseError(f"{name}: looks like a binary file (it contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(
            f"{name}: not valid UTF-8 text (byte {exc.start} cannot be decoded)"
        ) from None
    return text


def normalize_text(text: str) -> str:
    """NFC, plain newlines and plain spaces, so that spans into the text are stable."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_ODD_SPACES).translate(_ZERO_WIDTH)


def strip_markdown(text: str) -> tuple[str, list[str]]:
    """Remove link and emphasis syntax; return the text and the link targets."""
    links: list[str] = []

    def keep_label(match: re.Match[str]) -> str:
        target = match.group(2)
        if target and target != "#":
            links.append(target)
        return match.group(1)

    text = _MARKDOWN_LINK.sub(keep_label, text)
    text = _MARKDOWN_EMPHASIS.sub(r"\2", text)
    text = re.sub(r"^#{1,6}\s+", "", text, flags=re.MULTILINE)
    return text, links


def _tidy(text: str) -> str:
    lines = [line.strip() for line in text.split("\n")]
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current) if len(current) > 1 else current[0])
            current = []
    if current:
        paragraphs.append(" ".join(current) if len(current) > 1 else current[0])
    return "\n\n".join(paragraphs)


def _split_title(text: str) -> tuple[str, str]:
    """The first line is the title when it reads like one (short, no full stop)."""
    first, _, rest = text.partition("\n\n")
    if first and len(first) <= 200 and not first.rstrip().endswith((".", "?", "!", ":")) and rest:
        return first.strip(), rest.strip()
    return "", text


def parse_text(text: str, source_name: str = "pasted text", title: str = "") -> ParsedDocument:
    text = normalize_text(text)
    text, links = strip_markdown(text)
    text = _tidy(text)
    found_title, body = _split_title(text)
    if not body.strip():
        raise ParseError(f"{source_name}: no article text found")
    article = ParsedArticle(title=title or found_title, text=body, links=links)
    return ParsedDocument(articles=[article], source_name=source_name, page_text=text)


def parse_bytes(data: bytes, filename: str) -> ParsedDocument:
    suffix = Path(filename).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ParseError(
            f"{filename}: unsupported file type {suffix or '(none)'}; "
            f"expected one of {', '.join(sorted(SUPPORTED_SUFFIXES))}"
        )
    if not data.strip():
        raise ParseError(f"{filename}: the file is empty")
    return parse_text(decode(data, filename), source_name=filename)


def parse_file(path: Path) -> ParsedDocument:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(f"{path}: cannot be read ({exc.strerror})") from None
    return parse_bytes(data, path.name)
