"""Read documents (PDF, Word, HTML, text) into cleaned pages of text.

Extractions are messy: words hyphenated at line ends, page headers and footers, letter-spaced
titles ("v e r s t e r k e n"), double spaces. Cleaning repairs what it safely can and keeps
page numbers, so a passage can always be cited.
"""

import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

from sociale_staat.core.errors import InputError

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

MAX_BYTES = 50 * 1024 * 1024  # larger files are refused, not half-indexed


@dataclass
class Block:
    """A heading or a paragraph of running text, with the page it starts on (None: unpaged)."""

    text: str
    page: int | None
    heading: bool = False


@dataclass
class Extracted:
    blocks: list[Block]
    title: str | None = None
    pages: int | None = None


def extract(path: Path) -> Extracted:
    """Read any supported document; InputError says why one cannot be read."""
    if not path.is_file():
        raise InputError(f"{path}: bestand niet gevonden")
    size = path.stat().st_size
    if size == 0:
        raise InputError(f"{path}: het bestand is leeg")
    if size > MAX_BYTES:
        raise InputError(
            f"{path}: te groot ({size // 1_000_000} MB; maximaal {MAX_BYTES // 1_000_000} MB)"
        )
    match path.suffix.lower():
        case ".pdf":
            result = _pdf(path)
        case ".docx":
            result = _docx(path)
        case ".html" | ".htm":
            result = Extracted(_text_blocks(_html_text(_decode(path)), None))
        case ".txt" | ".md":
            result = Extracted(_text_blocks(_decode(path), None))
        case other:
            raise InputError(
                f"{path}: bestandstype '{other}' wordt niet ondersteund (pdf, docx, html, txt)"
            )
    result = _without_controls(result)
    if not any(b.text.strip() for b in result.blocks):
        raise InputError(f"{path}: geen tekst gevonden")
    return result


# Control characters (NUL and the like, never text a reader sees) are dropped: PostgreSQL
# refuses NUL in text, and the same document must read the same on both databases.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _without_controls(result: Extracted) -> Extracted:
    blocks = [Block(_CONTROLS.sub("", b.text), b.page, b.heading) for b in result.blocks]
    title = _CONTROLS.sub("", result.title).strip() or None if result.title else None
    return Extracted(blocks, title, result.pages)


# --- formats ---------------------------------------------------------------------------------


def _decode(path: Path) -> str:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{path}: tekst is geen UTF-8 of Windows-1252")


def _pdf(path: Path) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise InputError(f"{path}: pdf is met een wachtwoord beveiligd")
            except NotImplementedError:
                raise InputError(
                    f"{path}: pdf is versleuteld op een manier die niet te lezen is"
                ) from None
        pages = [page.extract_text() or "" for page in reader.pages]
        title = (reader.metadata.title if reader.metadata else None) or None
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, OSError) as err:
        raise InputError(
            f"{path}: beschadigde of ongeldige pdf ({err.__class__.__name__}: {str(err)[:200]})"
        ) from None
    except Exception as err:  # pypdf on a damaged file raises almost any type
        raise InputError(f"{path}: beschadigde pdf ({err.__class__.__name__})") from None
    if not any(p.strip() for p in pages):
        raise InputError(
            f"{path}: pdf zonder tekstlaag (gescand?); tekstherkenning (OCR) is nog niet ingebouwd"
        )
    pages = _strip_running_lines(pages)
    blocks: list[Block] = []
    for number, text in enumerate(pages, start=1):
        blocks += _text_blocks(text, number)
    return Extracted(blocks, title=title if isinstance(title, str) else None, pages=len(pages))


def _docx(path: Path) -> Extracted:
    import zipfile

    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(str(path))
        return _docx_blocks(document)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as err:
        raise InputError(f"{path}: geen geldig Word-bestand ({err.__class__.__name__})") from None
    except Exception as err:  # a damaged package fails in zip, XML or docx code
        raise InputError(f"{path}: beschadigd Word-bestand ({err.__class__.__name__})") from None


def _docx_blocks(document: "DocxDocument") -> Extracted:
    blocks = []
    for paragraph in document.paragraphs:
        text = clean_line_spacing(paragraph.text).strip()
        if text:
            style = (paragraph.style.name if paragraph.style is not None else "") or ""
            blocks.append(
                Block(text, None, heading=style.lower().startswith(("heading", "kop", "title")))
            )
    for table in document.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells if c.text.strip()]
            if cells:
                blocks.append(Block(" | ".join(dict.fromkeys(cells)), None))
    title = document.core_properties.title or None
    return Extracted(blocks, title=title)


