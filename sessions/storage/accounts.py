"""Organiser accounts and their sessions."""


from sessions.ground.models import OrganiserAccount
from sessions.storage.dialect import Connection
from sessions.storage.records import record, records

# --- organiser accounts ------------------------------------------------------------------------

def count_organiser_accounts(conn: Connection) -> int:
    return conn.execute("SELECT COUNT(*) FROM organiser_account").fetchone()[0]


def count_organisation_accounts(conn: Connection, organisation_id: int) -> int:
    return conn.execute("SELECT COUNT(*) FROM organiser_account WHERE organisation_id = ?",
                        (organisation_id,)).fetchone()[0]


def insert_organiser_account(conn: Connection, username: str, password_hash: str, now: float,
                             administrator: bool = False, organisation_id: int | None = None) -> None:
    conn.execute("INSERT INTO organiser_account (username, password_hash, created_at, administrator, organisation_id)"
                 " VALUES (?, ?, ?, ?, ?)", (username, password_hash, now, int(administrator), organisation_id))


def fetch_organisation_accounts(conn: Connection, organisation_id: int) -> list[OrganiserAccount]:
    return records(OrganiserAccount, conn.execute("SELECT * FROM organiser_account WHERE organisation_id = ?"
                                                  " ORDER BY lower(username)", (organisation_id,)))


def delete_organiser_account(conn: Connection, username: str) -> bool:
    return conn.execute("DELETE FROM organiser_account WHERE lower(username) = lower(?)", (username,)).rowcount > 0


def set_organiser_password(conn: Connection, username: str, password_hash: str) -> None:
    conn.execute("UPDATE organiser_account SET password_hash = ? WHERE lower(username) = lower(?)",
                 (password_hash, username))


def revoke_account_sessions(conn: Connection, username: str, now: float) -> None:
    conn.execute("UPDATE organiser_session SET revoked_at = ? WHERE lower(username) = lower(?) AND revoked_at IS NULL",
                 (now, username))


def fetch_organiser_account(conn: Connection, username: str) -> OrganiserAccount | None:
    return record(OrganiserAccount, conn.execute("SELECT * FROM organiser_account WHERE lower(username) = lower(?)",
                                                  (username,)).fetchone())


def insert_organiser_session(conn: Connection, session_id: str, username: str, now: float) -> None:
    conn.execute("INSERT INTO organiser_session (id, username, created_at) VALUES (?, ?, ?)",
                 (session_id, username, now))


def organiser_session_is_active(conn: Connection, session_id: str) -> bool:
    return conn.execute("SELECT 1 FROM organiser_session WHERE id = ? AND revoked_at IS NULL",
                        (session_id,)).fetchone() is not None


def revoke_organiser_session(conn: Connection, session_id: str, now: float) -> None:
    conn.execute("UPDATE organiser_session SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", (now, session_id))
