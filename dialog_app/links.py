"""The URLs that carry each role's token, for the organiser's page, QR codes and the CLI."""

import segno
from flask import current_app, request, url_for

from sessions.evening import tokens


def base_url() -> str:
    """PUBLIC_URL when set (the address phones on the venue LAN use), else the address asked."""
    configured = current_app.config.get("PUBLIC_URL")
    return (configured or request.host_url).rstrip("/")


def role_urls(tokens: dict, base: str | None = None) -> dict:
    """``{"leader": url, "projector": url, "participant": url, "tables": [{"number", "secretary"}]}``."""
    base = (base or base_url()).rstrip("/")
    return {
        "leader": base + url_for("leader.page", token=tokens["leader"]),
        "projector": base + url_for("projector.page", token=tokens["projector"]),
        "participant": base + url_for("participant.page", token=tokens["participant"]),
        "tables": [{"number": number, "secretary": base + url_for("table.page", token=token)}
                   for number, token in sorted(tokens["secretaries"].items())],
    }


def organiser_url(token: str, base: str | None = None) -> str:
    return (base or base_url()).rstrip("/") + url_for("organiser.link", token=token)


def join_link(token: str, base: str | None = None) -> dict:
    """The participants' link as the projector shows it: the link, a short one to type, and its QR code
    (an SVG data URI: no script builds it, and the page's policy allows data images)."""
    base = (base or base_url()).rstrip("/")
    url = base + url_for("participant.page", token=token)
    short = base + url_for("participant.short", code=tokens.join_code(token))
    return {"url": url, "short_url": short.split("://", 1)[-1],
            "qr": segno.make(url, error="m").svg_data_uri(scale=1, border=2, dark="#000", light="#fff")}
