"""The theme board's rules, on the domain alone."""

import uuid

import pytest

from clustering import nearest_themes, shared_words, suggest_themes
from sessions.evening import board, ideas, priorities, views
from sessions.ground.roles import Role
from support.evening import advance, back, in_phase, principal, refused

PRIORITIES = {1: ["Snabbare bygglov", "Fler praktikplatser"], 2: ["Bygglovet tar för lång tid", "Bredband på landet"],
              3: ["Praktik i lokala företag", "Fiber till landsbygden"], 4: ["Bättre pendeltåg", "Bostäder för unga"],
              5: ["Fler pendeltåg", "Hyresrätter för nyanställda"], 6: ["Mötesplatser", "Träffar för företagare"]}


def group(texts, n):
    return [(theme.label, theme.members) for theme in suggest_themes(texts, n, "sv")]


@pytest.fixture
def leader(conn, event):
    in_phase(conn, event, "prioritise")
    for table, texts in PRIORITIES.items():
        for text in texts:
            priorities.add_text(conn, principal(event, Role.SECRETARY, table), str(uuid.uuid4()), text)
    in_phase(conn, event, "theming")
    return principal(event, Role.LEADER)


def view(conn, leader):
    return views.board(conn, leader, lambda themes, texts: nearest_themes(themes, texts, "sv"),
                       lambda themes: shared_words(themes, "sv"))


def titles(conn, leader):
    return [theme["title"] for theme in view(conn, leader)["themes"]]


def test_suggest_makes_six_themes_holding_every_priority(conn, leader):
    board.suggest(conn, leader, group)
    shown = view(conn, leader)
    assert len(shown["themes"]) == 6
    placed = [p["text"] for theme in shown["themes"] for p in theme["priorities"]]
    assert sorted(placed) == sorted(text for texts in PRIORITIES.values() for text in texts)
    assert shown["unsorted"] == []
    assert all(theme["title"] for theme in shown["themes"])


def words_by_title(conn, leader):
    return {theme["title"]: theme["words"] for theme in view(conn, leader)["themes"]}


def test_each_theme_shows_the_words_its_priorities_share(conn, leader):
    board.suggest(conn, leader, group)
    shown = words_by_title(conn, leader)
    assert shown == {"Bostäder": ["bostäder", "hyresrätter"], "Bredband": ["bredband", "fiber"],
                     "Bygglov": ["bygglov"], "Pendeltåg": ["pendeltåg"], "Praktik": ["praktik"],
                     "Träffar": ["träffar", "mötesplatser"]}
    # Right after a suggestion the board shows the words the suggestion itself grouped by.
    suggested = suggest_themes([text for texts in PRIORITIES.values() for text in texts], 6, "sv")
    assert {theme.label: list(theme.terms) for theme in suggested} == shown


def test_the_shared_words_follow_the_priorities_when_a_leader_moves_one(conn, leader):
    board.suggest(conn, leader, group)
    broadband = next(theme for theme in view(conn, leader)["themes"] if theme["title"] == "Bredband")
    fibre = next(p for p in broadband["priorities"] if p["text"] == "Fiber till landsbygden")
    # "Passar inte": the priority goes to Ej sorterade, and one priority alone shares nothing.
    board.move_priority(conn, leader, fibre["id"], None)
    shown = view(conn, leader)
    assert [p["text"] for p in shown["unsorted"]] == ["Fiber till landsbygden"]
    assert words_by_title(conn, leader)["Bredband"] == []
    # Into the housing theme it shares nothing there either; back with broadband, the words return.
    housing = next(theme for theme in shown["themes"] if theme["title"] == "Bostäder")
    board.move_priority(conn, leader, fibre["id"], housing["id"])
    assert words_by_title(conn, leader)["Bostäder"] == ["bostäder", "hyresrätter"]
    board.undo(conn, leader)
    board.undo(conn, leader)
    assert words_by_title(conn, leader)["Bredband"] == ["bredband", "fiber"]


def test_a_new_suggestion_asks_before_replacing_the_board(conn, leader):
    board.suggest(conn, leader, group)
    board.rename_theme(conn, leader, view(conn, leader)["themes"][0]["id"], "Handläggning")
    refused("themes.replace_confirm", board.suggest, conn, leader, group)
    assert "Handläggning" in titles(conn, leader)
    board.suggest(conn, leader, group, replace=True)
    assert "Handläggning" not in titles(conn, leader)


