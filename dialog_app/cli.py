"""``dialog-app`` commands: serve the app, create a demo evening, print links."""

import errno
import gc
import json
import logging
import os
import resource
import socket
import time

import click

from dialog_app.cli_app import build_app as _build_app


def _lan_address() -> str:
    """The address other devices on the venue network can reach, found without sending anything."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))  # UDP connect picks a route; no packet is sent
        return probe.getsockname()[0]
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()


def _base_url(app, host: str, port: int) -> str:
    if app.config.get("PUBLIC_URL"):
        return app.config["PUBLIC_URL"].rstrip("/")
    shown = _lan_address() if host in ("0.0.0.0", "::") else host
    return f"http://{shown}:{port}"


def _event_links(app, base: str, event_id: str) -> dict:
    from dialog_app.db import get_db, token_secret
    from dialog_app.links import organiser_url, role_urls
    from sessions.evening import events, tokens
    from sessions.ground import roles

    with app.test_request_context(base_url=base):
        conn = get_db()
        links = events.role_links(conn, token_secret(), roles.ORGANISER, event_id)
        return {"event_id": event_id, "organiser": organiser_url(tokens.organiser_token(conn, token_secret()), base),
                **role_urls(links, base)}


def _print_links(links: dict) -> None:
    click.echo("")
    rows = [("Arrangör / organiser", links["organiser"]), ("Processledare / leader", links["leader"]),
            ("Projektor / projector", links["projector"]), ("Deltagare / participant", links["participant"])]
    rows += [(f"Bord {table['number']} / table secretary", table["secretary"]) for table in links["tables"]]
    width = max(len(name) for name, _ in rows) + 1
    for name, link in rows:
        click.echo(f"  {name + ':':<{width}}  {link}")
    click.echo("")


def _claim_port(host: str, port: int) -> socket.socket:
    """Bind the port before anything else (no event made, no link printed), so a second server on a
    port in use stops at once, saying so; the server takes the port over when it starts serving. It
    binds without listening: a connection accepted into this socket's queue would be reset when the
    server takes over (a phone or nginx reaching the server while it starts got "connection reset").
    Neither socket sets SO_REUSEPORT (serve.py): with it the kernel would split the connections
    between two servers, and half the room would land on the wrong one."""
    try:
        family, _, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        claim = socket.socket(family, socket.SOCK_STREAM)
    except OSError as error:
        raise _cannot_listen(host, port, error) from None
    try:
        claim.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server's socket: a restart need not wait
        claim.bind(address)
    except OSError as error:
        claim.close()
        raise _cannot_listen(host, port, error) from None
    return claim


def _cannot_listen(host: str, port: int, error: OSError) -> click.ClickException:
    if error.errno == errno.EADDRINUSE:
        return click.ClickException(
            f"Porten {port} på {host} används redan, kanske av en annan dialog_app: stoppa den eller välj en "
            f"annan --port. / Port {port} on {host} is already in use, perhaps by another dialog_app: stop it "
            f"or choose another --port.")
    return click.ClickException(f"Kan inte lyssna på / cannot listen on {host}:{port}: {error.strerror or error}")


def _write_when_listening(host: str, port: int, path: str, links: dict) -> None:
    """Write the links file only once the server accepts connections, so scripts can wait on it."""
    target = "127.0.0.1" if host in ("0.0.0.0", "") else ("::1" if host == "::" else host)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((target, port), timeout=1):
                break
        except OSError:
            time.sleep(0.1)
    temporary = f"{path}.tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(links, handle, ensure_ascii=False, indent=2)
    os.replace(temporary, path)


# Connections beside the phones: one phone in five reconnecting before the server has noticed its old
# connection drop (ping timeout, ~20 s), two per table (tablet and a spare), screens, leaders, organisers.
RECONNECTING_SHARE = 5
PER_TABLE = 2
STAFF_CONNECTIONS = 50
# Descriptors the process needs besides its connections: the database, its WAL, logs, the listener.
FILES_BESIDE_CONNECTIONS = 64


def connection_limit(config) -> int:
    """How many connections one server process holds at once: MAX_CONNECTIONS, else enough for an
    event at the largest participant cap an organiser may set (caps change while serving)."""
    if config.get("MAX_CONNECTIONS"):
        return int(config["MAX_CONNECTIONS"])
    from sessions.evening.events import MAX_PARTICIPANT_CAP
    from sessions.ground.models import MAX_TABLES

    phones = MAX_PARTICIPANT_CAP
    return phones + phones // RECONNECTING_SHARE + PER_TABLE * MAX_TABLES + STAFF_CONNECTIONS


def open_files_for(connections: int) -> int:
    """Raise the process's open-file limit so ``connections`` sockets fit, and return how many fit:
    eventlet stops serving altogether when accept() runs out of descriptors."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = connections + FILES_BESIDE_CONNECTIONS
    if soft != resource.RLIM_INFINITY and soft < wanted:
        soft = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    return connections if soft == resource.RLIM_INFINITY else min(connections, soft - FILES_BESIDE_CONNECTIONS)


