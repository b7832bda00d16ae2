"""An evening whose ideas the tool places under two themes: one rightly, one an organiser removes, one nowhere."""

import uuid

from sessions.evening import board, ideas, priorities
from sessions.ground.roles import Role
from support.evening import in_phase, principal

PERMITS = "Bygglovet ska ta högst tre veckor"       # the tool places it under Bygglov, sharing "bygglov"
MISPLACED = "Bygglovshandläggarna borde ha kvällsöppet på stationen"  # the organiser says: not this theme
NOWHERE = "Kaffet var gott"                          # fits no theme: stays with its table


def played(conn, event):
    in_phase(conn, event, "brainstorm")
    chosen = []
    for table, text in ((1, "Snabbare bygglov för företag"), (2, "Fler pendeltåg till Göteborg")):
        secretary = principal(event, Role.SECRETARY, table)
        idea, _ = ideas.add(conn, secretary, str(uuid.uuid4()), text)
        chosen.append((secretary, idea))
    for table, text in ((1, PERMITS), (2, MISPLACED), (2, NOWHERE)):
        ideas.add(conn, principal(event, Role.SECRETARY, table), str(uuid.uuid4()), text)
    in_phase(conn, event, "prioritise")
    for secretary, idea in chosen:
        priorities.choose_idea(conn, secretary, idea.id, True)
    in_phase(conn, event, "theming")
    leader = principal(event, Role.LEADER)
    board.suggest(conn, leader, lambda texts, n: [("Bygglov", [0]), ("Pendling", [1])])
    return event
