"""The page scripts' own unit tests (tests/js/*.test.mjs), run by node's built-in test runner."""

import os
import shutil
import subprocess

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))


def test_page_scripts_pass_their_unit_tests():
    node = shutil.which("node")
    if node is None:
        reason = "node is not installed (apt-get install nodejs)"
        if os.environ.get("DIALOG_APP_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    result = subprocess.run([node, "--test", os.path.join(HERE, "js")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
