"""Imports on the real server (eventlet, as `make run` serves): a big list is read off the event loop,
so other pages answer while it is read, and a bomb is refused with a sentence."""

import re
import threading
import time

import pytest
import requests

from sessions.evening import events, priorities
from support.people_files import large, large_path
from support.serverproc import when_ready


def organiser_session(live_server) -> tuple[requests.Session, str, str]:
    """A logged-in organiser: the session, the event's base URL, and the form token."""
    session = requests.Session()
    session.get(live_server.links["organiser"], timeout=30)
    base = live_server.links["organiser"].split("/o/")[0] + f"/organiser/events/{live_server.links['event_id']}"
    page = session.get(f"{base}/people", timeout=30).text
    return session, base, re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def wait_for_log(live_server, text: str, reader: threading.Thread) -> None:
    """Wait until the server has logged ``text`` (the import has begun), or the upload has ended."""
    while text not in live_server.log():
        assert reader.is_alive(), "the upload ended before the server said it was reading the file"
        time.sleep(0.01)


@pytest.mark.parametrize("filename, outcome_shown", [
    ("personer-5000-breda.xlsx", 'data-add="5000"'),  # the largest list allowed: imported
    ("personer-5001.xlsx", "fler än 5\u00a0000 rader med innehåll"),  # one row too many: read up to row 5,001, refused
])
def test_other_pages_answer_while_a_large_list_is_read(live_server, filename, outcome_shown):
    session, base, csrf = organiser_session(live_server)
    door = requests.Session()
    door.cookies.update(session.cookies)
    finished: list[str] = []
    outcome: dict = {}

    def send_list():
        with open(large_path(filename), "rb") as handle:
            outcome["import"] = session.post(f"{base}/people/import", data={"csrf_token": csrf},
                                             files={"file": (filename, handle)}, allow_redirects=False, timeout=120)
        finished.append("import")

    reader = threading.Thread(target=send_list)
    reader.start()
    wait_for_log(live_server, f"import: reading {filename}", reader)
    # The door's check-in page while the list is parsed: on the event loop it would wait for the whole read.
    answered = door.get(f"{base}/checkin?q=person", timeout=120)
    finished.append("check-in page")
    reader.join(timeout=120)
    assert answered.status_code == 200 and "Incheckning" in answered.text
    assert finished == ["check-in page", "import"]
    assert outcome["import"].status_code == 302
    shown = session.get(requests.compat.urljoin(base, outcome["import"].headers["Location"]), timeout=30).text
    assert outcome_shown in shown


def test_a_bomb_is_refused_on_the_real_server_and_the_server_carries_on(live_server):
    session, base, csrf = organiser_session(live_server)
    refused = session.post(f"{base}/people/import", data={"csrf_token": csrf},
                           files={"file": ("lista.xlsx", large("bomb-en-miljon-rader.xlsx"))}, timeout=60)
    assert refused.status_code == 200 and "mer än 40 MB uppackad" in refused.text
    assert session.get(f"{base}/people", timeout=30).status_code == 200
    assert "Traceback" not in live_server.log()


def seed_a_long_evening(db_path: str, event_id: str, count: int) -> None:
    """``count`` ideas over six tables, two priorities each, grouped into six themes."""
    import uuid

    from sessions import storage
    from sessions.evening import board, ideas
    from sessions.ground.roles import Principal, Role
    from support.evening import in_phase

    conn = storage.connect(db_path)
    event = events.get(conn, event_id)
    for number in range(count):
        secretary = Principal(Role.SECRETARY, event_id, number % 6 + 1)
        ideas.seed(conn, secretary, str(uuid.uuid4()), f"Idé {number} om bygglov, skola, pendling och bredband")
    in_phase(conn, event, "prioritise")
    for table in range(1, 7):
        for text in (f"Prioritet {table}a om bygglov", f"Prioritet {table}b om skolan"):
            priorities.add_text(conn, Principal(Role.SECRETARY, event_id, table), str(uuid.uuid4()), text)
    in_phase(conn, event, "theming")
    board.suggest(conn, Principal(Role.LEADER, event_id), lambda texts, n: [(f"Tema {i}", [2 * i, 2 * i + 1])
                                                                              for i in range(6)])
    conn.close()


def test_other_pages_answer_while_a_long_evening_is_exported(live_server):
    seed_a_long_evening(live_server.db_path, live_server.links["event_id"], 3000)
    session, base, _ = organiser_session(live_server)
    finished: list[str] = []
    outcome: dict = {}

    def download():
        # The file comes at once, or after a page saying it is being prepared (which asks again).
        outcome["export"] = when_ready(session, f"{base}/export?format=docx")
        finished.append("export")

    exporter = threading.Thread(target=download)
    exporter.start()
    wait_for_log(live_server, "export: docx", exporter)
    # A live page's request while the DOCX is built: on the event loop it would wait for the whole export.
    answered = requests.get(base.split("/organiser/")[0] + "/healthz", timeout=120)
    finished.append("other page")
    exporter.join(timeout=120)
    assert answered.json() == {"ok": True}
    assert finished == ["other page", "export"]
    assert outcome["export"].status_code == 200 and outcome["export"].content[:2] == b"PK"
