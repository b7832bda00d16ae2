"""The organiser's desk: log in, create and edit events, hand out role links and QR codes, export, delete."""

import math

import segno
from flask import Blueprint, current_app, flash, g, make_response, redirect, render_template, request, url_for
from flask_babel import gettext

from dialog_app import login_guard
from dialog_app.auth import csrf_is_valid, current_organiser, log_in_organiser, log_out_organiser, organiser_required
from dialog_app.db import get_db, token_secret
from dialog_app.exports import export_file, send_when_ready
from dialog_app.i18n import error_message
from dialog_app.i18n.messages import FORMAT_NAMES
from dialog_app.links import role_urls
from dialog_app.offload import run_blocking
from dialog_app.refusals import back_to, flash_refusal, form_back, on_refusal, render_refusal
from sessions.documents import checklist
from sessions.documents.forum_report import MEDIA_TYPES
from sessions.evening import events, formats, phase_changes, rotation, tokens, views
from sessions.evening.demo import DEMO_EVENT
from sessions.ground.roles import Role
from sessions.ground.text import normalise_text
from sessions.people import accounts

bp = Blueprint("organiser", __name__)

EVENT_FORM_FIELDS = ("format_id", "phones", "title", "event_date", "place", "vision_question", "deepen_question",
                     "warmup_story", "table_count", "theme_count", "rotation_rounds_max", "expected_participants",
                     "participant_cap", "organisation", "time_zone")


def _form_fields() -> dict:
    return {name: request.form.get(name, "") for name in (*EVENT_FORM_FIELDS, events.PAST_DATE_CONFIRMED)
            if name in request.form}


def qr_svg(url: str) -> str:
    """An inline SVG QR code of one of our own URLs (nothing user-typed goes into it)."""
    code = segno.make(url, error="m")
    # With a viewBox the drawing fills whatever size the page gives it (11 cm on a table card).
    width, height = code.symbol_size(scale=4, border=2)
    svg = code.svg_inline(scale=4, border=2, dark="#000", light="#fff", omitsize=True)
    return svg.replace("<svg ", f'<svg width="{width}" height="{height}" ', 1)


def _safe_next(target: str | None) -> str:
    # Only a path on this site: never send a freshly logged-in organiser elsewhere.
    if target and target.startswith("/organiser") and "//" not in target:
        return target
    return url_for("organiser.home")


# --- getting in --------------------------------------------------------------------------------

@bp.get("/o/<token>")
def link(token):
    """The organiser link printed at start logs this browser in until the first password is set."""
    principal = tokens.resolve(get_db(), token)
    if principal.role is not Role.ORGANISER:
        return render_refusal("role.forbidden", 403)
    if accounts.has_accounts(get_db()):
        # Once a password exists the printed link is no longer a key: it could be in a log or a screenshot.
        flash(gettext("Det finns ett arrangörskonto. Logga in med användarnamn och lösenord."), "info")
        return redirect(url_for("organiser.login"))
    log_in_organiser(None)
    return redirect(url_for("organiser.home"))


def _login_page(refusal: str | None = None, status: int = 200, wait: float | None = None):
    if refusal:
        flash(error_message(refusal, {}), "error")
    response = make_response(render_template("organiser/login.html", role="organiser"), status)
    if wait:
        response.headers["Retry-After"] = str(math.ceil(wait))
    return response


