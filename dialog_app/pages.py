"""Pages for nobody in particular: the landing page, a health check, and safe response headers."""

from flask import Blueprint, current_app, render_template, request

from dialog_app.refusals import render_refusal

bp = Blueprint("pages", __name__)


@bp.get("/")
def index():
    return render_template("index.html")


@bp.get("/tillganglighet")
def accessibility():
    # The accessibility statement (docs/accessibility.md, made into the page by `make statement`).
    return render_template("accessibility.html")


@bp.get("/healthz")
def health():
    return {"ok": True}


@bp.after_app_request
def protect(response):
    # Tokens live in URLs: never leak them to another site, and run only our own scripts.
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "connect-src 'self'; frame-ancestors 'none'")
    if not request.path.startswith("/static/"):
        # Pages carry role tokens and names: never kept by a browser, a proxy or a shared tablet's history.
        response.headers["Cache-Control"] = "no-store"
    return response


# Every failure a person can meet gets a page in their language, never a bare error.
@bp.app_errorhandler(404)
def not_found(error):
    return render_refusal("request.not_found", 404)


@bp.app_errorhandler(413)
def too_large(error):
    current_app.logger.info("refused a request of %s bytes to %s", request.content_length, request.path)
    return render_refusal("request.too_large", 413)


@bp.app_errorhandler(500)
def server_error(error):
    # Flask has logged the exception with its traceback already.
    return render_refusal("server.error", 500)
