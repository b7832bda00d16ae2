"""The evening's rules, tested on the domain alone (no Flask)."""

import uuid

import pytest

from sessions import storage
from sessions.evening import events, ideas, phase_changes, priorities, tokens, views
from sessions.evening.demo import DEMO_EVENT
from sessions.evening.tokens import hash_token
from sessions.ground import roles
from sessions.ground.models import Phase
from sessions.ground.roles import Role
from support.evening import SECRET, advance, back, in_phase, principal, refused


def new_id() -> str:
    return str(uuid.uuid4())


# --- events --------------------------------------------------------------------------------------

def test_new_event_starts_in_setup_with_six_tables(conn, event):
    assert event.phase is Phase.SETUP
    assert event.table_count == 6
    assert views.screen(conn, principal(event, Role.PROJECTOR))["tables"][5]["number"] == 6


def test_event_needs_a_title_and_both_questions(conn):
    error = refused("event.field_missing", events.create, conn, SECRET.encode(), roles.ORGANISER,
                    {**DEMO_EVENT, "title": "   "})
    assert error.params["field"] == "title"
    refused("event.field_missing", events.create, conn, SECRET.encode(), roles.ORGANISER,
            {"title": "Kväll", "vision_question": "Fråga?"})


@pytest.mark.parametrize("count", [0, 61, "sex", None])
def test_table_count_must_be_sensible(conn, count):
    refused("event.bad_table_count", events.create, conn, SECRET.encode(), roles.ORGANISER,
            {**DEMO_EVENT, "table_count": count})


def test_only_an_organiser_creates_events(conn, event):
    refused("role.forbidden", events.create, conn, SECRET.encode(), principal(event, Role.LEADER), DEMO_EVENT)


def test_table_count_is_fixed_once_the_evening_has_begun(conn, event):
    in_phase(conn, event, "warmup")
    refused("phase.not_allowed", events.edit, conn, SECRET.encode(), roles.ORGANISER, event.id,
            {"table_count": 8})
    edited = events.edit(conn, SECRET.encode(), roles.ORGANISER, event.id, {"title": "Ny rubrik"})
    assert edited.title == "Ny rubrik" and edited.table_count == 6


def test_more_tables_in_setup_get_their_own_secretary_links(conn, event):
    events.edit(conn, SECRET.encode(), roles.ORGANISER, event.id, {"table_count": 8})
    links = events.role_links(conn, SECRET.encode(), roles.ORGANISER, event.id)
    assert sorted(links["secretaries"]) == list(range(1, 9))
    assert tokens.resolve(conn, links["secretaries"][8]) == principal(event, Role.SECRETARY, 8)


def test_deleting_an_event_erases_what_was_typed(conn, event):
    in_phase(conn, event, "brainstorm")
    ideas.add(conn, principal(event, Role.SECRETARY, 1), new_id(), "Snabbare bygglov")
    links = events.role_links(conn, SECRET.encode(), roles.ORGANISER, event.id)
    events.delete(conn, roles.ORGANISER, event.id)
    assert conn.execute("SELECT COUNT(*) FROM idea").fetchone()[0] == 0
    refused("token.invalid", tokens.resolve, conn, links["leader"])


# --- tokens --------------------------------------------------------------------------------------

def test_every_role_token_resolves_to_its_role_and_table(conn, event):
    links = events.role_links(conn, SECRET.encode(), roles.ORGANISER, event.id)
    assert tokens.resolve(conn, links["leader"]) == principal(event, Role.LEADER)
    assert tokens.resolve(conn, links["projector"]) == principal(event, Role.PROJECTOR)
    assert tokens.resolve(conn, links["secretaries"][3]) == principal(event, Role.SECRETARY, 3)


def test_tokens_are_long_and_stored_only_as_hashes(conn, event):
    links = events.role_links(conn, SECRET.encode(), roles.ORGANISER, event.id)
    stored = {row[0] for row in conn.execute("SELECT token_hash FROM access_token")}
    assert len(links["leader"]) >= 40
    assert links["leader"] not in stored
    assert hash_token(links["leader"]) in stored


@pytest.mark.parametrize("token", ["", "short", None, 42, "x" * 43])
def test_unknown_tokens_are_refused(conn, event, token):
    refused("token.invalid", tokens.resolve, conn, token)


