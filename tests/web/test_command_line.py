"""The command line: what an organiser or officer runs in a shell."""

import json

from click.testing import CliRunner
from docx import Document

from support.imprint_data import EXPORT_V1, STRATEGY


def test_the_command_writes_json_and_docx(tmp_path):
    from dialog_app.cli import cli

    runner = CliRunner()
    out = tmp_path / "avtryck.json"
    outcome = runner.invoke(cli, ["imprint", EXPORT_V1, STRATEGY, "--format", "json", "--out", str(out)])
    assert outcome.exit_code == 0, outcome.output
    assert "4 of 6 themes and 13 of 22 proposals" in outcome.output
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["themes_reached"] == 4
    docx = tmp_path / "avtryck.docx"
    assert runner.invoke(cli, ["imprint", EXPORT_V1, STRATEGY, "--format", "docx", "--out", str(docx)]).exit_code == 0
    assert Document(str(docx)).core_properties.title == "Avtryck i strategin: Öppet forum: näringslivsklimatet i Åsby"
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    failed = runner.invoke(cli, ["imprint", str(broken), STRATEGY, "--out", str(tmp_path / "x.md")])
    assert failed.exit_code == 1 and "export.unreadable" in failed.output


def test_a_backup_never_writes_over_an_existing_file(tmp_path, monkeypatch):
    from dialog_app.cli import cli

    monkeypatch.setenv("DIALOG_APP_SECRET_KEY", "test-secret-not-for-production")
    database, kept = tmp_path / "kvallen.sqlite", tmp_path / "igår.sqlite"
    kept.write_bytes(b"yesterday's backup")
    runner = CliRunner()
    first = runner.invoke(cli, ["backup", "--out", str(tmp_path / "kopia.sqlite"), "--db", str(database)],
                          obj={"async_mode": "threading"})
    assert first.exit_code == 0, first.output
    again = runner.invoke(cli, ["backup", "--out", str(kept), "--db", str(database)], obj={"async_mode": "threading"})
    assert again.exit_code != 0
    assert "already exists" in again.output
    assert kept.read_bytes() == b"yesterday's backup"
