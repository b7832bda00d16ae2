"""E-mail through the durable outbox to a real SMTP server (aiosmtpd on localhost): sent once, retried
after a refusal or while the server is down, failed for good and shown, never twice after a crash."""

import pytest

from dialog_app.mailer import Personal, SmtpSettings, send_due
from sessions import storage
from sessions.evening import events
from sessions.evening.demo import DEMO_EVENT
from sessions.ground import roles
from sessions.people import outbox, people
from support.evening import SECRET
from support.smtp import SmtpServer

SENDER = "Lerums kommun <forum@lerum.example>"


@pytest.fixture
def db(database):
    conn = storage.connect(database)
    storage.migrate(conn)
    yield conn
    storage.close(conn)


@pytest.fixture
def smtp():
    server = SmtpServer()
    yield server
    server.stop()


@pytest.fixture
def one_mail(db, clock):
    event = events.create(db, SECRET.encode(), roles.ORGANISER, DEMO_EVENT)
    person = people.add_person(db, roles.ORGANISER, event.id, {"name": "Anna Holm", "contact": "anna@example.se"})
    with storage.transaction(db):
        assert outbox.queue(db, event_id=event.id, person_id=person, purpose="invitation",
                            recipient="anna@example.se", subject="Ledamot A bjuder in dig", body="Välkommen!")
    return event, person


def send(db, smtp):
    return send_due(db, SmtpSettings.from_url(smtp.url), SENDER, lambda mail: Personal(links={}))


def test_a_stored_mail_is_sent_once_with_its_message_id(db, smtp, one_mail):
    event, person = one_mail
    smtp.start()
    assert send(db, smtp) == {"sent": 1}
    assert send(db, smtp) == {}
    [message] = smtp.messages
    [mail] = storage.fetch_event_mails(db, event.id)
    assert (message["To"], message["Subject"], message["Message-ID"]) == (
        "anna@example.se", "Ledamot A bjuder in dig", mail.message_id)
    assert message.get_content().strip() == "Välkommen!"
    assert (mail.state, mail.attempts) == ("sent", 1)


def test_the_same_mail_to_the_same_person_is_stored_once(db, one_mail):
    event, person = one_mail
    with storage.transaction(db):
        assert not outbox.queue(db, event_id=event.id, person_id=person, purpose="invitation",
                                recipient="anna@example.se", subject="Igen", body="Igen")
    assert len(storage.fetch_event_mails(db, event.id)) == 1


def test_a_mail_the_server_refused_for_now_is_sent_after_the_backoff(db, smtp, one_mail, clock):
    event, _ = one_mail
    smtp.handler.refusals.append("451 4.3.0 Try again later")
    smtp.start()
    assert send(db, smtp) == {"queued": 1}
    [mail] = storage.fetch_event_mails(db, event.id)
    assert mail.last_error.startswith("451") and mail.next_attempt_at == clock.moment + outbox.BACKOFF_SECONDS[0]
    clock.advance(outbox.BACKOFF_SECONDS[0] - 1)
    assert send(db, smtp) == {} and smtp.messages == []
    clock.advance(1)
    assert send(db, smtp) == {"sent": 1}
    assert len(smtp.messages) == 1


def test_a_mail_waits_while_the_server_is_down_and_goes_when_it_is_up(db, smtp, one_mail, clock):
    event, _ = one_mail
    assert send(db, smtp) == {"queued": 1}
    [mail] = storage.fetch_event_mails(db, event.id)
    assert "ConnectionRefused" in mail.last_error
    smtp.start()
    clock.advance(outbox.BACKOFF_SECONDS[0])
    assert send(db, smtp) == {"sent": 1}
    assert len(smtp.messages) == 1


def test_a_mail_refused_for_good_fails_and_the_organiser_sees_why(db, smtp, one_mail):
    event, _ = one_mail
    smtp.handler.refusals.append("550 5.1.1 No such user")
    smtp.start()
    assert send(db, smtp) == {"failed": 1}
    shown = outbox.event_outbox(db, roles.ORGANISER, event.id)
    assert shown["counts"]["failed"] == 1 and shown["mails"][0].last_error.startswith("550")


