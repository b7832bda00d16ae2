"""Role checks for pages: every route that takes a token resolves it on the server first."""

import functools

from flask import g, render_template

from dialog_app.db import get_db
from dialog_app.i18n import error_message
from sessions import service
from sessions.errors import DomainError


def render_refusal(code: str, status: int, **params):
    return render_template("error.html", message=error_message(code, params)), status


def token_page(*roles):
    """The view takes ``token`` from the URL; only a live token of one of ``roles`` gets through."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(token, **kwargs):
            try:
                principal = service.resolve_token(get_db(), token)
            except DomainError as error:
                return render_refusal(error.code, 404)
            if principal.role not in roles:
                return render_refusal("role.forbidden", 403)
            g.principal = principal
            g.token = token
            return view(token=token, **kwargs)

        return wrapped

    return decorate
