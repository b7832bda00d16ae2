"""The theme board: the process leaders turn the tables' priorities into the evening's themes.

The machine suggests a grouping; people move, merge, split, rename and create themes, with undo,
and finalise when there are exactly as many themes as the event asks for. Every change keeps the
board as it was in ``board_history`` so "undo" can restore it, whoever of the leaders made it.
Grouping itself is passed in (``group``), so the web layer can run it off the event loop.
"""

import json
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from sessions import storage
from sessions.evening import domain_events, events, phases
from sessions.ground import clock
from sessions.ground.errors import DomainError
from sessions.ground.ids import client_id
from sessions.ground.models import Event, Idea, Priority, Theme
from sessions.ground.roles import Principal, authorise
from sessions.ground.text import clean_text

THEME_TITLE_LIMIT = 120

# group(texts, n_themes) -> [(label, [indices into texts]), ...]
Grouper = Callable[[list[str], int], list[tuple[str, list[int]]]]



def _open_board(conn, principal: Principal, *, allow_finalised: bool = False) -> Event:
    authorise(principal, "theme.edit", event_id=principal.event_id)
    event = events.get(conn, principal.event_id)
    phases.require_phase("theme.edit", event.phase)
    if event.themes_finalised_at is not None and not allow_finalised:
        raise DomainError("themes.finalised")
    return event


def _title(title) -> str:
    return clean_text(title, limit=THEME_TITLE_LIMIT, code="theme.title", empty="theme.title_empty",
                      too_long="theme.title_too_long", one_line=True)


def _snapshot(themes: list[Theme]) -> str:
    return json.dumps([{"id": t.id, "title": t.title, "priority_ids": list(t.priority_ids)} for t in themes])


def _commit_board(conn, event: Event, before: list[Theme], after: list[Theme]) -> None:
    """Keep the board as it was for undo, then write the new one."""
    storage.push_board_history(conn, event.id, _snapshot(before), clock.now())
    storage.replace_themes(conn, event.id, after, clock.now())
    domain_events.record(domain_events.BoardChanged(event.id))


def _find(themes: list[Theme], theme_id) -> int:
    for index, theme in enumerate(themes):
        if theme.id == theme_id:
            return index
    raise DomainError("theme.not_found")


def _without(themes: list[Theme], priority_ids: set[str]) -> list[Theme]:
    return [Theme(t.id, t.event_id, t.title, t.position, tuple(p for p in t.priority_ids if p not in priority_ids))
            for t in themes]


def _event_priority_ids(conn, event_id: str) -> set[str]:
    return {priority.id for priority in storage.fetch_priorities(conn, event_id)}


def _new_theme(event_id: str, title: str, priority_ids=()) -> Theme:
    return Theme(str(uuid.uuid4()), event_id, title, 0, tuple(priority_ids))


# --- changes -----------------------------------------------------------------------------------

def suggest(conn: storage.Connection, principal: Principal, group: Grouper, *, replace: bool = False) -> None:
    """Replace the board with a machine grouping of all priorities; asks first if a board exists."""
    event = _open_board(conn, principal)
    if storage.fetch_themes(conn, event.id) and not replace:
        raise DomainError("themes.replace_confirm")
    priorities = storage.fetch_priorities(conn, event.id)
    if not priorities:
        raise DomainError("themes.no_priorities")
    # Grouping takes a moment: done before the write lock, then checked again inside it.
    suggestion = group([priority.text for priority in priorities], event.theme_count)
    with storage.transaction(conn):
        event = _open_board(conn, principal)
        before = storage.fetch_themes(conn, event.id)
        if before and not replace:
            raise DomainError("themes.replace_confirm")
        still_there = _event_priority_ids(conn, event.id)
        after = [_new_theme(event.id, label or f"Tema {number}",
                            [priorities[i].id for i in members if priorities[i].id in still_there])
                 for number, (label, members) in enumerate(suggestion, start=1)]
        # The tool's suggestion is the leaders' draft: the room sees it once a leader shows it.
        storage.set_board_published(conn, event.id, None)
        _commit_board(conn, event, before, after)


def publish(conn: storage.Connection, principal: Principal) -> bool:
    """Show the board to the room (the projector shows it, and every change after); False when it is shown."""
    with storage.transaction(conn):
        event = _open_board(conn, principal)
        if event.board_published_at is not None:
            return False
        if not storage.fetch_themes(conn, event.id):
            raise DomainError("themes.nothing_to_publish")
        storage.set_board_published(conn, event.id, clock.now())
        domain_events.record(domain_events.BoardChanged(event.id))
    return True


