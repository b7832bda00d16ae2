"""What the room's screens are sent: the participants' link and its QR code, the evening's summary,
and soft hyphens for long Swedish words."""

import uuid

from support.evening import received


def test_the_projector_shows_the_participants_link_and_never_a_secret_one(evening, client):
    projector = evening.socket(evening.tokens["projector"])
    [snapshot] = received(projector, "snapshot")
    join = snapshot["join"]
    assert join["url"].endswith(f"/join/{evening.tokens['participant']}")
    assert join["qr"].startswith("data:image/svg+xml;charset=utf-8,%3Csvg")
    secrets = [evening.tokens["leader"], evening.tokens["projector"], *evening.tokens["secretaries"].values()]
    assert not [token for token in secrets if token in str(snapshot)]
    # The short address leads to the participants' link.
    short = join["short_url"].split("/", 1)[1]
    assert short == f"j/{evening.tokens['participant'][:8]}"
    response = client.get(f"/{short}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/join/{evening.tokens['participant']}")
    assert client.get("/j/xxxxxxxx").status_code == 404
    # The leaders' snapshot has no join link: only the projector shows one.
    assert "join" not in received(evening.socket(evening.tokens["leader"]), "snapshot")[0]


def test_a_replaced_participants_link_reaches_the_projector_at_once(evening, client):
    projector = evening.socket(evening.tokens["projector"])
    old = received(projector, "snapshot")[0]["join"]
    csrf = evening.log_in(client)
    client.post(f"/organiser/events/{evening.event.id}/rotate", data={"csrf_token": csrf, "role": "participant"})
    [changed] = received(projector, "join:changed")
    assert changed["url"] != old["url"] and "/join/" in changed["url"]
    assert client.get("/" + old["short_url"].split("/", 1)[1]).status_code == 404
    assert changed["url"].endswith(client.get("/" + changed["short_url"].split("/", 1)[1]).headers["Location"])


def test_the_closing_summary_counts_the_evening(evening):
    leader = evening.themed({1: ["Snabbare bygglov", "Bredband"], 2: ["Pendeltåg"]})
    evening.set_phase("deepen")
    for table in (1, 1, 2):
        tablet = evening.socket(evening.secretary(table))
        assert tablet.emit("idea:add", {"id": str(uuid.uuid4()), "text": "Ett förslag"}, callback=True)["ok"]
    phone = evening.socket(evening.tokens["participant"])
    assert phone.emit("participant:join", {"name": "Åsa", "table": 1}, callback=True)["ok"]
    projector = evening.socket(evening.tokens["projector"])
    themes = received(projector, "snapshot")[0]["board"]["themes"]
    assert leader.emit("phase:advance", {"from": "deepen"}, callback=True)["ok"]
    [summary] = received(projector, "summary:changed")
    assert (summary["ideas"], summary["proposals"], summary["participants"]) == (3, 3, 1)
    assert [theme["title"] for theme in summary["themes"]] == [theme["title"] for theme in themes]
    assert sum(theme["proposals"] for theme in summary["themes"]) == 3


def test_long_swedish_words_come_with_soft_hyphens_at_their_syllables(evening):
    evening.set_phase("brainstorm")
    projector = evening.socket(evening.tokens["projector"])
    tablet = evening.socket(evening.secretary(1))
    text = "Ett ambassadörsprogram för näringslivet"
    assert tablet.emit("idea:add", {"id": str(uuid.uuid4()), "text": text}, callback=True)["ok"]
    [saved] = received(projector, "idea:saved")
    assert saved["idea"]["text"] == text  # the text itself is as typed
    assert saved["hyphens"] == {"ambassadörsprogram": "am\u00adbas\u00adsa\u00addörs\u00adpro\u00adgram",
                                "näringslivet": "nä\u00adrings\u00adli\u00advet"}
    snapshot = received(evening.socket(evening.tokens["projector"]), "snapshot")[0]
    assert snapshot["hyphens"]["ambassadörsprogram"] == "am\u00adbas\u00adsa\u00addörs\u00adpro\u00adgram"
