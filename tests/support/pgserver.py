"""A PostgreSQL server of the tests' own: Debian's postgresql (initdb, pg_ctl) in a temporary folder.

No system service is needed. As root (CI), the server runs as the ``postgres`` user, as PostgreSQL
insists. Used by the domain tests' ``conn`` fixture (one fresh database per test, copied from a
migrated template), the multi-worker tests and the benchmarks.
"""

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field

TEMPLATE = "dialog_template"


def postgres_bin() -> str | None:
    """The folder of Debian's initdb and pg_ctl (newest version), or None when not installed."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda path: int(path.split("/")[4]))
    return os.path.dirname(found[-1]) if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class PostgresServer:
    folder: str
    port: int
    bin: str
    _numbers: itertools.count = field(default_factory=itertools.count)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://dialog@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(sql)

    def fresh_database(self, template: str | None = TEMPLATE) -> str:
        """A new database (a copy of the migrated template unless ``template`` is None); its URL."""
        name = f"t{next(self._numbers)}_{uuid.uuid4().hex[:8]}"
        self.admin(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
        return self.url(name)

    def stop(self) -> None:
        subprocess.run(_as_server_user([os.path.join(self.bin, "pg_ctl"), "-D", os.path.join(self.folder, "data"),
                                        "-m", "immediate", "stop"]), capture_output=True, timeout=60)
        shutil.rmtree(self.folder, ignore_errors=True)


def start_postgres(folder: str, *, durable: bool = False) -> PostgresServer:
    """Start a server in ``folder`` (created) with a migrated template database. ``durable`` keeps
    fsync on, as a real deployment has it; tests leave it off for speed."""
    from sessions import storage

    bin_folder = postgres_bin()
    if bin_folder is None:
        raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")
    if os.geteuid() == 0:
        # The server's user must reach its folder: pytest's own temporary folders are root's alone.
        folder = tempfile.mkdtemp(prefix="dialog-postgres-")
        shutil.chown(folder, "postgres")
    os.makedirs(folder, exist_ok=True)
    data, port = os.path.join(folder, "data"), _free_port()
    subprocess.run(_as_server_user([os.path.join(bin_folder, "initdb"), "-D", data, "-U", "dialog", "--auth=trust",
                                    "-E", "UTF8", "--locale=C.UTF-8"]), check=True, capture_output=True, timeout=120)
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=300"
    if not durable:
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    subprocess.run(_as_server_user([os.path.join(bin_folder, "pg_ctl"), "-D", data, "-o", options, "-l",
                                    os.path.join(folder, "server.log"), "-w", "start"]),
                   check=True, capture_output=True, timeout=120)
    server = PostgresServer(folder, port, bin_folder)
    server.admin(f"CREATE DATABASE {TEMPLATE}")
    conn = storage.connect(server.url(TEMPLATE))
    storage.migrate(conn)
    storage.close(conn)
    return server
