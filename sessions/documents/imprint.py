"""The imprint: did the forum reach the strategy?

The method's own account claims that the forum's views "gett avtryck" in the adopted strategy.
:func:`imprint` checks that claim for every theme and every proposal of an export (any schema
version this app has written): it finds the strategy's statements that take it up, with a score
and the shared terms as evidence, best first, and gives it a verdict (:func:`clustering.matching.judge`):
taken up, unsure or not seen; *reached* means taken up. "Syns inte i strategin" is an answer too.
:func:`imprint_report` writes the answer to the council. The JSON shape is documented in
docs/imprint-schema.json.
"""

import base64
import hashlib
import json
import os
import re
import zlib
from dataclasses import dataclass

from clustering.matching import NOT_SEEN, TAKEN_UP, TAKEN_UP_FROM, UNSURE, UNSURE_FROM, Asked, judge, split_statements
from sessions import storage
from sessions.documents import blocks
from sessions.documents.document import forum_document, forum_themes
from sessions.documents.strategy_files import STRATEGY_MAX_BYTES, read_strategy  # noqa: F401 (read by the web layer)
from sessions.evening import audit, events
from sessions.ground import clock
from sessions.ground.models import StrategyDocument
from sessions.ground.roles import Principal, authorise

EVIDENCE_LIMIT = 5
SCHEMA_VERSION = 1


# --- the imprint -------------------------------------------------------------------------------

def _evidence(found, statements) -> list[dict]:
    return [{"statement_id": statements[m.statement].id, "statement": statements[m.statement].text,
             "score": m.score, "shared_terms": m.shared_terms} for m in found]


def _statement_entries(statements) -> list[dict]:
    return [{"id": s.id, "text": s.text, "section": s.section} for s in statements]


def _takes_up(evidence: dict, threshold: float) -> bool:
    """A statement that takes a text up: it scores at least the threshold with a word of the text's own."""
    return evidence["score"] >= threshold and bool(evidence["shared_terms"])


def _verdict(verdict, statements) -> dict:
    return {"reached": verdict.kind == TAKEN_UP, "verdict": verdict.kind,
            "evidence": _evidence(verdict.evidence, statements)}


def imprint(document: dict, strategy_text: str, *, strategy_name: str = "") -> dict:
    """For every theme and proposal of the export, the statements of the strategy that take it up."""
    themes = forum_themes(document)
    statements = split_statements(strategy_text)
    # A theme is what the forum asked under that heading: its title, the tables' priorities and proposals;
    # a proposal is read under its theme's title.
    threshold = TAKEN_UP_FROM
    theme_found = judge([Asked((theme["title"], *theme["priorities"], *theme["proposals"])) for theme in themes],
                        statements, limit=EVIDENCE_LIMIT)
    proposals = [(theme["title"], text) for theme in themes for text in theme["proposals"]]
    proposal_found = judge([Asked((text,), title) for title, text in proposals], statements, limit=EVIDENCE_LIMIT)

    theme_entries = [{"title": theme["title"], **_verdict(found, statements)}
                     for theme, found in zip(themes, theme_found)]
    proposal_entries = [{"theme": title, "text": text, **_verdict(found, statements)}
                        for (title, text), found in zip(proposals, proposal_found)]
    sections: dict[str, list[str]] = {}
    for statement in statements:
        sections.setdefault(statement.section, [])
    # A theme feeds every section whose statements take it up; a proposal asks one thing: its best statement's.
    for entry in theme_entries + proposal_entries:
        title = entry.get("title") or entry["theme"]
        for evidence in entry["evidence"][:None if "title" in entry else 1] if entry["reached"] else []:
            fed = sections[statements[int(evidence["statement_id"][1:]) - 1].section]
            if _takes_up(evidence, threshold) and title not in fed:
                fed.append(title)
    order = {theme["title"]: index for index, theme in enumerate(themes)}
    event = document["event"]
    return {
        "statements": _statement_entries(statements),
        "themes": theme_entries,
        "proposals": proposal_entries,
        "summary": {
            "schema_version": SCHEMA_VERSION,
            "event": {"title": event.get("title", ""), "date": event.get("date", ""),
                      "organisation": event.get("organisation", "")},
            "export_schema_version": document["schema_version"],
            "strategy": strategy_name,
            "threshold": threshold,
            "unsure_from": UNSURE_FROM,
            "statements": len(statements),
            "themes": len(theme_entries),
            "themes_reached": sum(entry["reached"] for entry in theme_entries),
            "proposals": len(proposal_entries),
            "proposals_reached": sum(entry["reached"] for entry in proposal_entries),
            "sections": [{"section": name, "themes": sorted(fed, key=lambda title: order[title])}
                         for name, fed in sections.items()],
        },
    }


