"""Markdown, DOCX and XLSX made from the export document, with Swedish headings.

Each writer reads only the document from :func:`sessions.export.build_export`, so the formats
cannot disagree. DOCX via python-docx, XLSX via openpyxl with one sheet per section.
"""

import io
import json

PHASE_NAMES = {"setup": "Förberedelse", "warmup": "Uppvärmning", "brainstorm": "Idéer",
               "prioritise": "Två prioriteringar", "theming": "Teman", "deepen": "Fördjupning",
               "closing": "Avslutning"}
FORMATS = ("json", "md", "docx", "xlsx")


def _summary(document: dict) -> list[tuple[str, str]]:
    event, method, attendance = document["event"], document["method"], document["attendance"]
    return [("Rubrik", event["title"]), ("Datum", event["date"]), ("Plats", event["place"]),
            ("Frågan för idéer", event["vision_question"]), ("Frågan för fördjupning", event["deepen_question"]),
            ("Antal bord", str(method["tables"])), ("Antal teman", str(method["themes"])),
            ("Rotationsrundor", str(len(method["rotation_rounds"]))),
            ("Inbjudna", str(attendance["invited"])), ("Anmälda", str(attendance["registered"])),
            ("Deltog", str(attendance["attended"])),
            ("Anslutna telefoner", str(attendance.get("participants_joined", 0)))]


def _line(entry: dict) -> str:
    return f"{entry['text']} (bord {entry['table']})" if entry.get("table") else entry["text"]


def to_json(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def to_markdown(document: dict) -> bytes:
    out = [f"# {document['event']['title']}", ""]
    out += [f"- **{label}:** {value}" for label, value in _summary(document)] + [""]
    out += ["## Metoden som den genomfördes", ""]
    out += [f"- {PHASE_NAMES[p['phase']]}: {p['started_at'] or ''} – {p['ended_at'] or ''}" for p in document["phases"]]
    for round_ in document["method"]["rotation_rounds"]:
        out.append(f"- Rotationsrunda {round_['number']}: {round_['moved']} bytte bord")
    out += ["", "## Teman", ""]
    for number, theme in enumerate(document["themes"], start=1):
        tables = ", ".join(str(t) for t in theme["tables"])
        out += [f"### {number}. {theme['title']}", ""]
        if tables:
            out += [f"Bord i fördjupningen: {tables}", ""]
        for heading, key in (("Prioriteringar", "priorities"), ("Idéer bakom", "ideas"), ("Förslag", "proposals")):
            if theme[key]:
                out += [f"**{heading}**", ""] + [f"- {_line(entry)}" for entry in theme[key]] + [""]
    if document.get("unthemed_priorities"):
        out += ["## Prioriteringar utan tema", ""] + [f"- {_line(e)}" for e in document["unthemed_priorities"]] + [""]
    out += ["## Alla idéer per bord", ""]
    for table in sorted({idea["table"] for idea in document["ideas"]}):
        out += [f"### Bord {table}", ""] + [f"- {idea['text']}" for idea in document["ideas"] if idea["table"] == table]
        out.append("")
    out += ["## Parkeringen", ""] + ([f"- {_line(note)}" for note in document["parking_lot"]] or ["Inga synpunkter."])
    if document.get("participants"):
        out += ["", "## Deltagare", ""] + [f"- {p['name']}" for p in document["participants"]]
    return ("\n".join(out) + "\n").encode("utf-8")


def to_docx(document: dict) -> bytes:
    from docx import Document

    doc = Document()
    bullet_id = doc.styles["List Bullet"].style_id

    def bullet(text: str) -> None:
        # Paragraph.style= scans every style to find the default each time (about 1 s for 400
        # bullets); setting the style id on the paragraph's XML directly is the same result.
        doc.add_paragraph(text)._p.style = bullet_id

    doc.core_properties.title = document["event"]["title"]
    doc.core_properties.language = "sv-SE"
    doc.add_heading(document["event"]["title"], level=0)
    summary = doc.add_table(rows=0, cols=2)
    for label, value in _summary(document):
        cells = summary.add_row().cells
        cells[0].text, cells[1].text = label, value
    doc.add_heading("Metoden som den genomfördes", level=1)
    for phase in document["phases"]:
        bullet(f"{PHASE_NAMES[phase['phase']]}: {phase['started_at'] or ''} – {phase['ended_at'] or ''}")
    doc.add_heading("Teman", level=1)
    for number, theme in enumerate(document["themes"], start=1):
        doc.add_heading(f"{number}. {theme['title']}", level=2)
        for heading, key in (("Prioriteringar", "priorities"), ("Idéer bakom", "ideas"), ("Förslag", "proposals")):
            if theme[key]:
                doc.add_heading(heading, level=3)
                for entry in theme[key]:
                    bullet(_line(entry))
    doc.add_heading("Alla idéer per bord", level=1)
    for table in sorted({idea["table"] for idea in document["ideas"]}):
        doc.add_heading(f"Bord {table}", level=2)
        for idea in document["ideas"]:
            if idea["table"] == table:
                bullet(idea["text"])
    doc.add_heading("Parkeringen", level=1)
    for note in document["parking_lot"]:
        bullet(_line(note))
    if document.get("participants"):
        doc.add_heading("Deltagare", level=1)
        for person in document["participants"]:
            bullet(person["name"])
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def to_xlsx(document: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheets = {
        "Evenemang": (["Uppgift", "Värde"], _summary(document)),
        "Faser": (["Fas", "Start", "Slut"], [(PHASE_NAMES[p["phase"]], p["started_at"], p["ended_at"])
                                             for p in document["phases"]]),
        "Teman": (["Tema", "Typ", "Bord", "Text"],
                  [(theme["title"], kind, entry["table"], entry["text"]) for theme in document["themes"]
                   for kind, key in (("Prioritering", "priorities"), ("Idé", "ideas"), ("Förslag", "proposals"))
                   for entry in theme[key]]),
        "Idéer": (["Bord", "Idé", "Skriven"], [(i["table"], i["text"], i["created_at"]) for i in document["ideas"]]),
        "Parkeringen": (["Bord", "Synpunkt", "Skriven"],
                        [(n["table"], n["text"], n["created_at"]) for n in document["parking_lot"]]),
    }
    if document.get("participants"):
        sheets["Deltagare"] = (["Namn", "Bord"], [(p["name"], p["table"]) for p in document["participants"]])
    book.remove(book.active)
    for title, (header, rows) in sheets.items():
        sheet = book.create_sheet(title)
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(list(row))
            for cell in sheet[sheet.max_row]:
                # openpyxl stores a text starting with "=" as a formula; people's words stay words.
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
        sheet.freeze_panes = "A2"
        for column, width in zip("ABCD", (28, 60, 22, 60)):
            sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


WRITERS = {"json": to_json, "md": to_markdown, "docx": to_docx, "xlsx": to_xlsx}
MEDIA_TYPES = {"json": "application/json", "md": "text/markdown; charset=utf-8",
               "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def render(document: dict, file_format: str) -> bytes:
    if file_format not in WRITERS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    return WRITERS[file_format](document)
