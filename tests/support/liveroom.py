"""The room as the people in it see it, while something else hits the server: a tablet sends an idea
every so often and the projector shows it. Used by the attack tests and by bench/attacks.py.

Also a bare browser for attacks: plain HTTP from a chosen source address (Linux answers on all of
127.0.0.0/8, so 127.0.0.66 is another machine to the server), keeping its cookies, filling forms.
"""

import http.client
import re
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

import socketio


def token_of(url: str) -> str:
    return url.rsplit("/", 1)[1]


def base_of(url: str) -> str:
    return url.split("/")[0] + "//" + url.split("/")[2]


@dataclass
class Idea:
    sent: float
    acknowledged: float | None = None
    shown: float | None = None
    ok: bool = False


@dataclass
class Room:
    """An evening in its ideas phase: the leader's, the projector's and one tablet's connections."""

    base: str
    leader: socketio.Client
    projector: socketio.Client
    tablet: socketio.Client
    ideas: dict[str, Idea] = field(default_factory=dict)

    def send_ideas_while(self, attack, pause: float = 0.1, settle: float = 5.0):
        """Run ``attack()`` while the tablet sends an idea every ``pause`` seconds (waiting for each
        acknowledgement, as the tablet's outbox does); returns what ``attack`` returned."""
        stop = threading.Event()

        def type_ideas() -> None:
            number = 0
            while not stop.is_set():
                number += 1
                idea_id = str(uuid.uuid4())
                self.ideas[idea_id] = idea = Idea(time.perf_counter())
                try:
                    answer = self.tablet.call("idea:add", {"id": idea_id, "text": f"Idé {number}: fler bussar"},
                                              timeout=30)
                except socketio.exceptions.TimeoutError:
                    continue
                idea.acknowledged, idea.ok = time.perf_counter(), bool(answer and answer.get("ok"))
                stop.wait(pause)

        typist = threading.Thread(target=type_ideas, daemon=True)
        typist.start()
        try:
            return attack()
        finally:
            stop.set()
            typist.join(timeout=60)
            deadline = time.monotonic() + settle
            while time.monotonic() < deadline and any(idea.shown is None for idea in self.ideas.values()):
                time.sleep(0.05)

    def to_projector_ms(self) -> list[float]:
        return [(idea.shown - idea.sent) * 1000 for idea in self.ideas.values() if idea.shown is not None]

    def close(self) -> None:
        for client in (self.tablet, self.projector, self.leader):
            client.disconnect()


def _connect(base: str, token: str, client: socketio.Client | None = None) -> socketio.Client:
    client = client or socketio.Client(reconnection=False)
    client.connect(base, auth={"token": token, "lang": "sv"}, transports=["websocket"], wait_timeout=10)
    return client


def open_room(links: dict) -> Room:
    """Connect to a ``dialog-app demo`` server's evening and move it to the ideas phase."""
    base = base_of(links["leader"])
    leader = _connect(base, token_of(links["leader"]))
    for phase in ("setup", "warmup"):
        leader.call("phase:advance", {"from": phase}, timeout=10)
    projector = socketio.Client(reconnection=False)
    room = Room(base, leader, projector, None)  # type: ignore[arg-type]

    @projector.on("idea:saved")
    def on_idea(data):
        idea = room.ideas.get(data["idea"]["id"])
        if idea is not None and idea.shown is None:
            idea.shown = time.perf_counter()

    _connect(base, token_of(links["projector"]), projector)
    room.tablet = _connect(base, token_of(links["tables"][0]["secretary"]))
    return room


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


class Browser:
    """Plain HTTP from one source address, keeping cookies; enough to fill in the login form."""

    def __init__(self, base: str, source: str = "127.0.0.1", headers: dict | None = None, timeout: float = 60.0):
        parsed = urllib.parse.urlsplit(base)
        self.host, self.port = parsed.hostname, parsed.port
        self.source, self.headers, self.timeout = source, headers or {}, timeout
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, dict, str]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout,
                                                source_address=(self.source, 0))
        headers = dict(self.headers)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            for value in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(value).items():
                    self.cookies[name] = morsel.value
            return response.status, dict(response.headers), text
        finally:
            connection.close()

    def log_in(self, username: str, password: str) -> tuple[int, str]:
        """Open the login page and send its form (with the page's CSRF token, where it has one)."""
        _, _, page = self.request("GET", "/organiser/login")
        found = re.search(r'name="csrf_token" value="([^"]+)"', page)
        form = {"username": username, "password": password} | ({"csrf_token": found.group(1)} if found else {})
        status, _, text = self.request("POST", "/organiser/login", form)
        return status, text


def login_storm(base: str, attempts: int = 200, at_once: int = 20, sources: list[str] | None = None) -> dict[int, int]:
    """``attempts`` logins with made-up names and wrong passwords, ``at_once`` in flight, each from the
    next of ``sources`` (default: a different address each, so no per-address limit spares a check);
    returns how many got each status."""
    from concurrent.futures import ThreadPoolExecutor

    sources = sources or [f"127.0.{1 + n // 250}.{1 + n % 250}" for n in range(attempts)]

    def attempt(number: int) -> int:
        browser = Browser(base, source=sources[number % len(sources)])
        try:
            return browser.log_in(f"gissning-{uuid.uuid4().hex[:8]}", "fel-lösenord-123")[0]
        except OSError:
            return 0

    with ThreadPoolExecutor(max_workers=at_once) as pool:
        statuses = list(pool.map(attempt, range(attempts)))
    return {status: statuses.count(status) for status in sorted(set(statuses))}
