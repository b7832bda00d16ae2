"""docs/architecture.md's "Where each rule lives" names places that exist, so it cannot go stale.

A place is a file (``sessions/evening/phases.py``), then names defined at the top of it
(``ALLOWED_PHASES``), or a dotted name (``sessions.evening.events.require_table``). The files are
read, not imported, so the check needs no layer but the documents.
"""

import ast
import functools
import os
import re

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ARCHITECTURE = os.path.join(ROOT, "docs", "architecture.md")
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
DOTTED = re.compile(r"(?:sessions|clustering|dialog_app)(?:\.[A-Za-z_][A-Za-z0-9_]*)+")


def rule_places(text: str) -> list[tuple[str, str]]:
    """(rule, place) for every row of the table under "## Where each rule lives"."""
    section = text.split("## Where each rule lives", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| ---")]
    return [tuple(cell.strip() for cell in row.strip("|").rsplit(" | ", 1)) for row in rows[1:]]


@functools.cache
def defined_in(path: str) -> frozenset[str]:
    """The names a module defines at its top: functions, classes and assignments."""
    with open(os.path.join(ROOT, path), encoding="utf-8") as source:
        tree = ast.parse(source.read())
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(target.id for target in node.targets if isinstance(target, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return frozenset(names)


def missing(place: str) -> list[str]:
    """What ``place`` names that does not exist."""
    problems, module = [], None
    for token in re.findall(r"`([^`]+)`", place):
        if "/" in token or token.endswith(".py"):
            exists = os.path.exists(os.path.join(ROOT, token))
            if not exists:
                problems.append(f"{token}: no such file")
            module = token if exists and token.endswith(".py") else None
        elif DOTTED.fullmatch(token):
            parts = token.split(".")
            path = "/".join(parts[:-1]) + ".py"
            package = "/".join(parts[:-1]) + "/__init__.py"
            found = next((candidate for candidate in (path, package) if os.path.exists(os.path.join(ROOT, candidate))),
                         None)
            if found is None:
                problems.append(f"{token}: no module {'.'.join(parts[:-1])}")
            elif parts[-1] not in defined_in(found):
                problems.append(f"{token}: {found} defines no {parts[-1]}")
        elif IDENTIFIER.fullmatch(token):
            if module is None:
                problems.append(f"{token}: named without a file before it")
            elif token not in defined_in(module):
                problems.append(f"{token}: {module} defines no {token}")
        else:
            problems.append(f"{token}: neither a file nor a name")
    return problems


with open(ARCHITECTURE, encoding="utf-8") as _document:
    RULES = rule_places(_document.read())


def test_the_table_has_its_rules():
    assert len(RULES) >= 25


@pytest.mark.parametrize("rule, place", RULES, ids=lambda value: value[:40])
def test_every_place_a_rule_lives_in_exists(rule, place):
    assert missing(place) == [], rule


def test_a_stale_place_is_caught():
    assert missing("`sessions/machine.py` (`ALLOWED_PHASES`)") == [
        "sessions/machine.py: no such file", "ALLOWED_PHASES: named without a file before it"]
    assert missing("`sessions.evening.events.require_no_table`") == [
        "sessions.evening.events.require_no_table: sessions/evening/events.py defines no require_no_table"]
    assert missing("`sessions/evening/phases.py` (`NO_SUCH_RULE`)") == [
        "NO_SUCH_RULE: sessions/evening/phases.py defines no NO_SUCH_RULE"]
