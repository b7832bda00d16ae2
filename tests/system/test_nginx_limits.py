"""nginx as docs/deploy.md sets it up holds the phones the README promises, not Debian's ~768.

Debian's own nginx.conf (tests/data/debian-nginx.conf), plus exactly what docs/deploy.md tells the
operator to change (tests/support/nginxproc.py reads the commands from it), plus the shipped site file, in
front of one served worker. Debian's stock limits (768 connections per nginx process, one process per
core, two connections per phone) let about 750 phones through on two cores (748 of these 1,500, with
``start_nginx(..., documented=False)``); 1,500 phones must all connect and all hear the leader's
timer change.

Needs Debian's nginx; locally the test skips and says so, in CI (DIALOG_APP_REQUIRE_NGINX=1, set by
.ci/run) it must run.
"""

import asyncio
import os
import resource
import secrets
import subprocess
import sys

import aiohttp
import pytest
import socketio

from support.nginxproc import NGINX, documented_limits, main_config, start_nginx
from support.serverproc import require, start_worker

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench"))
from swarm import RawPhone  # noqa: E402 - bench/swarm.py: a bare Socket.IO phone, light on CPU

PHONES = 1500
BATCH = 100
TIMER_EVENTS = ("timer:changed", "phase:changed")  # what a timer change may reach a phone as
SHORTAGES = ("worker_connections are not enough", "Too many open files")


def require_nginx() -> None:
    require(os.path.exists(NGINX), "Debian's nginx is not installed (apt-get install nginx)",
            "DIALOG_APP_REQUIRE_NGINX")


def enough_open_files(needed: int) -> None:
    """This process holds every phone's socket: raise its own limit (root may lift the hard one)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY or soft >= needed:
        return
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE,
                           (needed, hard if hard == resource.RLIM_INFINITY else max(hard, needed)))
    except (ValueError, OSError):
        require(False, f"this test holds {needed} sockets; the hard open-file limit is {hard} (ulimit -Hn)",
                "DIALOG_APP_REQUIRE_NGINX")


def test_the_documented_main_configuration_sets_nginx_limits_for_10000_phones(tmp_path):
    require_nginx()
    config = main_config(str(tmp_path))
    shown = subprocess.run([NGINX, "-T", "-p", str(tmp_path), "-c", config], capture_output=True, text=True,
                           check=False)
    assert shown.returncode == 0, shown.stderr
    lines = [line.strip() for line in shown.stdout.splitlines()]
    assert lines.count("worker_connections 32768;") == 1
    assert lines.count("worker_rlimit_nofile 65536;") == 1
    assert "worker_connections 768;" not in lines
    # The stock file's other settings are untouched: one nginx process per core.
    assert lines.count("worker_processes auto;") == 1
    assert documented_limits().open_files >= 65536


async def phones_through(url: str, auth: dict, count: int) -> tuple[list[RawPhone], dict[str, int], list[set], object]:
    """``count`` phones over WebSocket through ``url``, each noting the events it hears; also the
    connection failures by kind, and the session to close."""
    errors: dict[str, int] = {}
    heard: list[set] = []
    phones: list[RawPhone] = []
    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))

    async def connect(index: int) -> None:
        phone = RawPhone(session, url, auth, False, lambda name: heard[index].add(name))
        phones.append(phone)
        try:
            await asyncio.wait_for(phone.connect(), timeout=30)
        except Exception as error:  # noqa: BLE001 - counted: how many got through is the result
            errors[type(error).__name__] = errors.get(type(error).__name__, 0) + 1

    for start in range(0, count, BATCH):
        heard.extend(set() for _ in range(start, min(count, start + BATCH)))
        await asyncio.gather(*(connect(index) for index in range(start, min(count, start + BATCH))))
    return phones, errors, heard, session


@pytest.fixture
def site(tmp_path):
    require_nginx()
    from dialog_app import create_app
    from dialog_app.cli import _event_links
    from dialog_app.db import get_db, token_secret
    from sessions.evening.demo import create_demo_event

    enough_open_files(PHONES + 500)
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


@pytest.mark.timeout(300)
def test_1500_phones_connect_through_nginx_as_documented_and_all_hear_the_leader(site):
    nginx, links = site

    async def evening() -> tuple[int, dict, int]:
        phones, errors, heard, session = await phones_through(
            nginx.base_url, {"token": links["participant"].rsplit("/", 1)[1], "lang": "sv"}, PHONES)
        try:
            leader = socketio.AsyncClient(reconnection=False)
            await leader.connect(nginx.base_url, auth={"token": links["leader"].rsplit("/", 1)[1]},
                                 transports=["websocket"], wait_timeout=30)
            answer = await leader.call("timer:set", {"minutes": 10, "expected_ends_at": None}, timeout=60)
            assert answer["ok"], answer
            connected = sum(phone.connected for phone in phones)
            for _ in range(300):  # the broadcast reaches 1,500 phones within a few seconds
                reached = sum(bool(names & set(TIMER_EVENTS)) for names in heard)
                if reached >= connected:
                    break
                await asyncio.sleep(0.1)
            await leader.disconnect()
            return connected, errors, reached
        finally:
            await asyncio.gather(*(phone.disconnect() for phone in phones), return_exceptions=True)
            await session.close()

    connected, errors, reached = asyncio.run(evening())
    shortages = [line for line in nginx.error_log().splitlines() if any(cause in line for cause in SHORTAGES)]
    assert (connected, errors, shortages[:3]) == (PHONES, {}, [])
    assert reached == PHONES
