"""The report's "Liknande idéer från borden", reviewed before it goes out.

The tool places an idea from the tables under a theme only where it is confident, and says why (the
theme's words the idea met; :func:`clustering.placement.place`). The organiser reads every placement
(:func:`listing`) and removes the ones that mislead (:func:`remove_placement`): a removed placement
stays removed in every export (:func:`sessions.documents.document.build_export` leaves it out), and the
idea stays with its table in the appendix.
"""

from sessions import storage
from sessions.evening import board, events
from sessions.ground import clock
from sessions.ground.errors import DomainError
from sessions.ground.roles import Principal, authorise
from sessions.ground.text import clean_text

REMOVED_BY_LIMIT = 120


def listing(conn: storage.Connection, principal: Principal, event_id: str, place: board.Placer) -> list[dict]:
    """Every theme with the ideas the tool places under it: each idea's id, table, text, the shared
    words and whether the organiser removed it. CPU work for many ideas: run it off the event loop."""
    authorise(principal, "event.export", event_id=event_id)
    event = events.get(conn, event_id)
    themes = storage.fetch_themes(conn, event.id)
    removed = storage.fetch_placement_removals(conn, event.id)
    placed = board.placed_ideas(themes, storage.fetch_priorities(conn, event.id), storage.fetch_ideas(conn, event.id),
                                place)
    return [{"title": theme.title,
             "placements": [{"idea_id": idea.id, "table": idea.table_number, "text": idea.text,
                             "shared_terms": terms, "removed": (idea.id, theme.title) in removed}
                            for idea, terms in ideas]}
            for theme, ideas in zip(themes, placed)]


def remove_placement(conn: storage.Connection, principal: Principal, event_id: str, idea_id, theme,
                     removed_by: str) -> bool:
    """Keep the idea out from under the theme in every export; False when it was removed already
    (a second click changes nothing)."""
    authorise(principal, "event.edit", event_id=event_id)
    who = clean_text(removed_by, limit=REMOVED_BY_LIMIT, required=False, one_line=True, code="placement.who")
    if not isinstance(idea_id, str) or not isinstance(theme, str):
        raise DomainError("placement.not_found")
    with storage.transaction(conn):
        events.get(conn, event_id)
        idea = storage.fetch_idea(conn, idea_id)
        titles = {t.title for t in storage.fetch_themes(conn, event_id)}
        if idea is None or idea.event_id != event_id or theme not in titles:
            raise DomainError("placement.not_found")
        return storage.insert_placement_removal(conn, event_id, idea_id, theme, who or "okänd", clock.now())
