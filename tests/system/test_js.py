"""The page scripts' own unit tests (tests/js/*.test.mjs), run by node's built-in test runner.

The DOM tests load the real pages: this test renders each role's page and takes each role's
snapshot from the app (a theming evening with ideas and priorities), writes them to a folder, and
hands the folder to node (DIALOG_APP_PAGES). jsdom comes from the npm registry (`npm ci`, run by
`make install`, into node_modules/).
"""

import json
import os
import shutil
import subprocess
from dataclasses import replace

import pytest

from sessions.evening import views
from sessions.ground.models import Phase
from support.evening import received

TESTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(TESTS)


def _node() -> str:
    node = shutil.which("node")
    reason = None
    if node is None:
        reason = "node is not installed (apt-get install nodejs npm)"
    elif not os.path.isdir(os.path.join(ROOT, "node_modules", "jsdom")):
        reason = "jsdom is not installed: run `make install` (it runs `npm ci`)"
    if reason:
        if os.environ.get("DIALOG_APP_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    return node


def _write_pages(evening, client, folder) -> None:
    """Each role's page as the server renders it, and its snapshot, in the middle of an evening."""
    evening.themed({1: ["Snabbare bygglov", "Praktikplatser för unga"], 2: ["Bredband till alla", "Fler pendeltåg"]})
    pages = {"leader": (f"/leader/{evening.tokens['leader']}", evening.tokens["leader"]),
             "projector": (f"/projector/{evening.tokens['projector']}", evening.tokens["projector"]),
             "table": (f"/table/{evening.secretary(1)}", evening.secretary(1)),
             "participant": (f"/join/{evening.tokens['participant']}", evening.tokens["participant"])}
    for name, (path, token) in pages.items():
        response = client.get(path + "?lang=sv")
        assert response.status_code == 200, name
        with open(os.path.join(folder, f"{name}.html"), "w", encoding="utf-8") as handle:
            handle.write(response.get_data(as_text=True))
        snapshot = received(evening.socket(token), "snapshot")[0]
        with open(os.path.join(folder, f"{name}.snapshot.json"), "w", encoding="utf-8") as handle:
            json.dump(snapshot, handle, ensure_ascii=False)
    # Every phase as the server describes it to pages, so a test can put a page in any phase.
    described = {phase.value: views.phase(replace(evening.event, phase=phase)) for phase in Phase}
    with open(os.path.join(folder, "phases.json"), "w", encoding="utf-8") as handle:
        json.dump(described, handle, ensure_ascii=False)


def test_page_scripts_pass_their_unit_tests(evening, client, tmp_path):
    node = _node()
    _write_pages(evening, client, str(tmp_path))
    env = {**os.environ, "DIALOG_APP_PAGES": str(tmp_path)}
    result = subprocess.run([node, "--test", os.path.join(TESTS, "js")], capture_output=True, text=True,
                            timeout=120, env=env, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
