"""Read article files into dataclasses. Pure: no ORM, no I/O beyond the file.

`parse_bytes` is the entry point for files, `parse_text` for pasted text. Both
return a `ParsedDocument` holding one article, or several when the page is a
compilation (or a JSONL file). Errors a user can act on are raised as `ParseError`.

Scraped pages mix the article with page furniture (site headers, share and
newsletter prompts, copyright and fair-use notices, captions, repeated
headlines) and reader comments. The cleaning below works line by line on
general signals rather than on any one site's exact lines:

- *vocabulary*: lines that open with, or consist of, words that only page
  furniture uses ("Related Articles", "Proofread by", "Copyright", "Region:",
  "click here", "newsletter", "fair use", …);
- *shape*: a short line without sentence punctuation between paragraphs is a
  heading, caption or alt text, never a checkable sentence, so it stays out of
  the text (the first one of an article is its title);
- *repetition*: a line or paragraph seen before in the same article is a
  repeated headline or lead;
- *position*: metadata and furniture cluster before the first real sentence
  (header) and after the first end-of-article marker (footer); a numbered thread
  with indented replies at the end is the reader comments.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

from claims.quantities import MONTHS

SUPPORTED_SUFFIXES = {".txt", ".md", ".markdown", ".text", ".html", ".htm", ".jsonl"}

# Bounded repeats that stop at the next opening bracket: an unclosed "[" or
# "(" would otherwise scan to the end of the text from every opening bracket
# (quadratic on hostile input).
# A target may hold one level of balanced parentheses, as Wikipedia's do:
# (https://en.wikipedia.org/wiki/Quds_Force_(Iran)).
_TARGET = r"(?:[^()\[\]\s]|\([^()\[\]\s]{0,500}\)){0,2000}"
_MARKDOWN_IMAGE = re.compile(r"!\[[^\[\]]{0,2000}\]\((?:[^()\[\]]|\([^()\[\]]{0,500}\)){0,2000}\)")
_MARKDOWN_LINK = re.compile(
    r"\[([^\[\]]{0,2000})\]\((" + _TARGET + r")(?:\s+\"[^\"\n]{0,500}\")?\)"
)
# The emphasised text may not contain its own delimiter: an unclosed "**" then
# scans only to the next one instead of to the end of a (1 MB) line, which was
# quadratic on a line of many unclosed markers.
_MARKDOWN_STRONG = re.compile(
    r"(\*\*)(?=\S)((?:(?!\*\*)[^\n])+?)(?<=\S)\*\*|(__)(?=\S)((?:(?!__)[^\n])+?)(?<=\S)__"
)
_MARKDOWN_EMPHASIS = re.compile(r"(\*)(?=\S)([^*\n]+?)(?<=\S)\*|(?<!\w)(_)(?=\S)([^_\n]+?)(?<=\S)_")
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.MULTILINE)
_MARKDOWN_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$", re.MULTILINE)
# Characters that look like spaces but are not ASCII spaces: folded to a plain
# space so offsets stay one character per character.
_ODD_SPACES = dict.fromkeys(
    map(
        ord,
        "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
        "\u202f\u205f\u3000",
    ),
    " ",
)
# Invisible characters that carry no meaning in article text. ZWNJ/ZWJ stay:
# Persian and Arabic spelling needs them.
# NUL goes too: PostgreSQL refuses it in a text column (pasted text is never
# checked by `decode`).
_INVISIBLE = dict.fromkeys(map(ord, "\x00\u200b\ufeff\u00ad\u2060\u200e\u200f\u202a\u202c"), None)
# The same as patterns: a regex scan touches only the matches, where
# str.translate with a dict looks up every character in Python.
_ODD_SPACE_RE = re.compile("[" + "".join(map(chr, _ODD_SPACES)) + "]")
_INVISIBLE_RE = re.compile("[" + "".join(map(chr, _INVISIBLE)) + "]")
_LINE_SEPARATORS = {"\u2028": "\n", "\u2029": "\n\n", "\x0b": "\n", "\x0c": "\n", "\x85": "\n"}

_TERMINAL = ".!?…:;؟۔"
_CLOSERS = "\"'”’»)]"
_WORD = re.compile(r"\w+", re.UNICODE)
_NON_ALNUM = re.compile(r"[\W_]+", re.UNICODE)
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")

# Furniture vocabulary: a line that starts with one of these is page furniture.
_FURNITURE_START = re.compile(
    r"""^(?:\W{0,3})(?:
        region|theme|proofread(?:ing)?\s+by|edited\s+by|copyright|©|\(c\)\s|disclaimer|
        featured\s+image|photo(?:\s+credit)?s?\s*:|image(?:\s+credit)?s?\s*:|caption\s*:|
        image\s+result\s+for|this\s+image\s+has|see\s+the\s+source\s+image|
        a\s+(?:screenshot|photo|picture|file\s+photo)\s+(?:from|of)|
        note\s+to\s+readers|related(?:\s+\w+)?(?:\s*/\s*\w+)?\s*:?$|read\s+(?:more|also)\b|
        post\s+your\s+comments?|leave\s+a\s+(?:comment|reply)|your\s+email\s+address|
        share\s+this|subscribe|follow\s+us|visit\s+and\s+follow|to\s+receive|
        become\s+a\s+member|comment\s+on\b|articles?\s+by\s*:|for\s+media\s+inquiries|
        donate|support\s+(?:us|our|this)|click\s+here|please\s+(?:click|scroll|share|support)|
        translation\s*:|part\s+\d+$|tags?\s*:|filed\s+under|print\s+this|
        %d\s+bloggers|like\s+this:|loading\.\.\.|advertisement|sponsored|
        all\s+rights\s+reserved|terms\s+of\s+(?:use|service)|privacy\s+policy|
        مقالات\s+ذات\s+صلة|فيديوات?\s+(?:ذات\s+صلة|متعلقة)|اقرأ\s+أيضا|مواضيع\s+ذات\s+صلة
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# Furniture vocabulary anywhere in a line that is short enough to be a prompt
# rather than an article paragraph.
_FURNITURE_ANYWHERE = re.compile(
    r"can\s+be\s+read\s+in\s+\d+\s+languages|translate\s+website|newsletter|"
    r"share\s+buttons|crosspost|cross-post|fair\s+use|copyrighted\s+material|"
    r"sole\s+responsibility\s+of\s+the\s+author|click\s+here|subscribe\b|"
    r"on\s+our\s+facebook\s+page|follow\s+us\s+on|empty\s+alt\s+attribute|"
    r"machine\s+translation|any\s+amount\s+counts|around\s+censorship",
    re.IGNORECASE,
)
# A line that ends the article: everything after it is footer (or comments).
_END_MARKER = re.compile(
    r"""^(?:\W{0,3})(?:
        proofread(?:ing)?\s+by|the\s+original\s+source\s+of\s+this\s+article|copyright|©|
        disclaimer|note\s+to\s+readers|post\s+your\s+comments?|leave\s+a\s+(?:comment|reply)|
        \d+\s+(?:comments?|responses?|replies)\b|comments?\s*(?:\(\d+\))?\s*:?$|
        reader\s+comments|%d\s+bloggers
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# "Related Articles/Videos" and the like also end an article in a compilation.
_RELATED = re.compile(
    r"^(?:\W{0,3})(?:related(?:\s+\w+)?(?:\s*/\s*\w+)?\s*:?|"
    r"مقالات\s+ذات\s+صلة|فيديوات?\s+(?:ذات\s+صلة|متعلقة)|مواضيع\s+ذات\s+صلة)\s*$",
    re.IGNORECASE,
)
_SYNDICATION = [
    re.compile(r"originally\s+(?:published|appeared|posted)\s+(?:on|in|at|by)\s+(.+)", re.I),
    re.compile(r"first\s+(?:published|appeared)\s+(?:on|in|at|by)\s+(.+)", re.I),
    re.compile(r"the\s+original\s+source\s+of\s+this\s+article\s+is\s+(.+)", re.I),
    re.compile(r"republished\s+(?:from|with\s+permission\s+from)\s+(.+)", re.I),
]
_BYLINE = re.compile(
    r"^(?:by|author|written\s+by|بقلم)\s*[:\-–]?\s+(?P<name>[^\n]{2,120}?)\s*$", re.IGNORECASE
)
_SOURCE_LINE = re.compile(r"^source\s*:\s*(?P<value>\S.*)$", re.IGNORECASE)
_DATE_LABEL = re.compile(r"^(?:date|published|posted(?:\s+on)?)\s*:\s*(?P<value>.+)$", re.I)
_LABELLED_META = re.compile(r"^(?:date|author|source|published)\s*:", re.IGNORECASE)
_PUBLISHED_INLINE = re.compile(r"published(?:\s+date)?\s*:\s*(?P<value>.{6,40})", re.I)
_URL = re.compile(r"https?://\S+")

_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_PATTERNS = [
    # January 07, 2020 / Jan. 8, 2020
    re.compile(
        rf"\b(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b", re.I
    ),
    # 15 February 2021
    re.compile(
        rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH}),?\s+(?P<year>\d{{4}})\b", re.I
    ),
    # 2020-01-07
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
]
# A line that is only a date, maybe with a time ("January 2, 2021 – 20:0").
_DATE_ONLY_LINE = re.compile(
    rf"^\W*(?:(?:{_MONTH})\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+(?:{_MONTH}),?\s+\d{{4}}|"
    r"\d{4}-\d{2}-\d{2})(?:\s*[-–—,|]?\s*(?:at\s+)?\d{1,2}(?::\d{0,2})?\s*(?:am|pm|gmt|utc)?)?\W*$",
    re.IGNORECASE,
)
_COMMENT_ITEM = re.compile(r"^\s{0,3}(\d{1,3})[.)]\s+\S")


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


# --- decoding -----------------------------------------------------------------


# Unicode categories Cc (control), Co (private use) and Cs (surrogate), less
# newlines and tabs.
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff"
    "\U000f0000-\U000ffffd\U00100000-\U0010fffd]"
)


def _looks_binary(text: str) -> bool:
    """Control characters other than newlines and tabs do not occur in text."""
    sample = text[:20000]
    if not sample:
        return False
    controls = len(_CONTROL.findall(sample))
    return controls / len(sample) > 0.01 or "\ufffd" * 3 in sample


def decode(data: bytes, name: str = "input") -> str:
    """Decode UTF-8 (with or without BOM), UTF-16/32 with a BOM, or a legacy
    single-byte encoding detected by charset-normalizer; refuse binary data and
    empty files with a clear message."""
    if not data.strip():
        raise ParseError(f"{name}: the file is empty")
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                raise ParseError(
                    f"{name}: starts with a {encoding.upper()} byte-order mark "
                    "but is not valid text in that encoding"
                ) from None
            break
    else:
        if b"\x00" in data[:8192]:
            raise ParseError(f"{name}: looks like a binary file (it contains NUL bytes), not text")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_legacy(data, name)
    if _looks_binary(text):
        raise ParseError(f"{name}: looks like a binary file, not text")
    if not text.strip():
        raise ParseError(f"{name}: the file is empty")
    return text


def _decode_legacy(data: bytes, name: str) -> str:
    from charset_normalizer import from_bytes

    results = from_bytes(data)
    best = results.best()
    if best is not None:
        # Short texts fit several code pages equally well; Windows-1252 is by far
        # the most common legacy encoding of web text, so it wins a tie.
        for match in results:
            if match.encoding == "cp1252" and match.chaos <= best.chaos:
                best = match
                break
    if best is None:
        raise ParseError(
            f"{name}: the text encoding cannot be recognised (not UTF-8, UTF-16 "
            "or a known single-byte encoding); save it as UTF-8 and try again"
        )
    return str(best)


def normalize_text(text: str) -> str:
    """NFC, plain newlines and plain spaces, so that spans into the text are stable."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for separator, replacement in _LINE_SEPARATORS.items():
        text = text.replace(separator, replacement)
    text = unicodedata.normalize("NFC", text)
    return _INVISIBLE_RE.sub("", _ODD_SPACE_RE.sub(" ", text))


def _emphasised(match: re.Match[str]) -> str:
    return match.group(2) if match.group(2) is not None else match.group(4)


def strip_markdown(text: str) -> tuple[str, list[str]]:
    """Remove image, link and emphasis syntax; return the text and the link targets."""
    links: list[str] = []

    def keep_label(match: re.Match[str]) -> str:
        target = match.group(2)
        # Only web addresses are kept: a javascript: or data: target is never a
        # source a fact-checker can open.
        if target.lower().startswith(("http://", "https://")) and target not in links:
            links.append(target)
        return match.group(1)

    text = _MARKDOWN_IMAGE.sub("", text)
    text = _MARKDOWN_LINK.sub(keep_label, text)
    text = _MARKDOWN_STRONG.sub(_emphasised, text)
    text = _MARKDOWN_EMPHASIS.sub(_emphasised, text)
    text = _MARKDOWN_HEADING.sub("", text)
    text = _MARKDOWN_RULE.sub("", text)
    return text, links


# --- line classification --------------------------------------------------------


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip(_CLOSERS + " *")
    if not stripped:
        return False
    if stripped != line.rstrip() and stripped[-1] in _TERMINAL:
        return True
    return line.rstrip()[-1] in _TERMINAL


def _word_count(line: str) -> int:
    return len(_WORD.findall(line))


def _is_heading(line: str) -> bool:
    """Short and without sentence punctuation: a title, heading, caption or alt text."""
    return not _ends_sentence(line) and _word_count(line) <= 30


@lru_cache(maxsize=4096)
def _is_furniture(line: str) -> bool:
    if _FURNITURE_START.match(line) or _RELATED.match(line):
        return True
    return _word_count(line) <= 80 and bool(_FURNITURE_ANYWHERE.search(line))


@lru_cache(maxsize=8192)
def _key(line: str) -> str:
    """Comparison key for repeated lines: letters and digits only, lower case."""
    return _NON_ALNUM.sub("", line.lower())


def _same_title(a: str, b: str) -> bool:
    ka, kb = _key(a), _key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    shorter, longer = sorted((ka, kb), key=len)
    return len(shorter) >= 15 and longer.startswith(shorter)


_ANY_DIGIT = re.compile(r"\d")


def _is_name_line(line: str) -> bool:
    """A bare byline: two to four capitalised (or Arabic) words, no digits."""
    if _ANY_DIGIT.search(line) or _ends_sentence(line):
        return False
    words = line.split()
    if not 2 <= len(words) <= 4:
        return False
    if _ARABIC_LETTER.search(line):
        return not _LATIN_LETTER.search(line)
    return all(word[0].isupper() for word in words if word[0].isalpha())


def parse_date(value: str) -> date | None:
    """The first date stated in `value`: common formats by pattern, the rest
    (other languages, relative wording) by dateparser."""
    for pattern in _DATE_PATTERNS:
        match = pattern.search(value)
        if match is None:
            continue
        month_text = match.group("month").lower().rstrip(".")
        month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text)
        try:
            return date(int(match.group("year")), month or 0, int(match.group("day")))
        except ValueError:
            continue
    if len(value) > 60:
        return None
    try:
        import dateparser
    except ImportError:  # pragma: no cover - dateparser is a dependency
        return None
    parsed = dateparser.parse(
        value, languages=["en", "ar", "fr"], settings={"STRICT_PARSING": True}
    )
    return parsed.date() if isinstance(parsed, datetime) else None


def _domain(url: str) -> str:
    host = urlparse(url).hostname or ""
    return host.removeprefix("www.")


_ENGLISH_FUNCTION_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "is",
        "that",
        "for",
        "on",
        "with",
        "as",
        "was",
        "were",
        "by",
        "at",
        "from",
        "it",
        "this",
        "be",
        "are",
        "has",
        "have",
        "had",
        "which",
        "not",
        "but",
        "his",
        "he",
        "they",
        "their",
        "its",
        "an",
        "or",
        "who",
        "will",
        "would",
        "been",
    ]
)


