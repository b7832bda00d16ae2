"""The yearly follow-up: what became of each theme and proposal the forum gave the strategy.

The adopted strategy "ska följas upp en gång per år och återrapporteras till Kommunfullmäktige".
Each theme and each pass-2 proposal can be given a status (planerad, pågår, genomförd, ej aktuell)
with a note, a responsible unit and a date. Entries are never changed or removed: the newest is the
status in force and the older ones are its history, with who changed what and when.
:func:`followup_report` writes the report to the council from them and, when a strategy has been
read, from the imprint (:mod:`sessions.documents.imprint`).

A programme (:mod:`sessions.documents.programme`) is followed up the same way at its level: each of its
themes across events gets a status by the same rules (:func:`set_programme_followup`), kept with its history
in the programme's own table, and :func:`programme_followup_report` writes the council's report with the
same layout. Only where the entries are kept and what the subjects are differ; the statuses, the history
and the report are written once, here.
"""

import dataclasses
import datetime
import zoneinfo
from dataclasses import dataclass

from sessions import storage
from sessions.documents import blocks, programme
from sessions.documents.imprint import provenance
from sessions.evening import audit, events
from sessions.ground import clock
from sessions.ground.errors import DomainError
from sessions.ground.models import FollowupEntry
from sessions.ground.roles import Principal, authorise
from sessions.ground.text import clean_text
from sessions.people import organisations

STATUSES = ("planned", "in_progress", "done", "not_relevant")
STATUS_NAMES = {"planned": "Planerad", "in_progress": "Pågår", "done": "Genomförd", "not_relevant": "Ej aktuell"}
KINDS = ("theme", "proposal")
NOTE_LIMIT = 2000
RESPONSIBLE_LIMIT = 200
CHANGED_BY_LIMIT = 120
RECORDED_FIELDS = ("status", "note", "responsible", "status_date")
FIELD_NAMES = {"status": "status", "note": "anteckning", "responsible": "ansvarig", "status_date": "datum"}


@dataclass(frozen=True)
class Subject:
    """A theme or a proposal, with its follow-up in force (None before any) and every earlier entry."""

    kind: str
    id: str
    text: str
    table: int | None
    current: FollowupEntry | None
    history: list[FollowupEntry]


@dataclass(frozen=True)
class ThemeFollowup:
    theme: Subject
    priorities: list[str]
    proposals: list[Subject]


def _entries(conn: storage.Connection, event_id: str) -> dict[tuple[str, str], list[FollowupEntry]]:
    return _histories(storage.fetch_followup_entries(conn, event_id))


def _histories(rows: list[FollowupEntry]) -> dict[tuple[str, str], list[FollowupEntry]]:
    """Each subject's entries, oldest first, each with the fields it changed from the one before."""
    by_subject: dict[tuple[str, str], list[FollowupEntry]] = {}
    for row in rows:
        history = by_subject.setdefault((row.subject_kind, row.subject_id), [])
        before = history[-1] if history else None
        changed = tuple(name for name in RECORDED_FIELDS
                        if before is None or getattr(before, name) != getattr(row, name))
        history.append(dataclasses.replace(row, changed=changed))
    return by_subject


def _subject(kind: str, subject_id: str, text: str, table, entries) -> Subject:
    history = entries.get((kind, subject_id), [])
    return Subject(kind, subject_id, text, table, history[-1] if history else None, history)


def overview(conn: storage.Connection, principal: Principal, event_id: str) -> list[ThemeFollowup]:
    """Every theme in board order with its priorities and proposals, and their follow-up."""
    authorise(principal, "event.view", event_id=event_id)
    events.get(conn, event_id)
    entries = _entries(conn, event_id)
    priorities = {p.id: p for p in storage.fetch_priorities(conn, event_id)}
    proposals = storage.fetch_ideas(conn, event_id, kind="proposal")
    return [ThemeFollowup(
        _subject("theme", theme.id, theme.title, None, entries),
        [priorities[p].text for p in theme.priority_ids if p in priorities],
        [_subject("proposal", p.id, p.text, p.table_number, entries) for p in proposals if p.theme_id == theme.id])
            for theme in storage.fetch_themes(conn, event_id)]


def _clean_date(value) -> str:
    text = clean_text(value, limit=10, required=False, code="followup.date")
    if text:
        try:
            datetime.date.fromisoformat(text)
        except ValueError:
            raise DomainError("followup.bad_date") from None
    return text


def _cleaned(fields: dict) -> dict:
    status = fields.get("status")
    if status not in STATUSES:
        raise DomainError("followup.bad_status")
    return {"status": status,
            "note": clean_text(fields.get("note"), limit=NOTE_LIMIT, required=False, code="followup.note"),
            "responsible": clean_text(fields.get("responsible"), limit=RESPONSIBLE_LIMIT, required=False,
                                      one_line=True, code="followup.responsible"),
            "status_date": _clean_date(fields.get("status_date"))}


