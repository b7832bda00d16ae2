"""Pages for nobody in particular: the landing page, a health check, and safe response headers."""

from flask import Blueprint, render_template

bp = Blueprint("pages", __name__)


@bp.get("/")
def index():
    return render_template("index.html")


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
        "connect-src 'self' ws: wss:; frame-ancestors 'none'")
    return response