@lru_cache(maxsize=1)
def _langid():  # type: ignore[no-untyped-def]
    import py3langid

    return py3langid


def detect_language(text: str) -> str:
    """ISO 639-1 code of the article's language (English and Arabic at least)."""
    sample = text[:3000]
    arabic = len(_ARABIC_LETTER.findall(sample))
    latin = len(_LATIN_LETTER.findall(sample))
    if not arabic and not latin:
        return ""
    if arabic > latin * 2 and not re.search("[پچژگ]", sample):
        return "ar"
    words = _WORD.findall(sample.lower())
    if (
        len(words) >= 20
        and sum(1 for w in words if w in _ENGLISH_FUNCTION_WORDS) / len(words) > 0.2
    ):
        # Plainly English: no need to load the language model (a second at start-up).
        return "en"
    return str(_langid().classify(sample)[0])


# --- article structure ----------------------------------------------------------


@dataclass
class _Meta:
    title: str = ""
    byline: str = ""
    published: date | None = None
    outlet: str = ""
    url: str = ""
    syndicated_from: str = ""


def _lines(text: str) -> list[str]:
    """Non-empty lines, with paragraphs broken across lines joined again."""
    raw = [line.rstrip() for line in text.split("\n")]
    wrapped = _hard_wrapped(raw)
    out: list[str] = []
    previous_blank = True
    for line in raw:
        if not line.strip():
            previous_blank = True
            out.append("")
            continue
        stripped = line.strip()
        if (
            out
            and not previous_blank
            and out[-1]
            and _continues(out[-1], stripped, wrapped=wrapped)
        ):
            out[-1] = out[-1] + " " + stripped
        elif (
            out
            and previous_blank
            and _last_nonblank(out)
            and _continues(_last_nonblank(out), stripped, across_blank=True)
        ):
            # "…among Iraqis of the same" / "camp." split by the scraper.
            index = max(i for i, value in enumerate(out) if value)
            out[index] = out[index].rstrip() + " " + stripped
            del out[index + 1 :]
        else:
            out.append(line if _COMMENT_ITEM.match(line) or line.startswith("    ") else stripped)
        previous_blank = False
    return out


