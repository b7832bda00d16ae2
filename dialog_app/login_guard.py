"""How often a password may be tried, and how many password checks run at once.

A check costs ~0.1 s of a core and 32 MB (scrypt), so it runs in a worker thread, never on the
event loop, and at most CHECKS_AT_ONCE at a time: a try that finds them busy for BUSY_WAIT is
refused ("try again in a moment"), not queued behind a storm. A try refused by the counts below
costs no check, and is answered after REFUSAL_DELAY.

Per server process, over a sliding WINDOW:
- an address has ADDRESS_TRIES tries that did not succeed, whatever the names: a storm of made-up
  names from one address stops costing checks after that;
- a name from one address has NAME_TRIES: guessing one account's password there;
- a name from everywhere: after NAME_FAILURES failures, a browser that has not logged in as that
  name before (no signed "known browser" cookie) may try it once every PACE seconds, all such
  browsers together; a browser that has is never held back by others' failures.

So nobody at another address can lock the organiser out: the address limits count only the
guesser's own address (behind a proxy, only once TRUSTED_PROXIES names it: dialog_app/proxies.py),
and the slowing-down per name spares the organiser's own browser. Names are counted alike whether
an account has them or not, so a refusal tells nothing about which accounts exist.
"""

import threading
import time
from collections import OrderedDict
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

WINDOW = 600.0         # seconds
ADDRESS_TRIES = 10
NAME_TRIES = 5
NAME_FAILURES = 30
PACE = 5.0             # seconds between tries at a name under attack, from browsers it does not know
CHECKS_AT_ONCE = 1     # on a two-core server one core stays the event loop's (bench/attacks.py)
BUSY_WAIT = 1.0        # seconds a try waits for a free check before it is refused
REFUSAL_DELAY = 1.0    # seconds a refused try waits for its answer: a guesser's connections then send slowly
MAX_KEYS = 10_000      # per kind of count: a storm of addresses or names cannot fill the memory
KNOWN_BROWSER_COOKIE = "dialog_known"
KNOWN_BROWSER_DAYS = 180
KNOWN_NAMES = 5        # names one browser is known for (a shared office laptop)

clock = time.monotonic  # replaced in tests, so they never sleep


class Tries:
    """Moments of recent tries per key within WINDOW, keeping at most ``limit`` per key and MAX_KEYS
    keys (the longest untouched is forgotten first)."""

    def __init__(self, limit: int):
        self.limit = limit
        self.moments: OrderedDict[Hashable, list[float]] = OrderedDict()

    def count(self, key: Hashable, now: float) -> int:
        recent = [moment for moment in self.moments.get(key, ()) if moment > now - WINDOW]
        if recent:
            self.moments[key] = recent
        else:
            self.moments.pop(key, None)
        return len(recent)

    def full(self, key: Hashable, now: float) -> bool:
        return self.count(key, now) >= self.limit

    def add(self, key: Hashable, now: float) -> None:
        self.moments[key] = (self.moments.get(key, []) + [now])[-self.limit:]
        self.moments.move_to_end(key)
        while len(self.moments) > MAX_KEYS:
            self.moments.popitem(last=False)

    def take_back(self, key: Hashable, moment: float) -> None:
        """Forget one try (it succeeded, or never got a check)."""
        moments = self.moments.get(key, [])
        if moment in moments:
            moments.remove(moment)

    def forget(self, key: Hashable) -> None:
        self.moments.pop(key, None)


@dataclass(frozen=True)
class Admission:
    moment: float
    refusal: str | None = None  # the code of the refusal, if refused
    wait: float = 0.0           # then: seconds until a try may go ahead


class LoginGuard:
    """One server process's counts and its checks' slots."""

    def __init__(self):
        self.by_address = Tries(ADDRESS_TRIES)
        self.by_name_and_address = Tries(NAME_TRIES)
        self.failures_by_name = Tries(NAME_FAILURES)
        self.paced: OrderedDict[str, float] = OrderedDict()  # name -> the last try let through its pace
        self.checks = threading.BoundedSemaphore(CHECKS_AT_ONCE)  # green under eventlet (patched first)
        self.lock = threading.Lock()  # for threads; under eventlet nothing below yields anyway

    def admit(self, name: str, address: str, known_browser: bool) -> Admission:
        """May this try have a password check? If so it counts, as not (yet) successful, from now on."""
        with self.lock:
            return self._admit(name, address, known_browser, clock())

    def _admit(self, name: str, address: str, known_browser: bool, now: float) -> Admission:
        if self.by_address.full(address, now) or self.by_name_and_address.full((name, address), now):
            return Admission(now, refusal="login.too_many", wait=WINDOW)
        if not known_browser and self.failures_by_name.full(name, now):
            last = self.paced.get(name)
            if last is not None and now - last < PACE:
                return Admission(now, refusal="login.paced", wait=PACE - (now - last))
            self.paced[name] = now
            self.paced.move_to_end(name)
            while len(self.paced) > MAX_KEYS:
                self.paced.popitem(last=False)
        self.by_address.add(address, now)
        self.by_name_and_address.add((name, address), now)
        return Admission(now)

    def not_checked(self, name: str, address: str, moment: float) -> None:
        """The try found no free check: it does not count against the address."""
        with self.lock:
            self.by_address.take_back(address, moment)
            self.by_name_and_address.take_back((name, address), moment)

    def succeeded(self, name: str, address: str, moment: float) -> None:
        with self.lock:
            self.by_address.take_back(address, moment)
            self.by_name_and_address.forget((name, address))

    def failed(self, name: str) -> None:
        with self.lock:
            self.failures_by_name.add(name, clock())

    def hold_back(self) -> None:
        """Answer a refused try only after REFUSAL_DELAY: waiting costs the server nothing (under
        eventlet a sleeping request is a paused greenlet), and a guesser that waits for its answers,
        as a client over HTTP/1.1 must, can send no faster than its connections are answered."""
        time.sleep(REFUSAL_DELAY)

    @contextmanager
    def check_slot(self) -> Iterator[bool]:
        """True with a slot for one password check, held until the block ends; False when none came
        free within BUSY_WAIT."""
        got = self.checks.acquire(timeout=BUSY_WAIT)
        try:
            yield got
        finally:
            if got:
                self.checks.release()


def guard() -> LoginGuard:
    """The app's guard (per app, so each test's app starts with clean counts)."""
    found = current_app.extensions.get("dialog_app.login_guard")
    return found or current_app.extensions.setdefault("dialog_app.login_guard", LoginGuard())


# --- the browsers an account has logged in from ------------------------------------------------

def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="dialog_app.known-browser")


def _known_names() -> list[str]:
    sent = request.cookies.get(KNOWN_BROWSER_COOKIE)
    if not sent:
        return []
    try:
        names = _signer().loads(sent, max_age=KNOWN_BROWSER_DAYS * 86400)
    except BadSignature:
        return []
    return [name for name in names if isinstance(name, str)] if isinstance(names, list) else []


def known_browser(name: str) -> bool:
    """Has this browser logged in as ``name`` before (its signed cookie says so)?"""
    return name in _known_names()


def remember_browser(response: Response, name: str) -> Response:
    """After a successful login: this browser is known for ``name`` from now on."""
    names = ([name] + [known for known in _known_names() if known != name])[:KNOWN_NAMES]
    response.set_cookie(KNOWN_BROWSER_COOKIE, _signer().dumps(names), max_age=KNOWN_BROWSER_DAYS * 86400,
                        path="/organiser/", httponly=True, samesite="Lax",
                        secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response