# --- the strategy kept with the event, for the organiser's page and the follow-up ---------------

def save_strategy(conn: storage.Connection, principal: Principal, event_id: str, filename: str,
                  content: bytes) -> str:
    """Read and keep the event's adopted strategy (a new upload replaces the old); returns its text.
    CPU-heavy for a long DOCX: run it off the event loop."""
    authorise(principal, "event.edit", event_id=event_id)
    text = read_strategy(filename, content)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with storage.transaction(conn):
        events.get(conn, event_id)
        storage.save_strategy(conn, event_id, os.path.basename(filename), text, clock.now(), digest)
        audit.record_on_event(conn, principal, "strategy.upload", event_id)
    return text


def stored_strategy(conn: storage.Connection, principal: Principal, event_id: str) -> tuple[str, str] | None:
    """(file name, text) of the event's strategy, or None before one is uploaded."""
    authorise(principal, "event.view", event_id=event_id)
    events.get(conn, event_id)
    row = storage.fetch_strategy(conn, event_id)
    return (row.filename, row.text) if row else None


# --- the imprint kept with the event: computed once per strategy and results, read by the pages -----
# Comparing a forum with a long strategy takes seconds (a 3.8 MB strategy: 2 s). So it is computed
# once, off the event loop, and kept with what it was computed from: the strategy's version and a
# fingerprint of what the forum asked. A page reads it; when the strategy or the results have changed
# since, the page says so and the imprint is computed again.

@dataclass(frozen=True)
class ImprintState:
    """What the organiser's page shows: the strategy's name (None before one is read), the imprint as
    last computed (its themes, proposals and summary; None before the first), and whether that still
    holds for the strategy and the results as they are now."""

    strategy_name: str | None
    shown: dict | None
    current: bool


def _strategy_version(strategy: StrategyDocument) -> str:
    return f"{strategy.digest}@{strategy.uploaded_at!r}"