def _last_nonblank(lines: list[str]) -> str:
    for line in reversed(lines):
        if line:
            return line
    return ""


def _hard_wrapped(raw: list[str]) -> bool:
    """Most longer lines run straight into a next line: the text was wrapped
    at a fixed width, so a line break inside a block is not a paragraph end."""
    long_lines = [i for i, line in enumerate(raw[:-1]) if len(line.strip()) >= 40]
    if len(long_lines) < 3:
        return False
    running_on = sum(1 for i in long_lines if raw[i + 1].strip())
    return running_on / len(long_lines) >= 0.6 and max(len(line) for line in raw) <= 100


def _continues(previous: str, line: str, across_blank: bool = False, wrapped: bool = False) -> bool:
    if _ends_sentence(previous):
        return False
    if not line[:1].islower():
        # A hard-wrapped paragraph: a long unfinished line runs on into the next.
        return (
            wrapped
            and not across_blank
            and len(previous) >= 40
            and not _COMMENT_ITEM.match(line)
            and not _BYLINE.match(line)
            and not _LABELLED_META.match(line)
            and not _DATE_ONLY_LINE.match(line)
        )
    if across_blank:
        # Only a long unfinished paragraph continues across a blank line.
        return _word_count(previous) > 12
    return True


def _split_comments(lines: list[str]) -> tuple[list[str], list[str]]:
    """Separate a trailing thread of numbered reader comments (with indented
    replies and signatures) from the article."""
    for index, line in enumerate(lines):
        match = _COMMENT_ITEM.match(line)
        if not match or match.group(1) != "1":
            continue
        rest = [item for item in lines[index:] if item.strip()]
        numbered = sum(1 for item in rest if _COMMENT_ITEM.match(item))
        indented = sum(1 for item in rest if item.startswith(("  ", "\t")))
        if indented == len(rest) and (numbered >= 2 or len(rest) >= 3):
            return lines[:index], [item.strip() for item in rest]
    return lines, []