def test_only_leaders_edit_the_board_and_only_while_theming(conn, event, leader):
    for other in (principal(event, Role.PROJECTOR), principal(event, Role.SECRETARY, 1)):
        refused("role.forbidden", board.suggest, conn, other, group)
        refused("role.forbidden", board.create_theme, conn, other, "Nytt")
    refused("phase.themes_not_final", advance, conn, leader)
    advance(conn, leader, force=True)
    refused("phase.not_allowed", board.create_theme, conn, leader, "För sent")


def test_move_merge_split_rename_create_and_delete(conn, leader):
    board.suggest(conn, leader, group)
    themes = view(conn, leader)["themes"]
    first, second = themes[0], themes[1]
    moving = second["priorities"][0]
    board.move_priority(conn, leader, moving["id"], first["id"], 0)
    assert view(conn, leader)["themes"][0]["priorities"][0]["id"] == moving["id"]

    board.merge_themes(conn, leader, second["id"], first["id"])
    after_merge = view(conn, leader)["themes"]
    assert len(after_merge) == 5
    assert len(after_merge[0]["priorities"]) == len(first["priorities"]) + len(second["priorities"])

    split_off = [p["id"] for p in after_merge[0]["priorities"][:1]]
    new_id = board.split_theme(conn, leader, first["id"], split_off, "Avknoppning")
    after_split = view(conn, leader)["themes"]
    assert after_split[1]["id"] == new_id and [p["id"] for p in after_split[1]["priorities"]] == split_off

    board.rename_theme(conn, leader, new_id, "  Kompetens   och skola ")
    assert view(conn, leader)["themes"][1]["title"] == "Kompetens och skola"
    created = board.create_theme(conn, leader, "Övrigt")
    assert view(conn, leader)["themes"][-1] == {"id": created, "title": "Övrigt", "priorities": [], "ideas": [],
                                                "words": []}

    board.move_priority(conn, leader, split_off[0], None)
    assert [p["id"] for p in view(conn, leader)["unsorted"]] == split_off
    board.delete_theme(conn, leader, first["id"])
    shown = view(conn, leader)
    assert first["id"] not in [theme["id"] for theme in shown["themes"]]
    assert len(shown["unsorted"]) == len(after_merge[0]["priorities"])


def test_a_priority_named_twice_in_a_split_moves_once(conn, leader):
    """A double tap in the "Flytta till…" menu can send the same priority twice."""
    board.suggest(conn, leader, group)
    first = view(conn, leader)["themes"][0]
    twice = [first["priorities"][0]["id"]] * 2
    new_id = board.split_theme(conn, leader, first["id"], twice, "Avknoppning")
    shown = view(conn, leader)["themes"]
    assert [p["id"] for p in shown[1]["priorities"]] == twice[:1] and shown[1]["id"] == new_id
    placed = [p["id"] for theme in shown for p in theme["priorities"]]
    assert len(placed) == len(set(placed)) == 12


def test_undo_restores_the_board_step_by_step(conn, leader):
    board.suggest(conn, leader, group)
    original = view(conn, leader)["themes"]
    board.rename_theme(conn, leader, original[0]["id"], "Ett")
    board.merge_themes(conn, leader, original[1]["id"], original[0]["id"])
    board.undo(conn, leader)
    assert titles(conn, leader)[0] == "Ett" and len(titles(conn, leader)) == 6
    board.undo(conn, leader)
    assert view(conn, leader)["themes"] == original
    board.undo(conn, leader)
    assert view(conn, leader)["themes"] == []
    refused("themes.nothing_to_undo", board.undo, conn, leader)


def test_finalising_needs_exactly_six_titled_themes_and_moves_nothing(conn, leader):
    board.suggest(conn, leader, group)
    extra = board.create_theme(conn, leader, "Sjunde")
    error = refused("themes.count", board.finalise, conn, leader)
    assert error.params == {"expected": 6, "actual": 7}
    board.delete_theme(conn, leader, extra)
    before = view(conn, leader)
    board.finalise(conn, leader)
    after = view(conn, leader)
    assert after["finalised"] is True
    assert after["themes"] == before["themes"] and after["unsorted"] == before["unsorted"]
    refused("themes.finalised", board.rename_theme, conn, leader, before["themes"][0]["id"], "Ändrad")
    board.reopen(conn, leader)
    board.rename_theme(conn, leader, before["themes"][0]["id"], "Ändrad")