class _HTMLText(HTMLParser):
    _SKIP = frozenset({"script", "style", "nav", "footer", "header", "noscript"})
    _BLOCK = frozenset(
        {"p", "div", "li", "br", "tr", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self.skipping:
            self.skipping -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def _html_text(html: str) -> str:
    parser = _HTMLText()
    parser.feed(html)
    return "".join(parser.parts)


# --- cleaning --------------------------------------------------------------------------------

_TERMINAL = (".", "!", "?", ":", ";", "”", '"', "’", ")")
_KEEP_HYPHEN = re.compile(r"(?:\b[a-zA-Z]{1,4}|\d|[A-Z]{2,}\w*)$")  # mbo-, niet-, E-, 4-, ICT-


def is_letter_spaced(line: str) -> bool:
    parts = line.split()
    return len(parts) >= 3 and sum(len(p) == 1 for p in parts) >= 0.7 * len(parts)


def clean_line_spacing(line: str) -> str:
    """Collapse letter-spaced text ('v e r s t e' -> 'verste') and runs of spaces."""
    if is_letter_spaced(line):
        words = re.split(r"\s{2,}", line.strip())
        return " ".join(w.replace(" ", "") for w in words)
    return re.sub(r"[ \t\u00a0]+", " ", line)


def _merge_letter_spaced(raw: list[str]) -> list[str]:
    """A letter-spaced title broken over lines ('v e r s t e' / 'r k e n  l e'): glue the
    fragments back together before collapsing, since words run across the breaks."""
    out: list[str] = []
    run: list[str] = []
    for line in [*raw, ""]:
        if is_letter_spaced(line):
            run.append(line.rstrip("\n"))
            continue
        if run and not line.strip():
            continue  # blank lines inside the run
        if run:
            out += [clean_line_spacing("".join(run)), ""]
            run = []
        out.append(line)
    return out[:-1]


def _strip_running_lines(pages: list[str]) -> list[str]:
    """Drop page headers and footers: first or last lines repeated on a third of the pages
    (page numbers compared with the digits taken out)."""
    if len(pages) < 3:
        return pages

    def key(line: str) -> str:
        return re.sub(r"\d+", "#", line.strip().lower())

    counts: Counter[str] = Counter()
    for page in pages:
        lines = [ln for ln in page.splitlines() if ln.strip()]
        for line in {*(lines[:2]), *(lines[-2:])}:
            counts[key(line)] += 1
    running = {k for k, n in counts.items() if n >= max(3, len(pages) // 3)}
    return ["\n".join(ln for ln in page.splitlines() if key(ln) not in running) for page in pages]


def _text_blocks(text: str, page: int | None) -> list[Block]:
    """Split running text into headings and paragraphs, joining lines and hyphenated words."""
    raw = _merge_letter_spaced(text.replace("\r", "").split("\n"))
    lines = [clean_line_spacing(ln).strip() for ln in raw]
    blocks: list[Block] = []
    blank_run = 0
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            joined = _join(buffer)
            if joined:
                blocks.append(Block(joined, page))
            buffer.clear()

    for index, line in enumerate(lines):
        if not line:
            # A blank line ends a paragraph only after a finished sentence: many extractions
            # put a blank line after every line of running text. Two or more always do.
            blank_run += 1
            if buffer and (buffer[-1].endswith(_TERMINAL) or blank_run >= 2):
                flush()
            continue
        blank_run = 0
        if re.fullmatch(r"\d{1,3}", line):
            continue  # a stray page number
        nxt = next((ln for ln in lines[index + 1 :] if ln), "")
        if _is_heading(line, nxt, buffer):
            flush()
            blocks.append(Block(line, page, heading=True))
            continue
        if line.startswith(("•", "- ", "– ", "* ")) and buffer:
            flush()
        buffer.append(line)
    flush()
    return blocks


def _is_heading(line: str, nxt: str, buffer: list[str]) -> bool:
    from sociale_staat.core.text import STOPWORDS

    words = line.split()
    return (
        1 <= len(words) <= 9
        and words[-1].lower() not in STOPWORDS  # 'Over die vraag gingen ... uit' runs on
        and len(line) <= 80
        and line[0].isupper()
        and not line.endswith((*_TERMINAL, ",", "-"))
        and not line.startswith(("•", "“", '"'))
        and (not buffer or buffer[-1].endswith(_TERMINAL))
        and bool(nxt)
        and (nxt[0].isupper() or nxt[0] in '•“"')
    )


def _join(lines: list[str]) -> str:
    text = ""
    for line in lines:
        if text.endswith("-") and line[:1].islower():
            stem = text[:-1].rsplit(" ", 1)[-1]
            text = text if _KEEP_HYPHEN.search(stem) else text[:-1]  # 'Univer-' + 'siteit'
            text += line
        else:
            text = f"{text} {line}" if text else line
    return re.sub(r"\s+", " ", text).strip()