def _read_meta_line(line: str, meta: _Meta, in_header: bool) -> bool:
    """Record what a metadata line says; True when the line is metadata."""
    match = _SOURCE_LINE.match(line)
    if match:
        value = match.group("value").strip()
        url = _URL.search(value)
        if url:
            meta.url = meta.url or url.group(0).rstrip(".,)")
            meta.outlet = meta.outlet or _domain(url.group(0))
        else:
            meta.outlet = meta.outlet or value.rstrip(".")
        return True
    match = _DATE_LABEL.match(line)
    if match:
        meta.published = meta.published or parse_date(match.group("value"))
        return True
    if _DATE_ONLY_LINE.match(line):
        meta.published = meta.published or parse_date(line)
        return True
    if not in_header:
        return False
    match = _PUBLISHED_INLINE.search(line)
    if match and (_word_count(line) <= 60 or line.rstrip().endswith("|")):
        meta.published = meta.published or parse_date(match.group("value"))
        by = re.search(r"\bBy\s+(?P<name>[\w .'-]{2,60}?)\s*Published", line)
        if by:
            _read_byline(by.group("name"), meta)
        return True
    match = _BYLINE.match(line)
    if match and not _ends_sentence(line.rstrip(".")) and _word_count(line) <= 14:
        _read_byline(match.group("name"), meta)
        return True
    # "Global Research, January 07, 2020" / "Elijah J. Magnier 5 January 2020"
    for pattern in _DATE_PATTERNS:
        found = pattern.search(line)
        if found and _word_count(line[: found.start()]) <= 6 and _is_heading(line):
            before = line[: found.start()].strip(" ,–-|")
            meta.published = meta.published or parse_date(line)
            if before and line[: found.start()].rstrip().endswith(","):
                meta.outlet = meta.outlet or before
            elif before and not meta.byline:
                meta.byline = before
            return True
    return False


