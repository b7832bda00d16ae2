"""What pages' failed connection attempts say about the proxy in front, in this worker's log.

A proxy short of connections or open files (nginx at Debian's worker_connections 768) closes new
connections before they reach a worker, and at its default log level says nothing; the worker never
sees those attempts. Only the page knows: it loaded through the proxy, and then its live connection
failed. So a page tells the worker when it gets through (``auth.connect_failures``, counts by the
HTTP status the attempt got, "0" for a connection closed without an answer; see docs/protocol.md),
and when several pages do so within a minute the worker logs the likely cause once for that minute.
One page is not enough: a phone's own Wi-Fi fails now and then.
"""

import time
from collections import Counter
from collections.abc import Callable

# Statuses a page reports: no answer or 500 (nginx out of connections: it closes new ones, or has none left
# to reach a worker), or a proxy's other errors (502/504: no worker answered; 503: turned away).
STATUSES = ("0", "500", "502", "503", "504")
SHORT_OF_CONNECTIONS = {"0", "500"}
NO_WORKER = {"502", "503", "504"}
WINDOW_SECONDS = 60.0
PAGES = 5  # pages reporting within the window before the worker says so
MAX_ATTEMPTS = 1000  # one page's count is capped, so no page can make the numbers up alone


def reported_failures(reported: object) -> Counter:
    """A page's report as counts by status; anything malformed or unknown counts as nothing."""
    failures = Counter()
    if not isinstance(reported, dict):
        return failures
    for status, count in reported.items():
        if status in STATUSES and isinstance(count, int) and not isinstance(count, bool) and count > 0:
            failures[status] = min(count, MAX_ATTEMPTS)
    return failures


def _likely_causes(failures: Counter) -> str:
    causes = []
    if SHORT_OF_CONNECTIONS & failures.keys():
        causes.append("the proxy (nginx) is short of connections or open files: raise worker_connections, "
                      "worker_rlimit_nofile and its LimitNOFILE (docs/deploy.md, \"How many phones nginx holds\"; "
                      "nginx logs \"worker_connections are not enough\" only at error_log level warn)")
    if NO_WORKER & failures.keys():
        causes.append("the proxy reached no worker (stopped, or too busy to accept) or turned pages away")
    return "; ".join(causes)


class ConnectFailures:
    """Pages' reports in this worker over the current window; ``note`` returns the warning to log
    when the window's ``PAGES``-th page reports, else None."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.since: float | None = None
        self.pages = 0
        self.failures: Counter = Counter()

    def note(self, reported: object) -> str | None:
        failures = reported_failures(reported)
        if not failures:
            return None
        now = self.clock()
        if self.since is None or now - self.since > WINDOW_SECONDS:
            self.since, self.pages, self.failures = now, 0, Counter()
        self.pages += 1
        self.failures.update(failures)
        if self.pages != PAGES:
            return None
        attempts = ", ".join(f"{'no answer' if status == '0' else 'HTTP ' + status} x{self.failures[status]}"
                             for status in STATUSES if self.failures[status])
        return (f"{self.pages} pages reached this worker only after {sum(self.failures.values())} failed connection "
                f"attempts within {WINDOW_SECONDS:.0f} s ({attempts}), though each page had loaded: "
                f"{_likely_causes(self.failures)}")