def test_a_new_link_shuts_out_the_old_one(conn, event):
    old = events.role_links(conn, SECRET.encode(), roles.ORGANISER, event.id)["secretaries"][2]
    events.replace_link(conn, SECRET.encode(), roles.ORGANISER, event.id, "secretary", 2)
    new = events.role_links(conn, SECRET.encode(), roles.ORGANISER, event.id)["secretaries"][2]
    assert new != old
    refused("token.invalid", tokens.resolve, conn, old)
    assert tokens.resolve(conn, new).table_number == 2


def test_tokens_of_another_server_secret_open_nothing(conn, event):
    other = events.create(conn, b"another-secret", roles.ORGANISER, DEMO_EVENT)
    links = events.role_links(conn, SECRET.encode(), roles.ORGANISER, other.id)
    refused("token.invalid", tokens.resolve, conn, links["leader"])


# --- phases --------------------------------------------------------------------------------------

def test_a_second_press_from_a_page_that_saw_the_old_phase_changes_nothing(conn, event):
    leader = principal(event, Role.LEADER)
    assert phase_changes.advance(conn, leader, expected="setup").phase is Phase.WARMUP
    # A double click, or a second leader pressing at the same moment: both pages showed "setup".
    error = refused("phase.changed", phase_changes.advance, conn, leader, expected="setup")
    assert error.params == {"phase": "warmup"}
    refused("phase.changed", phase_changes.back, conn, leader, expected="brainstorm")
    refused("phase.changed", phase_changes.advance, conn, leader, expected=None)
    assert events.get(conn, event.id).phase is Phase.WARMUP
    assert [record.phase.value for record in storage.fetch_phase_log(conn, event.id)] == ["setup", "warmup"]


def test_a_timer_changed_by_someone_else_is_not_overwritten(conn, event):
    leader = principal(event, Role.LEADER)
    first = phase_changes.set_timer(conn, leader, 10, expected_ends_at=None)
    # The second click of a double click still believes no countdown runs.
    refused("timer.changed", phase_changes.set_timer, conn, leader, 5, expected_ends_at=None)
    assert events.get(conn, event.id).timer_ends_at == first.timer_ends_at
    assert phase_changes.set_timer(conn, leader, 0, expected_ends_at=first.timer_ends_at).timer_ends_at is None


def test_only_the_leader_moves_the_evening(conn, event):
    refused("role.forbidden", advance, conn, principal(event, Role.SECRETARY, 1))
    refused("role.forbidden", advance, conn, principal(event, Role.PROJECTOR))
    assert advance(conn, principal(event, Role.LEADER)).phase is Phase.WARMUP


def test_going_back_a_phase_keeps_every_idea(conn, event):
    in_phase(conn, event, "brainstorm")
    ideas.add(conn, principal(event, Role.SECRETARY, 1), new_id(), "Fler mötesplatser")
    leader = principal(event, Role.LEADER)
    advance(conn, leader)
    assert back(conn, leader).phase is Phase.BRAINSTORM
    assert back(conn, leader).phase is Phase.WARMUP
    in_phase(conn, event, "brainstorm")
    texts = [idea["text"] for idea in views.tablet(conn, principal(event, Role.SECRETARY, 1))["ideas"]]
    assert texts == ["Fler mötesplatser"]


def test_leaving_prioritise_with_tables_short_of_two_needs_confirmation(conn, event):
    in_phase(conn, event, "prioritise")
    leader = principal(event, Role.LEADER)
    error = refused("phase.priorities_incomplete", advance, conn, leader)
    assert error.params["tables"] == [1, 2, 3, 4, 5, 6]
    assert events.get(conn, event.id).phase is Phase.PRIORITISE
    assert advance(conn, leader, force=True).phase is Phase.THEMING


def test_phase_log_records_when_each_phase_ran(conn, event):
    in_phase(conn, event, "brainstorm")
    log = storage.fetch_phase_log(conn, event.id)
    assert [record.phase.value for record in log] == ["setup", "warmup", "brainstorm"]
    assert log[0].ended_at is not None and log[-1].ended_at is None


def test_timer_counts_down_from_minutes_and_clears_on_phase_change(conn, event, clock):
    leader = principal(event, Role.LEADER)
    timed = phase_changes.set_timer(conn, leader, 10, expected_ends_at=None)
    assert timed.timer_ends_at == clock.moment + 600
    refused("timer.invalid", phase_changes.set_timer, conn, leader, -5, expected_ends_at=timed.timer_ends_at)
    refused("timer.invalid", phase_changes.set_timer, conn, leader, "soon", expected_ends_at=timed.timer_ends_at)
    assert advance(conn, leader).timer_ends_at is None


