"""Organisations in the domain: an organiser acts only on its own organisation's events, accounts
belong to one organisation, its settings are its events' defaults, and its commands are logged."""

import json

from sessions import storage
from sessions.documents import document, followup, render
from sessions.evening import events
from sessions.evening.demo import DEMO_EVENT
from sessions.ground import roles
from sessions.people import accounts, organisations, people
from support.evening import SECRET, refused

PASSWORD = "ett långt lösenord"


def _organisation(conn, username: str, name: str) -> accounts.Organiser:
    accounts.create_account(conn, accounts.COMMAND_LINE, username, PASSWORD, organisation=name)
    found = accounts.organiser_of(conn, username)
    assert found is not None
    return found


def test_an_organiser_acts_only_on_its_own_organisations_events(conn):
    sundsvall, ange = _organisation(conn, "anna", "Sundsvall"), _organisation(conn, "david", "Ånge")
    event = events.create(conn, SECRET.encode(), sundsvall.principal(), DEMO_EVENT)
    assert event.organisation_id == sundsvall.organisation_id
    refused("event.not_found", events.scoped, conn, ange.principal(), event.id)
    refused("event.not_found", events.get, conn, event.id, ange.principal())
    # A principal not scoped to the event is refused by every command, whichever event it names.
    refused("event.not_found", people.list_page, conn, sundsvall.principal(), event.id)
    refused("event.not_found", events.delete, conn, ange.principal(), event.id)
    own = events.scoped(conn, sundsvall.principal(), event.id)
    assert people.list_page(conn, own, event.id).total == 0
    assert [listed.id for listed in events.listed(conn, sundsvall.principal())] == [event.id]
    assert events.listed(conn, ange.principal()) == []
    assert roles.require_organisation(own, sundsvall.organisation_id) is None
    refused("format.not_found", roles.require_organisation, ange.principal(), sundsvall.organisation_id,
            "format.not_found")


def test_an_installation_before_organisations_goes_into_one(empty_database):
    conn = storage.connect(empty_database)
    try:
        storage.migrate(conn, up_to=18)
        with storage.transaction(conn):
            conn.execute("INSERT INTO organiser_account (username, password_hash, created_at, administrator)"
                         " VALUES ('anna', 'scrypt:x', 1000.0, 1)")
            conn.execute("INSERT INTO event (id, title, vision_question, deepen_question, table_count, created_at)"
                         " VALUES ('e1', 'Forum', 'Visionen', 'Hur', 6, 1000.0)")
        storage.migrate(conn)
        organisation = storage.fetch_organisation_by_name(conn, "Min organisation")
        assert organisation is not None
        anna = accounts.organiser_of(conn, "anna")
        assert anna is not None and anna.organisation_id == organisation.id
        assert len(events.listed(conn, anna.principal())) == 1
        organisations.rename_default(conn, "Sundsvalls kommun")
        assert organisations.organisation_settings(conn, organisation.id).name == "Sundsvalls kommun"
    finally:
        storage.close(conn)


def test_an_administrator_manages_only_its_own_organisations_accounts(conn):
    anna = _organisation(conn, "anna", "Sundsvall")
    david = _organisation(conn, "david", "Ånge")
    accounts.create_account(conn, anna, "bertil", PASSWORD)
    bertil = accounts.organiser_of(conn, "bertil")
    assert bertil is not None and bertil.organisation_id == anna.organisation_id
    assert not accounts.is_administrator(conn, "bertil")
    assert [account.username for account in accounts.organisation_accounts(conn, anna)] == ["anna", "bertil"]
    refused("account.not_found", accounts.remove_account, conn, david, "bertil")
    refused("account.not_found", accounts.reset_password, conn, david, "bertil", "ett nytt långt lösenord")
    refused("role.not_administrator", accounts.remove_account, conn, bertil, "anna")
    refused("account.last_administrator", accounts.remove_account, conn, anna, "anna")
    session = accounts.start_session(conn, "bertil")
    accounts.reset_password(conn, anna, "bertil", "ett nytt långt lösenord")
    assert not accounts.session_is_active(conn, session)
    assert accounts.check_login(conn, "bertil", "ett nytt långt lösenord")
    session = accounts.start_session(conn, "bertil")
    accounts.remove_account(conn, anna, "bertil")
    assert not accounts.session_is_active(conn, session)
    assert accounts.organiser_of(conn, "bertil") is None


