"""The domain's one clock: every rule that needs the time asks :func:`now`.

Tests stop the clock with :func:`stopped` instead of sleeping (a timer that ends, a preview that
expires, phases that start at given minutes).
"""

import datetime
import time
import zoneinfo
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_sources: list[Callable[[], float]] = [time.time]


def now() -> float:
    """Seconds since the epoch, as ``time.time()`` gives them unless a test stopped the clock."""
    return _sources[-1]()


def today(time_zone: str = "Europe/Stockholm") -> datetime.date:
    """The date it is now where the evening is held (its time zone)."""
    return datetime.datetime.fromtimestamp(now(), zoneinfo.ZoneInfo(time_zone or "Europe/Stockholm")).date()


class StoppedClock:
    """A clock that shows ``moment`` until a test sets it or moves it on."""

    def __init__(self, moment: float):
        self.moment = moment

    def __call__(self) -> float:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += seconds


@contextmanager
def stopped(moment: float) -> Iterator[StoppedClock]:
    clock = StoppedClock(moment)
    _sources.append(clock)
    try:
        yield clock
    finally:
        _sources.remove(clock)
