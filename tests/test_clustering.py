"""The grouping library: deterministic, total, Swedish-aware, and better than plain TF-IDF."""

import numpy as np
import pytest
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import normalized_mutual_info_score

from clustering import suggest_themes
from clustering.text import Analyzer
from clustering_data import swedish_notes

NOTES = [text for text, _ in swedish_notes()]
THEMES = [theme for _, theme in swedish_notes()]


def assignment(themes, count):
    result = np.full(count, -1)
    for number, theme in enumerate(themes):
        result[theme.members] = number
    return result


def test_every_note_lands_in_exactly_one_theme():
    themes = suggest_themes(NOTES, 6)
    members = sorted(index for theme in themes for index in theme.members)
    assert members == list(range(len(NOTES)))
    assert len(themes) == 6


def test_the_same_notes_give_the_same_themes():
    assert suggest_themes(NOTES, 6) == suggest_themes(list(NOTES), 6)


def test_more_themes_than_distinct_notes_gives_one_theme_per_note():
    themes = suggest_themes(["Bredband", "Bostäder", "bredband "], 6)
    assert len(themes) == 2
    assert sorted(map(sorted, (theme.members for theme in themes))) == [[0, 2], [1]]


def test_identical_notes_always_share_a_theme():
    notes = NOTES + ["Snabbare bygglov för företag", "SNABBARE  bygglov för företag"]
    themes = suggest_themes(notes, 6)
    together = [theme for theme in themes if 0 in theme.members][0]
    assert {len(notes) - 2, len(notes) - 1} <= set(together.members)


@pytest.mark.parametrize("texts", [[], [""], ["", "  "], ["och", "att"], ["x"], ["a", "b", ""]])
def test_empty_tiny_and_stop_word_only_notes_are_handled(texts):
    themes = suggest_themes(texts, 6)
    assert sorted(index for theme in themes for index in theme.members) == list(range(len(texts)))
    assert len(themes) <= max(1, len(set(t.strip().lower() for t in texts if t.strip())))


def test_empty_notes_join_a_theme_instead_of_vanishing():
    themes = suggest_themes(["Bygglov", "", "Bredband"], 2)
    assert any(1 in theme.members for theme in themes)


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError):
        suggest_themes(NOTES, 0)
    with pytest.raises(ValueError):
        suggest_themes(NOTES, 6, language="fi")


def test_swedish_words_are_stemmed_and_stop_words_dropped():
    analyzer = Analyzer("sv")
    assert analyzer.stems("Bygglovet och bygglov för företagen") == ["bygglov", "bygglov", "företag"]
    assert analyzer.words("det är att och som") == []


def test_inflected_forms_group_together():
    notes = ["Bygglovet tar tid", "Snabba bygglov", "Bygglovens handläggning",
             "Pendeltåget är sent", "Fler pendeltåg", "Pendeltågen måste gå oftare"]
    themes = suggest_themes(notes, 2)
    assert sorted(sorted(theme.members) for theme in themes) == [[0, 1, 2], [3, 4, 5]]


def test_compound_words_meet_through_their_parts():
    notes = ["Bredbandsutbyggnad på landet", "Bredband till alla", "Bostadsbrist", "Fler bostäder"]
    themes = suggest_themes(notes, 2)
    assert sorted(sorted(theme.members) for theme in themes) == [[0, 1], [2, 3]]


def test_labels_are_the_groups_own_words():
    themes = suggest_themes(["Bygglovet tar tid", "Snabba bygglov", "Fler pendeltåg", "Pendeltåget är sent"], 2)
    labels = {theme.label for theme in themes}
    assert any(label.lower().startswith("bygglov") for label in labels), labels
    assert any("pendeltåg" in label.lower() for label in labels), labels
    for theme in themes:
        assert theme.label[:1].isupper()
        assert not set(theme.label.lower().replace(",", "").split()) & {"är", "tar"}


def test_english_works_too():
    notes = ["Faster building permits", "Building permits take too long", "Better trains", "More trains at night"]
    themes = suggest_themes(notes, 2, language="en")
    assert sorted(sorted(theme.members) for theme in themes) == [[0, 1], [2, 3]]


def test_swedish_notes_group_better_than_plain_tfidf():
    ours = normalized_mutual_info_score(THEMES, assignment(suggest_themes(NOTES, 6), len(NOTES)))
    plain = KMeans(6, random_state=0, n_init=1).fit_predict(TfidfVectorizer().fit_transform(NOTES))
    baseline = normalized_mutual_info_score(THEMES, plain)
    assert ours > baseline + 0.05, (ours, baseline)


def test_notes_that_read_alike_still_give_the_themes_asked_for():
    notes = [f"Prioritet {number}{letter}" for number in range(1, 7) for letter in "ab"]
    themes = suggest_themes(notes, 6)
    assert len(themes) == 6
    assert sorted(index for theme in themes for index in theme.members) == list(range(12))
