"""What a page costs to load on venue Wi-Fi: the page with its scripts and styles, gzipped as a
server or proxy would send them. A tablet's and a phone's page stay under 100 KB, the leader's
under 150 KB (issue 11)."""

import gzip
import re

import pytest

BUDGETS_KB = {"tablet": 100, "phone": 100, "leader": 150}


def page_weight(client, path: str) -> dict[str, int]:
    """Every file the page loads, by URL, with its gzipped size in bytes."""
    files = {path: _body(client, path)}
    for url in re.findall(rb'<(?:script|link)[^>]+(?:src|href)="(/static/[^"]+)"', files[path]):
        files[url.decode()] = _body(client, url.decode())
    return {url: len(gzip.compress(body, compresslevel=6)) for url, body in files.items()}


def _body(client, url: str) -> bytes:
    response = client.get(url)
    try:
        return response.get_data()
    finally:
        response.close()


@pytest.mark.parametrize("role", sorted(BUDGETS_KB))
def test_a_page_stays_within_its_weight(client, evening, role):
    path = {"tablet": f"/table/{evening.secretary(1)}", "phone": f"/join/{evening.tokens['participant']}",
            "leader": f"/leader/{evening.tokens['leader']}"}[role]
    weights = page_weight(client, path)
    total = sum(weights.values())
    print(f"{role}: {total / 1024:.1f} KB gzip",
          {url.rsplit('/', 1)[-1][:24]: round(size / 1024, 1) for url, size in weights.items()})
    assert total < BUDGETS_KB[role] * 1024, weights
