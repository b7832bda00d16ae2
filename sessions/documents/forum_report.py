"""The evening's report, made from the export document: Markdown, DOCX and printable HTML, and XLSX.

Each writer reads only the document from :func:`sessions.documents.document.build_export`, so the formats
cannot disagree. :func:`forum_report` writes the report once, in the order a council reads it
(summary, method as run, attendance, themes, all ideas, other comments), as blocks that
:mod:`sessions.documents.render` lays out. XLSX (openpyxl) has one sheet per section, for working on.
"""

import io
import json

from sessions.documents import blocks
from sessions.documents import render as layout
from sessions.documents.format_results import format_blocks
from sessions.people.balance import MIN_JUDGED

PHASE_NAMES = {"setup": "Förberedelse", "warmup": "Uppvärmning", "brainstorm": "Idéer",
               "prioritise": "Två prioriteringar", "theming": "Teman", "deepen": "Fördjupning",
               "closing": "Avslutning", "vote": "Röster", "panel": "Frågor till panelen", "log": "Insamling"}
PRIORITY_COUNTS = {1: "En prioritering", 2: "Två prioriteringar", 3: "Tre prioriteringar"}
GENDER_COLUMNS = (("woman", "Kvinnor"), ("man", "Män"), ("unknown", "Annat/ej angivet"))
STAGE_ROWS = (("invited", "Inbjudna"), ("registered", "Anmälda"), ("attended", "Deltog"))
FORMATS = ("json", "md", "docx", "html", "xlsx")
SIMILAR_IDEAS = "Liknande idéer från borden"
SIMILAR_IDEAS_NOTE = "Verktygets förslag, inte bordens val."
OTHER_COMMENTS = "Övriga synpunkter"
METHOD_HEADING = "Så gick kvällen till"
# How a reader is told the clock times' zone: by the name people use, never the IANA id.
CLOCK_NOTES = {"Europe/Stockholm": "Klockslagen är svensk tid.", "Europe/Helsinki": "Klockslagen är finsk tid.",
               "Europe/Oslo": "Klockslagen är norsk tid.", "Europe/Copenhagen": "Klockslagen är dansk tid."}


def _clock_note(event: dict) -> str:
    return CLOCK_NOTES.get(event.get("time_zone") or "Europe/Stockholm", "Klockslagen är tiden där forumet hölls.")


def _round_line(entry: dict, first_day: str) -> str:
    """"Rotationsrunda 1, 19.40–19.50: 12 personer bytte bord"; a round opened and closed within the same
    minute is one time, and a round in which nobody moved says so in words."""
    opened, closed = _local(entry["opened_at"], first_day), _local(entry["closed_at"], first_day)
    when = opened if opened == closed else f"{opened}–{closed}"
    moved = "ingen bytte bord" if not entry["moved"] else \
        f"{blocks.plural(entry['moved'], 'person', 'personer')} bytte bord"
    return f"Rotationsrunda {entry['number']}, {when}: {moved}"


def phase_name(phase: str, method: dict) -> str:
    """A phase's name in the report; the priorities' says how many each table chose, as the event's format
    had it (an export written before the count was kept is an open forum's two)."""
    if phase != "prioritise":
        return PHASE_NAMES[phase]
    count = method.get("priorities_per_table", 2)
    return PRIORITY_COUNTS.get(count, f"{count} prioriteringar")


def _line(entry: dict) -> str:
    return f"{entry['text']} (bord {entry['table']})" if entry.get("table") else entry["text"]


def _local(stamp: str | None, first_day: str) -> str:
    """A clock time; the date too when it is not the evening's own day."""
    if not stamp:
        return "–"
    return blocks.clock(stamp) if stamp[:10] == first_day else f"{blocks.swedish_date(stamp)} {blocks.clock(stamp)}"


