"""The organiser's lists: people, import, check-in at the door, the balance dashboard, seating.

Every route here is the organiser's (logged in, CSRF-checked); names never leave this area except
to a table's own tablet (who sits there) and, when asked, the export.
"""

import csv
import functools
import io

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from werkzeug.exceptions import RequestEntityTooLarge

from dialog_app.auth import organiser_required
from dialog_app.db import get_db
from dialog_app.downloads import attachment
from dialog_app.i18n import error_message
from dialog_app.i18n.labels import GENDER_NAMES, STATUS_NAMES
from dialog_app.offload import run_cpu
from dialog_app.refusals import back_to, flash_refusal, form_back, on_refusal
from sessions.evening import events
from sessions.people import balance, import_rows, imports, memory, people
from sessions.people import seating as table_seating
from sessions.people.list_files import MAX_FILE_BYTES, MAX_ROWS
from sessions.people.people import PERSON_FIELDS

bp = Blueprint("people", __name__, url_prefix="/organiser/events/<event_id>")


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
    """The page's event as ``event``; an unknown event id (or another organisation's) is a clear 404."""

    @functools.wraps(view)
    def wrapped(**kwargs):
        return view(events.get(get_db(), g.event_id, g.principal), **kwargs)

    return wrapped


def _back(default_endpoint: str):
    return redirect(form_back(lambda: url_for(default_endpoint)))


# A refused form of the list goes back to where it came from (the list, or the check-in at the door).
_back_to_the_list = back_to(lambda: form_back(lambda: url_for("people.index")))


@bp.get("/people")
@organiser_required
@with_event
def index(event):
    query, page = request.args.get("q", ""), request.args.get("page", 1, type=int) or 1
    if people.search_key(query):
        # A search reads the whole list (5,000 people: 0.2 s): off the loop when it is long.
        listed = run_cpu(people.list_page, g.principal, event.id, query, page, with_db=True,
                         items=people.count_people(get_db(), g.principal, event.id))
    else:
        listed = people.list_page(get_db(), g.principal, event.id, query, page)
    last = imports.last_import(get_db(), g.principal, event.id)
    return render_template("people/index.html", event=event, listed=listed, people=listed.people, query=query,
                           status_choices=[(key, str(label)) for key, label in STATUS_NAMES.items()],
                           gender_labels={key: str(label) for key, label in GENDER_NAMES.items()},
                           last_import=last, last_outcome=_outcome_text(last) if last else "", max_rows=MAX_ROWS,
                           role="organiser")


@bp.post("/people")
@organiser_required
@on_refusal(_back_to_the_list)
def add():
    walk_in = request.form.get("walk_in") == "1"
    person_id = people.add_person(get_db(), g.principal, g.event_id,
                                  {name: request.form.get(name, "") for name in PERSON_FIELDS}, walk_in=walk_in)
    if walk_in:
        # The door sees the walk-in checked in, found by name, with the check-in's undo beside it.
        person = people.get_person(get_db(), g.principal, g.event_id, person_id)
        flash(gettext("%(name)s är tillagd och incheckad.", name=person.name), "info")
        return redirect(url_for("people.checkin", q=person.name))
    flash(gettext("Personen är tillagd."), "info")
    return _back("people.index")


def _edit_page(event, person):
    return render_template("people/edit.html", event=event, person=person, role="organiser")


def _edit_page_again(error):
    flash_refusal(error)
    conn = get_db()
    event = events.get(conn, g.event_id)
    return _edit_page(event, people.get_person(conn, g.principal, event.id, request.view_args["person_id"])), 400


@bp.route("/people/<person_id>", methods=["GET", "POST"])
@organiser_required
@on_refusal(_edit_page_again)
@with_event
def edit(event, person_id):
    person = people.get_person(get_db(), g.principal, event.id, person_id)
    if request.method == "POST":
        people.edit_person(get_db(), g.principal, event.id, person_id,
                           {name: request.form.get(name, "") for name in PERSON_FIELDS})
        flash(gettext("Ändringarna är sparade."), "info")
        return redirect(url_for("people.index"))
    return _edit_page(event, person)


@bp.post("/people/<person_id>/delete")
@organiser_required
@on_refusal(back_to(lambda: url_for("people.index")))
def delete(person_id):
    person = people.delete_person(get_db(), g.principal, g.event_id, person_id)
    flash(gettext("%(name)s är borttagen från listan.", name=person.name), "info")
    return redirect(url_for("people.index"))


@bp.post("/people/<person_id>/status")
@organiser_required
@on_refusal(_back_to_the_list)
def status(person_id):
    person = people.set_status(get_db(), g.principal, g.event_id, person_id, request.form.get("status", ""))
    if person.status == "attended":
        flash(gettext("%(name)s är incheckad.", name=person.name), "info")
    return _back("people.index")


