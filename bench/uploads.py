"""Time and peak memory of reading a strategy upload: a long normal one, and each hostile file.

Each case runs in a fresh Python process. Just before the reading its peak resident memory (VmHWM)
is reset to what it holds then (Python, lxml, the file's bytes; Linux's clear_refs), so "peak" is
the highest the reading took it and "grew" is how much the reading itself added. The files are
made by tests/support/hostile_files.py (the 1 GB bomb here, once, a few seconds), small on disk. For
comparison, the 5,000-paragraph strategy is also read the way it was before (python-docx).

    .venv/bin/python bench/uploads.py
"""

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "tests"))

GB = 1024 * 1024 * 1024


def _status_mb(field: str) -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field + ":")) / 1024


def _reset_peak() -> None:
    with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
        refs.write("5")


def python_docx_text(content: bytes) -> str:
    """The strategy's DOCX read as it was before (python-docx; paragraph.style scans every style)."""
    from docx import Document

    lines = []
    for paragraph in Document(io.BytesIO(content)).paragraphs:
        text = " ".join(paragraph.text.split())
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "").lower()
        properties = paragraph._p.pPr
        numbering = properties.numPr if properties is not None else None
        if style == "title" or style.startswith(("heading", "rubrik")):
            level = int(style.rsplit(" ", 1)[-1]) if style[-1:].isdigit() else 1
            lines += [f"{'#' * min(level, 6)} {text}", ""]
        elif numbering is not None or style.startswith(("list", "liststycke")):
            depth = numbering.ilvl.val if numbering is not None and numbering.ilvl is not None else 0
            lines.append(f"{'  ' * depth}- {text}")
        else:
            lines += ["", text, ""]
    return "\n".join(lines)


def run_case(path: str, filename: str, reader: str) -> dict:
    """In this (fresh) process: read ``path`` once as a strategy; time, memory and what came of it."""
    import docx  # noqa: F401  (loaded before the baseline, as in the server)
    import lxml.etree  # noqa: F401

    from sessions.documents.strategy_files import read_strategy
    from sessions.ground.errors import DomainError

    with open(path, "rb") as handle:
        content = handle.read()
    _reset_peak()
    baseline = _status_mb("VmRSS")
    started = time.perf_counter()
    try:
        text = python_docx_text(content) if reader == "python-docx" else read_strategy(filename, content)
        result = f"read: {len(text):,} characters"
    except DomainError as error:
        result = f"refused: {error.code}"
    seconds = time.perf_counter() - started
    peak = _status_mb("VmHWM")
    return {"seconds": seconds, "peak_mb": peak, "grew_mb": peak - baseline, "result": result,
            "file_kb": len(content) / 1024}


def cases(folder: str) -> list[tuple[str, str, str, str]]:
    """(name, path, file name, reader) of every case, the files written into ``folder``."""
    from support.hostile_files import MB, docx, hostile_strategies, normal_strategy, repeated

    made = [("normal strategy, 5,000 paragraphs (DOCX as Word writes it)", "normal.docx", normal_strategy(5000), "new"),
            ("the same, read with python-docx as before", "normal.docx", None, "python-docx")]
    bomb = docx(repeated(b" " * 1024, GB // 1024))
    made += [("zip bomb: 1 GB of XML, honest directory", "bomb.docx", bomb, "new"),
             ("zip bomb: 1 GB of XML, directory says 1 MB", "bomb-lies.docx", None, "lie")]
    made += [(name, filename, content, "new") for name, (filename, content, _) in hostile_strategies().items()]
    from support import strategy_pdfs as pdfs

    made += [("PDF: 100 pages, two columns, running heads", "normal.pdf", pdfs.two_column_strategy(100), "new"),
             ("PDF: a scanned page (no text)", "scan.pdf", pdfs.scanned(), "new"),
             ("PDF: encrypted", "locked.pdf", pdfs.encrypted(), "new"),
             ("PDF: page tree says 10 million pages", "pages.pdf", pdfs.declared_pages(10_000_000), "new"),
             ("PDF: 1,001 real pages", "many.pdf", pdfs.many_pages(1001), "new"),
             ("PDF: arrays nested 100,000 deep", "deep.pdf", pdfs.deep_nesting(), "new"),
             ("PDF: a 4.5 MB stream inflating to 1 GB", "inflate.pdf", pdfs.inflating_stream(1024), "new")]
    found, previous = [], None
    for index, (name, filename, content, reader) in enumerate(made):
        if reader == "lie":
            from support.hostile_files import declare_size

            content, reader = declare_size(previous, "word/document.xml", MB), "new"
        path = os.path.join(folder, f"{index}-{filename}")
        if content is None:
            path = found[-1][1]
        else:
            with open(path, "wb") as handle:
                handle.write(content)
            previous = content
        found.append((name, path, filename, reader))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--only", default="", help="run only the cases whose name contains this (e.g. PDF)")
    options = parser.parse_args()
    if options.case:
        print(json.dumps(run_case(*options.case)))
        return
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        listed = cases(folder)
        print(f"files made in {time.perf_counter() - started:.1f} s\n")
        print(f"{'case':58} {'file':>9} {'time':>8} {'peak':>8} {'grew':>8}  result")
        for name, path, filename, reader in listed:
            if options.only not in name:
                continue
            done = subprocess.run([sys.executable, __file__, "--case", path, filename, reader], capture_output=True,
                                  text=True, check=True, timeout=600)
            figures = json.loads(done.stdout)
            print(f"{name:58} {figures['file_kb']:7.0f}KB {figures['seconds']:7.3f}s {figures['peak_mb']:6.0f}MB "
                  f"{figures['grew_mb']:6.1f}MB  {figures['result']}")


if __name__ == "__main__":
    main()
