"""The yearly follow-up at a programme's level: each theme across events gets a status by the event's rules,
its history is kept, and the council's report says per theme its status and whether the strategy takes it up."""

import uuid

from sessions.documents import followup, programme, render
from sessions.evening import events, ideas
from sessions.evening.demo import DEMO_EVENT, create_demo_event
from sessions.ground import roles
from sessions.ground.roles import Role
from sessions.people import accounts
from support.evening import SECRET, in_phase, principal, refused


def _grouped(texts, n_themes):
    """Building permits in one theme, the rest in another: the test's own grouping, not the tool's."""
    permits = [i for i, text in enumerate(texts) if "ygglov" in text]
    return [("Bygglov", permits), ("Resor", [i for i in range(len(texts)) if i not in permits])]


def _programme(conn, owner=roles.ORGANISER, event_ids=None):
    if event_ids is None:
        forum = create_demo_event(conn, SECRET.encode(), format_id="oppet-forum")
        breakfast = create_demo_event(conn, SECRET.encode(), format_id="frukostmote")
        in_phase(conn, forum, "brainstorm")
        in_phase(conn, breakfast, "brainstorm")
        for text in ("Snabbare bygglov för företagen", "Bättre pendeltåg"):
            ideas.add(conn, principal(forum, Role.SECRETARY, 1), str(uuid.uuid4()), text)
        ideas.add(conn, principal(breakfast, Role.SECRETARY, 2), str(uuid.uuid4()), "Kortare handläggning av bygglov")
        event_ids = [forum.id, breakfast.id]
    made = programme.create(conn, owner, "Underlag till näringslivsstrategin 2027", event_ids)
    programme.suggest(conn, owner, made.id, _grouped)
    return made


def _key(conn, made, number=1) -> str:
    found, _ = programme.get(conn, roles.ORGANISER, made.id)
    return programme.themes_of(found)[number - 1]["key"]


def test_a_programmes_theme_gets_a_status_with_its_history(conn, clock):
    made = _programme(conn)
    key = _key(conn, made)
    clock.moment = 1_700_000_000.0
    first = followup.set_programme_followup(conn, roles.ORGANISER, made.id, key,
                                            {"status": "planned", "responsible": "Näringslivsenheten"}, "anna")
    assert first is not None and (first.status, first.responsible, first.changed_by) == (
        "planned", "Näringslivsenheten", "anna")
    # The same form sent twice changes nothing; renaming the theme keeps its follow-up.
    assert followup.set_programme_followup(conn, roles.ORGANISER, made.id, key,
                                           {"status": "planned", "responsible": "Näringslivsenheten"}, "anna") is None
    programme.rename_theme(conn, roles.ORGANISER, made.id, 1, "Snabbare bygglov")
    clock.moment += 86_400
    followup.set_programme_followup(conn, roles.ORGANISER, made.id, key,
                                    {"status": "done", "responsible": "Näringslivsenheten",
                                     "status_date": "2027-03-01", "note": "Bygglov på tre veckor."}, "bertil")
    themes = followup.programme_overview(conn, roles.ORGANISER, made.id)
    assert [item.theme.text for item in themes] == ["Snabbare bygglov", "Resor"]
    permits = themes[0]
    assert permits.theme.current.status == "done" and permits.theme.current.status_date == "2027-03-01"
    assert [(entry.status, entry.changed_by, entry.changed) for entry in permits.theme.history] == [
        ("planned", "anna", ("status", "note", "responsible", "status_date")),
        ("done", "bertil", ("status", "note", "status_date"))]
    assert "Kortare handläggning av bygglov (Frukostmöte med näringslivsrådet)" in permits.priorities
    assert themes[1].theme.current is None and themes[1].theme.history == []