def test_the_organisations_settings_are_its_events_defaults_and_its_reports_words(conn):
    anna = _organisation(conn, "anna", "Sundsvall")
    refused("dashboard.bad_band", organisations.change_settings, conn, anna,
            {"balance_low": "70", "balance_high": "60"})
    refused("organisation.bad_retention", organisations.change_settings, conn, anna, {"retention_months": "0"})
    settings = organisations.change_settings(conn, anna, {"name": "Sundsvalls kommun", "council": "regionfullmäktige",
                                                          "balance_low": "30", "balance_high": "70",
                                                          "retention_months": "6"})
    assert settings == organisations.OrganisationSettings("Sundsvalls kommun", "regionfullmäktige", 0.3, 0.7, 6)
    event = events.create(conn, SECRET.encode(), anna.principal(), DEMO_EVENT | {"organisation": ""})
    assert (event.balance_low, event.balance_high) == (0.3, 0.7)
    own = events.scoped(conn, anna.principal(), event.id)
    assert document.build_export(conn, own, event.id)["event"]["organisation"] == "Sundsvalls kommun"
    report = render.to_markdown(followup.followup_report(conn, own, event.id)).decode()
    assert "Sundsvalls kommun" in report and "återrapporteras till regionfullmäktige" in report


def test_the_audit_log_says_who_did_what_in_its_own_organisation(conn):
    anna, david = _organisation(conn, "anna", "Sundsvall"), _organisation(conn, "david", "Ånge")
    event = events.create(conn, SECRET.encode(), anna.principal(), DEMO_EVENT | {"title": "Forum i Sundsvall"})
    own = events.scoped(conn, anna.principal(), event.id)
    events.edit(conn, SECRET.encode(), own, event.id, {"place": "Stadshuset"})
    document.export_for_download(conn, own, event.id, include_names=True)
    document.export_for_download(conn, own, event.id)
    events.delete(conn, own, event.id)
    page = organisations.audit_page(conn, anna)
    assert [(entry.account, entry.action) for entry in page.entries] == [
        ("anna", "event.delete"), ("anna", "event.export"), ("anna", "event.export"), ("anna", "event.edit"),
        ("anna", "event.create"), (None, "account.create")]
    assert [json.loads(entry.detail).get("names") for entry in page.entries[1:3]] == [False, True]
    assert [entry.action for entry in organisations.audit_page(conn, david).entries] == ["account.create"]
    accounts.create_account(conn, anna, "bertil", PASSWORD)
    refused("role.not_administrator", organisations.audit_page, conn, accounts.organiser_of(conn, "bertil"))


def test_the_audit_log_is_paged_newest_first(conn):
    anna = _organisation(conn, "anna", "Sundsvall")
    event = events.create(conn, SECRET.encode(), anna.principal(), DEMO_EVENT)
    own = events.scoped(conn, anna.principal(), event.id)
    for number in range(organisations.AUDIT_PAGE_SIZE + 8):
        events.edit(conn, SECRET.encode(), own, event.id, {"place": f"Sal {number}"})
    first, last = organisations.audit_page(conn, anna), organisations.audit_page(conn, anna, 99)
    assert (first.total, first.pages, len(first.entries)) == (organisations.AUDIT_PAGE_SIZE + 10, 2, 50)
    assert (last.page, [entry.action for entry in last.entries]) == (2, ["event.edit"] * 8 + ["event.create",
                                                                                              "account.create"])
