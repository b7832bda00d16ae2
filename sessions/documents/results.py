"""Telling participants what became of their ideas: the public results page and the mails about it.

The page is the event's themes, their proposals and each one's follow-up status with its history, and
the report to download: no names (neither who typed nor who changed a status). The organiser
publishes it (its link is unguessable, a public link like the registration link) and may unpublish it.
Those who agreed when registering, and have not unsubscribed, get one mail when it is published and a
digest when follow-up statuses change after that; nobody else gets anything.

Per programme (issue 24): :func:`public_results` reads one event; a programme's page would list its
events' results one after the other, with the same no-names rule.
"""

from dataclasses import dataclass

from sessions import storage
from sessions.documents import followup
from sessions.evening import events
from sessions.ground import clock
from sessions.ground.errors import DomainError
from sessions.ground.models import Event
from sessions.ground.roles import ORGANISER, Principal, authorise
from sessions.people import mail_texts, outbox, registration

# A digest waits until the follow-up has been quiet this long, so one evening of edits is one mail.
DIGEST_SETTLE_SECONDS = 3600


@dataclass(frozen=True)
class PublicStatus:
    status: str
    note: str
    status_date: str
    changed_at: float


@dataclass(frozen=True)
class PublicItem:
    text: str
    current: PublicStatus | None
    history: list[PublicStatus]  # oldest first, the one in force last


@dataclass(frozen=True)
class PublicTheme:
    theme: PublicItem
    priorities: list[str]
    proposals: list[PublicItem]


def _item(subject: followup.Subject) -> PublicItem:
    # Who changed a status, and who is responsible by name, are left out: the page has no names.
    history = [PublicStatus(entry.status, entry.note, entry.status_date, entry.changed_at)
               for entry in subject.history]
    return PublicItem(subject.text, history[-1] if history else None, history)


def published_event(conn: storage.Connection, secret: bytes, token) -> Event:
    """The event whose results link this is, while its results are published."""
    event = registration.public_event(conn, secret, token, "results")
    state = storage.fetch_results_state(conn, event.id)
    if state is None or state["results_published_at"] is None:
        raise DomainError("results.not_published")
    return event


def public_results(conn: storage.Connection, event_id: str) -> list[PublicTheme]:
    """What the public page shows of one event (read for a published event only)."""
    return [PublicTheme(_item(theme.theme), theme.priorities, [_item(p) for p in theme.proposals])
            for theme in followup.overview(conn, ORGANISER, event_id)]


def state(conn: storage.Connection, secret: bytes, principal: Principal, event_id: str) -> dict:
    """The organiser's view: published or not, the link, who would be told."""
    authorise(principal, "event.view", event_id=event_id)
    events.get(conn, event_id)
    row = storage.fetch_results_state(conn, event_id)
    return {"published_at": row["results_published_at"],
            "token": registration.public_link(conn, secret, principal, event_id, "results"),
            "recipients": len(storage.fetch_results_recipients(conn, event_id))}


def publish(conn: storage.Connection, secret: bytes, principal: Principal, event_id: str, results_url_for,
            domain: str = "dialog-app.local") -> int:
    """Publish the results page (a link is made the first time); everyone who agreed is told once.
    ``results_url_for(token)`` is the page's address. Returns how many mails were stored."""
    authorise(principal, "event.edit", event_id=event_id)
    token = registration.public_link(conn, secret, principal, event_id, "results")
    if token is None:
        token = registration.open_public_link(conn, secret, principal, event_id, "results")
    with storage.transaction(conn):
        event = events.get(conn, event_id)
        storage.set_results_published(conn, event_id, clock.now())
        subject, body = mail_texts.report_published(event, results_url_for(token))
        told = 0
        for row in storage.fetch_results_recipients(conn, event_id):
            registration.issue_person_token(conn, secret, row["id"], event_id, "unsubscribe")
            told += outbox.queue(conn, event_id=event_id, person_id=row["id"], purpose="report",
                                 recipient=row["contact"], subject=subject, body=body, domain=domain)
        # What the follow-up says now is on the page they are sent to: digests tell of what comes after.
        changes = storage.fetch_followup_changes(conn, event_id, 0)
        if changes:
            storage.set_results_told_through(conn, event_id, changes[-1]["id"])
        return told


def unpublish(conn: storage.Connection, principal: Principal, event_id: str) -> None:
    authorise(principal, "event.edit", event_id=event_id)
    with storage.transaction(conn):
        events.get(conn, event_id)
        storage.set_results_published(conn, event_id, None)


def _change_line(row) -> str:
    kind = "Temat" if row["subject_kind"] == "theme" else "Förslaget"
    status = followup.STATUS_NAMES[row["status"]].lower()
    when = f" ({row['status_date']})" if row["status_date"] else ""
    return f"{kind} ”{row['subject_text']}”: {status}{when}"


def send_digest(conn: storage.Connection, secret: bytes, principal: Principal, event_id: str, results_url_for,
                domain: str = "dialog-app.local", settle: float = 0) -> int:
    """Tell those who agreed what changed in the follow-up since they were last told (one mail each, with
    the newest status of each item that changed); only for published results. Returns mails stored."""
    authorise(principal, "event.edit", event_id=event_id)
    token = registration.public_link(conn, secret, principal, event_id, "results")
    with storage.transaction(conn):
        event = events.get(conn, event_id)
        row = storage.fetch_results_state(conn, event_id)
        if token is None or row["results_published_at"] is None:
            return 0
        changes = storage.fetch_followup_changes(conn, event_id, row["results_told_through"])
        if not changes or clock.now() - settle < max(change["changed_at"] for change in changes):
            return 0
        newest = {(c["subject_kind"], c["subject_text"]): c for c in changes}
        subject, body = mail_texts.followup_digest(event, results_url_for(token),
                                                   [_change_line(c) for c in newest.values()])
        told = 0
        for person in storage.fetch_results_recipients(conn, event_id):
            registration.issue_person_token(conn, secret, person["id"], event_id, "unsubscribe")
            told += outbox.queue(conn, event_id=event_id, person_id=person["id"],
                                 purpose=f"digest:{changes[-1]['id']}", recipient=person["contact"],
                                 subject=subject, body=body, domain=domain)
        storage.set_results_told_through(conn, event_id, changes[-1]["id"])
        return told


def send_due_digests(conn: storage.Connection, secret: bytes, results_url_for, domain: str = "dialog-app.local",
                     settle: float = DIGEST_SETTLE_SECONDS) -> int:
    """The periodic task: a digest for every published event whose follow-up has changed and then been
    quiet for ``settle`` seconds."""
    return sum(send_digest(conn, secret, ORGANISER, event_id, results_url_for, domain, settle)
               for event_id in storage.fetch_published_event_ids(conn))