def _who(changed_by: str) -> str:
    return clean_text(changed_by, limit=CHANGED_BY_LIMIT, required=False, one_line=True, code="followup.who") \
        or "okänd"


def _new_entry(history: list[FollowupEntry], subject_kind: str, subject_id: str, text: str, cleaned: dict,
               who: str) -> dict | None:
    """The entry to keep, or None when it says what is already in force (a second click of the same form
    changes nothing)."""
    if history and all(getattr(history[-1], name) == cleaned[name] for name in RECORDED_FIELDS):
        return None
    return {"subject_kind": subject_kind, "subject_id": subject_id, "subject_text": text, "changed_by": who,
            "changed_at": clock.now(), **cleaned}


def set_followup(conn: storage.Connection, principal: Principal, event_id: str, subject_kind: str,
                 subject_id: str, fields: dict, changed_by: str) -> FollowupEntry | None:
    """Record a theme's or proposal's follow-up; None when it says what is already in force (a
    second click of the same form changes nothing)."""
    authorise(principal, "event.edit", event_id=event_id)
    if subject_kind not in KINDS:
        raise DomainError("followup.not_found")
    cleaned = _cleaned(fields)
    who = _who(changed_by)
    with storage.transaction(conn):
        events.get(conn, event_id)
        if subject_kind == "theme":
            text = next((t.title for t in storage.fetch_themes(conn, event_id) if t.id == subject_id), None)
        else:
            text = next((p.text for p in storage.fetch_ideas(conn, event_id, kind="proposal") if p.id == subject_id),
                        None)
        if text is None:
            raise DomainError("followup.not_found")
        entry = _new_entry(_entries(conn, event_id).get((subject_kind, subject_id), []), subject_kind, subject_id,
                           text, cleaned, who)
        if entry is None:
            return None
        storage.insert_followup_entry(conn, event_id, entry)
        audit.record_on_event(conn, principal, "followup.set", event_id, status=cleaned["status"])
    return _entries(conn, event_id)[(subject_kind, subject_id)][-1]


# --- a programme's themes across events -----------------------------------------------------------

def _programme_entries(conn: storage.Connection, programme_id: str) -> dict[tuple[str, str], list[FollowupEntry]]:
    return _histories(storage.fetch_programme_followup_entries(conn, programme_id))


def programme_overview(conn: storage.Connection, principal: Principal, programme_id) -> list[ThemeFollowup]:
    """Every theme of the programme in its order, with what the dialogues asked under it (each input with
    its dialogue) and its follow-up. The programme is opened by :func:`programme.get` (its organisation,
    each of its events)."""
    found, events_of = programme.get(conn, principal, programme_id)
    entries = _programme_entries(conn, found.id)
    by_key = {item["key"]: item for item in programme.inputs(conn, events_of)}
    titles = {event.id: event.title for event in events_of}
    return [ThemeFollowup(
        _subject("theme", theme["key"], theme["title"], None, entries),
        [f"{by_key[key]['text']} ({titles[by_key[key]['event_id']]})" for key in theme["sources"] if key in by_key],
        []) for theme in programme.themes_of(found)]


def set_programme_followup(conn: storage.Connection, principal: Principal, programme_id, theme_key,
                           fields: dict, changed_by: str) -> FollowupEntry | None:
    """Record the follow-up of one of a programme's themes (by :func:`programme.theme_key`), by the same
    rules as an event's; None when it says what is already in force."""
    authorise(principal, "event.edit")
    cleaned = _cleaned(fields)
    who = _who(changed_by)
    with storage.transaction(conn):
        found, _ = programme.get(conn, principal, programme_id)
        text = next((theme["title"] for theme in programme.themes_of(found) if theme["key"] == str(theme_key)),
                    None)
        if text is None:
            raise DomainError("followup.not_found")
        entry = _new_entry(_programme_entries(conn, found.id).get(("theme", str(theme_key)), []), "theme",
                           str(theme_key), text, cleaned, who)
        if entry is None:
            return None
        storage.insert_programme_followup_entry(conn, found.id, entry)
        audit.record(conn, principal, "followup.set", found.id, organisation_id=found.organisation_id,
                     title=found.title, status=cleaned["status"])
    return _programme_entries(conn, found.id)[("theme", str(theme_key))][-1]


# --- the report to the council ------------------------------------------------------------------

def _status_line(entry: FollowupEntry | None) -> str:
    if entry is None:
        return "Ingen uppföljning är registrerad."
    parts = [f"Status: {STATUS_NAMES[entry.status].lower()}"]
    if entry.status_date:
        parts.append(f"datum {blocks.swedish_date(entry.status_date)}")
    if entry.responsible:
        parts.append(f"ansvarig: {entry.responsible}")
    return ", ".join(parts) + "."


