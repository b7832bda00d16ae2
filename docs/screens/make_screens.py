"""Screenshots of the projector in every phase of a full evening, at 1920×1080 and 1280×720.

Run `make screens` (or `.venv/bin/python docs/screens/make_screens.py`) to refresh them after the
projector changes: it starts the demo server with a fresh database, plays a full evening into it
(tests/support/full_evening.py: six tables of twelve ideas, priorities, themes, proposals, phones, an open
rotation round, parking-lot notes) and writes docs/screens/projector-<phase>-<width>.png.
Needs Debian's chromium, as the browser tests do.
"""

import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests"))

from support.full_evening import FullEvening, wait_for_the_evening  # noqa: E402
from support.layout import LAYOUT_PROBLEMS  # noqa: E402
from support.serverproc import start_demo_server  # noqa: E402

PHASES = ["setup", "warmup", "brainstorm", "prioritise", "theming", "deepen", "closing"]
SIZES = [(1920, 1080), (1280, 720)]


def main() -> int:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=20_000)
    server = start_demo_server(tempfile.mkdtemp(), settings={"RATE_LIMITS": "false"})
    problems = 0
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            screens = {}
            for width, height in SIZES:
                page = browser.new_context(viewport={"width": width, "height": height}, locale="sv-SE").new_page()
                page.goto(server.links["projector"])
                screens[width] = page
            evening = FullEvening(server.links)
            for phase in PHASES:
                evening.run_until(phase)
                for width, page in screens.items():
                    wait_for_the_evening(page, phase, expect)  # the phase's content has been drawn
                    path = os.path.join(HERE, f"projector-{phase}-{width}.png")
                    page.screenshot(path=path)
                    found = page.evaluate(LAYOUT_PROBLEMS)
                    problems += len(found)
                    print(f"{os.path.relpath(path, ROOT)}: {'fits' if not found else found}")
            evening.close()
            browser.close()
    finally:
        server.kill()
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