@bp.post("/people/<person_id>/table")
@organiser_required
@on_refusal(_back_to_the_list)
def table(person_id):
    chosen = request.form.get("table", "")
    table_seating.seat_person(get_db(), g.principal, g.event_id, person_id, int(chosen) if chosen.isdigit() else None)
    return _back("people.index")


@bp.post("/seating")
@organiser_required
def seating():
    per_table = table_seating.suggest_seating(get_db(), g.principal, g.event_id)
    flash(ngettext("Bordsplaceringen är klar: %(num)s person placerad vid ett bord. Ändra bord per person i listan.",
                   "Bordsplaceringen är klar: %(num)s personer fördelade på borden. Ändra bord per person i listan.",
                   sum(per_table.values())), "info")
    return redirect(url_for("people.seating_page"))


@bp.get("/seating")
@organiser_required
@with_event
def seating_page(event):
    return render_template("people/seating.html", event=event,
                           shown=table_seating.seating(get_db(), g.principal, event.id),
                           role="organiser")


def _spreadsheet_safe(value):
    """A typed value that Excel would run as a formula (=, +, -, @) is written as text instead."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


@bp.get("/people.csv")
@organiser_required
@with_event
def download(event):
    """The list as the organiser keeps it, for Excel (semicolons, UTF-8 with BOM)."""
    listed = people.export_list(get_db(), g.principal, event.id)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["Namn", "Organisation", "Bransch/Sektor", "Kön", "Inbjuden av", "E-post", "Status", "Bord"])
    labels = {"woman": "Kvinna", "man": "Man", "unknown": "Annat/ej angivet", "invited": "Inbjuden",
              "registered": "Anmäld", "attended": "Deltog", "declined": "Avböjd", "no_show": "Uteblev"}
    for person in listed:
        writer.writerow([_spreadsheet_safe(value) for value in (
            person.name, person.organisation, person.sector, labels[person.gender], person.inviter,
            person.contact, labels[person.status], person.table_number or "")])
    return attachment("\ufeff" + out.getvalue(), "text/csv; charset=utf-8", f"deltagare-{event.id}.csv")


# --- import: read, preview (every row, paged), confirm once, undo -----------------------------------

@bp.before_request
def _limit_upload():
    # Refuse an oversized upload while it is read, before the CSRF check parses the form.
    if request.endpoint == "people.import_list":
        request.max_content_length = MAX_FILE_BYTES + 64 * 1024


@bp.errorhandler(RequestEntityTooLarge)
def _upload_too_large(error):
    flash(error_message("import.too_big", {}), "error")
    return redirect(url_for("people.index"))


@bp.post("/people/import")
@organiser_required
@on_refusal(back_to(lambda: url_for("people.index")))
@with_event
def import_list(event):
    """Step 1: read the file off the event loop and keep its rows; the preview has its own address."""
    upload = request.files.get("file")
    filename = (upload.filename or "") if upload else ""
    content = upload.read(MAX_FILE_BYTES + 1) if upload else b""
    current_app.logger.info("import: reading %s (%d bytes) for event %s", filename or "-", len(content), event.id)
    import_id = run_cpu(imports.start_import, g.principal, event.id, filename, content, with_db=True)
    current_app.logger.info("import: %s read as %s", filename or "-", import_id)
    return redirect(url_for("people.import_preview", import_id=import_id))


@bp.get("/people/import/<import_id>")
@organiser_required
@with_event
def import_preview(event, import_id):
    shown = run_cpu(imports.preview, g.principal, event.id, import_id, with_db=True)
    rows, page, pages = shown.page(request.args.get("page", 1, type=int) or 1)
    return render_template("people/import.html", event=event, shown=shown, rows=rows, page=page, pages=pages,
                           counts=shown.counts(), fields=import_rows.FIELDS, role="organiser",
                           defaults=import_rows.UNKNOWN_VALUE_DEFAULTS, page_size=import_rows.PAGE_SIZE,
                           problem=lambda row: error_message(row.problem["code"], row.problem))


def _choices_from_form() -> tuple[dict | None, dict]:
    """Column choices (``map_<index>``; None when the form has none) and meanings of unknown values
    (``status:<value>``, ``gender:<value>``)."""
    mapping = {key.removeprefix("map_"): value for key, value in request.form.items() if key.startswith("map_")} or None
    choices: dict[str, dict[str, str]] = {}
    for key, value in request.form.items():
        kind, _, spelled = key.partition(":")
        if kind in ("status", "gender", "before_evening") and spelled:
            choices.setdefault(kind, {})[spelled] = value
    return mapping, choices


def _outcome_text(outcome: dict) -> str:
    parts = [ngettext("%(num)s ny person", "%(num)s nya personer", outcome["added"]),
             ngettext("%(num)s uppdaterad", "%(num)s uppdaterade", outcome["updated"]),
             ngettext("%(num)s oförändrad", "%(num)s oförändrade", outcome["unchanged"])]
    if outcome["duplicates"]:
        parts.append(ngettext("%(num)s dubblett hoppades över", "%(num)s dubbletter hoppades över",
                              outcome["duplicates"]))
    if outcome["skipped"]:
        parts.append(ngettext("%(num)s rad utan namn hoppades över", "%(num)s rader utan namn hoppades över",
                              outcome["skipped"]))
    return ", ".join(parts)


def _preview_url() -> str:
    return url_for("people.import_preview", import_id=request.view_args["import_id"], page=request.form.get("page", 1))


@bp.post("/people/import/<import_id>/columns")
@organiser_required
@on_refusal(back_to(_preview_url))
def import_columns(import_id):
    """The organiser's choice of columns and of what unknown values mean; the preview is read again."""
    mapping, choices = _choices_from_form()
    imports.choose(get_db(), g.principal, g.event_id, import_id, mapping or {}, choices)
    return redirect(url_for("people.import_preview", import_id=import_id, page=request.form.get("page", 1)))


