"""Pass 2: each table takes one of the finalised themes and writes proposals for it.

Proposals travel the same path as ideas (client id, stored once, acknowledged); see
``service.add_idea``, which writes a proposal when the evening is in ``deepen``. Entering
``deepen`` proposes a theme for every table (``service.propose_table_themes``); the leader may
change any of them here.
"""


from sessions import storage
from sessions.errors import DomainError
from sessions.phases import require_phase
from sessions.roles import Principal, authorise
from sessions.service import get_event, require_table


def assign_theme(conn: storage.Connection, principal: Principal, table_number, theme_id) -> None:
    """Give ``table_number`` the theme ``theme_id`` for pass 2 (proposals already written stay theirs)."""
    authorise(principal, "deepen.assign", event_id=principal.event_id)
    with storage.transaction(conn):
        event = get_event(conn, principal.event_id)
        require_phase("deepen.assign", event.phase)
        require_table(conn, event.id, table_number)
        if not isinstance(theme_id, str) or theme_id not in {theme.id for theme in storage.fetch_themes(conn, event.id)}:
            raise DomainError("theme.not_found")
        storage.set_table_theme(conn, event.id, table_number, theme_id)
