"""The labelled sets load, say whether they are tuned on or held out, and their labels agree with their texts."""

import os

import pytest

from clustering.matching import split_statements
from sessions.documents.document import forum_themes
from support.clustering_data import HELD_OUT, SPLITS, group_labels, set_names, split_of, swedish_sets
from support.matching_data import imprint_sets, placement_sets, unavailable_imprint_sets

GROUPING = set_names()
IMPRINT = imprint_sets()
PLACEMENT = placement_sets()


# --- grouping: tests/data/sv_*.tsv ---------------------------------------------------------------

@pytest.mark.parametrize("name", GROUPING)
def test_a_grouping_set_has_one_short_human_label_per_group(name):
    notes = swedish_sets()[name]
    labels = group_labels(name)
    assert set(labels) == {theme for _, theme in notes}
    assert len(set(labels.values())) == len(labels), "two groups share a label"
    assert all(0 < len(label) <= 40 for label in labels.values())
    texts = [text for text, _ in notes]
    assert len(set(texts)) == len(texts) and all(text.strip() == text and text for text in texts)
    assert len(labels) >= 2


@pytest.mark.parametrize("name", [name for name in GROUPING if not name.startswith("prioriteringar_")])
def test_an_evening_survey_or_strategy_set_has_40_to_120_texts(name):
    assert 40 <= len(swedish_sets()[name]) <= 120


def test_the_held_out_grouping_sets_exist_and_splits_part_them():
    assert HELD_OUT <= set(GROUPING)
    assert len(HELD_OUT) >= 5
    assert {name: split_of(name) for name in GROUPING} == \
        {name: split for split in SPLITS for name in swedish_sets(split)}
    with pytest.raises(ValueError):
        swedish_sets("held-out")


# --- imprint: tests/data/imprint ------------------------------------------------------------------

def test_the_imprint_sets_are_split_with_at_least_two_held_out():
    everything = set(IMPRINT) | set(unavailable_imprint_sets())
    assert everything >= {"asby", "norrvik", "bergslunda", "hallviken", "fjallsta", "sjovik", "lerum"}
    splits = {name: s.split for name, s in imprint_sets().items()}
    assert set(splits.values()) <= set(SPLITS)
    assert sum(split == "held_out" for split in splits.values()) >= 2
    assert sum(split == "tuned" for split in splits.values()) >= 2


@pytest.mark.parametrize("name", sorted(IMPRINT))
def test_an_imprint_mapping_names_one_statement_per_snippet_for_every_theme_and_proposal(name):
    imprint_set = IMPRINT[name]
    statements = split_statements(imprint_set.strategy)
    themes = forum_themes(imprint_set.export)
    assert len(themes) == 6
    assert set(imprint_set.mapping["themes"]) == {theme["title"] for theme in themes}
    assert set(imprint_set.mapping["proposals"]) == {text for theme in themes for text in theme["proposals"]}
    for kind in ("themes", "proposals"):
        for text, snippets in imprint_set.mapping[kind].items():
            for snippet in snippets:
                assert len([s for s in statements if snippet in s.text]) == 1, (kind, text, snippet)
    # Something the strategy does not take up, so that precision can be measured.
    assert [] in imprint_set.mapping["themes"].values() or [] in imprint_set.mapping["proposals"].values()


@pytest.mark.parametrize("name", sorted(set(IMPRINT) - {"asby", "norrvik"}))
def test_a_new_imprint_strategy_has_25_to_60_statements_and_a_theme_it_does_not_take_up(name):
    assert 25 <= len(split_statements(IMPRINT[name].strategy)) <= 60
    assert [] in IMPRINT[name].mapping["themes"].values()


def test_lerums_strategy_is_read_from_shared_and_not_copied_into_the_project():
    tests = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    assert not any("lerum" in filename and "strategi" in filename for filename in os.listdir(
        os.path.join(tests, "data", "imprint")))
    if "lerum" not in IMPRINT:
        pytest.skip(f"../shared is absent: {unavailable_imprint_sets()['lerum']}")
    assert IMPRINT["lerum"].strategy_path.endswith(os.path.join("shared", "data", "lerum-naringslivsstrategi.txt"))


# --- placement: tests/data/placement --------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(PLACEMENT))
def test_a_placement_set_labels_each_idea_with_one_of_its_six_themes_or_none(name):
    placement = PLACEMENT[name]
    titles = [title for title, _ in placement.themes]
    assert len(titles) == 6 and all(priorities for _, priorities in placement.themes)
    assert 40 <= len(placement.ideas) <= 80
    assert {theme for _, theme in placement.ideas} <= {*titles, None}
    assert sum(theme is None for _, theme in placement.ideas) >= len(placement.ideas) / 4
    priorities = {text for _, texts in placement.themes for text in texts}
    assert not priorities & {text for text, _ in placement.ideas}, "a priority is the theme's own, not a placement"
    assert all(any(theme == title for _, theme in placement.ideas) for title in titles)


def test_placement_sets_are_split_with_one_held_out_at_least():
    assert {s.split for s in PLACEMENT.values()} == set(SPLITS)
    assert set(placement_sets("held_out")) | set(placement_sets("tuned")) == set(PLACEMENT)
