"""What every ``dialog-app`` command module shares: the app for a command (with its database), and writing a
file. cli.py and the command modules it adds (cli_documents, cli_mail, programme_cli) import this; none
imports cli.py back."""

import os

import click

from dialog_app import create_app


def build_app(ctx: click.Context, db: str | None, public_url: str | None = None):
    options = ctx.obj if isinstance(ctx.obj, dict) else {}
    overrides = {"ASYNC_MODE": options.get("async_mode", "threading")}
    if options.get("blocking_runner"):
        overrides["BLOCKING_RUNNER"] = options["blocking_runner"]
    if db:
        # A postgresql:// URL as it is; a SQLite file wherever the command was run from.
        overrides["DATABASE"] = db if db.startswith(("postgresql://", "postgres://")) else os.path.abspath(db)
    if public_url:
        overrides["PUBLIC_URL"] = public_url
    return create_app(overrides=overrides)


def write(out: str, content: bytes) -> None:
    with open(out, "wb") as handle:
        handle.write(content)
