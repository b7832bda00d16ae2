"""Reading a hostile file never holds more than a few megabytes, measured in a fresh process as the
server would hold it (the refusals themselves: tests/domain/test_strategy_files.py)."""

import json
import os
import subprocess
import sys
import textwrap

from support.hostile_files import hostile_strategies

HOSTILE = hostile_strategies()
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_memory_stays_bounded_whatever_the_file(tmp_path):
    """Each hostile file is read in a fresh process, as the server would: its peak memory barely moves."""
    paths = {}
    for index, (name, (filename, content, _)) in enumerate(HOSTILE.items()):
        path = tmp_path / f"{index}-{filename}"
        path.write_bytes(content)
        paths[name] = str(path)
    script = textwrap.dedent("""
        import json, sys
        sys.path.insert(0, sys.argv[1])
        from sessions.documents.imprint import read_strategy
        from sessions.ground.errors import DomainError
        import lxml.etree, docx  # noqa: F401 (loaded before the baseline, as in the server)

        def status(field):
            with open("/proc/self/status") as handle:
                return next(int(line.split()[1]) for line in handle if line.startswith(field + ":")) // 1024

        grew = {}
        for name, path in json.loads(sys.argv[2]).items():
            content = open(path, "rb").read()
            with open("/proc/self/clear_refs", "w") as refs:
                refs.write("5")
            before = status("VmRSS")
            try:
                read_strategy(path.rsplit("-", 1)[-1], content)
            except DomainError:
                pass
            grew[name] = status("VmHWM") - before
        print(json.dumps(grew))
    """)
    done = subprocess.run([sys.executable, "-c", script, ROOT, json.dumps(paths)], capture_output=True, text=True,
                          timeout=120, check=True)
    grew = json.loads(done.stdout)
    assert grew.keys() == HOSTILE.keys()
    assert max(grew.values()) < 40, grew  # megabytes; python-docx took the 1 GB bomb to 2.3 GB