@pytest.mark.parametrize("title, code", [("", "theme.title_empty"), ("   ", "theme.title_empty"),
                                         (None, "theme.title_empty"), ("x" * 121, "theme.title_too_long")])
def test_a_theme_needs_a_sensible_title(conn, leader, title, code):
    refused(code, board.create_theme, conn, leader, title)
    assert view(conn, leader)["themes"] == []


def test_bad_references_change_nothing(conn, leader):
    board.suggest(conn, leader, group)
    before = view(conn, leader)
    theme_id = before["themes"][0]["id"]
    refused("theme.not_found", board.rename_theme, conn, leader, "no-such-theme", "X")
    refused("priority.not_found", board.move_priority, conn, leader, str(uuid.uuid4()), theme_id)
    refused("request.bad_id", board.move_priority, conn, leader, "not-an-id", theme_id)
    refused("theme.merge_self", board.merge_themes, conn, leader, theme_id, theme_id)
    assert view(conn, leader) == before


def test_a_priority_changed_later_shows_up_unsorted(conn, event, leader):
    board.suggest(conn, leader, group)
    back(conn, leader)
    table_six = principal(event, Role.SECRETARY, 6)
    first = priorities.of_table(conn, table_six)[0]
    priorities.remove(conn, table_six, first.id)
    priorities.add_text(conn, table_six, str(uuid.uuid4()), "Ett nätverk för unga företagare")
    advance(conn, leader)
    shown = view(conn, leader)
    assert [p["text"] for p in shown["unsorted"]] == ["Ett nätverk för unga företagare"]
    assert first.id not in [p["id"] for theme in shown["themes"] for p in theme["priorities"]]


def test_ideas_can_be_shown_under_their_nearest_theme(conn, event, leader):
    back(conn, leader)
    back(conn, leader)
    secretary = principal(event, Role.SECRETARY, 1)
    ideas.add(conn, secretary, str(uuid.uuid4()), "Bygglov via nätet")
    in_phase(conn, event, "theming")
    board.suggest(conn, leader, group)
    assert all(theme["ideas"] == [] for theme in view(conn, leader)["themes"])
    board.show_context(conn, leader, True)
    holding = [theme for theme in view(conn, leader)["themes"] if theme["ideas"]]
    assert [idea["text"] for idea in holding[0]["ideas"]] == ["Bygglov via nätet"]
    assert any("bygglov" in p["text"].lower() for p in holding[0]["priorities"])


def test_undo_keeps_a_bounded_history(conn, event, leader, monkeypatch):
    from sessions import storage
    from sessions.storage import ideas as idea_storage

    monkeypatch.setattr(idea_storage, "BOARD_HISTORY_LIMIT", 3)
    theme_id = board.create_theme(conn, leader, "Ett")
    for title in ("Två", "Tre", "Fyra", "Fem"):
        board.rename_theme(conn, leader, theme_id, title)
    assert storage.count_board_history(conn, event.id) == 3
    for _ in range(3):
        board.undo(conn, leader)
    assert titles(conn, leader) == ["Två"]
    refused("themes.nothing_to_undo", board.undo, conn, leader)



def test_a_suggestion_is_a_draft_the_room_sees_once_a_leader_shows_it(conn, event, leader):
    from sessions.ground.roles import Principal

    projector = Principal(Role.PROJECTOR, event.id)
    refused("themes.nothing_to_publish", board.publish, conn, leader)
    board.suggest(conn, leader, lambda texts, n: [(f"Utkast {i + 1}", [i]) for i in range(n)])
    assert [t["title"] for t in views.board(conn, leader)["themes"]][0] == "Utkast 1"
    room = views.board(conn, projector)
    assert room["themes"] == [] and room["published"] is False and len(room["unsorted"]) == 12
    assert views.summary(conn, projector)["themes"] == []
    refused("role.forbidden", board.publish, conn, projector)
    assert board.publish(conn, leader) is True and board.publish(conn, leader) is False
    assert [t["title"] for t in views.board(conn, projector)["themes"]][0] == "Utkast 1"
    # A new suggestion is the leaders' draft again; the settled themes are the room's.
    board.suggest(conn, leader, lambda texts, n: [(f"Tema {i + 1}", [i]) for i in range(n)], replace=True)
    assert views.board(conn, projector)["themes"] == []
    board.finalise(conn, leader)
    assert [t["title"] for t in views.board(conn, projector)["themes"]][0] == "Tema 1"
