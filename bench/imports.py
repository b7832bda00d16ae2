"""Time and peak memory of importing invitation lists, and of refusing the bombs.

Each case runs in a fresh Python process. Just before the import its peak resident memory (VmHWM) is
reset to what it holds then (Python, openpyxl, the file's bytes; Linux's clear_refs), so "peak RSS" is
the highest the import took it and "grew" is how much the import itself added.
An import is the whole of what the organiser's pages do: read the file, preview every row against the
list, confirm. The files are made by tests/data/make_import_files.py.

Last, the real server (eventlet, as `make run`): how long the check-in page takes to answer while the
largest list allowed is read, asked again and again until the import is done.

    .venv/bin/python bench/imports.py            # everything
    .venv/bin/python bench/imports.py --no-server
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time

from sessions.evening import events
from sessions.ground import roles

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "tests"))

CASES = {
    # name: (file, what is expected)
    "import 5,000 rows (CSV, cp1252)": ("personer-5000.csv", "import"),
    "import 5,000 rows (XLSX)": ("personer-5000.xlsx", "import"),
    "import 5,000 rows x 60 columns (XLSX, 16 MB of sheet XML)": ("personer-5000-breda.xlsx", "import"),
    "re-import the same 5,000 rows (all unchanged)": ("personer-5000.xlsx", "reimport"),
    "read the declared-dimension bomb (A1:XFD1048576, 49 KB)": ("bomb-deklarerad-dimension.xlsx", "import"),
    "refuse 5,001 rows (XLSX, stops at row 5,001)": ("personer-5001.xlsx", "refuse"),
    "refuse the zip bomb (1,000,000 rows, 1 MB packed, 95 MB unpacked)": ("bomb-en-miljon-rader.xlsx", "refuse"),
    "refuse 4,000,000 empty rows (40 KB packed)": ("bomb-fyra-miljoner-tomma-rader.xlsx", "refuse"),
}


def _status_mb(field: str) -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field + ":")) / 1024


def _reset_peak() -> None:
    """Start the peak (VmHWM) afresh from what the process holds now (Linux: clear_refs 5)."""
    with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
        refs.write("5")


def run_case(path: str, expected: str) -> dict:
    """In this (fresh) process: import or refuse ``path`` once; time and memory."""
    import openpyxl  # noqa: F401  (loaded before the baseline, as in the server)

    from sessions import storage
    from sessions.evening.demo import DEMO_EVENT
    from sessions.ground.errors import DomainError
    from sessions.people.imports import confirm_import, preview, start_import

    folder = tempfile.mkdtemp()
    conn = storage.connect(os.path.join(folder, "bench.sqlite"))
    storage.migrate(conn)
    event = events.create(conn, b"bench", roles.ORGANISER, DEMO_EVENT)
    with open(path, "rb") as handle:
        content = handle.read()

    def one_import():
        import_id = start_import(conn, roles.ORGANISER, event.id, os.path.basename(path), content)
        preview(conn, roles.ORGANISER, event.id, import_id)
        return confirm_import(conn, roles.ORGANISER, event.id, import_id)

    if expected == "reimport":
        one_import()
    _reset_peak()
    baseline = _status_mb("VmRSS")
    started = time.perf_counter()
    try:
        outcome = one_import()
        result = f"added {outcome['added']}, updated {outcome['updated']}, unchanged {outcome['unchanged']}"
    except DomainError as error:
        result = f"refused: {error.code}"
    seconds = time.perf_counter() - started
    peak = _status_mb("VmHWM")
    return {"seconds": seconds, "peak_mb": peak, "grew_mb": peak - baseline, "result": result,
            "file_kb": len(content) / 1024}


def server_latency(path: str) -> dict:
    """The check-in page's answer times on the real server while ``path`` is imported."""
    import requests

    from support.serverproc import start_demo_server

    folder = tempfile.mkdtemp()
    server = start_demo_server(folder)
    try:
        session = requests.Session()
        session.get(server.links["organiser"], timeout=30)
        base = server.links["organiser"].split("/o/")[0] + f"/organiser/events/{server.links['event_id']}"
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', session.get(f"{base}/people", timeout=30).text).group(1)
        door = requests.Session()
        door.cookies.update(session.cookies)
        done = threading.Event()
        timing = {}

        def send():
            started = time.perf_counter()
            with open(path, "rb") as handle:
                session.post(f"{base}/people/import", data={"csrf_token": csrf},
                             files={"file": (os.path.basename(path), handle)}, allow_redirects=False, timeout=300)
            timing["import_seconds"] = time.perf_counter() - started
            done.set()

        threading.Thread(target=send).start()
        while "import: reading" not in server.log():
            time.sleep(0.005)
        answers = []
        while not done.is_set():
            started = time.perf_counter()
            door.get(f"{base}/checkin?q=person", timeout=60)
            answers.append(time.perf_counter() - started)
        answers.sort()
        return timing | {"answers": len(answers), "median": answers[len(answers) // 2], "slowest": answers[-1]}
    finally:
        server.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--no-server", action="store_true", help="skip the measurement on the real server")
    options = parser.parse_args()
    if options.case:
        print(json.dumps(run_case(options.file, CASES[options.case][1])))
        return
    from support.people_files import make

    folder = tempfile.mkdtemp()
    print(f"{'case':<68} {'file':>8} {'time':>8} {'peak RSS':>9} {'grew':>8}  result")
    for name, (filename, _) in CASES.items():
        path = os.path.join(folder, filename)
        if not os.path.exists(path):  # made here, outside the measured process
            with open(path, "wb") as handle:
                handle.write(make.LARGE_FILES[filename]())
        finished = subprocess.run([sys.executable, __file__, "--case", name, "--file", path], capture_output=True,
                                  text=True, check=True)
        figures = json.loads(finished.stdout.strip().splitlines()[-1])
        print(f"{name:<68} {figures['file_kb']:>6.0f}KB {figures['seconds']:>7.2f}s {figures['peak_mb']:>7.0f}MB "
              f"{figures['grew_mb']:>6.0f}MB  {figures['result']}")
    if not options.no_server:
        figures = server_latency(os.path.join(folder, "personer-5000-breda.xlsx"))
        print(f"\nReal server (eventlet): importing 5,000 rows x 60 columns took {figures['import_seconds']:.2f} s; "
              f"meanwhile the check-in page answered {figures['answers']} times, median "
              f"{figures['median'] * 1000:.0f} ms, slowest {figures['slowest'] * 1000:.0f} ms.")


if __name__ == "__main__":
    main()
