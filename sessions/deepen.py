"""Pass 2: each table takes one of the finalised themes and writes proposals for it.

Proposals travel the same path as ideas (client id, stored once, acknowledged); see
``ideas.add``, which writes a proposal when the evening is in ``deepen``. Entering
``deepen`` proposes a theme for every table (``deepen.propose_table_themes``); the leader may
change any of them here.
"""


from sessions import events, happened, machine, storage
from sessions.errors import DomainError
from sessions.roles import Principal, authorise


def assign_theme(conn: storage.Connection, principal: Principal, table_number, theme_id) -> None:
    """Give ``table_number`` the theme ``theme_id`` for pass 2 (proposals already written stay theirs)."""
    authorise(principal, "deepen.assign", event_id=principal.event_id)
    with storage.transaction(conn):
        event = events.get(conn, principal.event_id)
        machine.require_phase("deepen.assign", event.phase)
        events.require_table(conn, event.id, table_number)
        if not isinstance(theme_id, str) or theme_id not in {theme.id for theme in storage.fetch_themes(conn, event.id)}:
            raise DomainError("theme.not_found")
        storage.set_table_theme(conn, event.id, table_number, theme_id)
        happened.record(happened.TableThemesChanged(event.id))


def propose_table_themes(conn: storage.Connection, event_id: str) -> None:
    """Give every table without a theme one, in board order, round and round (table 7 gets theme 1)."""
    themes = storage.fetch_themes(conn, event_id)
    if not themes:
        return
    for table in storage.fetch_tables(conn, event_id):
        if table.theme_id is None:
            storage.set_table_theme(conn, event_id, table.number, themes[(table.number - 1) % len(themes)].id)
