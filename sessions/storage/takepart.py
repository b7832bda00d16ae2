"""Phones that take part: their votes and their evaluations (their ideas are rows of ``idea``)."""

from sessions.ground.models import Evaluation, Vote
from sessions.storage.dialect import Connection
from sessions.storage.records import record, records


def fetch_vote(conn: Connection, vote_id: str) -> Vote | None:
    return record(Vote, conn.execute("SELECT * FROM vote WHERE id = ?", (vote_id,)).fetchone())


def insert_vote(conn: Connection, vote: Vote) -> None:
    conn.execute("INSERT INTO vote (id, event_id, participant_id, phase, target_id, created_at)"
                 " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                 (vote.id, vote.event_id, vote.participant_id, vote.phase, vote.target_id, vote.created_at))


def delete_vote(conn: Connection, participant_id: str, target_id: str) -> None:
    conn.execute("DELETE FROM vote WHERE participant_id = ? AND target_id = ?", (participant_id, target_id))


def fetch_votes(conn: Connection, event_id: str, phase: str | None = None) -> list[Vote]:
    if phase is None:
        return records(Vote, conn.execute("SELECT * FROM vote WHERE event_id = ? ORDER BY created_at", (event_id,)))
    return records(Vote, conn.execute("SELECT * FROM vote WHERE event_id = ? AND phase = ? ORDER BY created_at",
                                      (event_id, phase)))


def fetch_evaluation(conn: Connection, evaluation_id: str) -> Evaluation | None:
    return record(Evaluation, conn.execute("SELECT * FROM evaluation WHERE id = ?", (evaluation_id,)).fetchone())


def save_evaluation(conn: Connection, evaluation: Evaluation) -> None:
    """The phone's evaluation; a second one from the same phone replaces its first."""
    conn.execute("DELETE FROM evaluation WHERE participant_id = ?", (evaluation.participant_id,))
    conn.execute("INSERT INTO evaluation (id, event_id, participant_id, rating, comment, created_at)"
                 " VALUES (?, ?, ?, ?, ?, ?)", (evaluation.id, evaluation.event_id, evaluation.participant_id,
                                               evaluation.rating, evaluation.comment, evaluation.created_at))


def fetch_evaluations(conn: Connection, event_id: str) -> list[Evaluation]:
    return records(Evaluation, conn.execute("SELECT * FROM evaluation WHERE event_id = ? ORDER BY created_at",
                                            (event_id,)))


def take_in_idea(conn: Connection, idea_id: str, kind: str, now: float) -> None:
    """A phone's idea the table's secretary takes in: it becomes one of the table's ideas."""
    conn.execute("UPDATE idea SET kind = ?, updated_at = ? WHERE id = ?", (kind, now, idea_id))