def _read_byline(name: str, meta: _Meta) -> None:
    name = re.sub(r"\s*[:|]\s*@\w+.*$", "", name).strip(" ,.-–")
    outlet = ""
    match = re.match(r"(?P<who>.+?)\s+for\s+(?P<outlet>.+)$", name, re.I)
    if match:
        name, outlet = match.group("who"), match.group("outlet")
    else:
        parts = re.split(r"\s*(?:,|\s-|-\s|–)\s*", name, maxsplit=1)
        if len(parts) == 2 and parts[0].lower() in {"staff", "editorial staff", "news desk"}:
            name, outlet = parts
            if outlet.lower() in {"agencies", "agency", "wires"}:
                outlet = ""
    meta.byline = meta.byline or name.strip()
    if outlet:
        meta.outlet = meta.outlet or outlet.strip()


def _syndication(line: str) -> str:
    for pattern in _SYNDICATION:
        match = pattern.search(line)
        if match:
            return match.group(1).strip().rstrip(".").strip()
    return ""


def _clean_article(lines: list[str], title_hint: str = "") -> tuple[_Meta, list[str], list[str]]:
    """Split one article's lines into metadata, body paragraphs and comments."""
    meta = _Meta(title=title_hint)
    lines, comments = _split_comments(lines)
    content = [line.strip() for line in lines if line.strip()]
    if (
        not meta.title
        and content
        and _is_heading(content[0])
        and not _is_furniture(content[0])
        and (not _read_meta_line(content[0], _Meta(), in_header=True) or len(content) == 1)
    ):
        meta.title = content[0]
        content = content[1:]
    # Footer: from the first end-of-article marker on (but not before any body).
    body_seen = False
    footer: list[str] = []
    kept: list[str] = []
    for index, line in enumerate(content):
        if body_seen and _END_MARKER.match(line):
            footer = content[index:]
            break
        kept.append(line)
        if _ends_sentence(line) and not _is_furniture(line) and _word_count(line) > 6:
            body_seen = True
    for line in footer + kept:
        found = _syndication(line)
        if found and (not meta.syndicated_from or "original source" not in line.lower()):
            meta.syndicated_from = found if not meta.syndicated_from else meta.syndicated_from
    # Header: metadata and furniture before the first real sentence; a dek
    # (standfirst) that precedes a byline or date belongs to the header too.
    repeated = 0
    while repeated < len(kept) and meta.title and _same_title(kept[repeated], meta.title):
        repeated += 1
    kept = kept[repeated:]
    if (
        kept
        and meta.title
        and _is_name_line(kept[0])
        and not _is_furniture(kept[0])
        and not _read_meta_line(kept[0], _Meta(), in_header=True)
    ):
        # A bare author name right under the headline.
        meta.byline = meta.byline or kept[0]
        kept = kept[1:]
    body: list[str] = []
    header_limit = 10
    last_meta = -1
    for index, line in enumerate(kept[:header_limit]):
        if _read_meta_line(line, meta, in_header=True) or _is_furniture(line):
            last_meta = index
        elif not _is_heading(line) and not any(
            _read_meta_line(other, _Meta(), in_header=True) for other in kept[index + 1 : index + 3]
        ):
            break
    seen: list[str] = []
    for index, line in enumerate(kept):
        if index <= last_meta and index < header_limit:
            continue
        if _read_meta_line(line, meta, in_header=False) or _is_furniture(line):
            continue
        if _syndication(line) and _word_count(line) <= 25:
            continue
        if meta.title and _same_title(line, meta.title):
            continue
        if _is_heading(line):
            continue
        key = _key(line)
        if not key or any(key == other or key.endswith(other) for other in seen if other):
            continue
        if not body and _looks_like_bio(line, meta):
            continue
        seen.append(key)
        body.append(line)
    return meta, body, comments