def move_priority(conn: storage.Connection, principal: Principal, priority_id, theme_id, position=None) -> None:
    """Put a priority into a theme at ``position`` (end if none), or back among the unsorted."""
    with storage.transaction(conn):
        event = _open_board(conn, principal)
        priority_id = client_id(priority_id)
        if priority_id not in _event_priority_ids(conn, event.id):
            raise DomainError("priority.not_found")
        before = storage.fetch_themes(conn, event.id)
        after = _without(before, {priority_id})
        if theme_id is not None:
            index = _find(after, theme_id)
            members = list(after[index].priority_ids)
            if isinstance(position, bool) or not isinstance(position, int) or not 0 <= position <= len(members):
                position = len(members)
            members.insert(position, priority_id)
            target = after[index]
            after[index] = Theme(target.id, target.event_id, target.title, target.position, tuple(members))
        _commit_board(conn, event, before, after)


def merge_themes(conn: storage.Connection, principal: Principal, source_id, target_id) -> None:
    """Fold ``source`` into ``target``: its priorities join the end of the target, keeping its title."""
    with storage.transaction(conn):
        event = _open_board(conn, principal)
        before = storage.fetch_themes(conn, event.id)
        source, target = _find(before, source_id), _find(before, target_id)
        if source == target:
            raise DomainError("theme.merge_self")
        after = list(before)
        kept = before[target]
        after[target] = Theme(kept.id, kept.event_id, kept.title, kept.position,
                              kept.priority_ids + before[source].priority_ids)
        del after[source]
        _commit_board(conn, event, before, after)


def split_theme(conn: storage.Connection, principal: Principal, theme_id, priority_ids, title) -> str:
    """Take some priorities out of a theme into a new theme right after it; returns the new id."""
    with storage.transaction(conn):
        event = _open_board(conn, principal)
        title = _title(title)
        if not isinstance(priority_ids, list) or not priority_ids:
            raise DomainError("request.malformed")
        wanted = list(dict.fromkeys(client_id(priority_id) for priority_id in priority_ids))
        before = storage.fetch_themes(conn, event.id)
        index = _find(before, theme_id)
        if not set(wanted) <= set(before[index].priority_ids):
            raise DomainError("priority.not_found")
        after = _without(before, set(wanted))
        created = _new_theme(event.id, title, wanted)
        after.insert(index + 1, created)
        _commit_board(conn, event, before, after)
        return created.id


def rename_theme(conn: storage.Connection, principal: Principal, theme_id, title) -> None:
    with storage.transaction(conn):
        event = _open_board(conn, principal)
        title = _title(title)
        before = storage.fetch_themes(conn, event.id)
        index = _find(before, theme_id)
        if before[index].title == title:
            return
        after = list(before)
        theme = before[index]
        after[index] = Theme(theme.id, theme.event_id, title, theme.position, theme.priority_ids)
        _commit_board(conn, event, before, after)


def create_theme(conn: storage.Connection, principal: Principal, title) -> str:
    """An empty theme at the end of the board; returns its id."""
    with storage.transaction(conn):
        event = _open_board(conn, principal)
        title = _title(title)
        before = storage.fetch_themes(conn, event.id)
        created = _new_theme(event.id, title)
        _commit_board(conn, event, before, before + [created])
        return created.id


def delete_theme(conn: storage.Connection, principal: Principal, theme_id) -> None:
    """Remove a theme; its priorities go back among the unsorted, nothing is lost."""
    with storage.transaction(conn):
        event = _open_board(conn, principal)
        before = storage.fetch_themes(conn, event.id)
        after = list(before)
        del after[_find(before, theme_id)]
        _commit_board(conn, event, before, after)


def undo(conn: storage.Connection, principal: Principal) -> None:
    """Restore the board as it was before the last change, whichever leader made it."""
    with storage.transaction(conn):
        event = _open_board(conn, principal)
        snapshot = storage.pop_board_history(conn, event.id)
        if snapshot is None:
            raise DomainError("themes.nothing_to_undo")
        existing = _event_priority_ids(conn, event.id)
        themes = [Theme(entry["id"], event.id, entry["title"], 0,
                        tuple(p for p in entry["priority_ids"] if p in existing))
                  for entry in json.loads(snapshot)]
        storage.replace_themes(conn, event.id, themes, clock.now())
        domain_events.record(domain_events.BoardChanged(event.id))