def test_a_mail_is_never_sent_twice_after_a_crash_between_the_server_and_the_mark(db, smtp, one_mail, clock,
                                                                                   monkeypatch):
    event, _ = one_mail
    smtp.start()

    def crash(*args, **kwargs):
        raise KeyboardInterrupt("the server process stops here")

    with monkeypatch.context() as patched:
        patched.setattr(outbox, "record_outcome", crash)
        with pytest.raises(KeyboardInterrupt):
            send(db, smtp)
    assert len(smtp.messages) == 1
    # The restarted sender finds it "sending": not due, so not sent; after the lease it is uncertain.
    assert send(db, smtp) == {}
    clock.advance(outbox.SENDING_LEASE_SECONDS + 1)
    assert send(db, smtp) == {}
    [mail] = storage.fetch_event_mails(db, event.id)
    assert mail.state == "uncertain" and len(smtp.messages) == 1
    # The organiser checks and sends it again by hand: the same message, the same Message-ID.
    outbox.send_again(db, roles.ORGANISER, event.id, mail.id)
    assert send(db, smtp) == {"sent": 1}
    assert [m["Message-ID"] for m in smtp.messages] == [mail.message_id] * 2


def test_a_mail_the_server_took_but_never_confirmed_is_uncertain_and_not_sent_again(db, smtp, one_mail, clock,
                                                                                   monkeypatch):
    from dialog_app import mailer

    event, _ = one_mail
    monkeypatch.setattr(mailer, "SMTP_TIMEOUT_SECONDS", 0.5)
    smtp.handler.slow_answer = 2.0
    smtp.start()
    assert send(db, smtp) == {"uncertain": 1}
    smtp.handler.slow_answer = 0.0
    clock.advance(outbox.BACKOFF_SECONDS[-1] + outbox.SENDING_LEASE_SECONDS)
    assert send(db, smtp) == {}
    [mail] = storage.fetch_event_mails(db, event.id)
    assert mail.state == "uncertain" and "no answer after the message was sent" in mail.last_error
    assert len(smtp.messages) == 1
    shown = outbox.event_outbox(db, roles.ORGANISER, event.id)
    assert shown["counts"]["uncertain"] == 1


def test_a_mail_whose_header_would_smuggle_in_another_fails_and_nothing_is_sent(db, smtp, clock):
    event = events.create(db, SECRET.encode(), roles.ORGANISER, DEMO_EVENT)
    person = people.add_person(db, roles.ORGANISER, event.id, {"name": "Anna Holm", "contact": "anna@example.se"})
    with storage.transaction(db):
        outbox.queue(db, event_id=event.id, person_id=person, purpose="invitation", recipient="anna@example.se",
                     subject="Hej\nBcc: everyone@example.se", body="Välkommen!")
    smtp.start()
    assert send(db, smtp) == {"failed": 1}
    assert smtp.messages == []
    assert "could not be made" in storage.fetch_event_mails(db, event.id)[0].last_error


def test_two_senders_at_once_send_each_mail_once(database, db, smtp, clock):
    import threading

    event = events.create(db, SECRET.encode(), roles.ORGANISER, DEMO_EVENT)
    with storage.transaction(db):
        for number in range(20):
            outbox.queue(db, event_id=event.id, person_id=f"person-{number}", purpose="invitation",
                         recipient=f"p{number}@example.se", subject=f"Inbjudan {number}", body="Välkommen!")
    smtp.start()
    start = threading.Barrier(2)

    def sender():
        own = storage.connect(database)
        try:
            start.wait()
            send(own, smtp)
        finally:
            storage.close(own)

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ids = [message["Message-ID"] for message in smtp.messages]
    assert len(ids) == 20 and len(set(ids)) == 20
    assert outbox.counts(db, roles.ORGANISER, event.id)["sent"] == 20
