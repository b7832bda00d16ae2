"""The label checker: refuses every label shape collected as a failure, and nothing a person wrote."""

import pytest

from support.clustering_data import group_labels, set_names
from support.label_quality import MAX_CHARS, is_fragment, known_failures
from support.matching_data import placement_sets

PEOPLES_LABELS = sorted({label for name in set_names() for label in group_labels(name).values()} |
                        {title for placement in placement_sets().values() for title, _ in placement.themes})


@pytest.mark.parametrize("label", [label for label, _ in known_failures()])
def test_every_collected_failure_is_refused(label):
    assert is_fragment(label) is not None


@pytest.mark.parametrize("label", PEOPLES_LABELS)
def test_no_label_a_person_gave_a_group_is_refused(label):
    assert is_fragment(label) is None


def test_the_refusal_says_what_is_wrong():
    assert [is_fragment(label) for label in ("Ledig", "Lotsfunktionen kräver", "Hos personer med utländsk", "Besked",
                                             "Solceller på kommunens", "Ftg och kommun", "Bygg ut avloppsreningsverket",
                                             "A" * (MAX_CHARS + 1))] == [
        "a lone adjective 'ledig'", "has the verb 'kräver': a sentence", "starts with 'hos'",
        "'besked' alone names no topic", "ends in the genitive 'kommunens' without its noun",
        "a note's abbreviation 'ftg'", "starts with the verb 'bygg': a demand", "longer than 40 characters"]


def test_noun_phrases_with_an_article_a_place_or_a_number_pass():
    labels = ("En väg in till kommunen", "Ett levande centrum", "Bostäder för unga vuxna", "Väg 160",
              "Närheten till flygplatsen", "Kompetens", "Biogas")
    assert [is_fragment(label) for label in labels] == [None] * len(labels)
