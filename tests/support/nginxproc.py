"""nginx in front of the workers, configured as an operator following docs/deploy.md gets it, in a folder of its own.

The main configuration is Debian's own /etc/nginx/nginx.conf (tests/data/debian-nginx.conf, a copy of
nginx-common 1.22.1-9+deb12u12's) with exactly what docs/deploy.md tells the operator to change:
its ``sed`` line on nginx.conf and the drop-ins it installs into /etc/nginx/modules-enabled/, and
nginx's open-file limit from the shipped nginx.service drop-in. So no harness raises a limit the
operator does not get (this one used to write its own worker_connections 4096, which hid that Debian's
768 let only about 750 phones through on two cores). Only what cannot be used as it is gets replaced: paths under
/run, /var/log and /etc/nginx/{modules-enabled,conf.d,sites-enabled} point into the folder, the user
is the one running the tests, the error log is at level warn (nginx short of connections says so only
there) and the access log names the worker that answered.

The site is the shipped deploy/nginx/dialog-app.conf, with only the lines an operator edits replaced
(the listen address, the upstream's workers, the static folder), so the failover test, the limits test
and bench/scale.py test the files operators install. No root needed and no system path written: pid,
logs and temporary files live in the given folder, on free ports.
"""

import getpass
import os
import re
import resource
import shlex
import shutil
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import requests

from support.serverproc import free_port, wait_until_listening

ROOT = Path(__file__).resolve().parent.parent.parent
SITE = ROOT / "deploy" / "nginx" / "dialog-app.conf"
DEBIAN_MAIN = ROOT / "tests" / "data" / "debian-nginx.conf"
DEPLOY_DOC = ROOT / "docs" / "deploy.md"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
ROUTE_COOKIE = "dialog_route"
NGINX_CONF = "/etc/nginx/nginx.conf"
MAIN_DROP_INS = "/etc/nginx/modules-enabled/"
UNIT_DROP_INS = "/etc/systemd/system/nginx.service.d/"

# Debian's lines that name system paths, and what they become in the folder (each must match once).
# The access log names the worker that answered, so a test can see where a browser is routed.
FOLDER_LINES = [
    (r"^pid /run/nginx\.pid;$", "pid {folder}/nginx.pid;"),
    # At warn, so a test sees nginx short of connections: Debian's level (error) hides "reusing connections".
    (r"^error_log /var/log/nginx/error\.log;$", "error_log {folder}/error.log warn;"),
    (r"^include /etc/nginx/modules-enabled/\*\.conf;$", "include {folder}/modules-enabled/*.conf;"),
    (r"^(\s*)access_log /var/log/nginx/access\.log;$",
     ("\\g<1>log_format routes '$request_uri $status $cookie_dialog_route $upstream_addr';\n"
      "\\g<1>access_log {folder}/access.log routes;")),
    (r"^(\s*)include /etc/nginx/conf\.d/\*\.conf;$", "\\g<1>include {folder}/conf.d/*.conf;"),
    (r"^(\s*)include /etc/nginx/sites-enabled/\*;$", "\\g<1>include {folder}/sites-enabled/*;"),
]

# Where Debian's nginx keeps request bodies and buffered answers (/var/lib/nginx), in the folder instead.
TEMPORARY_PATHS = """\
client_body_temp_path {folder}/client_body;
proxy_temp_path {folder}/proxy;
fastcgi_temp_path {folder}/fastcgi;
uwsgi_temp_path {folder}/uwsgi;
scgi_temp_path {folder}/scgi;
"""


@dataclass
class DocumentedLimits:
    """What docs/deploy.md tells the operator to do to nginx beyond the site file."""

    nginx_conf_edits: list[list[str]]  # commands run on /etc/nginx/nginx.conf (sed -i ...)
    main_drop_ins: list[tuple[Path, str]]  # (file in deploy/, its name in /etc/nginx/modules-enabled/)
    open_files: int  # LimitNOFILE of the nginx.service drop-in it installs


