"""What each screen receives: a page's whole view on every (re)connect, and each part of it that a
broadcast sends again when it changes.

The snapshot (:mod:`dialog_app.realtime`) and the broadcasts (:mod:`dialog_app.publisher`) both take
their views from here, so a page that reconnects sees exactly what the broadcasts kept it up to date
with. The domain's read models are :mod:`sessions.evening.views`; this adds what only the web layer has:
the board's suggestions worked out off the event loop, the participants' link with its QR code, and
the tablets connected to this process. Long words get their soft hyphens where a message is sent.
"""

from clustering import nearest_themes, shared_words
from dialog_app.db import get_db, token_secret
from dialog_app.links import join_link
from dialog_app.offload import run_cpu
from sessions.evening import takepart, tokens, views
from sessions.ground.models import Event
from sessions.ground.roles import Principal, Role


def _screen(event_id: str) -> Principal:
    """Who reads a view for a broadcast: it goes to screens, so it may show what a screen shows."""
    return Principal(Role.PROJECTOR, event_id)


def snapshot(principal: Principal, tablets: dict[str, int]) -> dict:
    """Everything the principal's page shows, so a page that missed broadcasts is whole again;
    ``tablets`` counts the tablets connected per table (the leader's and projector's pages show it)."""
    conn = get_db()
    if principal.role is Role.SECRETARY:
        return views.tablet(conn, principal)
    if principal.role is Role.PARTICIPANT:
        return views.phone(conn, principal)
    if principal.role is Role.LEADER:
        parking = views.parking(conn, principal)
    else:
        parking = views.projector_parking(conn, principal)
    shown = views.screen(conn, principal) | {"tablets": tablets, "board": board(principal.event_id, principal.role),
                                             "seats": views.seats(conn, principal), "parking": parking}
    if principal.role is Role.PROJECTOR:
        shown["join"] = join(principal.event_id)
    return shown


def place_ideas(theme_texts, idea_texts):
    return run_cpu(nearest_themes, theme_texts, idea_texts, "sv", items=len(idea_texts))


def explain_themes(theme_texts):
    return run_cpu(shared_words, theme_texts, "sv", items=sum(len(texts) for texts in theme_texts))


def board(event_id: str, role: Role = Role.PROJECTOR) -> dict:
    """The theme board, with the tool's placements and each theme's shared words: the leaders' draft
    for ``Role.LEADER``, what the room may see for the projector."""
    return views.board(get_db(), Principal(role, event_id), place_ideas, explain_themes)


def join(event_id: str) -> dict:
    """The participants' link as the projector shows it (the link, a short one, its QR code)."""
    return join_link(tokens.join_token(get_db(), token_secret(), _screen(event_id)))


def phase(event: Event) -> dict:
    return views.phase(event)


def summary(event_id: str) -> dict:
    return views.summary(get_db(), _screen(event_id))


def table_themes(event_id: str) -> list[dict]:
    return views.table_themes(get_db(), _screen(event_id))


def seats(event_id: str) -> dict:
    return views.seats(get_db(), _screen(event_id))


def projector_parking(event_id: str) -> list[dict]:
    return views.projector_parking(get_db(), _screen(event_id))


def votes(event_id: str) -> dict:
    """The live vote counts every page of the event shows (without any one phone's own votes)."""
    return views.votes(get_db(), _screen(event_id))


def inbox(event_id: str, table: int) -> list[dict]:
    """The phones' ideas waiting at a table: for that table's own tablets only."""
    return [idea.public() for idea in takepart.inbox(get_db(), event_id, table)]


def seated(event_id: str, table: int) -> list[str]:
    """Who sits at a table: for that table's own tablets only."""
    return views.seated_names(get_db(), event_id, table)
