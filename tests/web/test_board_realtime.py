"""The theme board over Socket.IO: every action live on the projector, role checks, refusals."""

import pickle
import uuid

import pytest

from support.evening import received


@pytest.fixture
def theming(evening):
    """An evening whose six tables chose two priorities each, now in the theming phase."""
    evening.set_phase("prioritise")
    texts = ["Snabbare bygglov", "Praktikplatser", "Bygglov på nätet", "Bredband", "Fiber till landet",
             "Pendeltåg", "Fler bussar", "Bostäder", "Hyresrätter", "Mötesplatser", "Företagarträffar", "Skola"]
    for number in range(1, 7):
        tablet = evening.socket(evening.secretary(number))
        for text in texts[(number - 1) * 2:number * 2]:
            assert tablet.emit("priority:add", {"id": str(uuid.uuid4()), "text": text}, callback=True)["ok"]
    evening.set_phase("theming")
    return evening


def test_a_suggestion_is_the_leaders_draft_until_a_leader_shows_it_to_the_room(theming):
    leader = theming.socket(theming.tokens["leader"])
    projector = theming.socket(theming.tokens["projector"])
    assert received(projector, "snapshot")[0]["board"]["themes"] == []
    assert leader.emit("theme:suggest", {}, callback=True)["ok"]
    draft = received(leader, "board:changed")[-1]
    assert len(draft["themes"]) == 6 and draft["published"] is False
    hidden = received(projector, "board:changed")[-1]
    assert hidden["themes"] == [] and hidden["published"] is False and len(hidden["unsorted"]) == 12
    # Renaming and moving before the room sees it; a projector that connects now sees no draft either.
    assert leader.emit("theme:rename", {"theme_id": draft["themes"][0]["id"], "title": "Bygglov"}, callback=True)["ok"]
    assert received(projector, "board:changed")[-1]["themes"] == []
    assert received(theming.socket(theming.tokens["projector"]), "snapshot")[0]["board"]["themes"] == []
    assert leader.emit("theme:publish", {}, callback=True) == {"ok": True, "published": True}
    shown = received(projector, "board:changed")[-1]
    assert [theme["title"] for theme in shown["themes"]][0] == "Bygglov" and shown["published"] is True
    assert sum(len(theme["priorities"]) for theme in shown["themes"]) == 12
    assert leader.emit("theme:publish", {}, callback=True) == {"ok": True, "published": False}  # a double click


def test_the_projector_sees_every_change_after_the_board_is_shown(theming):
    leader = theming.socket(theming.tokens["leader"])
    projector = theming.socket(theming.tokens["projector"])
    assert leader.emit("theme:suggest", {}, callback=True)["ok"]
    assert leader.emit("theme:publish", {}, callback=True)["ok"]
    shown = received(projector, "board:changed")[-1]
    assert len(shown["themes"]) == 6

    first, second = shown["themes"][0], shown["themes"][1]
    moving = second["priorities"][0]["id"]
    assert leader.emit("theme:move", {"priority_id": moving, "theme_id": first["id"], "position": 0},
                       callback=True)["ok"]
    assert received(projector, "board:changed")[-1]["themes"][0]["priorities"][0]["id"] == moving
    assert leader.emit("theme:rename", {"theme_id": first["id"], "title": "Handläggning"}, callback=True)["ok"]
    assert received(projector, "board:changed")[-1]["themes"][0]["title"] == "Handläggning"
    assert leader.emit("theme:undo", {}, callback=True)["ok"]
    assert received(projector, "board:changed")[-1]["themes"][0]["title"] == first["title"]


def test_a_priority_that_does_not_fit_goes_to_unsorted_and_the_shared_words_follow(theming):
    leader = theming.socket(theming.tokens["leader"])
    projector = theming.socket(theming.tokens["projector"])
    assert leader.emit("theme:suggest", {}, callback=True)["ok"]
    assert leader.emit("theme:publish", {}, callback=True)["ok"]
    shown = received(projector, "board:changed")[-1]
    permits = next(theme for theme in shown["themes"] if theme["words"] == ["bygglov"])
    assert sorted(p["text"] for p in permits["priorities"]) == ["Bygglov på nätet", "Snabbare bygglov"]
    unfit = next(p for p in permits["priorities"] if p["text"] == "Snabbare bygglov")
    # "Passar inte" is a move to no theme: the unsorted column.
    assert leader.emit("theme:move", {"priority_id": unfit["id"], "theme_id": None}, callback=True)["ok"]
    after = received(projector, "board:changed")[-1]
    assert [p["text"] for p in after["unsorted"]] == ["Snabbare bygglov"]
    assert next(theme for theme in after["themes"] if theme["id"] == permits["id"])["words"] == []
    assert leader.emit("theme:undo", {}, callback=True)["ok"]
    undone = received(projector, "board:changed")[-1]
    assert undone["unsorted"] == [] and undone["themes"] == shown["themes"]


