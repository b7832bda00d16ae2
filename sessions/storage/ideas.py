"""What tables write and choose: ideas and proposals, the two priorities, the theme board and its undo, the
parking lot."""


from sessions.ground.models import Idea, ParkingNote, Priority, Theme
from sessions.storage.dialect import Connection
from sessions.storage.records import record, records

# --- ideas -------------------------------------------------------------------------------------

def insert_idea(conn: Connection, idea: Idea) -> bool:
    """Store the idea unless its id is known already; True when it was new."""
    cursor = conn.execute(
        "INSERT INTO idea (id, event_id, table_number, text, created_at, updated_at, kind, theme_id, details,"
        " participant_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        (idea.id, idea.event_id, idea.table_number, idea.text, idea.created_at, idea.updated_at, idea.kind,
         idea.theme_id, idea.details, idea.participant_id))
    return cursor.rowcount == 1


def fetch_idea(conn: Connection, idea_id: str) -> Idea | None:
    """The idea with its withdrawal mark, withdrawn or not."""
    return record(Idea, conn.execute("SELECT * FROM idea WHERE id = ?", (idea_id,)).fetchone())


def update_idea_text(conn: Connection, idea_id: str, text: str, now: float) -> None:
    conn.execute("UPDATE idea SET text = ?, updated_at = ? WHERE id = ?", (text, now, idea_id))


def withdraw_idea(conn: Connection, idea_id: str, now: float) -> None:
    conn.execute("UPDATE idea SET withdrawn_at = ?, updated_at = ? WHERE id = ?", (now, now, idea_id))
    conn.execute("DELETE FROM priority WHERE idea_id = ?", (idea_id,))


def fetch_ideas(conn: Connection, event_id: str, table_number: int | None = None,
                kind: str = "idea") -> list[Idea]:
    """The ideas (or proposals) still standing, in the order they arrived; of one table, or of all."""
    table, params = _one_table("table_number", table_number)
    return records(Idea, conn.execute(f"SELECT * FROM idea WHERE event_id = ? AND kind = ? AND withdrawn_at IS NULL"
                                       f"{table} ORDER BY rowid", (event_id, kind, *params)))


def set_answered(conn: Connection, idea_id: str, answered_at: float | None) -> None:
    conn.execute("UPDATE idea SET answered_at = ? WHERE id = ?", (answered_at, idea_id))


def _one_table(column: str, table_number: int | None) -> tuple[str, tuple]:
    """The condition for one table's rows, or none for every table's."""
    return ("", ()) if table_number is None else (f" AND {column} = ?", (table_number,))


# --- priorities --------------------------------------------------------------------------------

_PRIORITY_SELECT = ("SELECT p.id, p.event_id, p.table_number, p.idea_id, COALESCE(i.text, p.text) AS text"
                    " FROM priority p LEFT JOIN idea i ON i.id = p.idea_id")


def fetch_priorities(conn: Connection, event_id: str, table_number: int | None = None) -> list[Priority]:
    table, params = _one_table("p.table_number", table_number)
    return records(Priority, conn.execute(f"{_PRIORITY_SELECT} WHERE p.event_id = ?{table}"
                                          " ORDER BY p.table_number, p.rowid", (event_id, *params)))


def fetch_priority(conn: Connection, priority_id: str) -> Priority | None:
    return record(Priority, conn.execute(_PRIORITY_SELECT + " WHERE p.id = ?", (priority_id,)).fetchone())


def count_priorities(conn: Connection, event_id: str, table_number: int) -> int:
    return conn.execute("SELECT COUNT(*) FROM priority WHERE event_id = ? AND table_number = ?",
                        (event_id, table_number)).fetchone()[0]


def priority_for_idea(conn: Connection, idea_id: str) -> str | None:
    row = conn.execute("SELECT id FROM priority WHERE idea_id = ?", (idea_id,)).fetchone()
    return row["id"] if row else None


def insert_priority(conn: Connection, priority_id: str, event_id: str, table_number: int,
                    idea_id: str | None, text: str | None, now: float) -> bool:
    cursor = conn.execute(
        "INSERT INTO priority (id, event_id, table_number, idea_id, text, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", (priority_id, event_id, table_number, idea_id, text, now))
    return cursor.rowcount == 1


def delete_priority(conn: Connection, priority_id: str) -> None:
    conn.execute("DELETE FROM priority WHERE id = ?", (priority_id,))


def count_priorities_by_table(conn: Connection, event_id: str) -> dict[int, int]:
    rows = conn.execute(
        "SELECT t.number, COUNT(p.id) FROM event_table t LEFT JOIN priority p"
        " ON p.event_id = t.event_id AND p.table_number = t.number WHERE t.event_id = ? GROUP BY t.number",
        (event_id,))
    return {number: count for number, count in rows}


