"""Pages that got through only after failed attempts: the worker's log names the proxy as the likely limit.

nginx short of connections closes new ones before any worker sees them and, at its default log level,
says nothing (tests/system/test_nginx_limits.py). The pages tell the worker when they get through
(connection.js, tests/js/connect_failures.test.mjs); several within a minute make one warning.
"""

import logging

import pytest

from dialog_app import realtime
from dialog_app.connect_failures import PAGES, ConnectFailures, reported_failures

SHORT_OF_CONNECTIONS = (
    "5 pages reached this worker only after 12 failed connection attempts within 60 s (no answer x10, HTTP 500 x2), "
    "though each page had loaded: the proxy (nginx) is short of connections or open files: raise worker_connections, "
    "worker_rlimit_nofile and its LimitNOFILE (docs/deploy.md, \"How many phones nginx holds\"; nginx logs "
    "\"worker_connections are not enough\" only at error_log level warn)")


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_five_pages_within_a_minute_make_one_warning_naming_nginx_limits():
    clock = Clock()
    failures = ConnectFailures(clock)
    said = [failures.note({"0": 2}) for _ in range(PAGES - 1)]
    said.append(failures.note({"0": 2, "500": 2}))
    assert said == [None] * (PAGES - 1) + [SHORT_OF_CONNECTIONS]
    clock.now += 30
    assert [failures.note({"0": 1}) for _ in range(20)] == [None] * 20  # once for the minute
    clock.now += 31
    assert [failures.note({"502": 1}) for _ in range(PAGES)][-1] == (
        "5 pages reached this worker only after 5 failed connection attempts within 60 s (HTTP 502 x5), though each "
        "page had loaded: the proxy reached no worker (stopped, or too busy to accept) or turned pages away")


def test_pages_spread_over_more_than_a_minute_are_a_few_phones_wifi_not_the_proxy():
    clock = Clock()
    failures = ConnectFailures(clock)
    said = []
    for _ in range(3 * PAGES):
        said.append(failures.note({"0": 1}))
        clock.now += 20
    assert said == [None] * (3 * PAGES)


@pytest.mark.parametrize("reported", [None, "500", [1], {"0": "2"}, {"0": True}, {"0": -3}, {"0": 0}, {"404": 5},
                                      {"0.0": 1}, {0: 1}])
def test_a_malformed_report_counts_as_nothing(reported):
    assert reported_failures(reported) == {}


def test_one_page_cannot_make_the_numbers_up_alone():
    assert reported_failures({"0": 10**9, "500": 3, "418": 7}) == {"0": 1000, "500": 3}


def test_pages_reporting_failed_attempts_as_they_connect_are_logged_once(evening, monkeypatch, caplog):
    monkeypatch.setattr(realtime, "_connect_failures", ConnectFailures())
    from dialog_app.realtime import socketio

    token = evening.tokens["participant"]
    phones = [socketio.test_client(evening.app, auth={"token": token, "lang": "sv", "connect_failures": {"0": 2}})
              for _ in range(PAGES + 2)]
    # A page with a report the server cannot read is served as any other.
    odd = socketio.test_client(evening.app, auth={"token": token, "connect_failures": {"0": "many"}})
    assert all(phone.is_connected() for phone in [*phones, odd])
    assert all(phone.get_received()[0]["name"] == "snapshot" for phone in [*phones, odd])
    warnings = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
    assert warnings == [SHORT_OF_CONNECTIONS.replace("12 failed", "10 failed").replace(", HTTP 500 x2", "")]