def _results_digest(document: dict) -> str:
    """A fingerprint of everything in the forum's results that the imprint reads, and of the method."""
    event = document["event"]
    read = {"method": [SCHEMA_VERSION, TAKEN_UP_FROM, UNSURE_FROM, EVIDENCE_LIMIT],
            "export_schema_version": document["schema_version"],
            "event": [event.get("title", ""), event.get("date", ""), event.get("organisation", "")],
            "themes": forum_themes(document)}
    return hashlib.sha256(json.dumps(read, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


# The page lists this many of the strategy's sections; the reports list them all.
SECTIONS_SHOWN = 50


def _page(result: dict) -> dict:
    """What the organiser's page shows of an imprint: small whatever the strategy's length (one of
    3.8 MB has thousands of sections; a page listing them all took 0.7 s to make)."""
    sections = result["summary"]["sections"]
    return {"themes": result["themes"], "proposals": result["proposals"],
            "summary": result["summary"] | {"sections": sections[:SECTIONS_SHOWN]},
            "sections_more": max(0, len(sections) - SECTIONS_SHOWN)}


def _packed(result: dict) -> str:
    """The imprint without its statements (the strategy's text gives them again), compressed: what is
    kept for the downloads stays small to write (a 3.8 MB strategy's imprint is 9.5 MB of JSON)."""
    rest = {part: value for part, value in result.items() if part != "statements"}
    return base64.b64encode(zlib.compress(json.dumps(rest, ensure_ascii=False).encode("utf-8"))).decode("ascii")


def _unpacked(packed: str, strategy_text: str) -> dict:
    rest = json.loads(zlib.decompress(base64.b64decode(packed)))
    return {"statements": _statement_entries(split_statements(strategy_text)), **rest}


def _kept(conn: storage.Connection, principal: Principal, event_id: str, *, with_result: bool = False):
    """(the strategy without its text, the imprint as kept, whether it still holds); reads only."""
    document = forum_document(conn, principal, event_id)
    strategy = storage.fetch_strategy(conn, event_id, with_text=False)
    if strategy is None:
        return None, None, False
    kept = storage.fetch_imprint(conn, event_id, with_result=with_result)
    current = (kept is not None and kept.strategy_version == _strategy_version(strategy)
               and kept.results_digest == _results_digest(document))
    return strategy, kept, current


def stored_imprint(conn: storage.Connection, principal: Principal, event_id: str) -> ImprintState:
    """The imprint as kept and whether it still holds: a read, nothing is computed (see
    :func:`compute_imprint`). ``shown`` is the page's part: the themes, the proposals, the summary
    with its first SECTIONS_SHOWN sections, and ``sections_more``."""
    strategy, kept, current = _kept(conn, principal, event_id)
    if strategy is None:
        return ImprintState(None, None, False)
    return ImprintState(strategy.filename, json.loads(kept.shown) if kept else None, current)


def compute_imprint(conn: storage.Connection, principal: Principal, event_id: str) -> dict | None:
    """Compare the strategy with the forum's results as they are now, keep the answer and return it
    (None before a strategy is read). CPU-heavy: run it in a worker process."""
    document = forum_document(conn, principal, event_id)
    strategy = storage.fetch_strategy(conn, event_id)
    if strategy is None:
        return None
    result = imprint(document, strategy.text, strategy_name=strategy.filename)
    shown, packed = json.dumps(_page(result), ensure_ascii=False), _packed(result)
    with storage.transaction(conn):
        events.get(conn, event_id)
        storage.save_imprint(conn, event_id, _strategy_version(strategy), _results_digest(document), shown, packed,
                             clock.now())
    return result


def event_imprint(conn: storage.Connection, principal: Principal, event_id: str) -> dict | None:
    """The imprint of the event's own results on its stored strategy: as kept while it holds, else
    computed (and kept); None before a strategy is uploaded. For the downloads: run it in a worker."""
    strategy, kept, current = _kept(conn, principal, event_id, with_result=True)
    if strategy is None:
        return None
    if not current:
        return compute_imprint(conn, principal, event_id)
    stored = storage.fetch_strategy(conn, event_id)
    if stored is None:
        return None
    return _unpacked(kept.result, stored.text)


# --- the answer to the council -----------------------------------------------------------------

_IN_STRATEGY = {TAKEN_UP: "Tas upp", UNSURE: "Osäker", NOT_SEEN: "Syns inte"}


_ORDINALS = {2: "andra", 3: "tredje", 4: "fjärde", 5: "femte", 6: "sjätte", 7: "sjunde", 8: "åttonde", 9: "nionde",
             10: "tionde"}


def reader_section(section: str) -> str:
    """A strategy's section as a reader is told it: "Inriktning (det andra avsnittet med den rubriken)",
    not the matcher's "Inriktning (2)" (clustering numbers a heading used twice)."""
    found = re.fullmatch(r"(.+) \((\d+)\)", section or "")
    if not found:
        return section or "–"
    number = int(found.group(2))
    return f"{found.group(1)} (det {_ORDINALS.get(number, f'{number}:e')} avsnittet med den rubriken)"


def provenance(entry: dict) -> str:
    """Whether a verdict is the tool's own or a person's (:mod:`sessions.documents.verdicts` adds reviews)."""
    review = entry.get("review")
    if review is None:
        return "Verktygets bedömning, inte bekräftad"
    if review["verdict"] == entry.get("tool_verdict", review["verdict"]):
        return "Bekräftad av arrangören"
    return f"Ändrad av arrangören (verktyget: {_IN_STRATEGY[entry['tool_verdict']].lower()})"


def _proposal_verdict(proposal: dict) -> str:
    nearest = f"”{proposal['evidence'][0]['statement']}”" if proposal["evidence"] else ""
    if proposal["reached"]:
        return f"tas upp ({nearest})" if nearest else "tas upp"
    if proposal["verdict"] == UNSURE:
        return f"osäkert (närmast {nearest})" if nearest else "osäkert"
    return "syns inte i strategin"


def imprint_report(result: dict) -> blocks.Report:
    """Per theme "Tas upp i strategin" with the statements quoted, or "Syns inte i strategin";
    then per section of the strategy, which of the forum's themes fed it."""
    summary = result["summary"]
    threshold = summary["threshold"]
    event = summary["event"]
    strategy = summary["strategy"] or "strategin"
    report = blocks.Report(title=f"Avtryck i strategin: {event['title']}", author=event.get("organisation", ""),
                           subtitle=" · ".join(part for part in (event.get("organisation", ""),
                                                             f"Jämfört med {strategy}") if part))
    when = f" den {blocks.swedish_date(event['date'])}" if event.get("date") else ""
    report.add(blocks.Heading("Svar i korthet"),
               blocks.Paragraph(f"Frågan är om det som kom fram vid det öppna forumet{when} syns i {strategy}. "
                                f"{summary['themes_reached']} av {blocks.plural(summary['themes'], 'tema', 'teman')} "
                                f"och {summary['proposals_reached']} av "
                                f"{blocks.plural(summary['proposals'], 'förslag', 'förslag')} tas upp i strategin."),
               blocks.Table(["Tema", "I strategin", "Bedömning", "Förslag som tas upp"],
                            [[theme["title"], _IN_STRATEGY[theme["verdict"]], provenance(theme),
                          f"{sum(p['reached'] for p in result['proposals'] if p['theme'] == theme['title'])} av "
                          f"{sum(1 for p in result['proposals'] if p['theme'] == theme['title'])}"]
                         for theme in result["themes"]]),
               blocks.Paragraph(f"Så gjordes jämförelsen: verktyget delade strategin i "
                                f"{blocks.plural(summary['statements'], 'påstående', 'påståenden')} (stycken och "
                                "punkter, med sin inledning) och jämförde vart och ett med temats rubrik, bordens "
                                "prioriteringar och förslag, och med varje förslag, efter ordstammar, sammansatta ords "
                                "delar och kommunala begrepp. Ord som är ovanliga i strategin väger tyngre. Ett tema "
                                "eller förslag räknas som upptaget när ett påstående liknar det tillräckligt mycket; "
                                "liknar inget påstående det mer än lite syns det inte, och däremellan är verktyget "
                                "osäkert. Verktyget kan missa när strategin säger samma sak "
                                "med andra ord; läs citaten.", "note"))

    report.add(blocks.Heading("Tema för tema"))
    for number, theme in enumerate(result["themes"], start=1):
        report.add(blocks.Heading(f"{number}. {theme['title']}", 2))
        taken = [e for e in theme["evidence"] if _takes_up(e, threshold)] if theme["reached"] else []
        if theme["reached"] and not taken:
            report.add(blocks.Paragraph("Tas upp i strategin."))
        if taken:
            report.add(blocks.Paragraph("Tas upp i strategin:"))
            for evidence in taken:
                section = next(s["section"] for s in result["statements"] if s["id"] == evidence["statement_id"])
                report.add(blocks.Paragraph(f"”{evidence['statement']}”", "quote"),
                           blocks.Paragraph(f"Avsnitt: {reader_section(section)}. Gemensamma ord: "
                                            f"{', '.join(evidence['shared_terms'])}.", "note"))
        elif not theme["reached"]:
            report.add(blocks.Paragraph("Osäkert om strategin tar upp detta." if theme["verdict"] == UNSURE
                                        else "Syns inte i strategin."))
            if theme["evidence"]:
                nearest = theme["evidence"][0]
                report.add(blocks.Paragraph(f"Närmast kom ”{nearest['statement']}”, men likheten räcker inte för "
                                            "att räkna det som upptaget.", "note"))
        report.add(blocks.Paragraph(f"Bedömning: {provenance(theme)}.", "note"))
        proposals = [p for p in result["proposals"] if p["theme"] == theme["title"]]
        if proposals:
            report.add(blocks.Heading("Förslagen", 3),
                       blocks.Bullets([f"{p['text']}: {_proposal_verdict(p)} ({provenance(p).lower()})"
                                       for p in proposals]))

    report.add(blocks.Heading("Strategins avsnitt och forumets teman"))
    report.add(blocks.Table(["Avsnitt i strategin", "Forumets teman och förslag som tas upp där"],
                            [[reader_section(entry["section"]), ", ".join(entry["themes"]) or "Inga"]
                         for entry in summary["sections"]]))
    return report
