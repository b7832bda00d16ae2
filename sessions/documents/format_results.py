"""What the other formats bring in besides an open forum's themes (issue 24), in the export and the report:
the phones' votes with their support ("stöd från 31 av 51"), the questions to a panel, a staff log's entries
and the evaluation. Counts only: which phone sent or voted for what is never in a document.
"""

from collections import Counter

from sessions import storage
from sessions.documents import blocks
from sessions.evening import formats, phases, takepart
from sessions.ground.models import Event


def format_entry(conn: storage.Connection, event: Event) -> dict:
    """The export's ``format``: the event's format and steps, and what its phones and staff brought in."""
    fmt = formats.FORMATS.get(event.format_id)
    support = takepart.support(conn, event.id)
    voters = support["voters"]
    priorities = storage.fetch_priorities(conn, event.id)
    questions = storage.fetch_ideas(conn, event.id, kind="question")
    voted = [{"kind": "priority", "table": p.table_number, "text": p.text,
              "votes": support["by_item"].get(p.id, 0), "of": voters} for p in priorities
             if p.id in support["by_item"]]
    return {
        "id": event.format_id, "name": fmt.name if fmt else event.format_id, "summary": fmt.summary if fmt else "",
        "steps": [step.phase.value for step in phases.steps_of(event)],
        "voted": sorted(voted, key=lambda item: -item["votes"]),
        "questions": [{"table": q.table_number, "text": q.text, "answered": q.answered_at is not None,
                       "votes": support["by_item"].get(q.id, 0), "of": voters} for q in questions],
        "entries": [{"table": e.table_number, "text": e.text, "details": e.public()["details"]}
                    for e in storage.fetch_ideas(conn, event.id, kind="entry")],
        "phone_ideas_waiting": len(storage.fetch_ideas(conn, event.id, kind=takepart.PHONE_IDEA)),
        "evaluation": takepart.evaluation_summary(conn, event.id),
    }


def _support(item: dict) -> str:
    return f"stöd från {item['votes']} av {item['of']}"


def format_blocks(document: dict) -> list:
    """The report's part for what the format brought in besides themes (nothing for an open forum)."""
    fmt = document.get("format")
    if not fmt:
        return []
    found: list = []
    if fmt["voted"]:
        found += [blocks.Heading("Röster från mobilerna"),
                  blocks.Paragraph("Varje deltagare med mobil hade tre röster att ge bordens prioriteringar.", "note"),
                  blocks.Bullets([f"{item['text']} (bord {item['table']}): {_support(item)}" for item in fmt["voted"]])]
    if fmt["questions"]:
        found += [blocks.Heading("Frågor till panelen"),
                  blocks.Bullets([f"{q['text']} (bord {q['table']}): {_support(q)}"
                                  f"{', besvarad' if q['answered'] else ', inte besvarad'}"
                                  for q in sorted(fmt["questions"], key=lambda q: -q["votes"])])]
    if fmt["entries"]:
        categories = Counter(entry["details"].get("category") for entry in fmt["entries"]
                             if entry["details"].get("category"))
        found += [blocks.Heading("Inskrivna svar och frågor"),
                  blocks.Bullets([entry["text"] + (f" ({', '.join(str(v) for v in entry['details'].values())})"
                                                   if entry["details"] else "") for entry in fmt["entries"]])]
        if categories:
            found.append(blocks.Table(["Kategori", "Antal"], [[name, str(count)] for name, count
                                                              in categories.most_common()]))
    evaluation = fmt["evaluation"]
    if evaluation["answers"]:
        average = f"{evaluation['average']:g}".replace(".", ",")  # 4 or 4,2, as Swedish writes it
        found += [blocks.Heading("Utvärdering"),
                  blocks.Paragraph(f"{blocks.plural(evaluation['answers'], 'deltagare', 'deltagare')} svarade på "
                                   f"utvärderingen. Medelbetyget var {average} av 5."),
                  blocks.Table(["Betyg", "Svar"], [[rating, str(count)] for rating, count
                                                   in evaluation["ratings"].items()])]
        if evaluation["comments"]:
            found.append(blocks.Bullets(evaluation["comments"]))
    return found