def _server_options(app) -> dict:
    if app.config["ASYNC_MODE"] != "eventlet":
        return {"allow_unsafe_werkzeug": True}
    limit = connection_limit(app.config)
    fits = open_files_for(limit)
    if fits < limit:
        app.logger.warning("serving at most %d connections, not %d: the open-file limit (ulimit -n) is too low",
                           fits, limit)
    # Without it eventlet's WSGI server holds 1,024 connections and leaves the rest waiting until they time out.
    return {"max_size": fits}


# Young collections every 50,000 allocations, not 700: a broadcast to 2,000 phones allocates tens of
# thousands of short-lived objects, and collecting every 700 promotes the ones still in flight to the
# oldest generation, which then fills up and is walked whole (~200 ms, every phone waiting).
GC_THRESHOLDS = (50_000, 20, 10)


def _serve(app, host: str, port: int, links: dict | None, links_json: str | None,
           claim: socket.socket | None = None) -> None:
    from dialog_app import offload
    from dialog_app.realtime import socketio

    if app.config["WORKER_PROCESSES"] is None:
        app.config["WORKER_PROCESSES"] = True
    with app.app_context():
        offload.start_live_worker()
    _start_background_work(app, host, port)
    if links_json and links:
        socketio.start_background_task(_write_when_listening, host, port, links_json, links)
    options = _server_options(app)
    at_most = f", at most {options['max_size']:,} connections at once" if "max_size" in options else ""
    click.echo(f"dialog_app serving on http://{host}:{port} ({app.config['ASYNC_MODE']}){at_most}; Ctrl+C stops.")
    # What is loaded by now (Flask, scikit-learn, translations: ~160,000 objects) lives as long as the
    # process; left in the collector's oldest generation, every full collection walks it all while
    # every phone waits (~80 ms).
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    if claim is not None:
        claim.close()
    try:
        socketio.run(app, host=host, port=port, log_output=False, use_reloader=False, **options)
    except OSError as error:
        if error.errno != errno.EADDRINUSE:
            raise
        raise _cannot_listen(host, port, error) from None  # another server took the port since the claim
    finally:
        offload.shutdown()


def _start_background_work(app, host: str, port: int) -> None:
    """What the served process does beside serving: sending the outbox's mails, removing old names."""
    from dialog_app import mailer, periodic
    from dialog_app.realtime import socketio

    if not app.config.get("MAIL_BASE_URL"):
        app.config["MAIL_BASE_URL"] = _base_url(app, host, port)
    mailer.start(app, socketio.sleep, socketio.start_background_task)
    periodic.start(app, socketio.sleep, socketio.start_background_task)


class Commands(click.Group):
    """The commands, with every refusal of the domain mapped in one place: a line with its code (and
    the lines of a list that need a look), not a traceback."""

    def invoke(self, ctx):
        from sessions.ground.errors import DomainError

        try:
            return super().invoke(ctx)
        except DomainError as error:
            for line in error.params.get("lines", []):
                click.echo(f"line {line}: needs a look (no name, or a value not understood)", err=True)
            params = {key: value for key, value in error.params.items() if key != "lines"}
            raise click.ClickException(f"{error.code} {params or ''}".strip()) from None


