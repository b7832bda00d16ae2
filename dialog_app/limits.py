"""How much one connection may send: a token bucket per connection, and shedding a connection that
keeps sending after it was told to wait.

A tablet's outbox sends one item at a time and waits when told to, so it never comes near these
limits; a broken or hostile client that floods is refused before anything reaches the database,
and cut off once it has ignored enough refusals, so it cannot slow down the rest of the room.
"""

import math
import time
from dataclasses import dataclass, field

# event name -> (burst, events per second); every other event shares the default bucket.
LIMITS = {
    "theme:suggest": (3, 0.2),     # grouping is heavy
    "participant:join": (5, 0.5),
    "rotation:choose": (10, 2.0),
}
DEFAULT_LIMIT = (30, 10.0)
SHED_AFTER = 50        # refusals within SHED_WINDOW seconds before the connection is closed
SHED_WINDOW = 10.0

clock = time.monotonic  # replaced in tests, so they never sleep


@dataclass
class Allowance:
    """One connection's allowance."""

    buckets: dict = field(default_factory=dict)   # bucket name -> (tokens, when counted)
    refusals: list = field(default_factory=list)  # when recent refusals were given

    def wait_for(self, event_name: str) -> int | None:
        """None when ``event_name`` may go ahead now (and counts it); else whole seconds to wait."""
        bucket = event_name if event_name in LIMITS else "*"
        burst, rate = LIMITS.get(event_name, DEFAULT_LIMIT)
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