# --- ideas ---------------------------------------------------------------------------------------

@pytest.fixture
def brainstorm(conn, event):
    in_phase(conn, event, "brainstorm")
    return principal(event, Role.SECRETARY, 1)


def test_an_idea_sent_twice_is_stored_once(conn, event, brainstorm):
    idea_id = new_id()
    first, first_new = ideas.add(conn, brainstorm, idea_id, "Företagslots")
    again, again_new = ideas.add(conn, brainstorm, idea_id, "Företagslots")
    assert (first_new, again_new) == (True, False)
    assert again == first
    assert conn.execute("SELECT COUNT(*) FROM idea").fetchone()[0] == 1


def test_a_resent_idea_is_accepted_after_the_phase_moved_on(conn, event, brainstorm):
    idea_id = new_id()
    ideas.add(conn, brainstorm, idea_id, "Fiber till alla")
    in_phase(conn, event, "theming")
    _, is_new = ideas.add(conn, brainstorm, idea_id, "Fiber till alla")
    assert is_new is False


def test_an_idea_id_of_another_table_is_refused(conn, event, brainstorm):
    idea_id = new_id()
    ideas.add(conn, brainstorm, idea_id, "Bord ett")
    refused("request.bad_id", ideas.add, conn, principal(event, Role.SECRETARY, 2), idea_id, "Bord två")


@pytest.mark.parametrize("text", ["", "   \n ", None, 17])
def test_an_empty_idea_is_refused(conn, event, brainstorm, text):
    refused("idea.empty", ideas.add, conn, brainstorm, new_id(), text)
    assert conn.execute("SELECT COUNT(*) FROM idea").fetchone()[0] == 0


def test_an_idea_over_500_characters_is_refused_and_501_is_counted(conn, event, brainstorm):
    error = refused("idea.too_long", ideas.add, conn, brainstorm, new_id(), "a" * 501)
    assert error.params == {"limit": 500, "length": 501}
    idea, _ = ideas.add(conn, brainstorm, new_id(), "å" * 500)
    assert len(idea.text) == 500


def test_swedish_letters_typed_either_way_are_one_letter(conn, event, brainstorm):
    idea, _ = ideas.add(conn, brainstorm, new_id(), "  Na\u0308ringsliv i ga\u030arden  ")
    assert idea.text == "Näringsliv i gården"


@pytest.mark.parametrize("bad_id", ["", "not-a-uuid", None, 12])
def test_an_idea_needs_a_client_made_uuid(conn, event, brainstorm, bad_id):
    refused("request.bad_id", ideas.add, conn, brainstorm, bad_id, "Idé")


def test_ideas_outside_the_writing_phases_are_refused(conn, event):
    refused("phase.not_allowed", ideas.add, conn, principal(event, Role.SECRETARY, 1), new_id(), "För tidigt")
    assert conn.execute("SELECT COUNT(*) FROM idea").fetchone()[0] == 0


def test_a_secretary_cannot_write_for_another_table(conn, event, brainstorm):
    error = refused("role.other_table", ideas.add, conn, brainstorm, new_id(), "Smygidé", 2)
    assert error.params["table"] == 2
    refused("table.unknown", ideas.add, conn, brainstorm, new_id(), "Bord sju", 7)
    assert conn.execute("SELECT COUNT(*) FROM idea").fetchone()[0] == 0


def test_leader_and_projector_cannot_add_ideas(conn, event, brainstorm):
    refused("role.forbidden", ideas.add, conn, principal(event, Role.LEADER), new_id(), "Ledarens idé")
    refused("role.forbidden", ideas.add, conn, principal(event, Role.PROJECTOR), new_id(), "Projektorns")


def test_a_secretary_edits_and_withdraws_only_the_tables_own_ideas(conn, event, brainstorm):
    idea, _ = ideas.add(conn, brainstorm, new_id(), "Bygglov")
    assert ideas.edit(conn, brainstorm, idea.id, "Snabbare bygglov").text == "Snabbare bygglov"
    other = principal(event, Role.SECRETARY, 2)
    refused("role.other_table", ideas.edit, conn, other, idea.id, "Kapad")
    refused("role.other_table", ideas.withdraw, conn, other, idea.id)
    ideas.withdraw(conn, brainstorm, idea.id)
    assert views.tablet(conn, brainstorm)["ideas"] == []
    refused("idea.not_found", ideas.edit, conn, brainstorm, idea.id, "Tillbaka?")