def _looks_like_bio(line: str, meta: _Meta) -> bool:
    return bool(re.match(r"^[A-Z][\w.\- ]+,\s+(?:Ph\.?D\.?|M\.?D\.?),\s+is\b", line))


def _paragraph_text(paragraphs: list[str]) -> str:
    return "\n\n".join(" ".join(p.split()) for p in paragraphs)


# --- compilations ---------------------------------------------------------------


def _find_article_starts(lines: list[str]) -> list[int]:
    """Indexes (into `lines`) where a new article begins in a compilation page.

    A start is a heading-like line that is confirmed by what surrounds it: the
    same headline repeated just below it (how these pages print titles), a
    byline, author, date or source line right after it, a bare author name
    followed by text, or a "Related …" block or a wide gap just before it."""
    indexes = [i for i, line in enumerate(lines) if line.strip()]
    starts = [indexes[0]] if indexes else []
    current_title = lines[indexes[0]].strip() if indexes else ""
    for position, i in enumerate(indexes[1:], start=1):
        line = lines[i].strip()
        if (
            lines[i].startswith("        ")  # a right-aligned signature, not a headline
            or not (_is_heading(line) or _word_count(line) <= 30)
            or _is_furniture(line)
            or _same_title(line, current_title)
            or _read_meta_line(line, _Meta(), in_header=True)
        ):
            continue
        following = [lines[j].strip() for j in indexes[position + 1 : position + 5]]
        following = [f for f in following if not _is_furniture(f)][:3]
        previous = lines[indexes[position - 1]].strip()
        blank_gap = i - indexes[position - 1] - 1
        repeated = any(_same_title(line, f) for f in following)
        meta_after = any(_read_meta_line(f, _Meta(), in_header=True) for f in following[:2])
        labelled_after = any(_LABELLED_META.match(f) for f in following[:2])
        name_after = bool(following) and _is_name_line(following[0]) and len(following) > 1
        after_related = bool(_RELATED.match(previous)) or blank_gap >= 2
        heading = _is_heading(line)
        if (
            repeated
            or labelled_after
            or (heading and (meta_after or name_after))
            or (heading and after_related and _word_count(line) >= 3)
        ):
            if starts and not _has_body(lines, starts[-1], i):
                if not (repeated or name_after):
                    # Still in the previous headline's header (a second title, a dek).
                    continue
                # The previous headline had no text of its own (a bilingual
                # heading above two versions): this one starts the article.
                starts[-1] = i
            else:
                starts.append(i)
            current_title = line
        elif (
            heading
            and _word_count(line) >= 4
            and following
            and _is_heading(following[0])
            and _word_count(following[0]) >= 8
            and not _same_title(following[0], current_title)
            and _ends_sentence(previous)
        ):
            # Headline directly followed by a standfirst without a full stop.
            starts.append(i)
            current_title = line
    return starts


