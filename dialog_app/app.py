"""The application factory: configuration, database, translations, pages and Socket.IO."""

import logging
import os
import secrets

from flask import Flask


def _load_or_create_secret(instance_path: str) -> str:
    """The secret that signs cookies and derives role tokens; made once per installation."""
    path = os.path.join(instance_path, "secret_key")
    if not os.path.exists(path):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    with open(path, encoding="ascii") as handle:
        return handle.read().strip()


def create_app(test_config=None, overrides=None):
    """Build the app. ``test_config`` replaces the instance configuration (tests); ``overrides``
    are applied on top of it (command-line options such as ``--db``)."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        SECRET_KEY=None,
        DATABASE=os.path.join(app.instance_path, "dialog_app.sqlite"),
        # "threading" everywhere but the serving entry point, which switches to eventlet after patching.
        ASYNC_MODE="threading",
        # Base for links and QR codes, e.g. http://192.168.1.20:5000 so phones on the venue LAN reach it.
        PUBLIC_URL=None,
        # redis://... to run several server processes behind one address.
        SOCKETIO_MESSAGE_QUEUE=None,
        # How CPU-heavy work is kept off the event loop: set by the serving entry point (eventlet's
        # tpool.execute); None runs it in place, which is right for threads.
        BLOCKING_RUNNER=None,
        # CPU-heavy work (exports, the imprint, grouping, reading files) in worker processes, off the
        # event loop and its interpreter (dialog_app/offload.py). None: when serving; False: in place.
        WORKER_PROCESSES=None,
        # Per-connection limits on Socket.IO events (dialog_app/limits.py); off only to measure a flood.
        RATE_LIMITS=True,
        # Connections (phones, tablets, screens) one server process holds at once; None: enough for
        # the largest participant cap an event may have (dialog_app/cli.py connection_limit).
        MAX_CONNECTIONS=None,
        # permessage-deflate on WebSockets: off, because the messages are a few hundred bytes and each
        # connection's compressor costs memory and CPU on every broadcast (docs/configuration.md).
        WEBSOCKET_COMPRESSION=False,
        # The proxies in front (nginx: "127.0.0.1"; addresses or networks, comma-separated) whose
        # X-Forwarded-For names the client's address; from anyone else the header is ignored.
        TRUSTED_PROXIES=None,
        # The name of the organisation an upgrade makes for the accounts and events already there
        # (None: "Min organisation", renamed on its settings page).
        ORGANISATION_NAME=None,
        # Uploads (invitation lists, strategies) and forms: nothing bigger reaches a view.
        MAX_CONTENT_LENGTH=4 * 1024 * 1024,
        BABEL_DEFAULT_LOCALE="sv",
        # The organiser's session: not readable by scripts, not sent cross-site, an evening long.
        # Set DIALOG_APP_SESSION_COOKIE_SECURE=true when served over HTTPS.
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=False,
        PERMANENT_SESSION_LIFETIME=12 * 3600,
        # E-mail (dialog_app/mailer.py): the organisation's server, smtp://host:port (?starttls=true,
        # user:password@ to log in) or smtps://; None keeps every mail in the outbox (Utkorg), unsent.
        SMTP_URL=None,
        MAIL_FROM=None,
        # The address people's links in mails start with (default: PUBLIC_URL, else what serving prints).
        MAIL_BASE_URL=None,
        # Months after an event that its people's names are kept (sessions/people/privacy.py).
        RETENTION_MONTHS=24,
        BABEL_TRANSLATION_DIRECTORIES=os.path.join(os.path.dirname(__file__), "translations"),
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("DIALOG_APP")
    else:
        app.config.from_mapping(test_config)
    app.config.from_mapping(overrides or {})
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _load_or_create_secret(app.instance_path)
    app.logger.setLevel(logging.INFO)
    from sessions.people import privacy
    privacy.configure(app.config["RETENTION_MONTHS"])

    from dialog_app import auth, db, i18n, proxies, publisher, realtime, refusals
    db.init_app(app)
    i18n.init_app(app)
    auth.init_app(app)
    refusals.init_app(app)

    from dialog_app import (
        leader,
        organisation,
        organiser,
        pages,
        participant,
        people,
        programmes,
        projector,
        strategy,
        tablet,
    )
    for module in (pages, organiser, organisation, people, leader, projector, tablet, participant, strategy,
                   programmes):
        app.register_blueprint(module.bp)
    # Invitations, registration, the outbox and the public results (issue 25).
    from dialog_app import invitations, registration, results
    for blueprint in (invitations.bp, invitations.privacy_bp, registration.bp, results.bp, results.organiser_bp):
        app.register_blueprint(blueprint)

    # The pages whose scripts send Socket.IO events; each lists them in SOCKET_EVENTS.
    realtime.init_app(app, (leader, tablet, participant))
    publisher.init_app(app)
    proxies.init_app(app)
    from dialog_app import wire
    wire.init_app(app)
    return app
