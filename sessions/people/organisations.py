"""An organisation's settings and its audit log, both for its administrators.

The settings are what the organisation's events start from and what its documents say:
its name (the author of every report unless an event names another), the council the follow-up
reports to, the balance band of a new event, and how many months after an event its people's
names are kept (the removal itself reads ``organisation_settings(...).retention_months``).
"""

import json
import math
from dataclasses import dataclass

from sessions import storage
from sessions.evening import audit
from sessions.ground.errors import DomainError
from sessions.ground.models import AuditEntry
from sessions.ground.text import normalise_text
from sessions.people import accounts

COUNCIL_MAX_LENGTH = 200
MAX_RETENTION_MONTHS = 120
AUDIT_PAGE_SIZE = 50
DEFAULT_COUNCIL = "kommunfullmäktige"


@dataclass(frozen=True)
class OrganisationSettings:
    name: str
    council: str
    balance_low: float
    balance_high: float
    retention_months: int | None  # None: the installation's period (sessions.people.privacy.retention_months)


def organisation_settings(conn: storage.Connection, organisation_id: int | None) -> OrganisationSettings:
    """An organisation's settings (an event made before any organisation gets the defaults)."""
    found = storage.fetch_organisation(conn, organisation_id) if organisation_id is not None else None
    if found is None:
        return OrganisationSettings("", DEFAULT_COUNCIL, 0.4, 0.6, None)
    return OrganisationSettings(found.name, found.council, found.balance_low, found.balance_high,
                                found.retention_months)


def require_administrator(conn: storage.Connection, who: accounts.Organiser) -> int:
    """The administrator's organisation; anyone else is refused."""
    if who.organisation_id is None or not accounts.is_administrator(conn, who.username):
        raise DomainError("role.not_administrator")
    return who.organisation_id


def _band(low_percent, high_percent) -> tuple[float, float]:
    try:
        low, high = float(low_percent) / 100, float(high_percent) / 100
    except (TypeError, ValueError):
        raise DomainError("dashboard.bad_band") from None
    if not (math.isfinite(low) and math.isfinite(high) and 0 <= low < high <= 1):
        raise DomainError("dashboard.bad_band")
    return low, high


def _retention(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        months = int(value)
    except (TypeError, ValueError):
        raise DomainError("organisation.bad_retention", limit=MAX_RETENTION_MONTHS) from None
    if not 1 <= months <= MAX_RETENTION_MONTHS:
        raise DomainError("organisation.bad_retention", limit=MAX_RETENTION_MONTHS)
    return months


def change_settings(conn: storage.Connection, who: accounts.Organiser, fields: dict) -> OrganisationSettings:
    """An administrator changes its organisation's settings (the fields given, as typed in the form:
    ``name``, ``council``, ``balance_low`` and ``balance_high`` in percent, ``retention_months``)."""
    organisation_id = require_administrator(conn, who)
    cleaned: dict = {}
    if "name" in fields:
        cleaned["name"] = accounts.organisation_name(fields["name"])
    if "council" in fields:
        council = normalise_text(fields["council"], one_line=True)
        if not council or len(council) > COUNCIL_MAX_LENGTH:
            raise DomainError("organisation.bad_council", limit=COUNCIL_MAX_LENGTH)
        cleaned["council"] = council
    if "balance_low" in fields or "balance_high" in fields:
        cleaned["balance_low"], cleaned["balance_high"] = _band(fields.get("balance_low"), fields.get("balance_high"))
    if "retention_months" in fields:
        cleaned["retention_months"] = _retention(fields["retention_months"])
    with storage.transaction(conn):
        if "name" in cleaned:
            same = storage.fetch_organisation_by_name(conn, cleaned["name"])
            if same is not None and same.id != organisation_id:
                raise DomainError("organisation.exists")
        storage.update_organisation(conn, organisation_id, cleaned)
        audit.record(conn, who.principal(), "organisation.settings", "", fields=sorted(cleaned))
    return organisation_settings(conn, organisation_id)


def rename_default(conn: storage.Connection, name: str) -> None:
    """The organisation the migration made ("Min organisation") takes the name the installation's
    setting gives (ORGANISATION_NAME), while it still has the migration's name."""
    name = accounts.organisation_name(name)
    with storage.transaction(conn):
        made = storage.fetch_organisation_by_name(conn, accounts.DEFAULT_ORGANISATION)
        if made is not None and storage.fetch_organisation_by_name(conn, name) is None:
            storage.update_organisation(conn, made.id, {"name": name})


@dataclass(frozen=True)
class AuditPage:
    entries: list[AuditEntry]
    page: int
    pages: int
    total: int

    def details(self, entry: AuditEntry) -> dict:
        return json.loads(entry.detail or "{}")


def audit_page(conn: storage.Connection, who: accounts.Organiser, page: int = 1) -> AuditPage:
    """One page of the organisation's audit log, newest first, for its administrators."""
    organisation_id = require_administrator(conn, who)
    total = storage.count_audit_entries(conn, organisation_id)
    pages = max(1, math.ceil(total / AUDIT_PAGE_SIZE))
    page = min(max(1, page), pages)
    entries = storage.fetch_audit_entries(conn, organisation_id, AUDIT_PAGE_SIZE, (page - 1) * AUDIT_PAGE_SIZE)
    return AuditPage(entries, page, pages, total)
