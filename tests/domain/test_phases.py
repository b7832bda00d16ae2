"""The evening's phase machine."""

import pytest

from sessions.evening.phases import PHASE_ORDER, next_phase, previous_phase, require_phase, written_kind
from sessions.ground.errors import DomainError
from sessions.ground.models import Phase


def test_the_evening_runs_in_the_method_order():
    assert [phase.value for phase in PHASE_ORDER] == [
        "setup", "warmup", "brainstorm", "prioritise", "theming", "deepen", "closing"]


def test_each_phase_leads_to_the_next_and_back():
    for current, following in zip(PHASE_ORDER, PHASE_ORDER[1:]):
        assert next_phase(current) is following
        assert previous_phase(following) is current


def test_there_is_nothing_after_closing_or_before_setup():
    with pytest.raises(DomainError) as after:
        next_phase(Phase.CLOSING)
    assert after.value.code == "phase.at_end"
    with pytest.raises(DomainError) as before:
        previous_phase(Phase.SETUP)
    assert before.value.code == "phase.at_start"


@pytest.mark.parametrize("phase", [Phase.BRAINSTORM, Phase.PRIORITISE])
def test_ideas_are_welcome_while_tables_write(phase):
    require_phase("idea.add", phase)


@pytest.mark.parametrize("phase", [Phase.SETUP, Phase.WARMUP, Phase.THEMING, Phase.CLOSING])
def test_tablets_write_nothing_outside_the_two_passes(phase):
    with pytest.raises(DomainError) as refused:
        require_phase("idea.add", phase)
    assert refused.value.code == "phase.not_allowed"
    assert refused.value.params["phase"] == phase.value


def test_priorities_are_chosen_only_while_prioritising():
    require_phase("priority.choose", Phase.PRIORITISE)
    for phase in set(Phase) - {Phase.PRIORITISE}:
        with pytest.raises(DomainError):
            require_phase("priority.choose", phase)


def test_pass_two_writes_proposals_and_pass_one_ideas():
    assert written_kind(Phase.BRAINSTORM) == written_kind(Phase.PRIORITISE) == "idea"
    assert written_kind(Phase.DEEPEN) == "proposal"
