"""Organisations, their settings, and their audit log."""

from sessions.ground.models import AuditEntry, Organisation
from sessions.storage.dialect import Connection
from sessions.storage.records import record, records


def insert_organisation(conn: Connection, name: str, now: float) -> int:
    conn.execute("INSERT INTO organisation (name, created_at) VALUES (?, ?)", (name, now))
    found = fetch_organisation_by_name(conn, name)
    assert found is not None
    return found.id


def fetch_organisation(conn: Connection, organisation_id: int) -> Organisation | None:
    return record(Organisation, conn.execute("SELECT * FROM organisation WHERE id = ?", (organisation_id,)).fetchone())


def fetch_organisation_by_name(conn: Connection, name: str) -> Organisation | None:
    return record(Organisation, conn.execute("SELECT * FROM organisation WHERE lower(name) = lower(?)",
                                             (name,)).fetchone())


def fetch_organisations(conn: Connection) -> list[Organisation]:
    return records(Organisation, conn.execute("SELECT * FROM organisation ORDER BY id"))


_SETTINGS = frozenset({"name", "council", "balance_low", "balance_high", "retention_months"})


def update_organisation(conn: Connection, organisation_id: int, fields: dict) -> None:
    unknown = set(fields) - _SETTINGS
    if unknown:
        raise ValueError(f"not a setting: {sorted(unknown)}")
    if fields:
        assignments = ", ".join(f"{name} = ?" for name in fields)
        conn.execute(f"UPDATE organisation SET {assignments} WHERE id = ?", [*fields.values(), organisation_id])


def insert_audit_entry(conn: Connection, organisation_id: int | None, at: float, account: str | None, action: str,
                       subject: str, detail: str) -> None:
    conn.execute("INSERT INTO audit_entry (organisation_id, at, account, action, subject, detail)"
                 " VALUES (?, ?, ?, ?, ?, ?)", (organisation_id, at, account, action, subject, detail))


def count_audit_entries(conn: Connection, organisation_id: int) -> int:
    return conn.execute("SELECT COUNT(*) FROM audit_entry WHERE organisation_id = ?", (organisation_id,)).fetchone()[0]


def fetch_audit_entries(conn: Connection, organisation_id: int, limit: int, offset: int) -> list[AuditEntry]:
    return records(AuditEntry, conn.execute("SELECT * FROM audit_entry WHERE organisation_id = ?"
                                            " ORDER BY id DESC LIMIT ? OFFSET ?", (organisation_id, limit, offset)))
