"""Which language a page speaks: ``?lang=``, then the cookie it leaves, then the browser's choice; Swedish first."""

from flask import request

LANGUAGES = ("sv", "en")
LANG_COOKIE = "lang"


def choose_locale() -> str:
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        return asked
    kept = request.cookies.get(LANG_COOKIE)
    if kept in LANGUAGES:
        return kept
    return request.accept_languages.best_match(LANGUAGES, default="sv")


def normalise_language(value) -> str:
    return value if value in LANGUAGES else "sv"


def remember_language(response):
    """A language chosen with ``?lang=`` is kept for the next pages."""
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        response.set_cookie(LANG_COOKIE, asked, max_age=365 * 24 * 3600, samesite="Lax")
    return response