def _confirm_refused(error):
    """A confirm that cannot go ahead: changed choices go back to the preview to be looked at; a list
    already imported (a double click, a resubmission) says what that import did."""
    if error.code == "import.already_done" and error.params:
        flash(gettext("Listan är redan importerad: %(outcome)s. Inget har importerats en gång till.",
                      outcome=_outcome_text(error.params)), "info")
        return redirect(url_for("people.index"))
    flash_refusal(error, "info" if error.code == "import.review_changes" else "error")
    return redirect(url_for("people.import_preview", import_id=request.view_args["import_id"]))


@bp.post("/people/import/<import_id>/confirm")
@organiser_required
@on_refusal(_confirm_refused)
def import_confirm(import_id):
    """Step 2: import as previewed. A double click or a resubmission finds the import done."""
    mapping, choices = _choices_from_form()
    outcome = run_cpu(imports.confirm_import, g.principal, g.event_id, import_id, mapping=mapping,
                      choices=choices, with_db=True)
    flash(gettext("Listan är importerad: %(outcome)s.", outcome=_outcome_text(outcome)), "info")
    return redirect(url_for("people.index"))


@bp.post("/people/import/undo")
@organiser_required
@on_refusal(back_to(lambda: url_for("people.index")))
def import_undo():
    undone = imports.undo_last_import(get_db(), g.principal, g.event_id)
    message = gettext("Importen av %(filename)s är ångrad. Borttagna: %(removed)s. Återställda: %(restored)s.",
                      **undone)
    if undone["kept"]:
        message += " " + ngettext(
            "%(num)s person hade ändrats efter importen (till exempel checkats in) och lämnades orörd.",
            "%(num)s personer hade ändrats efter importen (till exempel checkats in) och lämnades orörda.",
            undone["kept"])
    flash(message, "info")
    return redirect(url_for("people.index"))


# --- at the door -------------------------------------------------------------------------------

CHECKIN_FOUND = 30  # people shown for one search at the door


@bp.get("/checkin")
@organiser_required
@with_event
def checkin(event):
    query = request.args.get("q", "")[:200]
    listed = run_cpu(people.list_page, g.principal, event.id, query, 1, CHECKIN_FOUND, with_db=True,
                     items=people.count_people(get_db(), g.principal, event.id)) if query.strip() else None
    more = max(0, listed.found - CHECKIN_FOUND) if listed else 0
    return render_template("people/checkin.html", event=event, query=query, role="organiser",
                           found=listed.people if listed else [], more=more,
                           expected=people.still_expected(get_db(), g.principal, event.id),
                           attended=people.checked_in_count(get_db(), g.principal, event.id))


_back_to_the_door = back_to(lambda: form_back(lambda: url_for("people.checkin")))


@bp.post("/checkin/<person_id>")
@organiser_required
@on_refusal(_back_to_the_door)
def check_in(person_id):
    person = people.check_in(get_db(), g.principal, g.event_id, person_id)
    flash(gettext("%(name)s är incheckad.", name=person.name), "info")
    return _back("people.checkin")


@bp.post("/checkin/<person_id>/undo")
@organiser_required
@on_refusal(_back_to_the_door)
def undo_check_in(person_id):
    person = people.undo_check_in(get_db(), g.principal, g.event_id, person_id)
    flash(gettext("Incheckningen av %(name)s är ångrad.", name=person.name), "info")
    return _back("people.checkin")


# --- the balance dashboard ---------------------------------------------------------------------

@bp.get("/dashboard")
@organiser_required
@with_event
def dashboard(event):
    shown = balance.dashboard(get_db(), g.principal, event.id)
    # Who on the list came before reads every event's list: off the event loop (bench/memory.py).
    shown["memory"] = run_cpu(memory.on_list, g.principal, event.id, with_db=True)
    return render_template("people/dashboard.html", event=event, shown=shown, role="organiser")


@bp.post("/dashboard/band")
@organiser_required
@on_refusal(back_to(lambda: url_for("people.dashboard")))
def band():
    events.set_balance_band(get_db(), g.principal, g.event_id, request.form.get("low"), request.form.get("high"))
    return redirect(url_for("people.dashboard"))
