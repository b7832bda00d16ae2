"""The organiser's desk: create and edit events, hand out role links and QR codes, delete."""

import segno
from flask import Blueprint, Response, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext

from dialog_app.auth import render_refusal, token_page
from dialog_app.db import get_db, token_secret
from dialog_app.exports import export_bytes
from dialog_app.i18n import error_message
from dialog_app.links import role_urls
from sessions import rotation, service, storage
from sessions.errors import DomainError
from sessions.export_formats import MEDIA_TYPES
from sessions.demo import DEMO_EVENT
from sessions.roles import Role

bp = Blueprint("organiser", __name__, url_prefix="/o")

EVENT_FORM_FIELDS = ("title", "event_date", "place", "vision_question", "deepen_question",
                     "warmup_story", "table_count", "theme_count", "rotation_rounds_max")


def _form_fields() -> dict:
    return {name: request.form.get(name, "") for name in EVENT_FORM_FIELDS if name in request.form}


def qr_svg(url: str) -> str:
    """An inline SVG QR code; segno escapes nothing user-typed here, only our own URL."""
    return segno.make(url, error="m").svg_inline(scale=4, border=2, dark="#000", light="#fff")


@bp.get("/<token>")
@token_page(Role.ORGANISER)
def home(token):
    events = service.list_events(get_db(), g.principal)
    return render_template("organiser/home.html", token=token, events=events, form=DEMO_EVENT | {"title": ""},
                           role="organiser")


@bp.post("/<token>/events")
@token_page(Role.ORGANISER)
def create(token):
    try:
        event = service.create_event(get_db(), token_secret(), g.principal, _form_fields())
    except DomainError as error:
        flash(error_message(error.code, error.params), "error")
        events = service.list_events(get_db(), g.principal)
        return render_template("organiser/home.html", token=token, events=events, form=request.form,
                               role="organiser"), 400
    return redirect(url_for("organiser.event", token=token, event_id=event.id))


def _event_page(token, event_id, status=200, form=None):
    conn = get_db()
    event = service.get_event(conn, event_id)
    urls = role_urls(service.role_tokens(conn, token_secret(), g.principal, event_id))
    qr = {"leader": qr_svg(urls["leader"]), "projector": qr_svg(urls["projector"]),
          "participant": qr_svg(urls["participant"]),
          "tables": {entry["number"]: qr_svg(entry["secretary"]) for entry in urls["tables"]}}
    seats = {table["seats"] for table in storage.fetch_tables(conn, event_id)}
    values = event.public() | {"seats_per_table": next(iter(seats)) if len(seats) == 1 and None not in seats else ""}
    return render_template("organiser/event.html", token=token, event=event, urls=urls, qr=qr,
                           form=form or values, role="organiser"), status


@bp.get("/<token>/events/<event_id>")
@token_page(Role.ORGANISER)
def event(token, event_id):
    try:
        return _event_page(token, event_id)
    except DomainError as error:
        return render_refusal(error.code, 404)


@bp.post("/<token>/events/<event_id>")
@token_page(Role.ORGANISER)
def edit(token, event_id):
    try:
        service.edit_event(get_db(), token_secret(), g.principal, event_id, _form_fields())
        if "seats_per_table" in request.form:
            rotation.set_seats(get_db(), g.principal, event_id, request.form.get("seats_per_table"))
    except DomainError as error:
        if error.code == "event.not_found":
            return render_refusal(error.code, 404)
        flash(error_message(error.code, error.params), "error")
        return _event_page(token, event_id, status=400, form=request.form)
    flash(gettext("Ändringarna är sparade."), "info")
    return redirect(url_for("organiser.event", token=token, event_id=event_id))


@bp.post("/<token>/events/<event_id>/rotate")
@token_page(Role.ORGANISER)
def rotate(token, event_id):
    table_number = request.form.get("table", type=int)
    try:
        service.rotate_token(get_db(), token_secret(), g.principal, event_id, request.form.get("role", ""),
                             table_number)
    except DomainError as error:
        return render_refusal(error.code, 400 if error.code != "event.not_found" else 404)
    return redirect(url_for("organiser.event", token=token, event_id=event_id) + "#links")


@bp.get("/<token>/events/<event_id>/export")
@token_page(Role.ORGANISER)
def export(token, event_id):
    """Download the evening's results; anonymous unless the organiser ticked "with names"."""
    file_format = request.args.get("format", "md")
    if file_format not in MEDIA_TYPES:
        return render_refusal("request.malformed", 400)
    try:
        content = export_bytes(event_id, file_format, include_names=request.args.get("names") == "1",
                               principal=g.principal)
    except DomainError as error:
        return render_refusal(error.code, 404)
    filename = f"oppet-forum-{event_id}.{file_format}"
    return Response(content, mimetype=MEDIA_TYPES[file_format],
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.post("/<token>/events/<event_id>/delete")
@token_page(Role.ORGANISER)
def delete(token, event_id):
    if request.form.get("confirm") != "yes":
        return render_refusal("request.malformed", 400)
    try:
        service.delete_event(get_db(), g.principal, event_id)
    except DomainError as error:
        return render_refusal(error.code, 404)
    return redirect(url_for("organiser.home", token=token))
