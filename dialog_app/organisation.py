"""The organisation's administrators: its accounts (remove, reset a password), its settings, its log.

Thin routes: each calls one command in :mod:`sessions.people.accounts` or
:mod:`sessions.people.organisations`, which check that the organiser is an administrator of the
organisation and that the account is one of its own.
"""

import datetime
import zoneinfo

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from dialog_app.auth import current_organiser, organiser_required
from dialog_app.db import get_db
from dialog_app.offload import run_blocking
from dialog_app.refusals import back_to, flash_refusal, on_refusal, render_refusal
from sessions.evening import events
from sessions.people import accounts, organisations, privacy

bp = Blueprint("organisation", __name__, url_prefix="/organiser")

# What each entry of the audit log says it was (the action codes the domain records).
AUDIT_ACTIONS = {
    "event.create": _l("Skapade evenemanget"),
    "event.edit": _l("Ändrade evenemanget"),
    "event.delete": _l("Tog bort evenemanget"),
    "event.balance_band": _l("Ändrade könsbalansens gränser"),
    "event.link_replaced": _l("Bytte en länk"),
    "people.add": _l("Lade till en person"),
    "people.edit": _l("Ändrade en person"),
    "people.delete": _l("Tog bort en person"),
    "people.import": _l("Importerade en lista"),
    "people.import_undone": _l("Ångrade en import"),
    "account.create": _l("Skapade kontot"),
    "account.remove": _l("Tog bort kontot"),
    "account.reset_password": _l("Bytte lösenord för kontot"),
    "organisation.settings": _l("Ändrade organisationens inställningar"),
    "people.export": _l("Laddade ner deltagarlistan med namn"),
    "followup.set": _l("Ändrade uppföljningen"),
    "strategy.upload": _l("Läste in strategin"),
}


@bp.app_template_filter("audit_action")
def audit_action(action: str, detail: dict) -> str:
    if action == "event.export":
        return gettext("Exporterade resultatet med namn") if detail.get("names") else gettext(
            "Exporterade resultatet utan namn")
    return str(AUDIT_ACTIONS.get(action, action))


@bp.app_template_filter("audit_time")
def audit_time(timestamp: float) -> str:
    # Swedish time, as the organisations' evenings are (an organisation has no zone of its own).
    zone = zoneinfo.ZoneInfo(events.DEFAULT_TIME_ZONE)
    return datetime.datetime.fromtimestamp(timestamp, zone).strftime("%Y-%m-%d %H:%M")


_back_to_accounts = back_to(lambda: url_for("organiser.account"))


@bp.post("/accounts/<username>/remove")
@organiser_required
@on_refusal(_back_to_accounts)
def remove_account(username):
    if request.form.get("confirm") != "yes":
        return render_refusal("request.malformed", 400)
    accounts.remove_account(get_db(), current_organiser(), username)
    flash(gettext("Kontot %(username)s är borttaget.", username=username), "info")
    return redirect(url_for("organiser.account"))


@bp.post("/accounts/<username>/password")
@organiser_required
@on_refusal(_back_to_accounts)
def reset_password(username):
    accounts.reset_password(get_db(), current_organiser(), username, request.form.get("password"),
                            run_hash=run_blocking)
    flash(gettext("Kontot %(username)s har fått ett nytt lösenord.", username=username), "info")
    return redirect(url_for("organiser.account"))


SETTINGS_FIELDS = ("name", "council", "balance_low", "balance_high", "retention_months")


def _settings_page(status: int = 200, form: dict | None = None):
    who = current_organiser()
    current = organisations.organisation_settings(get_db(), who.organisation_id)
    values = form or {"name": current.name, "council": current.council,
                      "balance_low": round(current.balance_low * 100),
                      "balance_high": round(current.balance_high * 100),
                      "retention_months": current.retention_months or ""}
    return render_template("organiser/settings.html", form=values, role="organiser",
                           default_retention=privacy.installation_retention_months()), status


def _settings_again(error):
    flash_refusal(error)
    return _settings_page(400, request.form)


@bp.get("/settings")
@organiser_required
def settings():
    organisations.require_administrator(get_db(), current_organiser())
    return _settings_page()


@bp.post("/settings")
@organiser_required
@on_refusal(_settings_again)
def change_settings():
    fields = {name: request.form.get(name, "") for name in SETTINGS_FIELDS if name in request.form}
    organisations.change_settings(get_db(), current_organiser(), fields)
    flash(gettext("Inställningarna är sparade."), "info")
    return redirect(url_for("organisation.settings"))


@bp.get("/audit")
@organiser_required
def audit():
    listed = organisations.audit_page(get_db(), current_organiser(), request.args.get("page", 1, type=int) or 1)
    return render_template("organiser/audit.html", listed=listed, role="organiser")