def test_a_second_suggestion_asks_first(theming):
    leader = theming.socket(theming.tokens["leader"])
    leader.emit("theme:suggest", {}, callback=True)
    again = leader.emit("theme:suggest", {}, callback=True)
    assert again["ok"] is False and again["error"]["code"] == "themes.replace_confirm"
    assert leader.emit("theme:suggest", {"replace": True}, callback=True)["ok"]


def test_two_leaders_see_each_others_changes(theming):
    first_leader = theming.socket(theming.tokens["leader"])
    second_leader = theming.socket(theming.tokens["leader"])
    first_leader.emit("theme:suggest", {}, callback=True)
    created = second_leader.emit("theme:create", {"title": "Övrigt"}, callback=True)
    assert created["ok"] and created["theme_id"]
    assert received(first_leader, "board:changed")[-1]["themes"][-1]["title"] == "Övrigt"


@pytest.mark.parametrize("event, payload", [
    ("theme:suggest", {}), ("theme:create", {"title": "X"}), ("theme:rename", {"theme_id": "x", "title": "Y"}),
    ("theme:move", {"priority_id": str(uuid.uuid4()), "theme_id": None}), ("theme:merge", {}),
    ("theme:split", {}), ("theme:delete", {}), ("theme:undo", {}), ("theme:finalise", {}), ("theme:reopen", {}),
    ("theme:context", {"show": True}),
])
def test_projector_and_tablets_cannot_touch_the_board(theming, event, payload):
    for token in (theming.tokens["projector"], theming.secretary(1)):
        ack = theming.socket(token).emit(event, payload, callback=True)
        assert ack["ok"] is False and ack["error"]["code"] == "role.forbidden", (event, token)


def test_finalise_is_refused_until_there_are_six_themes(theming):
    leader = theming.socket(theming.tokens["leader"])
    leader.emit("theme:suggest", {}, callback=True)
    leader.emit("theme:create", {"title": "Sjunde"}, callback=True)
    refusal = leader.emit("theme:finalise", {}, callback=True)
    assert refusal["error"]["code"] == "themes.count" and "antalet teman är 6" in refusal["error"]["message"]
    board = received(leader, "board:changed")[-1]
    leader.emit("theme:merge", {"source_id": board["themes"][-1]["id"], "target_id": board["themes"][0]["id"]},
                callback=True)
    assert leader.emit("theme:finalise", {}, callback=True)["ok"]
    assert received(leader, "board:changed")[-1]["finalised"] is True


def test_board_actions_outside_theming_are_refused(evening):
    leader = evening.socket(evening.tokens["leader"])
    ack = leader.emit("theme:create", {"title": "För tidigt"}, callback=True)
    assert ack["error"]["code"] == "phase.not_allowed"


def test_grouping_a_large_set_runs_in_the_live_worker_process(theming, monkeypatch):
    from dialog_app import offload

    monkeypatch.setattr(offload, "HEAVY_FROM", 1)  # this evening's dozen priorities count as a large set

    sent, executor = [], offload._executor

    class Watched:
        def __init__(self, lane):
            self.lane = lane

        def submit(self, call, work):
            sent.append((self.lane, pickle.loads(work)[1].__name__))
            return executor(self.lane).submit(call, work)

    monkeypatch.setattr(offload, "_executor", Watched)
    theming.app.config["WORKER_PROCESSES"] = True
    try:
        leader = theming.socket(theming.tokens["leader"])
        assert leader.emit("theme:suggest", {}, callback=True)["ok"]
        assert len(received(leader, "board:changed")[-1]["themes"]) == 6
    finally:
        offload.shutdown()
    # The grouping and the words each theme shares were worked out in the worker process, off the loop.
    assert {("live", "suggest_themes"), ("live", "shared_words")} <= set(sent)