def _change_text(entry: FollowupEntry, before: FollowupEntry | None) -> str:
    if before is None:
        return f"Satt till {STATUS_NAMES[entry.status].lower()}"
    parts = []
    if "status" in entry.changed:
        parts.append(f"{STATUS_NAMES[before.status].lower()} → {STATUS_NAMES[entry.status].lower()}")
    parts += [f"ny {FIELD_NAMES[name]}" for name in entry.changed if name != "status"]
    return ", ".join(parts).capitalize()




def council_name(conn: storage.Connection, organisation_id: int | None) -> str:
    """The council the strategy's follow-up is reported to, as a sentence names it ("kommunfullmäktige",
    "regionfullmäktige"): the follow-up page and its report ask here; the organisation's setting, else the
    municipal council."""
    return organisations.organisation_settings(conn, organisation_id).council or organisations.DEFAULT_COUNCIL


@dataclass(frozen=True)
class _Frame:
    """What differs between an event's report and a programme's: whose it is and what it follows up."""

    title: str
    author: str
    council: str
    zone: zoneinfo.ZoneInfo
    today: datetime.date
    asked_by: str  # "det öppna forumet den 15 mars 2011", "programmets dialoger"
    gathered: str  # the sentence above the counts
    asked_heading: str
    themes_of: str  # "forumets teman"
    strategy_where: str  # where a strategy is read in
    with_proposals: bool


def followup_report(conn: storage.Connection, principal: Principal, event_id: str, imprint: dict | None = None,
                    today: datetime.date | None = None) -> blocks.Report:
    """The yearly report to the council: what the forum asked, where the strategy took it up, what was done.

    ``imprint`` is :func:`sessions.documents.imprint.imprint`'s result for the event's strategy with the
    organiser's reviews laid over it (:func:`sessions.documents.verdicts.reviewed_imprint`), or None
    when no strategy has been read. Names of those who changed a status are left out: the council
    reads what was done, not who clicked."""
    authorise(principal, "event.export", event_id=event_id)
    event = events.get(conn, event_id)
    themes = overview(conn, principal, event_id)
    zone = zoneinfo.ZoneInfo(event.time_zone)
    today = today or datetime.datetime.now(zone).date()
    proposals = sum(len(theme.proposals) for theme in themes)
    when = f" den {blocks.swedish_date(event.event_date)}" if event.event_date else ""
    frame = _Frame(f"Uppföljning {today.year}: {event.title}", events.author(conn, event),
                   council_name(conn, event.organisation_id), zone, today,
                   f"det öppna forumet{when}",
                   f"Forumet samlade {blocks.plural(len(themes), 'tema', 'teman')} och "
                   f"{blocks.plural(proposals, 'förslag', 'förslag')}.", "Vad forumet bad om", "forumets teman",
                   "Läs in strategin på arrangörens sida under ”Avtryck i strategin”.", True)
    return _report(frame, themes, imprint)


def programme_followup_report(conn: storage.Connection, principal: Principal, programme_id,
                              imprint: dict | None = None, today: datetime.date | None = None) -> blocks.Report:
    """The yearly report to the council for a programme: per theme across its events what the dialogues
    asked, where the strategy took it up (``imprint``: :func:`programme.imprint_on`'s result, or None when
    no strategy was read) and what was done; the same layout as an event's."""
    authorise(principal, "event.export")
    found, events_of = programme.get(conn, principal, programme_id)
    themes = programme_overview(conn, principal, found.id)
    first = events_of[0] if events_of else None
    zone = zoneinfo.ZoneInfo(first.time_zone if first else "Europe/Stockholm")
    today = today or datetime.datetime.now(zone).date()
    settings = organisations.organisation_settings(conn, found.organisation_id)
    frame = _Frame(f"Uppföljning {today.year}: {found.title}",
                   settings.name or (events.author(conn, first) if first else ""),
                   council_name(conn, found.organisation_id), zone, today,
                   "programmets dialoger",
                   f"Programmet samlade {blocks.plural(len(themes), 'tema', 'teman')} från "
                   f"{blocks.plural(len(events_of), 'dialog', 'dialoger')}.", "Vad dialogerna bad om",
                   "programmets teman", "Läs in strategin på programmets uppföljningssida.", False)
    return _report(frame, themes, imprint)


