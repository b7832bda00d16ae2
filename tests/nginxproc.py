"""nginx in front of the workers, from the shipped deploy/nginx/dialog-app.conf, in a folder of its own.

Only the lines an operator edits are replaced (the listen address, the upstream's workers, the
static folder); the rest of the site runs as shipped, so the failover test and bench/scale.py
test the file operators install. No root and no system paths: pid, logs and temporary files live in
the given folder, on free ports.
"""

import getpass
import os
import re
import shutil
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import requests

from serverproc import free_port, wait_until_listening

SITE = Path(__file__).resolve().parent.parent / "deploy" / "nginx" / "dialog-app.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MIME_TYPES = "/etc/nginx/mime.types"
ROUTE_COOKIE = "dialog_route"

# The http block a distribution's nginx.conf gives, reduced to what a folder-local nginx needs;
# the access log names the worker that answered, so a test can see where a browser is routed.
MAIN_CONFIG = """\
{user}worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log info;
events {{ worker_connections 4096; }}
http {{
    include {mime_types};
    default_type application/octet-stream;
    log_format routes '$request_uri $status $cookie_dialog_route $upstream_addr';
    access_log {folder}/access.log routes;
    client_body_temp_path {folder}/client_body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/dialog-app.conf;
}}
"""


def _replace_once(text: str, pattern: str, replacement: str) -> str:
    changed, count = re.subn(pattern, replacement, text, flags=re.MULTILINE)
    if count != 1:
        raise AssertionError(f"{SITE} no longer has exactly one line matching {pattern!r} ({count})")
    return changed


def site_config(listen_port: int, worker_ports: list[int], static_folder: str) -> str:
    """The shipped site with this machine's ports and the package's static folder."""
    text = SITE.read_text(encoding="utf-8")
    text = _replace_once(text, r"^(\s*)listen 80;$", rf"\g<1>listen 127.0.0.1:{listen_port};")
    text = _replace_once(text, r"^\s*listen \[::\]:80;\n", "")
    text = _replace_once(text, r"^(\s*)alias /opt/dialog-app/static/;$", rf"\g<1>alias {static_folder}/;")
    servers = re.findall(r"^(\s*)server 127\.0\.0\.1:\d+( [^;\n]*)?;\n", text, flags=re.MULTILINE)
    if not servers:
        raise AssertionError(f"{SITE} has no upstream server lines to replace")
    indent, parameters = servers[0]
    workers = "".join(f"{indent}server 127.0.0.1:{port}{parameters};\n" for port in worker_ports)
    text = re.sub(r"(^\s*server 127\.0\.0\.1:\d+( [^;\n]*)?;\n)+", lambda _: workers, text, count=1,
                  flags=re.MULTILINE)
    return text


@dataclass
class Answer:
    """One request as nginx logged it; ``worker`` is the worker that answered ("-": nginx itself)."""

    uri: str
    status: str
    route_cookie: str
    worker: str


@dataclass
class Nginx:
    process: subprocess.Popen
    port: int
    folder: str

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def answered_by(self, path: str, cookie: str | None = None, timeout: float = 10.0) -> str:
        """Request ``path`` through nginx and return the worker that answered it ("-": nginx itself)."""
        marker = f"probe={uuid.uuid4().hex}"
        url = f"{self.base_url}{path}{'&' if '?' in path else '?'}{marker}"
        requests.get(url, cookies={ROUTE_COOKIE: cookie} if cookie else None, timeout=timeout).raise_for_status()
        # nginx writes the line as the request ends, which may be just after the answer reached us.
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for answer in self.answers():
                if marker in answer.uri:
                    return answer.worker
            time.sleep(0.02)
        raise AssertionError(f"nginx logged no line for {url}")

    def route_to(self, worker_port: int, name: str) -> str:
        """A route cookie value that nginx sends to the worker on ``worker_port``."""
        for attempt in range(200):
            value = f"{name}-{attempt}"
            if self.answered_by("/healthz", cookie=value) == f"127.0.0.1:{worker_port}":
                return value
        raise AssertionError(f"no route cookie found for the worker on port {worker_port}")

    def answers(self, since: int = 0) -> list[Answer]:
        """Every request logged from the ``since``-th on."""
        try:
            with open(os.path.join(self.folder, "access.log"), encoding="utf-8") as handle:
                lines = handle.read().splitlines()[since:]
        except FileNotFoundError:
            return []
        answers = []
        for line in lines:
            uri, status, cookie, workers = line.split(" ", 3)
            # After a failed try nginx lists every worker it tried ("a, b"); the last one answered.
            answers.append(Answer(uri, status, cookie, workers.split(",")[-1].strip()))
        return answers

    def error_log(self) -> str:
        with open(os.path.join(self.folder, "error.log"), encoding="utf-8", errors="replace") as handle:
            return handle.read()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_nginx(folder: str, worker_ports: list[int]) -> Nginx:
    import dialog_app

    os.makedirs(folder, exist_ok=True)
    static_folder = os.path.join(os.path.dirname(os.path.abspath(dialog_app.__file__)), "static")
    port = free_port()
    with open(os.path.join(folder, "dialog-app.conf"), "w", encoding="utf-8") as handle:
        handle.write(site_config(port, worker_ports, static_folder))
    # nginx started by root hands its workers to "nobody", who could not read this folder.
    user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""
    with open(os.path.join(folder, "nginx.conf"), "w", encoding="utf-8") as handle:
        handle.write(MAIN_CONFIG.format(user=user, folder=folder, mime_types=MIME_TYPES))
    command = [NGINX, "-p", folder, "-c", os.path.join(folder, "nginx.conf"), "-e", os.path.join(folder, "error.log"),
               "-g", "daemon off;"]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True)
    if check.returncode != 0:
        raise RuntimeError(f"nginx refused its configuration:\n{check.stderr}")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_until_listening(port, process, "nginx", os.path.join(folder, "error.log"), timeout=10)
    return Nginx(process, port, folder)