def readiness(themes: list, theme_count: int) -> dict:
    """How far the board is from being settled: its themes, those with a title, and the number the event
    asks for; ``ready`` when :func:`finalise` would settle it (the board's page says why it waits)."""
    named = sum(1 for theme in themes if theme.title.strip())
    return {"themes": len(themes), "named": named, "expected": theme_count,
            "ready": len(themes) == theme_count and named == len(themes)}


def finalise(conn: storage.Connection, principal: Principal) -> None:
    """Settle the themes: exactly the number the event asks for, each with a title. Moves nothing."""
    with storage.transaction(conn):
        event = _open_board(conn, principal)
        themes = storage.fetch_themes(conn, event.id)
        waits = readiness(themes, event.theme_count)
        if waits["themes"] != event.theme_count:
            raise DomainError("themes.count", expected=event.theme_count, actual=len(themes))
        if not waits["ready"]:
            raise DomainError("theme.title_empty")
        storage.set_themes_finalised(conn, event.id, clock.now())
        if event.board_published_at is None:  # the evening's themes are the room's
            storage.set_board_published(conn, event.id, clock.now())
        domain_events.record(domain_events.BoardChanged(event.id))


def reopen(conn: storage.Connection, principal: Principal) -> None:
    with storage.transaction(conn):
        event = _open_board(conn, principal, allow_finalised=True)
        storage.set_themes_finalised(conn, event.id, None)
        domain_events.record(domain_events.BoardChanged(event.id))


def show_context(conn: storage.Connection, principal: Principal, show: bool) -> None:
    """Whether the board (and projector) show every idea under its nearest theme."""
    authorise(principal, "theme.edit", event_id=principal.event_id)
    with storage.transaction(conn):
        event = events.get(conn, principal.event_id)
        storage.set_show_context(conn, event.id, bool(show))
        domain_events.record(domain_events.BoardChanged(event.id))


# --- what the board shows ----------------------------------------------------------------------


# place(theme_texts, idea_texts) -> for each idea, the index of its nearest theme or None; or a
# clustering.placement.Placement (its ``theme`` and the ``shared_terms`` that say why)
Placer = Callable[[list[list[str]], list[str]], Sequence[Any]]
# explain(theme_texts) -> for each theme, the words its priorities share (clustering.shared_words)
Explainer = Callable[[list[list[str]]], list[tuple[str, ...]]]


def similar_ideas(themes: list[Theme], priorities: list[Priority], ideas: list[Idea],
                  place: Placer) -> list[list[Idea]]:
    """For each theme, the evening's other ideas nearest to it (the tool's suggestion, never the
    tables' choice): ideas chosen as priorities are the themes' own and are left out."""
    return [[idea for idea, _ in placed] for placed in placed_ideas(themes, priorities, ideas, place)]


def placed_ideas(themes: list[Theme], priorities: list[Priority], ideas: list[Idea],
                 place: Placer) -> list[list[tuple[Idea, list[str]]]]:
    """:func:`similar_ideas` with why: each placed idea with the theme's words it met (empty where
    ``place`` gives only the theme)."""
    by_id = {priority.id: priority for priority in priorities}
    chosen = {priority.idea_id for priority in priorities if priority.idea_id}
    others = [idea for idea in ideas if idea.id not in chosen]
    placed: list[list[tuple[Idea, list[str]]]] = [[] for _ in themes]
    if not themes or not others:
        return placed
    theme_texts = [[theme.title] + [by_id[p].text for p in theme.priority_ids if p in by_id] for theme in themes]
    for idea, found in zip(others, place(theme_texts, [idea.text for idea in others])):
        nearest = getattr(found, "theme", found)
        if nearest is not None:
            placed[nearest].append((idea, list(getattr(found, "shared_terms", []))))
    return placed


def shared_words(themes: list[Theme], priorities: list[Priority], explain: Explainer | None) -> list[list[str]]:
    """For each theme, the words its priorities share as they stand now (after any move), so the
    leaders see why a suggestion put them together; nothing for a theme of one priority."""
    if explain is None or all(len(theme.priority_ids) < 2 for theme in themes):
        return [[] for _ in themes]
    by_id = {priority.id: priority for priority in priorities}
    return [list(words) for words in explain([[by_id[p].text for p in theme.priority_ids if p in by_id]
                                              for theme in themes])]