# --- themes ------------------------------------------------------------------------------------

def fetch_themes(conn: Connection, event_id: str) -> list[Theme]:
    members: dict[str, list[str]] = {}
    for row in conn.execute(
            "SELECT tp.theme_id, tp.priority_id FROM theme_priority tp JOIN theme t ON t.id = tp.theme_id"
            " WHERE t.event_id = ? ORDER BY tp.position, tp.rowid", (event_id,)):
        members.setdefault(row["theme_id"], []).append(row["priority_id"])
    return [Theme(row["id"], row["event_id"], row["title"], row["position"], tuple(members.get(row["id"], ())))
            for row in conn.execute("SELECT * FROM theme WHERE event_id = ? ORDER BY position, rowid", (event_id,))]


def replace_themes(conn: Connection, event_id: str, themes: list[Theme], now: float) -> None:
    """Write the whole board: every theme in order, every placed priority in order."""
    conn.execute("DELETE FROM theme WHERE event_id = ?", (event_id,))
    for position, theme in enumerate(themes):
        conn.execute("INSERT INTO theme (id, event_id, title, position, created_at) VALUES (?, ?, ?, ?, ?)",
                     (theme.id, event_id, theme.title, position, now))
        conn.executemany("INSERT INTO theme_priority (priority_id, theme_id, position) VALUES (?, ?, ?)",
                         [(priority_id, theme.id, index) for index, priority_id in enumerate(theme.priority_ids)])


BOARD_HISTORY_LIMIT = 200  # undo steps kept per event: far more than an evening uses


def push_board_history(conn: Connection, event_id: str, snapshot: str, now: float) -> None:
    conn.execute("INSERT INTO board_history (event_id, snapshot, created_at) VALUES (?, ?, ?)",
                 (event_id, snapshot, now))
    conn.execute("DELETE FROM board_history WHERE event_id = ? AND id NOT IN"
                 " (SELECT id FROM board_history WHERE event_id = ? ORDER BY id DESC LIMIT ?)",
                 (event_id, event_id, BOARD_HISTORY_LIMIT))


def pop_board_history(conn: Connection, event_id: str) -> str | None:
    row = conn.execute("SELECT id, snapshot FROM board_history WHERE event_id = ? ORDER BY id DESC LIMIT 1",
                       (event_id,)).fetchone()
    if row is None:
        return None
    conn.execute("DELETE FROM board_history WHERE id = ?", (row["id"],))
    return row["snapshot"]


def count_board_history(conn: Connection, event_id: str) -> int:
    return conn.execute("SELECT COUNT(*) FROM board_history WHERE event_id = ?", (event_id,)).fetchone()[0]


def set_themes_finalised(conn: Connection, event_id: str, finalised_at: float | None) -> None:
    conn.execute("UPDATE event SET themes_finalised_at = ? WHERE id = ?", (finalised_at, event_id))


def set_board_published(conn: Connection, event_id: str, published_at: float | None) -> None:
    conn.execute("UPDATE event SET board_published_at = ? WHERE id = ?", (published_at, event_id))


def set_show_context(conn: Connection, event_id: str, show: bool) -> None:
    conn.execute("UPDATE event SET show_context = ? WHERE id = ?", (int(show), event_id))


# --- parking lot -------------------------------------------------------------------------------

def insert_parking_note(conn: Connection, note: ParkingNote, participant_id: str | None) -> bool:
    cursor = conn.execute("INSERT INTO parking_note (id, event_id, table_number, participant_id, text,"
                          " created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                          (note.id, note.event_id, note.table_number, participant_id, note.text, note.created_at))
    return cursor.rowcount == 1


def fetch_parking_note(conn: Connection, note_id: str) -> ParkingNote | None:
    return record(ParkingNote, conn.execute("SELECT * FROM parking_note WHERE id = ?", (note_id,)).fetchone())


def fetch_parking_notes(conn: Connection, event_id: str) -> list[ParkingNote]:
    return records(ParkingNote, conn.execute("SELECT * FROM parking_note WHERE event_id = ? ORDER BY created_at, rowid",
                                              (event_id,)))


def set_parking_note_state(conn: Connection, note_id: str, hidden: bool, answered_at: float | None) -> None:
    conn.execute("UPDATE parking_note SET hidden = ?, answered_at = ? WHERE id = ?",
                 (int(hidden), answered_at, note_id))


def set_parking_visible(conn: Connection, event_id: str, visible: bool) -> None:
    conn.execute("UPDATE event SET parking_visible = ? WHERE id = ?", (int(visible), event_id))


def set_pages_held(conn: Connection, event_id: str, held: bool) -> None:
    conn.execute("UPDATE event SET pages_held = ? WHERE id = ?", (int(held), event_id))
