"""``dialog-app programme``: make a programme of events and write its consolidated report."""

import json

import click


def _group(texts: list[str], n_themes: int) -> list[tuple[str, list[int]]]:
    from clustering import suggest_themes

    return [(theme.label, theme.members) for theme in suggest_themes(texts, n_themes, "sv")]


@click.group()
def programme():
    """Programmes: events grouped under one purpose, reported together."""


@programme.command("create")
@click.argument("title")
@click.option("--events", "event_ids", required=True, help="The events' ids, separated by commas.")
@click.option("--db", type=click.Path(dir_okay=False))
@click.pass_context
def create(ctx, title, event_ids, db):
    """Make a programme of the events and suggest its themes across them; prints its id on the last line."""
    from dialog_app.cli_app import build_app as _build_app
    from dialog_app.db import get_db
    from sessions.documents import programme as programmes
    from sessions.ground import roles
    from sessions.ground.errors import DomainError

    with _build_app(ctx, db).app_context():
        made = programmes.create(get_db(), roles.ORGANISER, title, [part.strip() for part in event_ids.split(",")
                                                                     if part.strip()])
        try:
            themes = programmes.suggest(get_db(), roles.ORGANISER, made.id, _group)
            click.echo(f"{len(themes)} themes suggested across the events; correct them on the programme's page")
        except DomainError as error:  # events with nothing typed yet: themes come with the first report
            click.echo(f"no themes yet ({error.code})")
    click.echo(made.id)


@programme.command("report")
@click.argument("programme_id")
@click.option("--format", "file_format", type=click.Choice(["json", "docx", "md"]), default="md", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False), required=True, help="File to write.")
@click.option("--db", type=click.Path(dir_okay=False))
@click.pass_context
def report(ctx, programme_id, file_format, out, db):
    """Write the programme's consolidated report (docs/programme-schema.json for the JSON)."""
    from dialog_app.cli_app import build_app as _build_app
    from dialog_app.cli_app import write as _write
    from dialog_app.db import get_db
    from sessions.documents import programme as programmes
    from sessions.documents import render
    from sessions.ground import roles

    with _build_app(ctx, db).app_context():
        found, _ = programmes.get(get_db(), roles.ORGANISER, programme_id)
        if not found.themes:
            programmes.suggest(get_db(), roles.ORGANISER, found.id, _group)
        doc = programmes.document(get_db(), roles.ORGANISER, found.id)
    if file_format == "json":
        content = json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")
    else:
        content = render.render(programmes.report(doc), file_format)
    _write(out, content)
    click.echo(f"Wrote {out} ({len(content)} bytes; {len(doc['events'])} events, {len(doc['themes'])} themes)")


@programme.command("imprint")
@click.argument("programme_id")
@click.argument("strategy", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "file_format", type=click.Choice(["json", "md", "docx", "html"]), default="md",
              show_default=True)
@click.option("--out", type=click.Path(dir_okay=False), required=True, help="File to write.")
@click.option("--db", type=click.Path(dir_okay=False))
@click.pass_context
def imprint(ctx, programme_id, strategy, file_format, out, db):
    """Did the programme reach the strategy? Its themes across events against STRATEGY (.docx, .txt, .md)."""
    import os

    from dialog_app.cli_app import build_app as _build_app
    from dialog_app.cli_app import write as _write
    from dialog_app.db import get_db
    from sessions.documents import programme as programmes
    from sessions.documents import render
    from sessions.documents.forum_report import to_json
    from sessions.documents.imprint import imprint as find_imprint
    from sessions.documents.imprint import imprint_report, read_strategy
    from sessions.ground import roles

    with _build_app(ctx, db).app_context():
        found, _ = programmes.get(get_db(), roles.ORGANISER, programme_id)
        if not found.themes:
            programmes.suggest(get_db(), roles.ORGANISER, found.id, _group)
        doc = programmes.document(get_db(), roles.ORGANISER, found.id)
    with open(strategy, "rb") as handle:
        text = read_strategy(strategy, handle.read())
    result = find_imprint(programmes.as_forum_document(doc), text, strategy_name=os.path.basename(strategy))
    content = to_json(result) if file_format == "json" else render.render(imprint_report(result), file_format)
    _write(out, content)
    summary = result["summary"]
    click.echo(f"Wrote {out}: {summary['themes_reached']} of {summary['themes']} themes and "
               f"{summary['proposals_reached']} of {summary['proposals']} proposals taken up in the strategy")


@programme.command("followup")
@click.argument("programme_id")
@click.option("--out", type=click.Path(dir_okay=False), required=True, help="File to write.")
@click.option("--format", "file_format", type=click.Choice(["docx", "md"]), default="docx", show_default=True)
@click.option("--strategy", type=click.Path(exists=True, dir_okay=False),
              help="The adopted strategy (.docx, .txt, .md): the report then says whether it takes up each theme.")
@click.option("--db", type=click.Path(dir_okay=False))
@click.pass_context
def followup(ctx, programme_id, out, file_format, strategy, db):
    """Write the programme's yearly follow-up report for the council: each theme across its events, its
    status, and (with --strategy) whether the strategy takes it up."""
    from dialog_app.cli_app import build_app as _build_app
    from dialog_app.cli_app import write as _write
    from dialog_app.db import get_db
    from sessions.documents import followup as follow
    from sessions.documents import programme as programmes
    from sessions.documents import render
    from sessions.ground import roles

    with _build_app(ctx, db).app_context():
        conn = get_db()
        found, _ = programmes.get(conn, roles.ORGANISER, programme_id)
        if not found.themes:
            programmes.suggest(conn, roles.ORGANISER, found.id, _group)
        imprint = None
        if strategy:
            with open(strategy, "rb") as handle:
                imprint = programmes.imprint_on(conn, roles.ORGANISER, found.id, strategy, handle.read())
        themes = follow.programme_overview(conn, roles.ORGANISER, found.id)
        content = render.render(follow.programme_followup_report(conn, roles.ORGANISER, found.id, imprint),
                                file_format)
    _write(out, content)
    followed = sum(1 for item in themes if item.theme.current)
    click.echo(f"Wrote {out} ({len(content)} bytes; {followed} of {len(themes)} themes followed up"
               f"{'' if imprint else '; no strategy read, so no imprint'})")
