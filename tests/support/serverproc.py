"""Start the real server (``dialog-app demo``, eventlet as in production) in a child process.

Used by the browser tests, the crash test and the benchmarks in ``bench/``.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass

import requests


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class DemoServer:
    process: subprocess.Popen
    links: dict
    db_path: str
    log_path: str
    log_file: object
    port: int | None = None

    def kill(self, sig=signal.SIGTERM) -> None:
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_file.close()

    def log(self) -> str:
        with open(self.log_path, encoding="utf-8", errors="replace") as handle:
            return handle.read()


def start_demo_server(folder: str, *, sample: bool = False, async_mode: str = "eventlet",
                      timeout: float = 30.0, message_queue: str | None = None, name: str = "live",
                      settings: dict | None = None, format_id: str | None = None) -> DemoServer:
    """``settings`` are app settings given as DIALOG_APP_* environment variables (e.g. RATE_LIMITS);
    ``format_id`` serves that format's demo (dialog-app formats)."""
    port = free_port()
    db_path = os.path.join(folder, "live.sqlite")
    links_path = os.path.join(folder, f"{name}-links.json")
    log_path = os.path.join(folder, f"{name}.log")
    command = [sys.executable, "-m", "dialog_app.serve", "demo", "--port", str(port), "--db", db_path,
               "--links-json", links_path]
    if sample:
        command.append("--sample")
    if format_id:
        command += ["--format", format_id]
    env = {**os.environ, "DIALOG_APP_ASYNC_MODE": async_mode, "PYTHONWARNINGS": "ignore"}
    if message_queue:
        env["DIALOG_APP_SOCKETIO_MESSAGE_QUEUE"] = message_queue
    env.update({f"DIALOG_APP_{key}": value for key, value in (settings or {}).items()})
    log = open(log_path, "w", encoding="utf-8")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=folder)
    deadline = time.monotonic() + timeout
    while not os.path.exists(links_path):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            log.close()
            with open(log_path, encoding="utf-8") as handle:
                raise RuntimeError(f"demo server did not start:\n{handle.read()}")
        time.sleep(0.05)
    with open(links_path, encoding="utf-8") as handle:
        links = json.load(handle)
    return DemoServer(process, links, db_path, log_path, log, port=port)


def wait_until_listening(port: int, process: subprocess.Popen, what: str, log_path: str | None = None,
                         timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                log = ""
                if log_path:
                    with open(log_path, encoding="utf-8", errors="replace") as handle:
                        log = handle.read()
                raise RuntimeError(f"{what} did not start on port {port}:\n{log}") from None
            time.sleep(0.05)


REDIS = shutil.which("redis-server")


def start_redis(folder: str) -> tuple[subprocess.Popen, str]:
    """Debian's redis-server on a free port, storing nothing; returns the process and its URL."""
    import shutil

    port = free_port()
    process = subprocess.Popen([shutil.which("redis-server") or "redis-server", "--port", str(port),
                                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", folder],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_until_listening(port, process, "redis-server", timeout=10)
    return process, f"redis://127.0.0.1:{port}/0"


def start_worker(folder: str, database: str, *, name: str, secret: str, message_queue: str | None = None,
                 public_url: str | None = None, async_mode: str = "eventlet", settings: dict | None = None,
                 timeout: float = 30.0) -> DemoServer:
    """One ``dialog-app serve`` worker, as deploy/systemd/dialog-app@.service starts it: the database,
    the secret and the message queue come from DIALOG_APP_* variables, shared by every worker."""
    port = free_port()
    log_path = os.path.join(folder, f"{name}.log")
    env = {**os.environ, "DIALOG_APP_ASYNC_MODE": async_mode, "PYTHONWARNINGS": "ignore",
           "DIALOG_APP_DATABASE": database, "DIALOG_APP_SECRET_KEY": secret}
    if message_queue:
        env["DIALOG_APP_SOCKETIO_MESSAGE_QUEUE"] = message_queue
    if public_url:
        env["DIALOG_APP_PUBLIC_URL"] = public_url
    env.update({f"DIALOG_APP_{key}": value for key, value in (settings or {}).items()})
    log = open(log_path, "w", encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "dialog_app.serve", "serve", "--host", "127.0.0.1",
                                "--port", str(port)], stdout=log, stderr=subprocess.STDOUT, env=env, cwd=folder)
    try:
        wait_until_listening(port, process, f"worker {name}", log_path, timeout)
    except RuntimeError:
        log.close()
        raise
    return DemoServer(process, {}, database, log_path, log, port=port)


def require(present: bool, reason: str, required_by: str) -> None:
    """Skip with ``reason`` when a Debian package a test needs is missing, or fail where the variable
    ``required_by`` says it must run (CI)."""
    import pytest

    if present:
        return
    if os.environ.get(required_by):
        pytest.fail(reason)
    pytest.skip(reason)


def when_ready(session: requests.Session, url: str, first: requests.Response | None = None) -> requests.Response:
    """Follow the "being prepared" page as a browser does until the file comes."""
    response = first or session.get(url, timeout=120)
    deadline = time.monotonic() + 300
    while response.status_code == 202 and time.monotonic() < deadline:
        again = re.search(r'http-equiv="refresh" content="(\d+);url=([^"]+)"', response.text)
        time.sleep(int(again.group(1)))
        response = session.get(requests.compat.urljoin(url, again.group(2).replace("&amp;", "&")), timeout=120)
    return response
