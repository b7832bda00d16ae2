"""A worker lost mid-evening: nginx (deploy/nginx/dialog-app.conf as shipped), two `dialog-app serve`
workers on one database and one Redis, tablets, a projector and the leader in chromium, all through
nginx. One worker is killed with SIGKILL in the middle of the brainstorm; its pages reconnect to the
other, the tablets resend what was not acknowledged, and the projector and the export end with
every typed idea exactly once.

The database is one fixture parameter: a shared SQLite file, and PostgreSQL (a fresh database on the
tests' own server). Needs Debian's nginx, redis-server, postgresql and chromium; locally the test
skips and says which is missing, in CI (.ci/run sets DIALOG_APP_REQUIRE_*) it must run.
"""

import json
import os
import secrets
import signal
from dataclasses import dataclass

import pytest

from support.browser import advance_to
from support.nginxproc import NGINX, ROUTE_COOKIE, Nginx, start_nginx
from support.serverproc import DemoServer, require, start_worker

pytestmark = pytest.mark.browser

# The shared database every worker is given (DIALOG_APP_DATABASE).
BACKENDS = ["sqlite", "postgresql"]

TABLES = (1, 2, 3, 4, 5, 6)
LOST_WORKERS_TABLES = (1, 2, 3)  # their tablets, and the projector, are routed to the worker that dies
# Typed per table: before the loss (acknowledged), while the worker hangs (never acknowledged by it),
# and after it is killed (typed while the tablet reconnects).
BEFORE, WHILE_HUNG, AFTER = 8, 6, 6


@pytest.fixture(params=BACKENDS)
def database(request, tmp_path) -> str:
    """What every worker gets as DIALOG_APP_DATABASE."""
    if request.param == "sqlite":
        return str(tmp_path / "evening.sqlite")
    return request.getfixturevalue("postgres_server").fresh_database()


@dataclass
class Site:
    """An evening served by two workers behind nginx, as docs/deploy.md sets up several workers."""

    nginx: Nginx
    lost: DemoServer  # the worker that will be killed
    survivor: DemoServer
    app: object  # this test's own view of the shared database, for the export
    links: dict


@pytest.fixture
def site(tmp_path, database, redis_url):  # noqa: F811 (redis_url is a fixture)
    require(os.path.exists(NGINX), "Debian's nginx is not installed (apt-get install nginx)",
            "DIALOG_APP_REQUIRE_NGINX")
    from dialog_app import create_app
    from dialog_app.cli import _event_links
    from dialog_app.db import get_db, token_secret
    from sessions.evening.demo import create_demo_event

    # Both workers sign and check links with one secret, as the shared environment file gives them.
    secret = secrets.token_hex(32)
    app = create_app({"DATABASE": database, "SECRET_KEY": secret})
    with app.app_context():
        event = create_demo_event(get_db(), token_secret())
    lost = start_worker(str(tmp_path), database, name="lost", secret=secret, message_queue=redis_url)
    survivor = start_worker(str(tmp_path), database, name="survivor", secret=secret, message_queue=redis_url)
    nginx = start_nginx(str(tmp_path / "nginx"), [lost.port, survivor.port])
    try:
        yield Site(nginx, lost, survivor, app, _event_links(app, nginx.base_url, event.id))
    finally:
        nginx.stop()
        survivor.kill()
        lost.kill()


def device(browser, site: Site, link: str, worker: DemoServer, name: str, viewport: dict):  # noqa: F811
    """A page opened through nginx by a browser whose route cookie sends it to ``worker``."""
    context = browser.new_context(viewport=viewport, locale="sv-SE")
    context.add_cookies([{"name": ROUTE_COOKIE, "value": site.nginx.route_to(worker.port, name),
                          "url": site.nginx.base_url}])
    page = context.new_page()
    page.goto(link)
    return page


def idea_text(table: int, number: int) -> str:
    return f"Bord {table}, idé {number}: ett lotsnummer för nya företag"


def type_ideas(tablet, table: int, numbers: range) -> None:
    for number in numbers:
        tablet.get_by_test_id("idea-input").fill(idea_text(table, number))
        tablet.get_by_test_id("idea-input").press("Enter")


def stopped(process) -> bool:
    with open(f"/proc/{process.pid}/stat", encoding="ascii") as handle:
        return handle.read().rsplit(")", 1)[1].split()[0] == "T"


