"""``dialog-app invites send`` and ``dialog-app retention run``: invitations by e-mail, and names removed
once the retention period has run out (dialog_app/cli.py adds them to its groups)."""

import click


@click.command("send")
@click.argument("event_id")
@click.option("--db", type=click.Path(dir_okay=False))
@click.pass_context
def send_invites(ctx, event_id, db):
    """Invite everyone on EVENT_ID's list with an e-mail address who has not been invited yet (a second
    run reaches only people added since). The invitations go to the outbox; with DIALOG_APP_SMTP_URL set
    they are sent now as well, else the served app's Utkorg shows them."""
    from dialog_app import mailer
    from dialog_app.cli_app import build_app as _build_app
    from dialog_app.db import get_db, token_secret
    from sessions.ground import roles
    from sessions.people import invitations

    app = _build_app(ctx, db)
    with app.app_context():
        stored = invitations.send(get_db(), token_secret(), roles.ORGANISER, event_id)
    click.echo(f"{stored} invitations sent to the outbox for {event_id}")
    if stored and mailer.configured(app.config):
        if not (app.config.get("MAIL_BASE_URL") or app.config.get("PUBLIC_URL")):
            # The links in the mails must be the address people reach, which only serving knows.
            click.echo("Not sent now: set DIALOG_APP_MAIL_BASE_URL (or PUBLIC_URL) for the links in the mails; "
                       "the served app sends them")
            return
        done = mailer.run_round(app)
        click.echo(f"Sent by SMTP now: {done.get('sent', 0)}; waiting to be tried again: {done.get('queued', 0)}; "
                   f"failed: {done.get('failed', 0)}")


@click.group()
def retention():
    """Personal data kept no longer than the retention period (docs/personal-data.md)."""


@retention.command("run")
@click.option("--db", type=click.Path(dir_okay=False))
@click.pass_context
def run_retention(ctx, db):
    """Remove the names of every event whose retention period has run out (the server does it hourly)."""
    from dialog_app.cli_app import build_app as _build_app
    from dialog_app.db import get_db
    from sessions.people import privacy

    app = _build_app(ctx, db)
    with app.app_context():
        done = privacy.run_retention(get_db())
    click.echo(f"Names removed from {done['events']} events ({done['people']} people); "
               f"retention period {app.config['RETENTION_MONTHS']} months")