def documented_limits(doc: Path = DEPLOY_DOC) -> DocumentedLimits:
    """Read the operator's commands for nginx's limits from docs/deploy.md, so what the tests run and
    what the operator is told are one text."""
    edits, drop_ins, unit_drop_ins = [], [], []
    for line in doc.read_text(encoding="utf-8").replace("\\\n", " ").splitlines():
        if not re.match(r"(sed|install) ", line.strip()):
            continue
        words = shlex.split(line.strip(), comments=True)
        if words[0] == "sed" and words[-1] == NGINX_CONF:
            edits.append(words)
        elif words[0] == "install" and len(words) >= 3 and words[-1].startswith(MAIN_DROP_INS):
            drop_ins.append((ROOT / words[-2], words[-1][len(MAIN_DROP_INS):]))
        elif words[0] == "install" and len(words) >= 3 and words[-1].startswith(UNIT_DROP_INS):
            unit_drop_ins.append(ROOT / words[-2])
    if len(edits) != 1 or not drop_ins or len(unit_drop_ins) != 1:
        raise AssertionError(f"{doc} no longer tells the operator one sed on {NGINX_CONF}, the drop-ins for "
                             f"{MAIN_DROP_INS} and one for {UNIT_DROP_INS} ({edits}, {drop_ins}, {unit_drop_ins})")
    unit = unit_drop_ins[0].read_text(encoding="utf-8")
    found = re.findall(r"^LimitNOFILE=(\d+)$", unit, flags=re.MULTILINE)
    if len(found) != 1:
        raise AssertionError(f"{unit_drop_ins[0]} has no single LimitNOFILE line")
    return DocumentedLimits(edits, drop_ins, int(found[0]))


def _replace_once(text: str, pattern: str, replacement: str, source: Path = SITE) -> str:
    changed, count = re.subn(pattern, replacement, text, flags=re.MULTILINE)
    if count != 1:
        raise AssertionError(f"{source} no longer has exactly one line matching {pattern!r} ({count})")
    return changed


def main_config(folder: str, documented: bool = True) -> str:
    """Write Debian's nginx.conf into ``folder`` with its system paths moved there and, when
    ``documented``, what docs/deploy.md adds (without it: the stock limits, to show what they hold).
    Returns the path of the main configuration; the site goes into ``folder``/sites-enabled/."""
    text = DEBIAN_MAIN.read_text(encoding="utf-8")
    # nginx started by root hands its workers to www-data, who could not read this folder.
    user = f"user {getpass.getuser()};" if os.geteuid() == 0 else ""
    text = _replace_once(text, r"^user www-data;$", user, DEBIAN_MAIN)
    for pattern, replacement in FOLDER_LINES:
        text = _replace_once(text, pattern, replacement.format(folder=folder), DEBIAN_MAIN)
    for name in ("modules-enabled", "conf.d", "sites-enabled"):
        os.makedirs(os.path.join(folder, name), exist_ok=True)
    with open(os.path.join(folder, "conf.d", "temporary-paths.conf"), "w", encoding="utf-8") as handle:
        handle.write(TEMPORARY_PATHS.format(folder=folder))
    path = os.path.join(folder, "nginx.conf")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    if documented:
        limits = documented_limits()
        for edit in limits.nginx_conf_edits:
            subprocess.run([path if word == NGINX_CONF else word for word in edit], check=True)
        for source, name in limits.main_drop_ins:
            shutil.copyfile(source, os.path.join(folder, "modules-enabled", name))
    return path


def _open_files(limit: int) -> tuple[int, int]:
    """The open-file limit nginx starts with: LimitNOFILE's, as systemd gives it, where this process may
    raise its hard limit that far (root with CAP_SYS_RESOURCE); else the hard limit it has."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard >= limit:
        return limit, hard
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, limit))
    except (ValueError, OSError):
        return hard, hard
    return limit, limit


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


def start_nginx(folder: str, worker_ports: list[int], documented: bool = True) -> Nginx:
    """nginx as docs/deploy.md sets it up (``documented=False``: Debian's stock limits), in ``folder``."""
    import dialog_app

    os.makedirs(folder, exist_ok=True)
    static_folder = os.path.join(os.path.dirname(os.path.abspath(dialog_app.__file__)), "static")
    port = free_port()
    config = main_config(folder, documented)
    with open(os.path.join(folder, "sites-enabled", "dialog-app"), "w", encoding="utf-8") as handle:
        handle.write(site_config(port, worker_ports, static_folder))
    command = [NGINX, "-p", folder, "-c", config, "-e", os.path.join(folder, "error.log"), "-g", "daemon off;"]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
    if check.returncode != 0:
        raise RuntimeError(f"nginx refused its configuration:\n{check.stderr}")
    # Started with nginx.service's open-file limit (systemd's default without the documented drop-in).
    soft, hard = (("unlimited" if value == resource.RLIM_INFINITY else value)
                  for value in _open_files(documented_limits().open_files if documented else 1024))
    process = subprocess.Popen([shutil.which("prlimit") or "/usr/bin/prlimit", f"--nofile={soft}:{hard}", *command],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_until_listening(port, process, "nginx", os.path.join(folder, "error.log"), timeout=10)
    return Nginx(process, port, folder)
