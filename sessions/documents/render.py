"""The writers that lay a report's blocks out as Markdown, DOCX and printable HTML.

They only lay out what :mod:`sessions.documents.blocks` says, so the three formats cannot say different
things. DOCX and HTML are A4 with page numbers and the organisation as author; charts are drawn by
matplotlib (PNG for DOCX, which needs a raster image; SVG inline in HTML; Markdown gets the figures' table).
"""

import html
import io
import re

from sessions.documents.blocks import LANGUAGE, Bullets, Chart, Heading, PageBreak, Paragraph, Report, Table

# --- charts ------------------------------------------------------------------------------------

_CHART_COLOURS = ("#1f5f8b", "#e0a100", "#8a8a8a", "#4a9a5a")


def _figure(chart: Chart):
    # The object API, not pyplot: no global state, safe in a server's worker thread.
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.0, 3.2), dpi=150)
    axes = figure.add_subplot()
    width = 0.8 / max(len(chart.series), 1)
    for index, (name, values) in enumerate(chart.series.items()):
        positions = [category + (index - (len(chart.series) - 1) / 2) * width
                     for category in range(len(chart.categories))]
        bars = axes.bar(positions, values, width, label=name, color=_CHART_COLOURS[index % len(_CHART_COLOURS)])
        axes.bar_label(bars, padding=2, fontsize=8)
    axes.set_xticks(range(len(chart.categories)), chart.categories)
    axes.set_title(chart.title, fontsize=11)
    axes.set_ylabel("Antal personer")
    axes.yaxis.get_major_locator().set_params(integer=True)  # type: ignore[call-arg]  # MaxNLocator's own
    axes.spines[["top", "right"]].set_visible(False)
    axes.margins(y=0.15)
    axes.legend(frameon=False, fontsize=8)
    figure.tight_layout()
    return figure


def chart_png(chart: Chart) -> bytes:
    buffer = io.BytesIO()
    _figure(chart).savefig(buffer, format="png")
    return buffer.getvalue()


def chart_svg(chart: Chart) -> str:
    buffer = io.StringIO()
    # metadata Date None: the same report gives the same file.
    _figure(chart).savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg"):]


# --- Markdown ----------------------------------------------------------------------------------

# What Markdown would read as markup in a text people wrote: raw HTML ("<script>", "<img onerror>"),
# an entity, links and images, emphasis, code, tables; at a line's start a heading, a list, a quote
# or a rule. Markup is the writer's, never the text's: every text goes through _md_text and shows as
# typed in CommonMark, GitHub and Python-Markdown alike (a backslash only before the characters all
# three take it for, an entity for the rest).
_MD_ENTITIES = {"<": "&lt;", ">": "&gt;", "|": "&#124;", "~": "&#126;"}
_MD_AMPERSAND = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_MD_SPECIAL = re.compile(r"[<>|~]")
_MD_INLINE = re.compile(r"([\\`*_\[\]])")
_MD_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)
_MD_LINE_START = re.compile(r"^(?:(#|[+-](?=[\s-]|$))|(=)(?==*[ \t]*$)|(\d+)(?=[.)](?:\s|$)))", re.MULTILINE)


def _md_line_start(found: re.Match) -> str:
    marker, equals, number = found.groups()
    # "1. x" stays a number ("1\. x"), "- x" and "# x" stay text, "===" underlines nothing.
    return f"\\{marker}" if marker else "&#61;" if equals else f"{number}\\"


def _md_text(text) -> str:
    text = _MD_AMPERSAND.sub("&amp;", str(text))
    text = _MD_SPECIAL.sub(lambda found: _MD_ENTITIES[found.group(0)], text)
    text = _MD_INLINE.sub(r"\\\1", _MD_INDENT.sub("", text))
    return _MD_LINE_START.sub(_md_line_start, text)


def _md_cell(text: str) -> str:
    return _md_text(text).replace("\n", " ")