@click.group(cls=Commands)
def cli():
    """Run an open-forum dialogue evening."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 for the LAN).")
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--db", type=click.Path(dir_okay=False),
              help="SQLite database file (default: instance folder), or a postgresql:// URL.")
@click.option("--links-json", type=click.Path(dir_okay=False), help="Write the role links here once serving.")
@click.option("--sample", is_flag=True, help="Give the tables a few example ideas.")
@click.option("--public-url", help="Base URL for links and QR codes, e.g. http://192.168.1.20:5000.")
@click.option("--format", "format_id", default="oppet-forum", show_default=True,
              help="The event's format (dialog-app formats lists them).")
@click.pass_context
def demo(ctx, host, port, db, links_json, sample, public_url, format_id):
    """Create a fresh demo event of a format and serve it."""
    from dialog_app.db import get_db, token_secret
    from sessions.evening.demo import create_demo_event
    from sessions.evening.formats import get_format

    get_format(format_id)  # an unknown format is refused before the port is taken
    claim = _claim_port(host, port)
    app = _build_app(ctx, db, public_url)
    with app.app_context():
        event = create_demo_event(get_db(), token_secret(), sample=sample, format_id=format_id)
    links = _event_links(app, _base_url(app, host, port), event.id)
    _print_links(links)
    _serve(app, host, port, links, links_json, claim)


@cli.command("formats")
def list_formats():
    """List the built-in formats, one a line: the id, then the name and its steps."""
    from sessions.evening.formats import FORMATS

    for fmt in FORMATS.values():
        click.echo(f"{fmt.id}\t{fmt.name}\t{' → '.join(step.phase.value for step in fmt.steps)}")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--db", type=click.Path(dir_okay=False))
@click.option("--public-url")
@click.pass_context
def serve(ctx, host, port, db, public_url):
    """Serve the app; the organiser link opens the page where events are made."""
    claim = _claim_port(host, port)
    app = _build_app(ctx, db, public_url)
    click.echo(f"  Arrangör / organiser: {_organiser_link(app, _base_url(app, host, port))}")
    _serve(app, host, port, None, None, claim)


def _organiser_link(app, base: str) -> str:
    from dialog_app.db import get_db, token_secret
    from dialog_app.links import organiser_url
    from sessions.evening import tokens

    with app.test_request_context(base_url=base):
        return organiser_url(tokens.organiser_token(get_db(), token_secret()), base)


@cli.command("organiser-link")
@click.option("--db", type=click.Path(dir_okay=False))
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True)
@click.pass_context
def organiser_link(ctx, db, base_url):
    """Print the organiser's link."""
    click.echo(_organiser_link(_build_app(ctx, db), base_url))


@cli.command("create-organiser")
@click.argument("username")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="At least 10 characters (asked for when not given).")
@click.option("--organisation", required=True,
              help="The organisation (municipality, region) the account belongs to; made when new.")
@click.option("--administrator", is_flag=True,
              help="May manage the organisation's accounts (its first account always may).")
@click.option("--db", type=click.Path(dir_okay=False))
@click.pass_context
def create_organiser(ctx, username, password, organisation, administrator, db):
    """Create an organiser account in an organisation (and the organisation, when new)."""
    from dialog_app.db import get_db
    from sessions.people import accounts

    app = _build_app(ctx, db)
    with app.app_context():
        conn = get_db()
        # Whoever runs this has the server's shell, and with it the database: no account is asked for.
        accounts.create_account(conn, accounts.COMMAND_LINE, username, password, administrator=administrator,
                                organisation=organisation)
        made = accounts.is_administrator(conn, username)
    click.echo(f"Organiser {username} created in {organisation}{' (administrator)' if made else ''};"
               " log in at /organiser/login")


@cli.command()
@click.option("--out", type=click.Path(dir_okay=False), required=True, help="The new file to write the copy to.")
@click.option("--db", type=click.Path(dir_okay=False))
@click.pass_context
def backup(ctx, out, db):
    """Copy the database while evenings go on: SQLite's online backup, pg_dump for PostgreSQL
    (restore with pg_restore). Every idea acknowledged before the command started is in the copy."""
    from sessions import storage

    if os.path.exists(out):
        raise click.ClickException(f"{out} already exists; give a new file")
    location = _build_app(ctx, db).config["DATABASE"]
    try:
        storage.backup(location, out)
    except (RuntimeError, OSError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Wrote {out} ({os.path.getsize(out)} bytes)")


@cli.group()
def invites():
    """The organiser's invitation lists."""


@invites.command("import")
@click.argument("event_id")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--db", type=click.Path(dir_okay=False))
@click.pass_context
def import_invites(ctx, event_id, file, db):
    """Import a CSV or XLSX list into EVENT_ID. Without a preview to look at, a list with a row that has
    no name or a value not understood imports nothing and says which lines; people already on the list
    are updated, not doubled."""
    from dialog_app.db import get_db
    from sessions.ground import roles
    from sessions.people.imports import import_file

    app = _build_app(ctx, db)
    with app.app_context(), open(file, "rb") as handle:
        outcome, _ = import_file(get_db(), roles.ORGANISER, event_id, os.path.basename(file), handle.read())
    click.echo(f"Imported {outcome['added']} people into {event_id} ({outcome['updated']} updated, "
               f"{outcome['unchanged']} unchanged)")


# The commands of invitations by e-mail and of personal data (issue 25), in their own module.
from dialog_app.cli_mail import retention, send_invites  # noqa: E402

invites.add_command(send_invites)
cli.add_command(retention)


def _add_programmes() -> None:
    from dialog_app.programme_cli import programme

    cli.add_command(programme)


_add_programmes()

# The documents after the evening (export, imprint, follow-up report), in their own module.
from dialog_app.cli_documents import export, followup, imprint  # noqa: E402

for _command in (export, imprint, followup):
    cli.add_command(_command)