def _has_body(lines: list[str], start: int, end: int) -> bool:
    return any(
        _ends_sentence(line) and _word_count(line) > 8 and not _is_furniture(line)
        for line in lines[start:end]
    )


def _split_compilation(lines: list[str]) -> list[list[str]]:
    starts = _find_article_starts(lines)
    if len(starts) < 3:
        return [lines]
    pieces = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(lines)
        pieces.append(lines[start:end])
    return pieces


# --- entry points ---------------------------------------------------------------


# An excerpt marked as one ("[…] My first comment …", "… follow this closely.
# […]"): the mark is the editor's, not the first or last words of the article.
_EDGE_ELISION = re.compile(r"^[\[(](?:…|\.{3})[\])]\s*|\s*[\[(](?:…|\.{3})[\])]$")


def _build_article(lines: list[str], links: list[str], title: str = "") -> ParsedArticle | None:
    meta, body, comments = _clean_article(lines, title)
    if not body:
        return None
    text = _EDGE_ELISION.sub("", _paragraph_text(body).strip())
    if not text:
        return None
    return ParsedArticle(
        title=meta.title[:500],
        text=text,
        byline=meta.byline,
        published=meta.published,
        outlet=meta.outlet,
        url=meta.url,
        language=detect_language(text),
        comments="\n\n".join(comments),
        links=[link for link in links if any(link in line for line in lines)] or links,
        syndicated_from=meta.syndicated_from,
    )


def parse_text(text: str, source_name: str = "pasted text", title: str = "") -> ParsedDocument:
    """Parse plain or Markdown text: one article, or the articles of a compilation."""
    text = normalize_text(text)
    if not text.strip():
        raise ParseError(f"{source_name}: no article text found")
    link_targets: list[str] = []
    stripped, link_targets = strip_markdown(text)
    lines = _lines(stripped)
    pieces = _split_compilation(lines)
    articles: list[ParsedArticle] = []
    for index, piece in enumerate(pieces):
        hint = title if index == 0 and len(pieces) == 1 else ""
        if len(pieces) > 1:
            # The line that opened the piece is its headline (it may end with a full stop).
            hint = next(line.strip() for line in piece if line.strip())
        article = _build_article(piece, [], hint)
        if article is not None:
            articles.append(article)
    if not articles:
        raise ParseError(f"{source_name}: no article text found (only headings or page furniture)")
    if len(articles) == 1:
        articles[0].links = link_targets
    else:
        for article in articles:
            article.links = [link for link in link_targets if link in text]
    is_compilation = len(articles) > 1
    page_text = _paragraph_text([line for line in lines if line.strip()])
    return ParsedDocument(
        articles=articles,
        source_name=source_name,
        page_text=page_text,
        is_compilation=is_compilation,
    )