def keeps_with_next(blocks: list, index: int) -> bool:
    """Whether block ``index`` must stay on the page of the block after it: a heading, and a line that
    leads into what follows (right under a heading and before another, or ending in a colon), so no
    page ends with a theme's heading or its lead line."""
    block = blocks[index]
    if index + 1 >= len(blocks) or isinstance(blocks[index + 1], PageBreak):
        return False
    if isinstance(block, Heading):
        return True
    if not isinstance(block, Paragraph) or block.style == "quote":
        return False
    return block.text.rstrip().endswith(":") or (
        index > 0 and isinstance(blocks[index - 1], Heading) and isinstance(blocks[index + 1], Heading))


def to_markdown(report: Report) -> bytes:
    out = [f"# {_md_cell(report.title)}", ""]
    if report.subtitle:
        out += [_md_text(report.subtitle), ""]
    for block in report.blocks:
        if isinstance(block, Heading):
            out += [f"{'#' * (block.level + 1)} {_md_cell(block.text)}", ""]
        elif isinstance(block, Paragraph):
            text = _md_text(block.text)
            if block.style == "note":
                out += [f"*{text}*", ""]
            elif block.style == "quote":
                out += ["> " + text.replace("\n", "\n> "), ""]
            else:
                out += [text, ""]
        elif isinstance(block, Bullets):
            out += [f"- {_md_text(item)}".replace("\n", "\n  ") for item in block.items] + [""]
        elif isinstance(block, Table):
            out += ["| " + " | ".join(_md_cell(cell) for cell in block.header) + " |",
                    "|" + "---|" * len(block.header)]
            out += ["| " + " | ".join(_md_cell(cell) for cell in row) + " |" for row in block.rows] + [""]
        elif isinstance(block, Chart) and block.description:
            out += [f"*{_md_text(block.title)}: {_md_text(block.description)}*", ""]
    return ("\n".join(out).rstrip("\n") + "\n").encode("utf-8")


# --- DOCX --------------------------------------------------------------------------------------

def _page_number_field(paragraph, instruction: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, None), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        else:
            element = OxmlElement("w:t")
            element.text = "1"
        run._r.append(element)


def to_docx(report: Report) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)
    properties = doc.core_properties
    properties.title = report.title
    properties.author = report.author
    properties.last_modified_by = report.author
    properties.comments = ""
    properties.language = "sv-SE"
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(11)

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Sida ")
    _page_number_field(footer, "PAGE")
    footer.add_run(" av ")
    _page_number_field(footer, "NUMPAGES")

    bullet_style = doc.styles["List Bullet"].style_id
    quote_style = doc.styles["Quote"].style_id

    def styled(text: str, style_id: str):
        # Paragraph.style= scans every style each time (about 1 s for 400 bullets); the id is the same.
        paragraph = doc.add_paragraph(text)
        paragraph._p.style = style_id
        return paragraph

    doc.add_heading(report.title, level=0)
    if report.subtitle:
        doc.add_paragraph(report.subtitle)
    for index, block in enumerate(report.blocks):
        if isinstance(block, Heading):
            doc.add_heading(block.text, level=block.level).paragraph_format.keep_with_next = True
        elif isinstance(block, Paragraph):
            if block.style == "quote":
                styled(block.text, quote_style)
            else:
                paragraph = doc.add_paragraph()
                run = paragraph.add_run(block.text)
                run.italic = block.style == "note"
                if keeps_with_next(report.blocks, index):
                    paragraph.paragraph_format.keep_with_next = True
        elif isinstance(block, Bullets):
            for item in block.items:
                styled(item, bullet_style)
        elif isinstance(block, Table):
            table = doc.add_table(rows=1, cols=len(block.header))
            table.style = doc.styles["Table Grid"]
            for cell, text in zip(table.rows[0].cells, block.header):
                cell.text = ""
                cell.paragraphs[0].add_run(text).bold = True
            for row in block.rows:
                for cell, text in zip(table.add_row().cells, row):
                    cell.text = str(text)
            doc.add_paragraph()
        elif isinstance(block, Chart):
            doc.add_picture(io.BytesIO(chart_png(block)), width=Cm(15))
            if block.description:
                caption = doc.add_paragraph()
                caption.add_run(f"{block.title}: {block.description}").italic = True
        elif isinstance(block, PageBreak):
            doc.add_page_break()
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --- printable HTML ----------------------------------------------------------------------------

