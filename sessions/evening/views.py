"""What each screen shows: the read models behind every page's snapshot and every page.

Commands change the evening; these only read it. A page gets its view whole on every (re)connect,
because Socket.IO does not replay what a dropped connection missed.
"""

from collections import Counter

from sessions import storage
from sessions.evening import board as theme_board
from sessions.evening import events, phases, rotation, takepart
from sessions.ground import clock
from sessions.ground.models import IDEA_MAX_LENGTH, STAGES, Event
from sessions.ground.roles import Principal, Role, authorise


def phase(event: Event) -> dict:
    """The phase as every page shows it: its place in the evening, what it allows, and the
    countdown's end if one runs."""
    return phases.describe(event.phase, phases.steps_of(event)) | {"timer_ends_at": event.timer_ends_at}


def screen(conn: storage.Connection, principal: Principal) -> dict:
    """Everything the projector (and the leader's overview) shows: all tables, ideas, priorities."""
    authorise(principal, "event.view", event_id=principal.event_id)
    event = events.get(conn, principal.event_id)
    ideas = storage.fetch_ideas(conn, event.id, kind=phases.listed_kind(event.phase))
    proposals = storage.fetch_ideas(conn, event.id, kind="proposal")
    priorities = storage.fetch_priorities(conn, event.id)
    tables = []
    for table in table_themes(conn, principal):
        number = table["number"]
        table_ideas = [idea.public() for idea in ideas if idea.table_number == number]
        tables.append({"number": number, "idea_count": len(table_ideas), "ideas": table_ideas,
                       "priorities": [p.public() for p in priorities if p.table_number == number],
                       "theme": table["theme"],
                       "proposals": [p.public() for p in proposals if p.table_number == number]})
    return {"event": event.public(), "phase": phase(event), "tables": tables,
            "priorities_per_table": phases.priorities_per_table(event), "summary": summary(conn, principal),
            "votes": takepart.room_votes(conn, event), "server_now": clock.now()}


def summary(conn: storage.Connection, principal: Principal) -> dict:
    """The evening in numbers, as the projector thanks the room at the close: ideas, proposals and
    participants, and every theme with its proposals counted (counts only, never names).

    Participants are the people checked in on the organiser's list, or the phones that joined if
    more joined than were checked in (an evening may use either, or neither)."""
    authorise(principal, "event.view", event_id=principal.event_id)
    event = events.get(conn, principal.event_id)
    proposals = storage.fetch_ideas(conn, event.id, kind="proposal")
    per_theme = Counter(proposal.theme_id for proposal in proposals)
    attended = storage.count_people_with_status(conn, event.id, STAGES["attended"])
    return {"ideas": len(storage.fetch_ideas(conn, event.id)), "proposals": len(proposals),
            "participants": max(attended, storage.count_participants(conn, event.id)),
            "themes": [{"id": theme.id, "title": theme.title, "proposals": per_theme[theme.id]}
                       for theme in storage.fetch_themes(conn, event.id)]
            if event.board_published_at is not None else []}


def table_themes(conn: storage.Connection, principal: Principal) -> list[dict]:
    """Each table's number and its pass-2 theme (or None): what phones and tablets need of the tables."""
    authorise(principal, "event.view", event_id=principal.event_id)
    if principal.event_id is None:
        return []  # an organiser's link is for no one event
    return _tables_with_themes(conn, principal.event_id)


def _tables_with_themes(conn, event_id: str) -> list[dict]:
    titles = _theme_titles(conn, event_id)
    return [{"number": row.number,
             "theme": _theme_ref(row.theme_id, titles)} for row in storage.fetch_tables(conn, event_id)]


def _theme_titles(conn, event_id: str) -> dict[str, str]:
    return {theme.id: theme.title for theme in storage.fetch_themes(conn, event_id)}


def _theme_ref(theme_id: str | None, titles: dict[str, str]) -> dict | None:
    return {"id": theme_id, "title": titles[theme_id]} if theme_id in titles else None


def tablet(conn: storage.Connection, principal: Principal) -> dict:
    """What a secretary's tablet shows: the phase and the table's own ideas and priorities."""
    authorise(principal, "event.view", event_id=principal.event_id)
    event = events.get(conn, principal.event_id)
    number = events.require_table(conn, event.id, principal.table_number)
    return {"event": event.public(), "phase": phase(event), "table": number,
            "theme": _theme_ref(events.table_theme(conn, event.id, number), _theme_titles(conn, event.id)),
            "ideas": [idea.public() for idea in storage.fetch_ideas(conn, event.id, number,
                                                                    kind=phases.listed_kind(event.phase))],
            "proposals": [idea.public() for idea in storage.fetch_ideas(conn, event.id, number, kind="proposal")],
            "priorities": [p.public() for p in storage.fetch_priorities(conn, event.id, number)],
            "priorities_per_table": phases.priorities_per_table(event), "idea_max_length": IDEA_MAX_LENGTH,
            "seated": seated_names(conn, event.id, number), "seats": seats(conn, principal),
            "inbox": [idea.public() for idea in takepart.inbox(conn, event.id, number)],
            "server_now": clock.now()}


def seated_names(conn: storage.Connection, event_id: str, table_number: int) -> list[str]:
    """Who sits at a table, for that table's own tablet only: the phones that joined or moved there
    and the people the organiser seated there, each name once."""
    return sorted(rotation.seated(conn, event_id).get(table_number, []), key=str.casefold)


