"""The organiser's lists: people, import, check-in at the door, the balance dashboard, seating.

Every route here is the organiser's (logged in, CSRF-checked); names never leave this area except
to a table's own tablet (who sits there) and, when asked, the export.
"""

import base64
import binascii
import csv
import functools
import io

from flask import Blueprint, Response, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext

from dialog_app.auth import organiser_required, render_refusal
from dialog_app.db import get_db
from dialog_app.i18n import error_message
from sessions import people, service
from sessions.errors import DomainError
from sessions.invite_import import FIELDS, import_people, parse, read_table

bp = Blueprint("people", __name__, url_prefix="/organiser/events/<event_id>")

MAX_UPLOAD = 2 * 1024 * 1024
PERSON_FIELDS = ("name", "organisation", "sector", "gender", "inviter", "contact", "status")


def scope_to_event(blueprint: Blueprint) -> None:
    """Every route of ``blueprint`` is under one event: its id in ``g.event_id``, and in its own URLs."""

    @blueprint.url_value_preprocessor
    def _event(endpoint, values):
        g.event_id = values.pop("event_id")

    @blueprint.url_defaults
    def _event_default(endpoint, values):
        values.setdefault("event_id", g.get("event_id"))


scope_to_event(bp)


def with_event(view):
    """The page's event as ``event``; an unknown event id is a clear 404, not an error."""

    @functools.wraps(view)
    def wrapped(**kwargs):
        try:
            event = service.get_event(get_db(), g.event_id)
        except DomainError as error:
            return render_refusal(error.code, 404)
        return view(event, **kwargs)

    return wrapped


def _back(default_endpoint: str):
    target = request.form.get("back") or ""
    return redirect(target if target.startswith("/organiser/") else url_for(default_endpoint))


@bp.get("/people")
@organiser_required
@with_event
def index(event):
    listed = people.list_people(get_db(), g.principal, event.id, request.args.get("q", ""))
    return render_template("people/index.html", event=event, people=listed, query=request.args.get("q", ""),
                           role="organiser")


@bp.post("/people")
@organiser_required
def add():
    walk_in = request.form.get("walk_in") == "1"
    try:
        people.add_person(get_db(), g.principal, g.event_id,
                          {name: request.form.get(name, "") for name in PERSON_FIELDS}, walk_in=walk_in)
    except DomainError as error:
        flash(error_message(error.code, error.params), "error")
    else:
        flash(gettext("Personen är tillagd."), "info")
    return _back("people.index")


@bp.route("/people/<person_id>", methods=["GET", "POST"])
@organiser_required
@with_event
def edit(event, person_id):
    try:
        person = people.get_person(get_db(), g.principal, event.id, person_id)
        if request.method == "POST":
            people.edit_person(get_db(), g.principal, event.id, person_id,
                               {name: request.form.get(name, "") for name in PERSON_FIELDS})
            flash(gettext("Ändringarna är sparade."), "info")
            return redirect(url_for("people.index"))
    except DomainError as error:
        if error.code == "person.not_found":
            return render_refusal(error.code, 404)
        flash(error_message(error.code, error.params), "error")
    return render_template("people/edit.html", event=event, person=person, role="organiser")


@bp.post("/people/<person_id>/status")
@organiser_required
def status(person_id):
    try:
        person = people.set_status(get_db(), g.principal, g.event_id, person_id, request.form.get("status", ""))
    except DomainError as error:
        flash(error_message(error.code, error.params), "error")
    else:
        if person.status == "attended":
            flash(gettext("%(name)s är incheckad.", name=person.name), "info")
    return _back("people.index")


@bp.post("/people/<person_id>/table")
@organiser_required
def table(person_id):
    chosen = request.form.get("table", "")
    try:
        people.seat_person(get_db(), g.principal, g.event_id, person_id, int(chosen) if chosen.isdigit() else None)
    except DomainError as error:
        flash(error_message(error.code, error.params), "error")
    return _back("people.index")