@bp.route("/organiser/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        return _login_page()
    if not csrf_is_valid():
        # Only the form this site gave out logs in: another site cannot try passwords through a visitor's browser.
        return _login_page("login.csrf", 400)
    username = normalise_text(request.form.get("username"), one_line=True)[:accounts.USERNAME_MAX_LENGTH]
    name, address = username.casefold(), request.remote_addr or "?"
    guard = login_guard.guard()
    admission = guard.admit(name, address, login_guard.known_browser(name))
    if admission.refusal:
        current_app.logger.warning("organiser login refused (%s) for %r from %s", admission.refusal, username, address)
        guard.hold_back()
        return _login_page(admission.refusal, 429, wait=admission.wait)
    with guard.check_slot() as free:
        if not free:
            guard.not_checked(name, address, admission.moment)
            return _login_page("login.busy", 429, wait=login_guard.BUSY_WAIT)
        right = accounts.check_login(get_db(), username, request.form.get("password"), run_hash=run_blocking)
    if right:
        guard.succeeded(name, address, admission.moment)
        log_in_organiser(username)
        return login_guard.remember_browser(redirect(_safe_next(request.args.get("next"))), name)
    guard.failed(name)
    current_app.logger.info("organiser login failed for %r from %s", username, address)
    flash(gettext("Fel användarnamn eller lösenord."), "error")
    return _login_page(status=401)


@bp.post("/organiser/logout")
@organiser_required
def logout():
    log_out_organiser()
    return redirect(url_for("organiser.login"))


@bp.get("/organiser/account")
@organiser_required
def account():
    """The organisation's accounts and the form for another: for its administrators (and, on an
    installation without accounts, the form for the first account and its organisation)."""
    who, first = current_organiser(), not accounts.has_accounts(get_db())
    listed = [] if first else accounts.organisation_accounts(get_db(), who)
    return render_template("organiser/account.html", accounts=listed, me=who.username, first=first, role="organiser")


@bp.post("/organiser/account")
@organiser_required
@on_refusal(back_to(lambda: form_back(lambda: url_for("organiser.home"))))
def create_account():
    who = current_organiser()
    username = request.form.get("username")
    accounts.create_account(get_db(), who, username, request.form.get("password"),
                            administrator=request.form.get("administrator") == "yes",
                            organisation=request.form.get("organisation"), run_hash=run_blocking)
    if who.username is None:
        flash(gettext("Kontot är skapat. Logga in med det nästa gång."), "info")
    else:
        flash(gettext("Kontot %(username)s är skapat.", username=normalise_text(username, one_line=True)), "info")
    return redirect(url_for("organiser.home"))


# --- events ------------------------------------------------------------------------------------

# What the new-event form shows for the open forum: the demo's texts with the form's own numbers.
_OPEN_FORUM_START = events.NEW_EVENT_COUNTS | {name: value for name, value in DEMO_EVENT.items() if value is not None}


def _home(status=200, form=None, ask_past_date=False):
    conn = get_db()
    needs_account = not accounts.has_accounts(conn)
    return render_template("organiser/home.html", events=events.listed(conn, g.principal),
                           form=form or DEMO_EVENT | {"title": ""}, needs_account=needs_account,
                           ask_past_date=ask_past_date,
                           makes_accounts=not needs_account and accounts.may_create_accounts(conn, current_organiser()),
                           formats=[(fmt.id, str(FORMAT_NAMES.get(fmt.id, fmt.name)), fmt.summary)
                                    for fmt in formats.FORMATS.values()],
                           format_starts={fmt.id: formats.form_start(fmt, _OPEN_FORUM_START)
                                          for fmt in formats.FORMATS.values()},
                           role="organiser"), status


@bp.get("/organiser/")
@organiser_required
def home():
    return _home()


def _home_again(error):
    flash_refusal(error)
    return _home(400, request.form, ask_past_date=error.code == "event.date_in_past")


@bp.post("/organiser/events")
@organiser_required
@on_refusal(_home_again)
def create():
    event = events.create(get_db(), token_secret(), g.principal, _form_fields())
    return redirect(url_for("organiser.event", event_id=event.id))


def _event_page(event_id, status=200, form=None, ask_past_date=False):
    conn = get_db()
    event = events.get(conn, event_id)
    urls = role_urls(events.role_links(conn, token_secret(), g.principal, event_id))
    qr = {"leader": qr_svg(urls["leader"]), "projector": qr_svg(urls["projector"]),
          "participant": qr_svg(urls["participant"]),
          "tables": {entry["number"]: qr_svg(entry["secretary"]) for entry in urls["tables"]}}
    seat_plan = rotation.seat_plan(conn, event_id)
    values = event.public() | {"seats_per_table": seat_plan["per_table"] or ""}
    return render_template("organiser/event.html", event=event, urls=urls, qr=qr, form=form or values,
                           seat_plan=seat_plan, ask_past_date=ask_past_date,
                           checklist=checklist.checklist(conn, g.principal, event_id), role="organiser"), status


@bp.get("/organiser/events/<event_id>")
@organiser_required
def event(event_id):
    return _event_page(event_id)


def _event_page_again(error):
    flash_refusal(error)
    return _event_page(request.view_args["event_id"], status=400, form=request.form,
                       ask_past_date=error.code == "event.date_in_past")


@bp.post("/organiser/events/<event_id>")
@organiser_required
@on_refusal(_event_page_again)
def edit(event_id):
    events.edit(get_db(), token_secret(), g.principal, event_id, _form_fields())
    if "seats_per_table" in request.form:
        rotation.set_seats(get_db(), g.principal, event_id, request.form.get("seats_per_table"))
    flash(gettext("Ändringarna är sparade."), "info")
    return redirect(url_for("organiser.event", event_id=event_id))


@bp.post("/organiser/events/<event_id>/rotate")
@organiser_required
def rotate(event_id):
    events.replace_link(get_db(), token_secret(), g.principal, event_id, request.form.get("role", ""),
                  request.form.get("table", type=int))
    return redirect(url_for("organiser.event", event_id=event_id) + "#links")


@bp.get("/organiser/events/<event_id>/table-cards")
@organiser_required
def table_cards(event_id):
    """One A4 card per table: its number, its theme once set, and the QR code that joins at that table."""
    conn = get_db()
    shown = views.table_cards(conn, g.principal, event_id)
    urls = role_urls(events.role_links(conn, token_secret(), g.principal, event_id))
    cards = [table | {"url": f"{urls['participant']}?table={table['number']}"} for table in shown["tables"]]
    for card in cards:
        card["qr"] = qr_svg(card["url"])
    return render_template("organiser/table_cards.html", event=shown["event"], cards=cards, role="organiser")


@bp.get("/organiser/events/<event_id>/secret-links")
@organiser_required
def secret_links(event_id):
    """The sheet of secret role links (leaders, projector, each table's tablet): for the organiser only."""
    conn = get_db()
    event = events.get(conn, event_id)
    urls = role_urls(events.role_links(conn, token_secret(), g.principal, event_id))
    links = [{"name": gettext("Processledare"), "url": urls["leader"]},
             {"name": gettext("Projektor"), "url": urls["projector"]}]
    links += [{"name": gettext("Sekreterare, bord %(number)s", number=entry["number"]), "url": entry["secretary"]}
              for entry in urls["tables"]]
    for link in links:
        link["qr"] = qr_svg(link["url"])
    return render_template("organiser/secret_links.html", event=event, links=links, role="organiser")


@bp.get("/organiser/events/<event_id>/export")
@organiser_required
def export(event_id):
    """Download the evening's results; anonymous unless the organiser ticked "with names"."""
    file_format = request.args.get("format", "md")
    if file_format not in MEDIA_TYPES:
        return render_refusal("request.malformed", 400)
    current_app.logger.info("export: %s of event %s", file_format, event_id)
    names = request.args.get("names") == "1"
    return send_when_ready(("export", event_id, file_format, names, g.principal), export_file, g.principal, event_id,
                           file_format, names, filename=f"oppet-forum-{event_id}.{file_format}",
                           mimetype=MEDIA_TYPES[file_format])


@bp.post("/organiser/events/<event_id>/reset")
@organiser_required
@on_refusal(back_to(lambda: url_for("organiser.event", event_id=request.view_args["event_id"])))
def reset(event_id):
    """After a practice: the evening back before its start, the list and settings kept (asked first)."""
    if request.form.get("confirm") != "yes":
        return render_refusal("request.malformed", 400)
    phase_changes.reset_to_start(get_db(), g.principal, event_id)
    flash(gettext("Evenemanget är återställt till starten. Listan, borden och inställningarna finns kvar; allt "
                  "som skrevs under övningen är borta."), "info")
    return redirect(url_for("organiser.event", event_id=event_id) + "#practice")


@bp.post("/organiser/events/<event_id>/delete")
@organiser_required
def delete(event_id):
    if request.form.get("confirm") != "yes":
        return render_refusal("request.malformed", 400)
    events.delete(get_db(), g.principal, event_id)
    return redirect(url_for("organiser.home"))