def test_a_programmes_follow_up_is_refused_by_the_events_rules(conn):
    made = _programme(conn)
    key = _key(conn, made)
    refused("followup.bad_status", followup.set_programme_followup, conn, roles.ORGANISER, made.id, key,
            {"status": "klar"}, "anna")
    refused("followup.bad_date", followup.set_programme_followup, conn, roles.ORGANISER, made.id, key,
            {"status": "done", "status_date": "1 mars"}, "anna")
    refused("followup.not_found", followup.set_programme_followup, conn, roles.ORGANISER, made.id, "nej",
            {"status": "done"}, "anna")
    refused("programme.not_found", followup.set_programme_followup, conn, roles.ORGANISER, "nej", key,
            {"status": "done"}, "anna")
    assert all(item.theme.history == [] for item in followup.programme_overview(conn, roles.ORGANISER, made.id))


def test_another_organisations_programme_is_unknown_to_its_follow_up(conn):
    accounts.create_account(conn, accounts.COMMAND_LINE, "anna", "ett långt lösenord", organisation="Sundsvall")
    accounts.create_account(conn, accounts.COMMAND_LINE, "david", "ett långt lösenord", organisation="Ånge")
    sundsvall, ange = accounts.organiser_of(conn, "anna"), accounts.organiser_of(conn, "david")
    event = events.create(conn, SECRET.encode(), sundsvall.principal(), DEMO_EVENT)
    in_phase(conn, event, "brainstorm")
    ideas.add(conn, principal(event, Role.SECRETARY, 1), str(uuid.uuid4()), "Snabbare bygglov")
    ideas.add(conn, principal(event, Role.SECRETARY, 1), str(uuid.uuid4()), "Bättre pendeltåg")
    made = _programme(conn, sundsvall.principal(), [event.id])
    key = _key(conn, made)
    refused("programme.not_found", followup.set_programme_followup, conn, ange.principal(), made.id, key,
            {"status": "done"}, "david")
    refused("programme.not_found", followup.programme_overview, conn, ange.principal(), made.id)
    refused("programme.not_found", followup.programme_followup_report, conn, ange.principal(), made.id)
    assert followup.set_programme_followup(conn, sundsvall.principal(), made.id, key, {"status": "done"}, "anna")


def test_the_programmes_report_says_each_themes_status_and_whether_the_strategy_takes_it_up(conn, clock):
    made = _programme(conn)
    clock.moment = 1_700_000_000.0
    followup.set_programme_followup(conn, roles.ORGANISER, made.id, _key(conn, made),
                                    {"status": "in_progress", "responsible": "Samhällsbyggnad"}, "anna")
    without = render.render(followup.programme_followup_report(conn, roles.ORGANISER, made.id), "md").decode()
    assert "# Uppföljning" in without and "Underlag till näringslivsstrategin 2027" in without
    assert "| Bygglov | Ej prövat | Pågår | Samhällsbyggnad |" in without
    assert "| Resor | Ej prövat | – |  |" in without
    assert "Programmet samlade 2 teman från 2 dialoger." in without
    assert "Ingen strategi är inläst" in without and "Förslag" not in without
    strategy = b"# Strategi\n\nKommunen ska korta handl\xc3\xa4ggningen av bygglov f\xc3\xb6r f\xc3\xb6retagen.\n"
    found = programme.imprint_on(conn, roles.ORGANISER, made.id, "strategi.md", strategy)
    shown = render.render(followup.programme_followup_report(conn, roles.ORGANISER, made.id, found), "md").decode()
    rows = {line.split("|")[1].strip(): line.split("|")[2].strip() for line in shown.splitlines()
            if line.startswith("| Bygglov") or line.startswith("| Resor")}
    assert rows["Bygglov"].startswith("Tas upp") and rows["Resor"].startswith("Syns inte")
    assert "Ingen strategi är inläst" not in shown
    docx = render.render(followup.programme_followup_report(conn, roles.ORGANISER, made.id, found), "docx")
    assert docx[:2] == b"PK"


def test_a_theme_suggested_again_under_its_title_keeps_its_follow_up(conn):
    made = _programme(conn)
    followup.set_programme_followup(conn, roles.ORGANISER, made.id, _key(conn, made), {"status": "done"}, "anna")
    programme.suggest(conn, roles.ORGANISER, made.id, _grouped)
    themes = followup.programme_overview(conn, roles.ORGANISER, made.id)
    assert [(item.theme.text, item.theme.current.status if item.theme.current else None) for item in themes] == [
        ("Bygglov", "done"), ("Resor", None)]
