"""The phones that joined: who sits at which table, and the rotation rounds they move in."""


from sessions.ground.models import Participant, RotationRound
from sessions.storage.dialect import Connection
from sessions.storage.records import record, records

# --- participants and rotation -----------------------------------------------------------------

def insert_participant(conn: Connection, participant: Participant, key_hash: str, now: float) -> None:
    conn.execute("INSERT INTO participant (id, event_id, key_hash, display_name, table_number, created_at)"
                 " VALUES (?, ?, ?, ?, ?, ?)", (participant.id, participant.event_id, key_hash,
                                                participant.display_name, participant.table_number, now))


def fetch_participant_by_key(conn: Connection, event_id: str, key_hash: str) -> Participant | None:
    return record(Participant, conn.execute("SELECT * FROM participant WHERE event_id = ? AND key_hash = ?",
                                             (event_id, key_hash)).fetchone())


def fetch_participant(conn: Connection, participant_id: str) -> Participant | None:
    return record(Participant, conn.execute("SELECT * FROM participant WHERE id = ?", (participant_id,)).fetchone())


def fetch_participants(conn: Connection, event_id: str) -> list[Participant]:
    return records(Participant, conn.execute(
        "SELECT * FROM participant WHERE event_id = ? ORDER BY created_at, rowid", (event_id,)))


def count_participants(conn: Connection, event_id: str) -> int:
    return conn.execute("SELECT COUNT(*) FROM participant WHERE event_id = ?", (event_id,)).fetchone()[0]


def count_seated(conn: Connection, event_id: str) -> dict[int, int]:
    rows = conn.execute("SELECT table_number, COUNT(*) FROM participant WHERE event_id = ?"
                        " AND table_number IS NOT NULL GROUP BY table_number", (event_id,))
    return {number: count for number, count in rows}


def delete_participant(conn: Connection, participant_id: str) -> None:
    conn.execute("DELETE FROM participant WHERE id = ?", (participant_id,))


def seat_participant(conn: Connection, participant_id: str, table_number: int) -> None:
    conn.execute("UPDATE participant SET table_number = ? WHERE id = ?", (table_number, participant_id))


def fetch_rounds(conn: Connection, event_id: str) -> list[RotationRound]:
    return records(RotationRound, conn.execute("SELECT * FROM rotation_round WHERE event_id = ? ORDER BY number",
                                                (event_id,)))


def open_round(conn: Connection, event_id: str, number: int, now: float) -> None:
    conn.execute("INSERT INTO rotation_round (event_id, number, opened_at) VALUES (?, ?, ?)", (event_id, number, now))


def close_round(conn: Connection, round_id: int, now: float) -> None:
    conn.execute("UPDATE rotation_round SET closed_at = ? WHERE id = ?", (now, round_id))


def record_move(conn: Connection, round_id: int, participant_id: str, from_table: int | None,
                to_table: int, now: float) -> None:
    conn.execute("INSERT INTO rotation_move (round_id, participant_id, from_table, to_table, moved_at)"
                 " VALUES (?, ?, ?, ?, ?)", (round_id, participant_id, from_table, to_table, now))


def count_movers(conn: Connection, round_id: int) -> int:
    """People who moved in the round and are not back where they started."""
    return conn.execute(
        "SELECT COUNT(*) FROM (SELECT participant_id, MIN(id) AS first, MAX(id) AS last FROM rotation_move"
        " WHERE round_id = ? GROUP BY participant_id) m"
        " JOIN rotation_move f ON f.id = m.first JOIN rotation_move l ON l.id = m.last"
        " WHERE f.from_table IS DISTINCT FROM l.to_table", (round_id,)).fetchone()[0]