# --- priorities ----------------------------------------------------------------------------------

@pytest.fixture
def three_ideas(conn, event, brainstorm):
    written = [ideas.add(conn, brainstorm, new_id(), text)[0] for text in ("Bygglov", "Skola", "Pendling")]
    in_phase(conn, event, "prioritise")
    return written


def test_third_priority_is_refused(conn, event, brainstorm, three_ideas):
    first, second, third = three_ideas
    priorities.choose_idea(conn, brainstorm, first.id, True)
    priorities.choose_idea(conn, brainstorm, second.id, True)
    error = refused("priority.limit", priorities.choose_idea, conn, brainstorm, third.id, True)
    assert error.params["limit"] == 2
    refused("priority.limit", priorities.add_text, conn, brainstorm, new_id(), "Egen text")
    assert [p.text for p in priorities.of_table(conn, brainstorm)] == ["Bygglov", "Skola"]


def test_a_table_can_change_its_choice_until_the_leader_moves_on(conn, event, brainstorm, three_ideas):
    first, second, third = three_ideas
    priorities.choose_idea(conn, brainstorm, first.id, True)
    priorities.choose_idea(conn, brainstorm, second.id, True)
    priorities.choose_idea(conn, brainstorm, first.id, False)
    chosen = priorities.choose_idea(conn, brainstorm, third.id, True)
    assert [p.text for p in chosen] == ["Skola", "Pendling"]
    advance(conn, principal(event, Role.LEADER), force=True)
    refused("phase.not_allowed", priorities.choose_idea, conn, brainstorm, first.id, True)


def test_choosing_the_same_idea_twice_counts_once(conn, event, brainstorm, three_ideas):
    priorities.choose_idea(conn, brainstorm, three_ideas[0].id, True)
    chosen = priorities.choose_idea(conn, brainstorm, three_ideas[0].id, True)
    assert len(chosen) == 1


def test_a_table_may_word_a_priority_of_its_own(conn, event, brainstorm, three_ideas):
    priority_id = new_id()
    priorities.add_text(conn, brainstorm, priority_id, "Samverkan skola och näringsliv")
    again = priorities.add_text(conn, brainstorm, priority_id, "Samverkan skola och näringsliv")
    assert [p.text for p in again] == ["Samverkan skola och näringsliv"]
    assert priorities.remove(conn, brainstorm, priority_id) == []


def test_priorities_of_one_table_do_not_limit_another(conn, event, brainstorm, three_ideas):
    priorities.choose_idea(conn, brainstorm, three_ideas[0].id, True)
    priorities.choose_idea(conn, brainstorm, three_ideas[1].id, True)
    table_two = principal(event, Role.SECRETARY, 2)
    priorities.add_text(conn, table_two, new_id(), "Bostäder")
    priorities.add_text(conn, table_two, new_id(), "Kultur")
    view = views.screen(conn, principal(event, Role.PROJECTOR))
    assert [len(table["priorities"]) for table in view["tables"]] == [2, 2, 0, 0, 0, 0]
    assert priorities.tables_missing(conn, event.id) == [3, 4, 5, 6]


def test_withdrawing_a_chosen_idea_frees_its_priority_place(conn, event, brainstorm, three_ideas):
    priorities.choose_idea(conn, brainstorm, three_ideas[0].id, True)
    ideas.withdraw(conn, brainstorm, three_ideas[0].id)
    assert priorities.of_table(conn, brainstorm) == []


def test_the_projector_sees_priorities_with_their_idea_text(conn, event, brainstorm, three_ideas):
    priorities.choose_idea(conn, brainstorm, three_ideas[2].id, True)
    ideas.edit(conn, brainstorm, three_ideas[2].id, "Pendling med tåg")
    view = views.screen(conn, principal(event, Role.PROJECTOR))
    assert view["tables"][0]["priorities"][0]["text"] == "Pendling med tåg"


def test_the_organiser_sets_how_many_themes_the_evening_ends_with(conn, event):
    assert event.theme_count == 6
    assert events.edit(conn, SECRET.encode(), roles.ORGANISER, event.id, {"theme_count": "5"}).theme_count == 5
    refused("event.bad_theme_count", events.edit, conn, SECRET.encode(), roles.ORGANISER, event.id,
            {"theme_count": 0})