def _who_came(attendance: dict) -> str:
    if not attendance.get("list_kept", attendance.get("invited", 0) > 0):
        joined = attendance.get("participants_joined", 0)
        text = "Ingen lista fördes över inbjudna och deltagare."
        if joined:
            text += f" {blocks.plural(joined, 'deltagare', 'deltagare')} anslöt med sin telefon under kvällen."
        return text
    gender = attendance["by_gender"]
    parts = _women_and_men(gender)
    if gender.get("unknown"):
        parts.append(f"{gender['unknown']} med annat eller ej angivet kön")
    return (f"{blocks.plural(attendance['attended'], 'person', 'personer')} deltog: {blocks.join_words(parts)}. "
            f"{attendance['registered']} hade anmält sig och {attendance['invited']} var inbjudna.")


def _women_and_men(counts: dict) -> list[str]:
    """'1 kvinna', '2 män': how the summary and the chart's text count the two genders."""
    return [blocks.plural(counts.get("woman", 0), "kvinna", "kvinnor"),
            blocks.plural(counts.get("man", 0), "man", "män")]


def forum_report(document: dict) -> blocks.Report:
    """The evening as a report an official can publish."""
    event, method, attendance = document["event"], document["method"], document["attendance"]
    themes = document["themes"]
    report = blocks.Report(title=event["title"], author=event.get("organisation", ""),
                           subtitle=" · ".join(part for part in (event.get("organisation", ""),
                                                             blocks.swedish_date(event["date"]),
                                                             event["place"]) if part))
    proposals = sum(len(theme["proposals"]) for theme in themes)
    priorities = sum(len(theme["priorities"]) for theme in themes) + len(document.get("unthemed_priorities", []))

    report.add(blocks.Heading("Sammanfattning"),
               blocks.Paragraph("Frågan till borden:"), blocks.Paragraph(event["vision_question"], "quote"),
               blocks.Paragraph("Frågan i fördjupningen:"), blocks.Paragraph(event["deepen_question"], "quote"),
               blocks.Paragraph(_who_came(attendance)),
               blocks.Paragraph(f"Borden skrev {blocks.plural(len(document['ideas']), 'idé', 'idéer')} och valde "
                                f"{blocks.plural(priorities, 'prioritering', 'prioriteringar')}, som processledarna "
                                f"samlade i {blocks.plural(len(themes), 'tema', 'teman')}. I fördjupningen skrev "
                                f"borden {blocks.plural(proposals, 'förslag', 'förslag')}."))
    if themes:
        report.add(blocks.Table(["Tema", "Bord i fördjupningen", "Förslag"],
                                [[f"{number}. {theme['title']}", ", ".join(str(t) for t in theme["tables"]) or "–",
                                  str(len(theme["proposals"]))] for number, theme in enumerate(themes, start=1)]))
    report.add(blocks.PageBreak())

    fmt = document.get("format")
    report.add(blocks.Heading(METHOD_HEADING if not fmt else "Så gick mötet till"),
               blocks.Paragraph(f"{fmt['name']}: {fmt['summary']} {_clock_note(event)}" if fmt else
                                f"Deltagarna satt vid {blocks.plural(method['tables'], 'bord', 'bord')}. Varje bord "
                                "skrev sina idéer och valde två prioriteringar; processledarna samlade "
                                f"prioriteringarna i {blocks.plural(method['themes'], 'tema', 'teman')}, och i "
                                f"fördjupningen skrev varje bord förslag för ett tema. {_clock_note(event)}"))
    phases = [phase for phase in document["phases"] if phase["phase"] != "setup"]
    first_day = (phases[0]["started_at"] or "")[:10] if phases else ""
    if phases:
        if first_day:
            report.add(blocks.Paragraph(f"Kvällen den {blocks.swedish_date(first_day)}:"))
        report.add(blocks.Table(["Fas", "Började", "Slutade"],
                                [[phase_name(phase["phase"], method), _local(phase["started_at"], first_day),
                              _local(phase["ended_at"], first_day)] for phase in phases]))
    rounds = method["rotation_rounds"]
    if rounds:
        report.add(blocks.Bullets([_round_line(r, first_day) for r in rounds]))
    else:
        report.add(blocks.Paragraph("Ingen rotation mellan borden genomfördes."))

    report.add(blocks.Heading("Deltagande"))
    if attendance.get("list_kept", attendance.get("invited", 0) > 0):
        by_stage = attendance.get("by_stage") or {"attended": attendance["by_gender"]}
        stages = [(key, label) for key, label in STAGE_ROWS if key in by_stage]
        report.add(blocks.Table(["", *(label for _, label in GENDER_COLUMNS), "Totalt"],
                                [[label, *(str(by_stage[key].get(gender, 0)) for gender, _ in GENDER_COLUMNS),
                              str(attendance[key])] for key, label in stages]))
        shares = attendance.get("gender_shares", {})
        # Shares of a handful say nothing: the same floor as the balance page's (MIN_JUDGED).
        if attendance["attended"] >= MIN_JUDGED:
            report.add(blocks.Paragraph(f"Kvinnor utgör {blocks.percent(shares.get('woman', 0))} och män "
                                        f"{blocks.percent(shares.get('man', 0))} av deltagarna."))
        elif attendance["attended"]:
            report.add(blocks.Paragraph(f"Andelar anges inte för färre än {MIN_JUDGED} deltagare."))
        report.add(blocks.Chart("Kvinnor och män från inbjudan till kvällen", [label for _, label in stages],
                                {name: [by_stage[key].get(gender, 0) for key, _ in stages]
                             for gender, name in GENDER_COLUMNS[:2]},
                                "; ".join(f"{label}: {', '.join(_women_and_men(by_stage[key]))}"
                                          for key, label in stages)))
        sectors = sorted(attendance.get("by_sector", {}).items(), key=lambda item: (-item[1], item[0]))
        if sectors:
            report.add(blocks.Table(["Bransch eller sektor", "Deltog"],
                                    [[name or "Ej angiven", str(count)] for name, count in sectors]))
    else:
        report.add(blocks.Paragraph(_who_came(attendance)))

    report.add(blocks.Heading("Teman och förslag"),
               blocks.Paragraph("Varje tema bygger på bordens egna prioriteringar, som processledarna placerade under "
                                "temat. Under dem står de förslag som borden skrev i fördjupningen."),
               blocks.Paragraph(f"Under ”{SIMILAR_IDEAS}” står idéer från kvällens första del som verktyget har "
                                "placerat vid temat för att de liknar det i ordval. Borden valde dem inte som "
                                "prioriteringar och processledarna placerade dem inte där.", "note"))
    for number, theme in enumerate(themes, start=1):
        report.add(blocks.Heading(f"{number}. {theme['title']}", 2))
        if theme["tables"]:
            report.add(blocks.Paragraph(f"Bord i fördjupningen: {', '.join(str(t) for t in theme['tables'])}."))
        report.add(blocks.Heading("Bordens prioriteringar", 3),
                   blocks.Bullets([_line(entry) for entry in theme["priorities"]]) if theme["priorities"]
                   else blocks.Paragraph("Inga prioriteringar."))
        report.add(blocks.Heading("Förslag", 3),
                   blocks.Bullets([_line(entry) for entry in theme["proposals"]]) if theme["proposals"]
                   else blocks.Paragraph("Inga förslag skrevs för temat."))
        similar = theme.get("similar_ideas", [])
        if similar:
            report.add(blocks.Heading(SIMILAR_IDEAS, 3), blocks.Paragraph(SIMILAR_IDEAS_NOTE, "note"),
                       blocks.Bullets([_line(entry) + (f" – gemensamma ord: {', '.join(entry['shared_terms'])}"
                                                       if entry.get("shared_terms") else "")
                                       for entry in similar]))
    if document.get("unthemed_priorities"):
        report.add(blocks.Heading("Prioriteringar utan tema", 2),
                   blocks.Bullets([_line(entry) for entry in document["unthemed_priorities"]]))

    report.add(*format_blocks(document))
    report.add(blocks.PageBreak(), blocks.Heading("Bilaga: Alla idéer per bord"))
    tables = sorted({idea["table"] for idea in document["ideas"]})
    for table in tables:
        report.add(blocks.Heading(f"Bord {table}", 2),
                   blocks.Bullets([idea["text"] for idea in document["ideas"] if idea["table"] == table]))
    if not tables:
        report.add(blocks.Paragraph("Inga idéer skrevs."))

    report.add(blocks.Heading(OTHER_COMMENTS),
               blocks.Paragraph("Synpunkter som lämnades på parkeringen under kvällen, vid sidan av huvudfrågan. "
                                "De är inte en del av underlaget till strategin.", "note"),
               blocks.Bullets([_line(note) for note in document["parking_lot"]]) if document["parking_lot"]
               else blocks.Paragraph("Inga övriga synpunkter lämnades."))
    if document.get("participants"):
        report.add(blocks.Heading("Deltagare"),
                   blocks.Bullets([person["name"] for person in document["participants"]]))
    return report


