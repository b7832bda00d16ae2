"""Personal invitations by e-mail, on behalf of each inviter, each with the person's own registration link.

Each person is invited once: sending stores an invitation in the outbox for everyone on the list with
an e-mail address who has none yet (``person.invited_at``), so a second send reaches only people
added since. The outbox's key (purpose, person, event) holds it even against two sends at once.
"""

import re
from dataclasses import dataclass

from sessions import storage
from sessions.evening import events
from sessions.ground import clock
from sessions.ground.models import Person
from sessions.ground.roles import Principal, authorise
from sessions.people import mail_texts, outbox
from sessions.people.registration import _EMAIL, issue_person_token

PREVIEW_SHOWN = 3
BATCH = 500


@dataclass(frozen=True)
class InvitationPreview:
    to_send: int  # people with an address not invited yet
    without_address: list[str]  # names of people not invited yet who have no usable address
    samples: list[tuple[str, str, str]]  # (recipient, subject, body) of the first few
    already_invited: int


def _uninvited(conn: storage.Connection, event_id: str, limit: int | None = None) -> tuple[list[Person], list[str]]:
    ready: list[Person] = []
    missing: list[Person] = []
    for person in storage.fetch_uninvited(conn, event_id, limit):
        (ready if _EMAIL.fullmatch(person.contact or "") else missing).append(person)
    return ready, [person.name for person in missing]


def _as_previewed(subject: str, body: str) -> tuple[str, str]:
    """A mail as the organiser previews it: each person's own link (filled in only when the mail is sent,
    so the database holds no working link) shown as what it is, not as its placeholder."""
    return subject, re.sub(r"\{\w+_link\}", "[personens egen länk / the person's own link]", body)


def preview(conn: storage.Connection, principal: Principal, event_id: str) -> InvitationPreview:
    """What sending now would do: how many, who has no address, and the first mails as they will read."""
    authorise(principal, "people.view", event_id=event_id)
    event = events.get(conn, event_id)
    ready, missing = _uninvited(conn, event_id)
    samples = [(person.contact, *_as_previewed(*mail_texts.invitation(event, person)))
               for person in ready[:PREVIEW_SHOWN]]
    return InvitationPreview(len(ready), missing, samples, storage.count_invited(conn, event_id))


def send(conn: storage.Connection, secret: bytes, principal: Principal, event_id: str,
         domain: str = "dialog-app.local") -> int:
    """Store an invitation for everyone not invited yet who has an address; returns how many. In batches
    of :data:`BATCH`, each its own transaction, so the writer's lock is never held long (5,000 people took
    0.48 s in one transaction, 0.37 s in ten of about 40 ms each), and a send cut short leaves the rest
    for the next."""
    authorise(principal, "people.edit", event_id=event_id)
    event = events.get(conn, event_id)
    ready, _ = _uninvited(conn, event_id)
    sent = 0
    for start in range(0, len(ready), BATCH):
        with storage.transaction(conn):
            for person in ready[start:start + BATCH]:
                # Marked first: a person another send invited meanwhile is passed over here.
                if not storage.mark_invited(conn, person.id, clock.now()):
                    continue
                issue_person_token(conn, secret, person.id, event_id, "register")
                subject, body = mail_texts.invitation(event, person)
                sent += outbox.queue(conn, event_id=event_id, person_id=person.id, purpose="invitation",
                                     recipient=person.contact, subject=subject, body=body, domain=domain)
    return sent
