"""``dialog-app export``, ``imprint`` and ``followup``: the documents after the evening (dialog_app/cli.py
adds them to its commands)."""

import json
import os

import click

from dialog_app.cli_app import build_app, write


@click.command()
@click.argument("event_id")
@click.option("--format", "file_format", type=click.Choice(["md", "docx", "html", "xlsx", "json"]), default="md",
              show_default=True)
@click.option("--out", type=click.Path(dir_okay=False), required=True, help="File to write.")
@click.option("--names", is_flag=True, help="Include participants' names (anonymous without it).")
@click.option("--db", type=click.Path(dir_okay=False))
@click.pass_context
def export(ctx, event_id, file_format, out, names, db):
    """Write the evening's results for the strategy work."""
    from dialog_app.exports import export_bytes

    app = build_app(ctx, db)
    with app.app_context():
        content = export_bytes(event_id, file_format, include_names=names)
    with open(out, "wb") as handle:
        handle.write(content)
    click.echo(f"Wrote {out} ({len(content)} bytes, {'with names' if names else 'anonymous'})")


@click.command()
@click.argument("export_file", metavar="EXPORT.json", type=click.Path(exists=True, dir_okay=False))
@click.argument("strategy", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "file_format", type=click.Choice(["json", "md", "docx", "html"]), default="md",
              show_default=True)
@click.option("--out", type=click.Path(dir_okay=False), required=True, help="File to write.")
def imprint(export_file, strategy, file_format, out):
    """Did the forum reach the strategy? Compare an export (JSON, any version) with STRATEGY (.docx, .txt, .md)."""
    from sessions.documents import render
    from sessions.documents.forum_report import to_json
    from sessions.documents.imprint import imprint as find_imprint
    from sessions.documents.imprint import imprint_report, read_strategy

    try:
        with open(export_file, encoding="utf-8") as handle:
            document = json.load(handle)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise click.ClickException(f"export.unreadable: {export_file} is not a JSON export of dialog_app") from None
    with open(strategy, "rb") as handle:
        text = read_strategy(strategy, handle.read())
    result = find_imprint(document, text, strategy_name=os.path.basename(strategy))
    content = to_json(result) if file_format == "json" else render.render(imprint_report(result), file_format)
    write(out, content)
    summary = result["summary"]
    click.echo(f"Wrote {out}: {summary['themes_reached']} of {summary['themes']} themes and "
               f"{summary['proposals_reached']} of {summary['proposals']} proposals taken up in the strategy")


@click.command()
@click.argument("event_id")
@click.option("--out", type=click.Path(dir_okay=False), required=True, help="File to write (.docx, .md or .html).")
@click.option("--format", "file_format", type=click.Choice(["docx", "md", "html"]),
              help="Default: from the file name's ending, else docx.")
@click.option("--strategy", type=click.Path(exists=True, dir_okay=False),
              help="The adopted strategy; default: the one uploaded on the organiser's page, if any.")
@click.option("--db", type=click.Path(dir_okay=False))
@click.pass_context
def followup(ctx, event_id, out, file_format, strategy, db):
    """Write the yearly follow-up report for the council: what the forum asked, where the strategy took
    it up, what was done."""
    from dialog_app.db import get_db
    from sessions.documents import followup as follow
    from sessions.documents import render
    from sessions.documents.document import build_export
    from sessions.documents.imprint import imprint as find_imprint
    from sessions.documents.imprint import read_strategy
    from sessions.documents.verdicts import reviewed_imprint
    from sessions.ground import roles

    ending = os.path.splitext(out)[1].lstrip(".").lower()
    file_format = file_format or (ending if ending in render.WRITERS else "docx")
    app = build_app(ctx, db)
    with app.app_context():
        conn = get_db()
        if strategy:
            with open(strategy, "rb") as handle:
                text = read_strategy(strategy, handle.read())
            found = find_imprint(build_export(conn, roles.ORGANISER, event_id), text,
                                 strategy_name=os.path.basename(strategy))
        else:  # the event's own strategy: with the verdicts the organiser confirmed or corrected
            found = reviewed_imprint(conn, roles.ORGANISER, event_id)
        content = render.render(follow.followup_report(conn, roles.ORGANISER, event_id, found), file_format)
    write(out, content)
    click.echo(f"Wrote {out} ({len(content)} bytes{'' if found else '; no strategy read, so no imprint'})")
