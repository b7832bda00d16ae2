"""What a tablet and a phone download, measured by a real browser against the embedded server `make run`
starts (eventlet, no proxy): the page, its scripts and styles as the browser received them (compressed,
headers included; the browser's own transferSize), under 100 KB on first load and under 10 KB on reload,
when the fingerprinted files come from the browser's cache without asking. The Socket.IO handshake and
the evening's snapshot (the room's data, not the page) are printed beside it."""

import pytest

FIRST_LOAD_KB, RELOAD_KB = 100, 10

TRANSFERS = """() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
    .map(entry => [entry.name, entry.transferSize])"""


def transferred(page) -> tuple[dict[str, int], int]:
    """Bytes the browser received for the page and its files (by path), and for Socket.IO."""
    files, socket_io = {}, 0
    for url, size in page.evaluate(TRANSFERS):
        path = "/" + url.split("/", 3)[3]
        if path.startswith("/socket.io/"):
            socket_io += size
        else:
            files[path] = files.get(path, 0) + size
    return files, socket_io


@pytest.mark.parametrize("device", ["tablet", "phone"])
def test_a_page_is_light_on_the_wire_and_lighter_on_reload(browser, live_server, device):
    url = {"tablet": live_server.links["tables"][0]["secretary"], "phone": live_server.links["participant"]}[device]
    context = browser.new_context(locale="sv-SE")
    try:
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        first, first_socket = transferred(page)
        page.reload(wait_until="networkidle")
        again, again_socket = transferred(page)
    finally:
        context.close()
    print(f"{device}: first load {sum(first.values()) / 1024:.1f} KB (+ Socket.IO {first_socket / 1024:.1f} KB), "
          f"reload {sum(again.values()) / 1024:.1f} KB (+ Socket.IO {again_socket / 1024:.1f} KB)",
          {path.rsplit("/", 1)[-1][:32]: round(size / 1024, 1) for path, size in first.items()})
    assert len(first) >= 4, first  # the page, its styles and its scripts were all counted
    assert sum(first.values()) < FIRST_LOAD_KB * 1024, first
    assert sum(again.values()) < RELOAD_KB * 1024, again
    assert [path for path, size in again.items() if size and "/static/" in path] == [], "a file asked for again"