_PRINT_CSS = """
@page { size: A4; margin: 25mm 25mm 28mm;
        @bottom-center { content: "Sida " counter(page) " av " counter(pages); font: 9pt sans-serif; } }
body { font: 11pt/1.45 Calibri, Carlito, "Liberation Sans", sans-serif; color: #111; max-width: 46em;
       margin: 2em auto; }
h1.title { font-size: 22pt; margin-bottom: .2em; }
h2 { font-size: 16pt; margin-top: 1.6em; break-after: avoid; }
h3 { font-size: 13pt; break-after: avoid; }
h4 { font-size: 11pt; break-after: avoid; }
h2, h3, h4, p.keep { break-after: avoid; page-break-after: avoid; }
h2 + *, h3 + *, h4 + *, p.keep + * { break-before: avoid; page-break-before: avoid; }
p.note { font-style: italic; color: #444; border-left: 3px solid #e0a100; padding-left: .6em; }
blockquote { margin: .4em 0 .8em 1.2em; font-style: italic; }
table { border-collapse: collapse; margin: .6em 0 1em; break-inside: avoid; }
th, td { border: 1px solid #999; padding: .2em .5em; text-align: left; vertical-align: top; }
figure { margin: 1em 0; break-inside: avoid; } figure svg { max-width: 100%; height: auto; }
.page-break { break-after: page; }
@media screen { .page-break { border-top: 1px dashed #bbb; margin: 2em 0; } }
"""


def to_html(report: Report) -> bytes:
    escape = html.escape
    out = ["<!DOCTYPE html>", f'<html lang="{LANGUAGE}">', "<head>", '<meta charset="utf-8">',
           f"<title>{escape(report.title)}</title>", f'<meta name="author" content="{escape(report.author)}">',
           f"<style>{_PRINT_CSS}</style>", "</head>", "<body>", f'<h1 class="title">{escape(report.title)}</h1>']
    if report.subtitle:
        out.append(f"<p>{escape(report.subtitle)}</p>")
    for index, block in enumerate(report.blocks):
        if isinstance(block, Heading):
            out.append(f"<h{block.level + 1}>{escape(block.text)}</h{block.level + 1}>")
        elif isinstance(block, Paragraph):
            if block.style == "quote":
                out.append(f"<blockquote>{escape(block.text)}</blockquote>")
            else:
                classes = " ".join(name for name in (block.style, "keep" if keeps_with_next(report.blocks, index)
                                                     else "") if name)
                css = f' class="{classes}"' if classes else ""
                out.append(f"<p{css}>{escape(block.text)}</p>")
        elif isinstance(block, Bullets):
            out.append("<ul>" + "".join(f"<li>{escape(item)}</li>" for item in block.items) + "</ul>")
        elif isinstance(block, Table):
            head = "".join(f'<th scope="col">{escape(cell)}</th>' for cell in block.header)
            body = "".join("<tr>" + "".join(f"<td>{escape(str(cell))}</td>" for cell in row) + "</tr>"
                           for row in block.rows)
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        elif isinstance(block, Chart):
            caption = f"{block.title}: {block.description}" if block.description else block.title
            out.append(f'<figure role="img" aria-label="{escape(caption)}">{chart_svg(block)}'
                       f"<figcaption>{escape(caption)}</figcaption></figure>")
        elif isinstance(block, PageBreak):
            out.append('<div class="page-break"></div>')
    out += ["</body>", "</html>"]
    return ("\n".join(out) + "\n").encode("utf-8")


WRITERS = {"md": to_markdown, "docx": to_docx, "html": to_html}
MEDIA_TYPES = {"md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8",
               "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def render(report: Report, file_format: str) -> bytes:
    if file_format not in WRITERS:
        raise ValueError(f"format must be one of {', '.join(WRITERS)}")
    return WRITERS[file_format](report)