@bp.post("/seating")
@organiser_required
def seating():
    per_table = people.suggest_seating(get_db(), g.principal, g.event_id)
    flash(gettext("Förslaget är klart: %(count)s personer fördelade på borden. Ändra bord per person i listan.",
                  count=sum(per_table.values())), "info")
    return redirect(url_for("people.index"))


def _spreadsheet_safe(value):
    """A typed value that Excel would run as a formula (=, +, -, @) is written as text instead."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


@bp.get("/people.csv")
@organiser_required
def download():
    """The list as the organiser keeps it, for Excel (semicolons, UTF-8 with BOM)."""
    listed = people.list_people(get_db(), g.principal, g.event_id)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["Namn", "Organisation", "Bransch/Sektor", "Kön", "Inbjuden av", "E-post", "Status", "Bord"])
    labels = {"woman": "Kvinna", "man": "Man", "unknown": "Annat/ej angivet", "invited": "Inbjuden",
              "registered": "Anmäld", "attended": "Deltog", "declined": "Avböjd", "no_show": "Uteblev"}
    for person in listed:
        writer.writerow([_spreadsheet_safe(value) for value in (
            person.name, person.organisation, person.sector, labels[person.gender], person.inviter,
            person.contact, labels[person.status], person.table_number or "")])
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="deltagare-{g.event_id}.csv"'})


# --- import with a preview ---------------------------------------------------------------------

@bp.post("/people/import")
@organiser_required
@with_event
def import_list(event):
    """Step 1 (a file): show the columns as understood and every bad row. Step 2 (confirm): import."""
    upload = request.files.get("file")
    try:
        if upload is not None and upload.filename:
            content, filename = upload.read(MAX_UPLOAD + 1), upload.filename
        else:
            content, filename = base64.b64decode(request.form.get("content", ""), validate=True), \
                request.form.get("filename", "")
        if not content:
            raise DomainError("import.empty")
        if len(content) > MAX_UPLOAD:
            raise DomainError("import.too_big")
        header, rows = read_table(filename, content)
        mapping = None
        if "map_0" in request.form:
            mapping = {index: request.form.get(f"map_{index}", "") for index in range(len(header))}
        parsed = parse(header, rows, mapping)
        if request.form.get("confirm") == "1" and not parsed.errors:
            count = import_people(get_db(), g.principal, event.id, parsed)
            flash(gettext("%(count)s personer är importerade.", count=count), "info")
            return redirect(url_for("people.index"))
    except (DomainError, binascii.Error) as error:
        code = error.code if isinstance(error, DomainError) else "import.unreadable"
        flash(error_message(code, getattr(error, "params", {})), "error")
        return redirect(url_for("people.index"))
    return render_template("people/import.html", event=event, parsed=parsed, fields=FIELDS, filename=filename,
                           content=base64.b64encode(content).decode(), preview=parsed.rows[:10],
                           errors=[dict(error, message=error_message(error["code"], {})) for error in parsed.errors],
                           role="organiser")


# --- at the door -------------------------------------------------------------------------------

@bp.get("/checkin")
@organiser_required
@with_event
def checkin(event):
    query = request.args.get("q", "")
    found = people.list_people(get_db(), g.principal, event.id, query) if query.strip() else []
    return render_template("people/checkin.html", event=event, query=query, found=found[:30], role="organiser",
                           attended=people.figures(get_db(), g.principal, event.id)["funnel"]["attended"])


# --- the balance dashboard ---------------------------------------------------------------------

@bp.get("/dashboard")
@organiser_required
@with_event
def dashboard(event):
    shown = people.figures(get_db(), g.principal, event.id, (event.balance_low, event.balance_high))
    return render_template("people/dashboard.html", event=event, shown=shown, role="organiser")


@bp.post("/dashboard/band")
@organiser_required
def band():
    try:
        low, high = float(request.form.get("low", "")) / 100, float(request.form.get("high", "")) / 100
        if not 0 <= low < high <= 1:
            raise ValueError
    except ValueError:
        flash(error_message("dashboard.bad_band", {}), "error")
    else:
        service.set_balance_band(get_db(), g.principal, g.event_id, low, high)
    return redirect(url_for("people.dashboard"))
