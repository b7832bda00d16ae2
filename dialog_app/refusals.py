"""A rule's refusal on a page, mapped in one place.

A :class:`DomainError` raised by any route becomes a page in the user's language with a fitting
status (404 for what does not exist, 403 for the wrong role, 400 for bad input). A form route says
how it is shown again after a refusal (``@on_refusal(...)``): the reason then appears beside the
form, and what was typed is kept where the route can show it again.
"""

import functools

from flask import flash, g, redirect, render_template, request

from dialog_app.i18n import error_message
from sessions.ground.errors import DomainError


def status_for(code: str) -> int:
    if code.endswith(("not_found", "not_published")) or code == "token.invalid":
        return 404
    if code.startswith("role."):
        return 403
    if code.startswith("job."):
        return 503  # a file could not be prepared now: the server's doing, not the request's
    return 400


def render_refusal(code: str, status: int | None = None, **params):
    return render_template("error.html", message=error_message(code, params)), status or status_for(code)


def flash_refusal(error: DomainError, category: str = "error") -> None:
    flash(error_message(error.code, error.params), category)


def back_to(target):
    """Show a refused form by going back to ``target`` (a URL, or a function giving one) with the reason."""

    def show(error: DomainError):
        flash_refusal(error)
        return redirect(target() if callable(target) else target)

    return show


def form_back(default_endpoint_url):
    """The page the form came from (its "back" field, within the organiser's area), else the default."""
    target = request.form.get("back") or ""
    return target if target.startswith("/organiser/") else default_endpoint_url()


def on_refusal(show):
    """When the domain refuses what this route was sent, ``show(error)`` answers instead of an error page."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            g.show_refusal = show
            return view(*args, **kwargs)

        return wrapped

    return decorate


def _refused(error: DomainError):
    show = g.get("show_refusal")
    if show is not None and status_for(error.code) == 400:
        return show(error)
    return render_refusal(error.code, **error.params)


def init_app(app) -> None:
    app.register_error_handler(DomainError, _refused)