def handshakes(answers, cookie: str) -> set[str]:
    """The workers that opened a browser's Socket.IO sessions (the first, long-polling request of each,
    logged as soon as it is answered; a WebSocket's line is written only when it closes)."""
    return {answer.worker for answer in answers if answer.route_cookie == cookie and answer.status == "200"
            and answer.uri.startswith("/socket.io/") and "transport=polling" in answer.uri and "sid=" not in answer.uri}


def test_a_worker_killed_mid_brainstorm_loses_no_idea_and_doubles_none(browser, site):  # noqa: F811
    from playwright.sync_api import expect

    from dialog_app.exports import export_bytes

    expect.set_options(timeout=30_000)
    leader = device(browser, site, site.links["leader"], site.survivor, "leader", {"width": 1280, "height": 800})
    projector = device(browser, site, site.links["projector"], site.lost, "projector", {"width": 1920, "height": 1080})
    tablets = {table["number"]: device(browser, site, table["secretary"],
                                       site.lost if table["number"] in LOST_WORKERS_TABLES else site.survivor,
                                       f"table-{table['number']}", {"width": 1024, "height": 768})
               for table in site.links["tables"]}
    for page in (leader, projector, *tablets.values()):
        expect(page.get_by_test_id("connection")).to_have_attribute("data-state", "online")
    advance_to(leader, "brainstorm")
    for tablet in tablets.values():
        expect(tablet.get_by_test_id("phase")).to_have_attribute("data-phase", "brainstorm")

    def idea_count(table: int):
        return projector.locator(f'[data-testid="table-card"][data-table="{table}"] [data-testid="idea-count"]')

    def saved(tablet):
        return tablet.locator('[data-testid="idea"][data-state="saved"]')

    for table, tablet in tablets.items():
        type_ideas(tablet, table, range(BEFORE))
    for table, tablet in tablets.items():
        expect(saved(tablet)).to_have_count(BEFORE)
        expect(idea_count(table)).to_have_attribute("data-count", str(BEFORE))

    # The worker hangs: what its tablets send now reaches it but is never answered, so it is still
    # in their outboxes when the worker is killed.
    site.lost.process.send_signal(signal.SIGSTOP)
    while not stopped(site.lost.process):
        pass
    for table, tablet in tablets.items():
        type_ideas(tablet, table, range(BEFORE, BEFORE + WHILE_HUNG))
    for table in LOST_WORKERS_TABLES:
        expect(tablets[table].locator('[data-testid="idea"][data-state="pending"]')).to_have_count(WHILE_HUNG)
    for table in set(TABLES) - set(LOST_WORKERS_TABLES):
        expect(saved(tablets[table])).to_have_count(BEFORE + WHILE_HUNG)
    answered_before_loss = len(site.nginx.answers())
    site.lost.kill(signal.SIGKILL)
    assert site.lost.process.returncode == -signal.SIGKILL

    for table, tablet in tablets.items():
        type_ideas(tablet, table, range(BEFORE + WHILE_HUNG, BEFORE + WHILE_HUNG + AFTER))
    typed = BEFORE + WHILE_HUNG + AFTER
    for table, tablet in tablets.items():
        expect(saved(tablet)).to_have_count(typed)
        expect(tablet.get_by_test_id("refused-item")).to_have_count(0)
        expect(idea_count(table)).to_have_attribute("data-count", str(typed))
    expect(projector.get_by_test_id("connection")).to_have_attribute("data-state", "online")

    # The pages routed to the lost worker were served by it before the loss and by the other one
    # after it, through nginx; nginx itself served every script and style.
    lost_address, survivor_address = f"127.0.0.1:{site.lost.port}", f"127.0.0.1:{site.survivor.port}"
    before, after = site.nginx.answers()[:answered_before_loss], site.nginx.answers(since=answered_before_loss)
    for page in (projector, *(tablets[table] for table in LOST_WORKERS_TABLES)):
        cookie = next(c["value"] for c in page.context.cookies() if c["name"] == ROUTE_COOKIE)
        assert handshakes(before, cookie) == {lost_address}
        assert handshakes(after, cookie) == {survivor_address}
    assert {answer.worker for answer in before + after if answer.uri.startswith("/static/")} == {"-"}

    with site.app.app_context():
        document = json.loads(export_bytes(site.links["event_id"], "json"))
    exported = sorted((idea["table"], idea["text"]) for idea in document["ideas"])
    assert exported == sorted((table, idea_text(table, number)) for table in TABLES for number in range(typed))
    for page in (leader, projector, *tablets.values()):
        page.context.close()