def _report(frame: _Frame, themes: list[ThemeFollowup], imprint: dict | None) -> blocks.Report:
    """The report's layout, one for an event's follow-up and a programme's."""
    reached = {theme["title"]: theme for theme in (imprint or {}).get("themes", [])}
    reached_proposals = {(p["theme"], p["text"]): p for p in (imprint or {}).get("proposals", [])}
    report = blocks.Report(title=frame.title, author=frame.author,
                           subtitle=" · ".join(part for part in (frame.author,
                                                             f"Uppföljning {blocks.swedish_date(frame.today)}")
                                               if part))
    report.add(blocks.Heading("Sammanfattning"),
               blocks.Paragraph("Näringslivsstrategin ska följas upp en gång per år och återrapporteras till "
                                f"{frame.council}. Den här rapporten visar vad {frame.asked_by} bad om, var "
                                "strategin tar upp det och vad som har gjorts sedan dess."))
    proposals = [p for theme in themes for p in theme.proposals]
    counts = [[STATUS_NAMES[status],
               str(sum(1 for t in themes if t.theme.current and t.theme.current.status == status)),
               str(sum(1 for p in proposals if p.current and p.current.status == status))] for status in STATUSES]
    counts.append(["Ingen uppföljning registrerad", str(sum(1 for t in themes if t.theme.current is None)),
                   str(sum(1 for p in proposals if p.current is None))])
    columns = ["Status", "Teman", "Förslag"]
    if not frame.with_proposals:
        columns, counts = columns[:2], [row[:2] for row in counts]
    report.add(blocks.Paragraph(frame.gathered), blocks.Table(columns, counts))

    def in_strategy(found: dict | None) -> str:
        if imprint is None:
            return "Ej prövat"
        unsure = found is not None and found.get("verdict") == "unsure"
        verdict = "Tas upp" if found and found["reached"] else "Osäker" if unsure else "Syns inte"
        return f"{verdict} ({provenance(found).lower()})" if found else verdict

    report.add(blocks.Table(["Tema", "I strategin", "Status", "Ansvarig"],
                            [[t.theme.text, in_strategy(reached.get(t.theme.text)),
                          STATUS_NAMES[t.theme.current.status] if t.theme.current else "–",
                          t.theme.current.responsible if t.theme.current else ""] for t in themes]))
    if imprint is None:
        report.add(blocks.Paragraph("Ingen strategi är inläst, så rapporten säger inte var strategin tar upp "
                                    f"{frame.themes_of}. {frame.strategy_where}", "note"))
    report.add(blocks.PageBreak(), blocks.Heading("Tema för tema"))
    for number, item in enumerate(themes, start=1):
        report.add(blocks.Heading(f"{number}. {item.theme.text}", 2), blocks.Heading(frame.asked_heading, 3))
        report.add(blocks.Bullets(item.priorities) if item.priorities else blocks.Paragraph("Inga prioriteringar."))
        if imprint is not None:
            found = reached.get(item.theme.text)
            report.add(blocks.Heading("I strategin", 3))
            if found:
                report.add(blocks.Paragraph(f"Bedömning: {provenance(found)}.", "note"))
            if found and found["reached"]:
                report.add(blocks.Paragraph("Tas upp i strategin:"))
                for evidence in found["evidence"]:
                    if evidence["score"] >= imprint["summary"]["threshold"]:
                        report.add(blocks.Paragraph(evidence["statement"], "quote"))
            else:
                unsure = found is not None and found.get("verdict") == "unsure"
                report.add(blocks.Paragraph("Osäkert om strategin tar upp detta." if unsure
                                            else "Syns inte i strategin."))
        report.add(blocks.Heading("Vad som har gjorts", 3), blocks.Paragraph(_status_line(item.theme.current)))
        if item.theme.current and item.theme.current.note:
            report.add(blocks.Paragraph(item.theme.current.note))
        if item.proposals:
            report.add(blocks.Heading("Förslagen", 3),
                       blocks.Table(["Förslag", "I strategin", "Status", "Ansvarig", "Anteckning"],
                                    [[p.text, in_strategy(reached_proposals.get((item.theme.text, p.text))),
                                  STATUS_NAMES[p.current.status] if p.current else "–",
                                  p.current.responsible if p.current else "", p.current.note if p.current else ""]
                                 for p in item.proposals]))

    changes = []
    for subject in [t.theme for t in themes] + proposals:
        for before, entry in zip([None, *subject.history], subject.history):
            changes.append((entry.changed_at, subject.text, _change_text(entry, before)))
    report.add(blocks.Heading("Bilaga: Uppföljningens historik"))
    if changes:
        report.add(blocks.Table(["Datum", "Tema eller förslag" if frame.with_proposals else "Tema", "Ändring"],
                                [[datetime.datetime.fromtimestamp(at, frame.zone).date().isoformat(), text, change]
                             for at, text, change in sorted(changes)]))
    else:
        report.add(blocks.Paragraph("Inga ändringar är registrerade."))
    return report
