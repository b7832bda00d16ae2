"""How much one connection, or one client address, may send: token buckets, and shedding a
connection that keeps sending after it was told to wait.

A tablet's outbox sends one item at a time and waits when told to, so it never comes near these
limits; a broken or hostile client that floods is refused before anything reaches the database,
and cut off once it has ignored enough refusals, so it cannot slow down the rest of the room.

What anyone holding the public participants' link may do (join, type the short code) is bounded by
client address too, since opening more connections is free. The venue's phones may all share one
public address (Wi-Fi behind NAT), so those budgets are rates sized for a whole room arriving.
"""

import math
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

# event name -> (burst, events per second); every other event shares the default bucket.
LIMITS = {
    "theme:suggest": (3, 0.2),     # grouping is heavy
    "participant:join": (5, 0.5),
    "rotation:choose": (10, 2.0),
    # What a phone sends in the other formats: a few ideas a minute, votes tapped quickly, one evaluation.
    "phone:idea": (10, 0.5),
    "vote:cast": (20, 4.0),
    "evaluation:send": (5, 0.5),
}
DEFAULT_LIMIT = (30, 10.0)
SHED_AFTER = 50        # refusals within SHED_WINDOW seconds before the connection is closed
SHED_WINDOW = 10.0

# Per client address, for what the public link opens; nothing else is counted by address.
# A room of 300 phones behind one NAT, told "scan the code now", arrives within about two minutes:
# 40 at once, then 2.5 a second, lets 340 join within two minutes (a phone told to wait sends its join
# again by itself), and a room arriving evenly over those minutes is never asked to wait. The burst
# also bounds the stall: each join is a commit on the event loop (~10 ms on a busy machine), so one
# address's rush, or one attacker's, holds the room up for at most ~0.4 s; the leader removes what
# does not belong. Joins are counted per address and event (evenings held at once behind one proxy).
ADDRESS_LIMITS = {
    "participant:join": (40, 2.5),
    "join.code": (40, 2.5),       # /j/<code>, typed by those who cannot scan; each guess counts
    # The public pages of invitations and results (dialog_app/registration.py, results.py): a page
    # opened, a registration sent, an unsubscribe; a person needs a handful, a guesser thousands.
    "public.page": (60, 1.0),
    "register": (20, 0.2),
    "unsubscribe": (20, 0.5),
}
MAX_ADDRESSES = 10_000  # addresses remembered at once; the least recently seen is forgotten first

clock = time.monotonic  # replaced in tests, so they never sleep


@dataclass
class Allowance:
    """One connection's (or one address's) allowance."""

    buckets: dict = field(default_factory=dict)   # bucket name -> (tokens, when counted)
    refusals: list = field(default_factory=list)  # when recent refusals were given
    limits: dict = field(default_factory=lambda: LIMITS)
    default: tuple | None = DEFAULT_LIMIT         # None: events not in ``limits`` are not counted

    def wait_for(self, event_name: str) -> int | None:
        """None when ``event_name`` may go ahead now (and counts it); else whole seconds to wait."""
        if event_name not in self.limits and self.default is None:
            return None
        bucket = event_name if event_name in self.limits else "*"
        burst, rate = self.limits.get(event_name, self.default)
        now = clock()
        tokens, counted = self.buckets.get(bucket, (burst, now))
        tokens = min(burst, tokens + (now - counted) * rate)
        if tokens >= 1:
            self.buckets[bucket] = (tokens - 1, now)
            return None
        self.buckets[bucket] = (tokens, now)
        self.refusals = [moment for moment in self.refusals[-SHED_AFTER:] if moment > now - SHED_WINDOW] + [now]
        return max(1, math.ceil((1 - tokens) / rate))

    def flooding(self) -> bool:
        """True once the connection has ignored SHED_AFTER refusals within SHED_WINDOW."""
        return len(self.refusals) >= SHED_AFTER


class AddressAllowances:
    """An :class:`Allowance` per client address, in a bounded memory: an attacker with many addresses
    can only make the server forget an address's count, never hold more than MAX_ADDRESSES of them."""

    def __init__(self, limits: dict | None = None, size: int = MAX_ADDRESSES):
        self.limits = ADDRESS_LIMITS if limits is None else limits
        self.size = size
        self._allowances: OrderedDict[str, Allowance] = OrderedDict()
        self._lock = threading.Lock()

    def wait_for(self, address: str | None, event_name: str) -> int | None:
        """As :meth:`Allowance.wait_for`, counted for ``address``; events without a budget go ahead."""
        if event_name not in self.limits:
            return None
        with self._lock:
            allowance = self._allowances.pop(address or "", None)
            if allowance is None:
                allowance = Allowance(limits=self.limits, default=None)
            self._allowances[address or ""] = allowance
            while len(self._allowances) > self.size:
                self._allowances.popitem(last=False)
            return allowance.wait_for(event_name)
