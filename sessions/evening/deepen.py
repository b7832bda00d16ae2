"""Pass 2: each table takes one of the finalised themes and writes proposals for it.

Proposals travel the same path as ideas (client id, stored once, acknowledged); see
``ideas.add``, which writes a proposal when the evening is in ``deepen``. Entering
``deepen`` proposes a theme for every table (``deepen.propose_table_themes``: the theme that holds
most of the table's own priorities); the leader may change any of them here.
"""


import math
from collections import Counter

import numpy
from scipy.optimize import linear_sum_assignment

from sessions import storage
from sessions.evening import domain_events, events, phases
from sessions.ground.errors import DomainError
from sessions.ground.roles import Principal, authorise


def assign_theme(conn: storage.Connection, principal: Principal, table_number, theme_id) -> None:
    """Give ``table_number`` the theme ``theme_id`` for pass 2 (proposals already written stay theirs)."""
    authorise(principal, "deepen.assign", event_id=principal.event_id)
    with storage.transaction(conn):
        event = events.get(conn, principal.event_id)
        phases.require_phase("deepen.assign", event.phase)
        events.require_table(conn, event.id, table_number)
        themes = {theme.id for theme in storage.fetch_themes(conn, event.id)}
        if not isinstance(theme_id, str) or theme_id not in themes:
            raise DomainError("theme.not_found")
        storage.set_table_theme(conn, event.id, table_number, theme_id)
        domain_events.record(domain_events.TableThemesChanged(event.id))


def propose_table_themes(conn: storage.Connection, event_id: str) -> None:
    """Give every table without a theme the one that holds most of its own priorities.

    An assignment over all those tables at once (scipy's ``linear_sum_assignment``), so two tables
    that both lean to one theme do not both get it while another theme goes begging: each theme takes
    at most its share of the tables (six tables, six themes: one each), and among equal choices a
    table keeps the board's order (table 1 the first theme, table 7 the first again)."""
    themes = storage.fetch_themes(conn, event_id)
    tables = storage.fetch_tables(conn, event_id)
    waiting = [table.number for table in tables if table.theme_id is None]
    if not themes or not waiting:
        return
    owner = {priority.id: priority.table_number for priority in storage.fetch_priorities(conn, event_id)}
    held = [Counter(owner[pid] for pid in theme.priority_ids if pid in owner) for theme in themes]
    chosen = table_themes_by_priorities(
        [table.number for table in tables], waiting, held,
        taken=Counter(table.theme_id for table in tables if table.theme_id is not None),
        theme_ids=[t.id for t in themes])
    for number, theme_index in chosen.items():
        storage.set_table_theme(conn, event_id, number, themes[theme_index].id)


def table_themes_by_priorities(all_tables: list[int], waiting: list[int], held: list[Counter],
                               taken: Counter, theme_ids: list[str]) -> dict[int, int]:
    """For each waiting table, the index of its theme: ``held[k][table]`` is how many of the table's
    priorities theme ``k`` holds; ``taken`` counts the tables that already have each theme."""
    themes = len(held)
    share = math.ceil(len(all_tables) / themes)
    room = [max(0, share - taken[theme_ids[k]]) for k in range(themes)]
    while sum(room) < len(waiting):
        room = [count + 1 for count in room]
    # One column per free place at a theme; a place's position in board order breaks ties.
    places = [(k, copy * themes + k) for k in range(themes) for copy in range(room[k])]
    order = {number: index for index, number in enumerate(all_tables)}
    score = numpy.array([[held[k][number] * PRIORITY_WEIGHT - abs(position - order[number]) for k, position in places]
                         for number in waiting], dtype=float)
    rows, columns = linear_sum_assignment(score, maximize=True)
    return {waiting[row]: places[column][0] for row, column in zip(rows, columns)}


# A priority outweighs any difference of board order (there are at most MAX_TABLES places).
PRIORITY_WEIGHT = 10_000