def board(conn: storage.Connection, principal: Principal, place: theme_board.Placer | None = None,
          explain: theme_board.Explainer | None = None) -> dict:
    """Themes with their priorities and the words those share, the unsorted priorities, and (when
    shown) ideas for context."""
    authorise(principal, "event.view", event_id=principal.event_id)
    event = events.get(conn, principal.event_id)
    priorities = storage.fetch_priorities(conn, event.id)
    shown = {p.id: p.public() for p in priorities}
    published = event.board_published_at is not None
    # The leaders' draft: the room sees no theme and no sorting until a leader shows the board.
    themes = storage.fetch_themes(conn, event.id) if published or principal.role in (Role.LEADER, Role.ORGANISER) \
        else []
    placed = {priority_id for theme in themes for priority_id in theme.priority_ids}
    similar = theme_board.similar_ideas(themes, priorities, storage.fetch_ideas(conn, event.id), place) \
        if event.show_context and place is not None and themes else [[] for _ in themes]
    words = theme_board.shared_words(themes, priorities, explain)
    cards = [{"id": theme.id, "title": theme.title,
              "priorities": [shown[p] for p in theme.priority_ids if p in shown],
              "ideas": [idea.public() for idea in ideas], "words": shared}
             for theme, ideas, shared in zip(themes, similar, words)]
    return {"themes": cards, "unsorted": [p for pid, p in shown.items() if pid not in placed],
            "theme_count": event.theme_count, "finalised": event.themes_finalised_at is not None,
            "published": published,
            "readiness": theme_board.readiness(themes, event.theme_count),
            "show_context": bool(event.show_context), "can_undo": storage.count_board_history(conn, event.id) > 0}


def seats(conn: storage.Connection, principal: Principal) -> dict:
    """Counts only, never names: seats taken and free per table, the round, how many are moving."""
    authorise(principal, "event.view", event_id=principal.event_id)
    event = events.get(conn, principal.event_id)
    capacity = rotation.seats(conn, event.id)
    seated = rotation.count_seated(conn, event.id)
    rounds = storage.fetch_rounds(conn, event.id)
    current = next((row for row in rounds if row.closed_at is None), None)
    return {"tables": [{"number": number, "seated": seated.get(number, 0), "seats": capacity[number]}
                       for number in sorted(capacity)],
            "round": {"number": current.number, "open": True} if current else
            {"number": len(rounds), "open": False},
            "rounds_max": event.rotation_rounds_max,
            "moving": storage.count_movers(conn, current.id) if current else 0,
            "phones": storage.count_participants(conn, event.id)}


def joined_phones(conn: storage.Connection, principal: Principal, event_id: str) -> list[dict]:
    """The phones that have joined, newest first: a name, its table and when, for a leader or organiser
    to find one that does not belong (never sent to any other role)."""
    authorise(principal, "participants.manage", event_id=event_id)
    event = events.get(conn, event_id)
    return [{"id": person.id, "name": person.display_name, "table": person.table_number, "joined_at": person.created_at}
            for person in reversed(storage.fetch_participants(conn, event.id))]


def phone(conn: storage.Connection, principal: Principal) -> dict:
    """A participant's phone: the phase, its own table (if joined), each table's theme, and the seats."""
    authorise(principal, "event.view", event_id=principal.event_id)
    event = events.get(conn, principal.event_id)
    person = storage.fetch_participant(conn, principal.participant_id) if principal.participant_id else None
    return {"event": event.public(), "phase": phase(event), "tables": table_themes(conn, principal),
            "me": {"name": person.display_name, "table": person.table_number} if person else None,
            "seats": seats(conn, principal), "votes": takepart.room_votes(conn, event, principal.participant_id),
            "server_now": clock.now()}


def votes(conn: storage.Connection, principal: Principal) -> dict:
    """The step's list with its live vote counts (what the phones vote on, and how many may)."""
    authorise(principal, "event.view", event_id=principal.event_id)
    return takepart.room_votes(conn, events.get(conn, principal.event_id), principal.participant_id)


def parking(conn: storage.Connection, principal: Principal) -> list[dict]:
    """Every parking-lot note, for the leaders."""
    authorise(principal, "parking.view", event_id=principal.event_id)
    if principal.event_id is None:
        return []  # an organiser's link is for no one event
    return [note.public() for note in storage.fetch_parking_notes(conn, principal.event_id)]


def projector_parking(conn: storage.Connection, principal: Principal) -> list[dict]:
    """What the room may see of the parking lot: nothing until the leader shows it."""
    authorise(principal, "event.view", event_id=principal.event_id)
    event = events.get(conn, principal.event_id)
    if not event.parking_visible:
        return []
    return [note.public() for note in storage.fetch_parking_notes(conn, event.id) if not note.hidden]


# --- the organiser's desk ------------------------------------------------------------------------

def table_cards(conn: storage.Connection, principal: Principal, event_id: str) -> dict:
    """What the organiser prints for the tables: the event and each table's number and (once set) theme."""
    authorise(principal, "event.links", event_id=event_id)
    event = events.get(conn, event_id)
    return {"event": event.public(), "tables": _tables_with_themes(conn, event_id)}
