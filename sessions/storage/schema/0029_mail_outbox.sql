-- The durable outbox: every e-mail is stored here before it is sent, and sent at most once.
-- One mail per (purpose, person, event): a second invitation or report mail to the same person is
-- refused by the key, not by a check that could race. The Message-ID is made when the mail is stored
-- and kept, so the organiser's "send again" after an uncertain send repeats the same message.
-- state: queued (waiting, next_attempt_at says when), sending (handed to the SMTP server now),
-- sent, failed (refused for good, or too many tries), uncertain (a send that was under way when the
-- sender stopped or lost the server after the message was handed over: never sent again by itself).
-- The body keeps placeholders for the personal links; they are filled in only when sending, from the
-- server's secret, so the table holds no link that opens anything.
CREATE TABLE mail_outbox (
    id               INTEGER PRIMARY KEY,
    event_id         TEXT NOT NULL REFERENCES event(id) ON DELETE CASCADE,
    person_id        TEXT NOT NULL,
    purpose          TEXT NOT NULL,
    recipient        TEXT NOT NULL,
    subject          TEXT NOT NULL,
    body             TEXT NOT NULL,
    message_id       TEXT NOT NULL UNIQUE,
    state            TEXT NOT NULL DEFAULT 'queued'
                     CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'uncertain')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  REAL NOT NULL,
    sending_since    REAL,
    last_error       TEXT NOT NULL DEFAULT '',
    created_at       REAL NOT NULL,
    sent_at          REAL,
    UNIQUE (purpose, person_id, event_id)
);
CREATE INDEX mail_outbox_due ON mail_outbox(state, next_attempt_at);
CREATE INDEX mail_outbox_by_event ON mail_outbox(event_id, id);
