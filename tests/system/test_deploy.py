"""The shipped nginx site (deploy/nginx/dialog-app.conf) in front of a real worker: pages, Socket.IO
over long-polling and WebSocket, the route cookie, and static files from nginx itself.

Needs Debian's nginx; locally the test skips and says so, in CI (DIALOG_APP_REQUIRE_NGINX=1, set by
.ci/run) it must run. The loss of a worker behind this file is tests/system/test_failover.py.
"""

import os
import re
import secrets

import pytest
import requests
import socketio

from support.nginxproc import NGINX, ROUTE_COOKIE, start_nginx
from support.serverproc import require, start_worker


@pytest.fixture
def site(tmp_path):
    require(os.path.exists(NGINX), "Debian's nginx is not installed (apt-get install nginx)",
            "DIALOG_APP_REQUIRE_NGINX")
    from dialog_app import create_app
    from dialog_app.cli import _event_links
    from dialog_app.db import get_db, token_secret
    from sessions.evening.demo import create_demo_event

    database, secret = str(tmp_path / "evening.sqlite"), secrets.token_hex(32)
    app = create_app({"DATABASE": database, "SECRET_KEY": secret})
    with app.app_context():
        event = create_demo_event(get_db(), token_secret())
    worker = start_worker(str(tmp_path), database, name="worker", secret=secret)
    nginx = start_nginx(str(tmp_path / "nginx"), [worker.port])
    try:
        yield nginx, _event_links(app, nginx.base_url, event.id)
    finally:
        nginx.stop()
        worker.kill()


def test_a_page_gets_one_route_cookie_and_its_scripts_come_from_nginx(site):
    nginx, links = site
    browser = requests.Session()
    first = browser.get(links["projector"], timeout=10)
    assert first.status_code == 200
    assert first.headers["Cache-Control"] == "no-store"  # the app's own headers pass through
    assert ROUTE_COOKIE in first.cookies
    again = browser.get(links["projector"], timeout=10)
    assert "Set-Cookie" not in again.headers  # a browser keeps the worker it was given

    script = browser.get(f"{nginx.base_url}/static/js/connection.js", timeout=10)
    assert script.status_code == 200
    assert script.headers["Content-Type"] == "application/javascript"
    assert script.headers["X-Content-Type-Options"] == "nosniff"
    assert script.headers["Cache-Control"] == "no-cache"
    assert nginx.answered_by("/static/js/connection.js") == "-"  # the worker was never asked
    missing = browser.get(f"{nginx.base_url}/static/js/none.js", timeout=10)
    assert missing.status_code == 404


def test_pages_come_compressed_once_and_fingerprinted_files_are_kept_a_year(site):
    nginx, links = site
    browser = requests.Session()
    browser.headers["Accept-Encoding"] = "gzip, deflate, br"
    page = browser.get(links["tables"][0]["secretary"], timeout=10)
    assert page.status_code == 200
    # The app's own brotli, passed on as it is: a page compressed twice would not read.
    assert page.headers["Content-Encoding"] == "br"
    assert "<html" in page.text
    scripts = re.findall(r'src="(/static/js/table\.js\?v=[0-9a-f]{12})"', page.text)
    assert scripts, "the tablet's script is not fingerprinted"
    script = browser.get(f"{nginx.base_url}{scripts[0]}", timeout=10)
    assert script.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert script.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in script.headers["Vary"]
    assert nginx.answered_by("/static/js/table.js") == "-"  # the worker was never asked


@pytest.mark.parametrize("transports", [["polling", "websocket"], ["websocket"]])
def test_socket_io_connects_through_nginx_and_upgrades(site, transports):
    nginx, links = site
    projector = socketio.SimpleClient()
    # The client sends an Origin, as a browser does; Socket.IO refuses it unless nginx passes the host with its port.
    projector.connect(nginx.base_url, auth={"token": links["projector"].rsplit("/", 1)[1]}, transports=transports,
                      headers={"Cookie": f"{ROUTE_COOKIE}=projector"})
    try:
        assert projector.receive(timeout=10)[0] == "snapshot"
        assert projector.client.transport() == "websocket"
    finally:
        projector.disconnect()
