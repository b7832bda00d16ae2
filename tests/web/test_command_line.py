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