def parse_html(html: str, source_name: str = "page.html") -> ParsedDocument:
    """Main content of an HTML page (trafilatura; no network): scripts, navigation
    and the comments section are dropped from the text, comments kept apart."""
    import trafilatura
    from trafilatura.metadata import extract_metadata

    markdown = trafilatura.extract(
        html,
        output_format="markdown",
        include_links=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        favor_recall=True,
        with_metadata=False,
    )
    if not markdown or not markdown.strip():
        raise ParseError(f"{source_name}: no article text found in the HTML page")
    comments = trafilatura.extract(
        html, output_format="txt", include_comments=True, favor_recall=True
    )
    metadata = extract_metadata(html)
    document = parse_text(markdown, source_name=source_name)
    document.is_compilation = False
    article = document.articles[0]
    if len(document.articles) > 1:
        article.text = "\n\n".join(a.text for a in document.articles)
        article.language = detect_language(article.text)
        document.articles = [article]
    if metadata is not None:
        article.title = (metadata.title or article.title or "")[:500]
        article.byline = article.byline or (metadata.author or "")
        article.outlet = article.outlet or (metadata.sitename or "")
        article.url = article.url or (metadata.url or "")
        if metadata.date and not article.published:
            article.published = parse_date(metadata.date)
    if comments:
        main_text = trafilatura.extract(html, output_format="txt", favor_recall=True) or ""
        extra = comments[len(main_text) :].strip() if comments.startswith(main_text) else ""
        article.comments = normalize_text(extra)
    document.page_text = article.text
    return document


def parse_jsonl(text: str, source_name: str = "articles.jsonl") -> ParsedDocument:
    """One article per line: `text` and optional title, outlet, url, published,
    author, language. A bad line is refused with its line number."""
    articles: list[ParsedArticle] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ParseError(f"{source_name}, line {number}: not valid JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise ParseError(f"{source_name}, line {number}: expected a JSON object")
        body = record.get("text")
        if not isinstance(body, str) or not body.strip():
            raise ParseError(f'{source_name}, line {number}: no "text" field with article text')
        for key in ("title", "outlet", "url", "published", "author", "language"):
            if key in record and record[key] is not None and not isinstance(record[key], str):
                raise ParseError(f'{source_name}, line {number}: "{key}" must be a string')
        published = None
        if record.get("published"):
            published = parse_date(record["published"])
            if published is None:
                raise ParseError(
                    f"{source_name}, line {number}: published {record['published']!r} is not a date"
                )
        try:
            parsed = parse_text(body, source_name=f"{source_name}, line {number}")
        except ParseError:
            raise ParseError(f"{source_name}, line {number}: no article text found") from None
        article = parsed.articles[0]
        if len(parsed.articles) > 1:
            article.text = "\n\n".join(a.text for a in parsed.articles)
        article.title = (record.get("title") or article.title or "").strip()[:500]
        article.outlet = (record.get("outlet") or article.outlet or "").strip()
        article.url = (record.get("url") or article.url or "").strip()
        article.byline = (record.get("author") or article.byline or "").strip()
        article.published = published or article.published
        article.language = (record.get("language") or "").strip() or detect_language(article.text)
        articles.append(article)
    if not articles:
        raise ParseError(f"{source_name}: no articles in the file")
    return ParsedDocument(articles=articles, source_name=source_name)


def parse_bytes(data: bytes, filename: str) -> ParsedDocument:
    suffix = Path(filename).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ParseError(
            f"{filename}: unsupported file type {suffix or '(none)'}; "
            f"expected one of {', '.join(sorted(SUPPORTED_SUFFIXES))}"
        )
    text = decode(data, filename)
    if suffix in {".html", ".htm"}:
        return parse_html(text, source_name=filename)
    if suffix == ".jsonl":
        return parse_jsonl(normalize_text(text), source_name=filename)
    return parse_text(text, source_name=filename)


def parse_file(path: Path) -> ParsedDocument:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(f"{path}: cannot be read ({exc.strerror})") from None
    return parse_bytes(data, path.name)