def to_json(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def _summary(document: dict) -> list[tuple[str, str]]:
    event, method, attendance = document["event"], document["method"], document["attendance"]
    return [("Rubrik", event["title"]), ("Organisation", event.get("organisation", "")),
            ("Datum", event["date"]), ("Plats", event["place"]),
            ("Frågan för idéer", event["vision_question"]), ("Frågan för fördjupning", event["deepen_question"]),
            ("Antal bord", str(method["tables"])), ("Antal teman", str(method["themes"])),
            ("Rotationsrundor", str(len(method["rotation_rounds"]))),
            ("Inbjudna", str(attendance["invited"])), ("Anmälda", str(attendance["registered"])),
            ("Deltog", str(attendance["attended"])),
            *((label, str(attendance["by_gender"].get(key, 0))) for key, label in GENDER_COLUMNS),
            ("Anslutna telefoner", str(attendance.get("participants_joined", 0)))]


def _local_stamp(stamp: str | None) -> str:
    """"2011-03-15 18.05" on the event's clock, as an officer would type it in a sheet."""
    return f"{stamp[:10]} {blocks.clock(stamp)}" if stamp else ""


def to_markdown(document: dict) -> bytes:
    return layout.to_markdown(forum_report(document))


def to_docx(document: dict) -> bytes:
    return layout.to_docx(forum_report(document))


def to_html(document: dict) -> bytes:
    return layout.to_html(forum_report(document))


def to_xlsx(document: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheets: dict[str, tuple[list[str], list]] = {
        "Evenemang": (["Uppgift", "Värde"], _summary(document)),
        "Faser": (["Fas", "Började", "Slutade"],
                  [(phase_name(p["phase"], document["method"]), _local_stamp(p["started_at"]),
                    _local_stamp(p["ended_at"]))
                   for p in document["phases"]]),
        "Teman": (["Tema", "Typ", "Bord", "Text"],
                  [(theme["title"], kind, entry["table"], entry["text"]) for theme in document["themes"]
                   for kind, key in (("Prioritering", "priorities"), ("Förslag", "proposals"),
                                     ("Liknande idé (verktygets förslag)", "similar_ideas"))
                   for entry in theme.get(key, [])]),
        "Idéer": (["Bord", "Idé", "Skriven"],
                  [(i["table"], i["text"], _local_stamp(i["created_at"])) for i in document["ideas"]]),
        OTHER_COMMENTS: (["Bord", "Synpunkt", "Skriven"],
                         [(n["table"], n["text"], _local_stamp(n["created_at"])) for n in document["parking_lot"]]),
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


WRITERS = {"json": to_json, "md": to_markdown, "docx": to_docx, "html": to_html, "xlsx": to_xlsx}
MEDIA_TYPES = {"json": "application/json", **layout.MEDIA_TYPES,
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def render(document: dict, file_format: str) -> bytes:
    if file_format not in WRITERS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    return WRITERS[file_format](document)
