"""The calibration data of the imprint (tests/data/imprint) and an evening in the app that produced it."""

import json
import os
import uuid

from sessions.evening import board, ideas, priorities
from sessions.ground.roles import Role
from support.evening import advance, in_phase, principal

DATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "imprint")
EXPORT_V1 = os.path.join(DATA, "forum-asby-v1.json")
STRATEGY = os.path.join(DATA, "naringslivsprogram-asby.md")


def forum_export() -> dict:
    with open(EXPORT_V1, encoding="utf-8") as handle:
        return json.load(handle)


def strategy_text() -> str:
    with open(STRATEGY, encoding="utf-8") as handle:
        return handle.read()


def asby_evening(conn, event) -> None:
    """Play the Åsby forum in ``event`` (six tables): the same priorities, themes and proposals."""
    themes = forum_export()["themes"]
    in_phase(conn, event, "brainstorm")
    chosen = []
    for theme in themes:
        for priority in theme["priorities"]:
            secretary = principal(event, Role.SECRETARY, priority["table"])
            idea, _ = ideas.add(conn, secretary, str(uuid.uuid4()), priority["text"])
            chosen.append((secretary, idea))
    in_phase(conn, event, "prioritise")
    for secretary, idea in chosen:
        priorities.choose_idea(conn, secretary, idea.id, True)
    in_phase(conn, event, "theming")
    leader = principal(event, Role.LEADER)
    titles = {p["text"]: index for index, theme in enumerate(themes) for p in theme["priorities"]}

    def as_the_leaders_did(texts, n):
        return [(theme["title"], [i for i, text in enumerate(texts) if titles[text] == index])
                for index, theme in enumerate(themes)]

    board.suggest(conn, leader, as_the_leaders_did)
    board.finalise(conn, leader)
    advance(conn, leader)  # deepen: table n takes theme n
    for number, theme in enumerate(themes, start=1):
        for proposal in theme["proposals"]:
            ideas.add(conn, principal(event, Role.SECRETARY, number), str(uuid.uuid4()), proposal["text"])
