"""Role checks for pages: every route that takes a token resolves it on the server first."""

import functools
import hmac
import secrets

from flask import g, redirect, request, session, url_for

from dialog_app.db import get_db
from dialog_app.refusals import render_refusal
from sessions.evening import events, tokens
from sessions.people import accounts


def token_page(*roles):
    """The view takes ``token`` from the URL; only a live token of one of ``roles`` gets through."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(token, **kwargs):
            principal = tokens.resolve(get_db(), token)
            if principal.role not in roles:
                return render_refusal("role.forbidden", 403)
            g.principal = principal
            g.token = token
            return view(token=token, **kwargs)

        return wrapped

    return decorate


# --- the organiser's area: a logged-in session, and CSRF tokens on every form --------------------

def csrf_token() -> str:
    """The session's form token; every POST in the organiser's area must carry it."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def csrf_is_valid() -> bool:
    sent = request.form.get("csrf_token", "")
    # As bytes: compare_digest refuses (raises on) a str with non-ASCII characters, which anyone can send.
    return bool(sent) and hmac.compare_digest(sent.encode(), session.get("csrf", "").encode())


def log_in_organiser(account: str | None) -> None:
    """Log this browser in with ``account`` (the username), or by the organiser link (None)."""
    session.clear()
    session.permanent = True
    session["organiser"] = account or "link"
    if account:
        session["account"] = account
    session["sid"] = accounts.start_session(get_db(), account or "link")
    csrf_token()


def current_organiser() -> accounts.Organiser:
    """The logged-in organiser as the account rules see them: its account and organisation (no
    username: in by the organiser link, on an installation without accounts)."""
    found = g.get("organiser")
    if found is None:
        found = accounts.organiser_of(get_db(), session.get("account")) or accounts.Organiser(None)
    return found


def log_out_organiser() -> None:
    accounts.end_session(get_db(), session.get("sid"))
    session.clear()


def organiser_logged_in() -> bool:
    """A cookie alone is not enough: its session must still be open on the server, and its account
    still there (the organiser link's session only while the installation has no account)."""
    if "organiser_in" not in g:
        g.organiser_in = False
        if session.get("organiser") and accounts.session_is_active(get_db(), session.get("sid")):
            g.organiser = accounts.organiser_of(get_db(), session.get("account"))
            g.organiser_in = g.organiser is not None
    return g.organiser_in


def organiser_required(view):
    """Only a logged-in organiser passes; forms must also carry the session's CSRF token.

    The organiser acts as its organisation (``g.principal``), and on a route under an event (its id in
    the URL, or in ``g.event_id`` for a blueprint scoped to one) only on an event of that organisation:
    another's is refused here as if it did not exist (404), before the view runs."""

    @functools.wraps(view)
    def wrapped(**kwargs):
        if not organiser_logged_in():
            if request.method == "GET":
                return redirect(url_for("organiser.login", next=request.full_path))
            return render_refusal("role.forbidden", 403)
        if request.method == "POST" and not csrf_is_valid():
            return render_refusal("request.csrf", 400)
        principal = current_organiser().principal()
        event_id = kwargs.get("event_id", g.get("event_id"))
        if event_id is not None:
            principal = events.scoped(get_db(), principal, event_id)
        g.principal = principal
        return view(**kwargs)

    return wrapped


def init_app(app):
    app.context_processor(lambda: {"csrf_token": csrf_token, "organiser_logged_in": organiser_logged_in()})
