"""The strategy kept with an event, its imprint as last computed, and the yearly follow-up."""


from sessions.ground.models import FollowupEntry, StoredImprint, StrategyDocument, VerdictReview
from sessions.storage.dialect import Connection
from sessions.storage.records import record, records

# --- the strategy and its yearly follow-up -----------------------------------------------------

def save_strategy(conn: Connection, event_id: str, filename: str, text: str, now: float, digest: str = "") -> None:
    conn.execute("INSERT INTO strategy_document (event_id, filename, text, uploaded_at, digest) VALUES (?, ?, ?, ?, ?)"
                 " ON CONFLICT (event_id) DO UPDATE SET filename = excluded.filename, text = excluded.text,"
                 " uploaded_at = excluded.uploaded_at, digest = excluded.digest",
                 (event_id, filename, text, now, digest))


def fetch_strategy(conn: Connection, event_id: str, *, with_text: bool = True) -> StrategyDocument | None:
    """The event's strategy; without its text (a few megabytes, maybe) when only its name and version are needed."""
    columns = "*" if with_text else "event_id, filename, uploaded_at, digest"
    return record(StrategyDocument, conn.execute(f"SELECT {columns} FROM strategy_document WHERE event_id = ?",
                                                  (event_id,)).fetchone())


def save_imprint(conn: Connection, event_id: str, strategy_version: str, results_digest: str, shown: str,
                 result: str, now: float) -> None:
    conn.execute("INSERT INTO strategy_imprint (event_id, strategy_version, results_digest, shown, result, computed_at)"
                 " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO UPDATE SET"
                 " strategy_version = excluded.strategy_version, results_digest = excluded.results_digest,"
                 " shown = excluded.shown, result = excluded.result, computed_at = excluded.computed_at",
                 (event_id, strategy_version, results_digest, shown, result, now))


def fetch_imprint(conn: Connection, event_id: str, *, with_result: bool = False) -> StoredImprint | None:
    """The imprint as last computed; the whole result (as big as the strategy) only when asked for."""
    columns = "*" if with_result else "event_id, strategy_version, results_digest, shown, computed_at"
    return record(StoredImprint, conn.execute(f"SELECT {columns} FROM strategy_imprint WHERE event_id = ?",
                                               (event_id,)).fetchone())


def insert_followup_entry(conn: Connection, event_id: str, entry: dict) -> None:
    columns = ("subject_kind", "subject_id", "subject_text", "status", "note", "responsible", "status_date",
               "changed_by", "changed_at")
    conn.execute(f"INSERT INTO followup_entry (event_id, {', '.join(columns)}) VALUES (?{', ?' * len(columns)})",
                 [event_id, *(entry[column] for column in columns)])


def fetch_followup_entries(conn: Connection, event_id: str) -> list[FollowupEntry]:
    """Every follow-up entry of the event, oldest first: the last per subject is in force."""
    return records(FollowupEntry, conn.execute("SELECT * FROM followup_entry WHERE event_id = ? ORDER BY id",
                                                 (event_id,)))


# --- the organiser's reviews of the imprint's verdicts -----------------------------------------

def insert_verdict_review(conn: Connection, event_id: str, review: VerdictReview) -> None:
    conn.execute("INSERT INTO verdict_review (event_id, subject_kind, theme, proposal, verdict, tool_verdict,"
                 " reviewed_by, reviewed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 (event_id, review.subject_kind, review.theme, review.proposal, review.verdict, review.tool_verdict,
                  review.reviewed_by, review.reviewed_at))


def fetch_verdict_reviews(conn: Connection, event_id: str) -> list[VerdictReview]:
    """Every review of the event's verdicts, oldest first: the last per item is in force."""
    return records(VerdictReview, conn.execute("SELECT * FROM verdict_review WHERE event_id = ? ORDER BY id",
                                                 (event_id,)))


# --- placements the organiser removed from the report ------------------------------------------

def insert_placement_removal(conn: Connection, event_id: str, idea_id: str, theme: str, removed_by: str,
                             now: float) -> bool:
    """Keep a removal; False when that placement was removed already."""
    cursor = conn.execute("INSERT INTO placement_removal (event_id, idea_id, theme, removed_by, removed_at)"
                          " VALUES (?, ?, ?, ?, ?) ON CONFLICT (event_id, idea_id, theme) DO NOTHING",
                          (event_id, idea_id, theme, removed_by, now))
    return cursor.rowcount == 1


def fetch_placement_removals(conn: Connection, event_id: str) -> set[tuple[str, str]]:
    """The (idea id, theme title) of every placement the organiser removed."""
    return {(row["idea_id"], row["theme"]) for row in
            conn.execute("SELECT idea_id, theme FROM placement_removal WHERE event_id = ?", (event_id,))}
