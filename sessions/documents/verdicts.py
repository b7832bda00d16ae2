"""The organiser confirms or corrects the imprint's verdicts, and everything after reads the corrected ones.

The tool's verdict on a theme or a proposal (tas upp, osäker, syns inte; :mod:`sessions.documents.imprint`)
is a suggestion until a person has read the evidence: :func:`review_verdict` keeps that person's verdict
with who and when, never changing an earlier one (the history of an item is its audit trail).
:func:`reviewed` lays the reviews over an imprint, so the page, the report on the imprint and the
follow-up report say the corrected verdict and whether it is the tool's own or a person's. A review
names its item by what the imprint compares (the theme's title; the proposal's theme and text), so it
holds when the imprint is computed again and the item is still there.
"""

import copy
import json

from clustering.matching import NOT_SEEN, TAKEN_UP, UNSURE
from sessions import storage
from sessions.documents import imprint
from sessions.evening import events
from sessions.ground import clock
from sessions.ground.errors import DomainError
from sessions.ground.models import VerdictReview
from sessions.ground.roles import Principal, authorise
from sessions.ground.text import clean_text

VERDICTS = (TAKEN_UP, UNSURE, NOT_SEEN)
KINDS = ("theme", "proposal")
REVIEWED_BY_LIMIT = 120

Key = tuple[str, str, str]


def _key(kind: str, theme: str, proposal: str = "") -> Key:
    return (kind, theme, proposal if kind == "proposal" else "")


def _entry_key(entry: dict) -> Key:
    return _key("proposal", entry["theme"], entry["text"]) if "text" in entry else _key("theme", entry["title"])


def _histories(conn: storage.Connection, event_id: str) -> dict[Key, list[VerdictReview]]:
    by_item: dict[Key, list[VerdictReview]] = {}
    for review in storage.fetch_verdict_reviews(conn, event_id):
        by_item.setdefault(_key(review.subject_kind, review.theme, review.proposal), []).append(review)
    return by_item


def review_verdict(conn: storage.Connection, principal: Principal, event_id: str, subject_kind: str, theme: str,
                   proposal: str, verdict: str, reviewed_by: str) -> VerdictReview | None:
    """Keep a person's verdict on one item of the imprint as it is kept now; None when it is already the
    verdict in force (a second click of the same button changes nothing)."""
    authorise(principal, "event.edit", event_id=event_id)
    if verdict not in VERDICTS:
        raise DomainError("verdict.bad")
    if subject_kind not in KINDS or not isinstance(theme, str) or not isinstance(proposal, str):
        raise DomainError("verdict.not_found")
    who = clean_text(reviewed_by, limit=REVIEWED_BY_LIMIT, required=False, one_line=True, code="verdict.who")
    key = _key(subject_kind, theme, proposal)
    with storage.transaction(conn):
        events.get(conn, event_id)
        kept = storage.fetch_imprint(conn, event_id)
        shown = json.loads(kept.shown) if kept else {"themes": [], "proposals": []}
        found = next((entry for entry in shown["themes"] + shown["proposals"] if _entry_key(entry) == key), None)
        if found is None:
            raise DomainError("verdict.not_found")
        history = _histories(conn, event_id).get(key, [])
        if history and history[-1].verdict == verdict:
            return None
        review = VerdictReview(subject_kind, key[1], key[2], verdict, found["verdict"], who or "okänd", clock.now())
        storage.insert_verdict_review(conn, event_id, review)
    return review


def _review_entry(review: VerdictReview) -> dict:
    return {"verdict": review.verdict, "tool_verdict": review.tool_verdict, "reviewed_by": review.reviewed_by,
            "reviewed_at": review.reviewed_at}


def reviewed(result: dict, histories: dict[Key, list[VerdictReview]]) -> dict:
    """The imprint with each item's verdict in force: a person's where one has reviewed it, else the
    tool's. Each theme and proposal gets ``tool_verdict`` (the tool's, as computed now), ``review``
    (the review in force, or None: the tool's own, not confirmed) and ``history`` (every review,
    oldest first); the summary's counts follow the verdicts in force."""
    shown = copy.copy(result)
    summary = dict(result["summary"])
    changed: set[str] = set()
    for part in ("themes", "proposals"):
        entries = []
        for entry in result[part]:
            history = histories.get(_entry_key(entry), [])
            review = history[-1] if history else None
            verdict = review.verdict if review else entry["verdict"]
            if part == "themes" and (verdict == TAKEN_UP) != entry["reached"]:
                changed.add(entry["title"])
            entries.append(entry | {"tool_verdict": entry["verdict"], "verdict": verdict,
                                    "reached": verdict == TAKEN_UP,
                                    "review": _review_entry(review) if review else None,
                                    "history": [_review_entry(r) for r in history]})
        shown[part] = entries
    summary["themes_reached"] = sum(entry["reached"] for entry in shown["themes"])
    summary["proposals_reached"] = sum(entry["reached"] for entry in shown["proposals"])
    summary["reviewed"] = sum(entry["review"] is not None for entry in shown["themes"] + shown["proposals"])
    # A section lists the themes that feed it; one a person says is not taken up feeds none.
    not_taken = {entry["title"] for entry in shown["themes"] if entry["title"] in changed and not entry["reached"]}
    summary["sections"] = [section | {"themes": [t for t in section["themes"] if t not in not_taken]}
                           for section in summary["sections"]]
    shown["summary"] = summary
    return shown


def reviewed_state(conn: storage.Connection, principal: Principal, event_id: str) -> imprint.ImprintState:
    """The organiser's page: the kept imprint (:func:`imprint.stored_imprint`) with the verdicts in force."""
    state = imprint.stored_imprint(conn, principal, event_id)
    if state.shown is None:
        return state
    return imprint.ImprintState(state.strategy_name, reviewed(state.shown, _histories(conn, event_id)), state.current)


def reviewed_imprint(conn: storage.Connection, principal: Principal, event_id: str) -> dict | None:
    """The whole imprint for the downloads and the follow-up report, with the verdicts in force."""
    result = imprint.event_imprint(conn, principal, event_id)
    return None if result is None else reviewed(result, _histories(conn, event_id))


def by_item(conn: storage.Connection, principal: Principal, event_id: str) -> dict[Key, dict]:
    """The follow-up page's view: each item of the kept imprint with its verdict in force, by
    ("theme", title, "") and ("proposal", theme, text); empty before a strategy is compared."""
    state = reviewed_state(conn, principal, event_id)
    if state.shown is None:
        return {}
    return {_entry_key(entry): entry for entry in state.shown["themes"] + state.shown["proposals"]}

