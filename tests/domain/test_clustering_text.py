"""clustering.text: the one way texts are turned into terms, for grouping and for matching a strategy."""

import doctest

import pytest

import clustering.text
from clustering.text import analyzer, shared_terms, split_compound, terms


def test_the_documented_examples_hold():
    assert doctest.testmod(clustering.text).failed == 0


@pytest.mark.parametrize("word, parts", [
    ("kompetensförsörjningen", ("kompetens", "försörjningen")),
    ("pendeltågsstationen", ("pendeltåg", "stationen")),
    ("industrimark", ("industri", "mark")),
    ("bostadsbrist", ("bostad", "brist")),
    ("bygglovshandläggningen", ("bygglov", "handläggningen")),
    ("skolgård", ("skola", "gård")),
    ("bostadsförsörjningsprogrammet", ("bostad", "försörjning", "programmet")),
])
def test_swedish_compounds_split_into_words_of_their_own(word, parts):
    assert split_compound(word) == parts


@pytest.mark.parametrize("word", [
    "näringslivet", "kollektivtrafik", "flygplatsen", "bredband", "bygglov",  # lexicalised: one thing
    "bussarna", "lägenheter",  # an ending is not a part
    "tillstånsansökan",  # a typo is not split into nonsense
    "och",
])
def test_words_that_are_no_compound_stay_whole(word):
    assert split_compound(word) == (word,)


def test_a_note_gives_its_stems_its_compound_parts_and_its_concepts():
    assert terms("Pendeltågsstationen behöver större parkering") == [
        "pendeltågsstation", "pendeltåg", "station", "kollektivtrafik", "behöv", "parkering"]


def test_abbreviations_secretaries_type_are_written_out():
    assert terms("Lokala ftg, t.ex. i komm.") == terms("Lokala företag i kommun") == ["lokal", "företag", "kommun"]


def test_synonyms_of_the_municipal_domain_meet():
    assert shared_terms("Snabbare tillstånd", "Bygglovshandläggningen tar tid") == ["tillstånd"]
    assert shared_terms("Bygglovshandläggningen tar tid", "Snabbare tillstånd") == ["bygglov"]
    assert shared_terms("Fiber till byarna", "Bredband på landsbygden") == ["fiber"]


def test_a_strategy_sentence_and_a_forum_theme_share_the_words_people_would_point_at():
    strategy = "Vi ska bli Sveriges bästa kommun för företagare med snabb och korrekt handläggning"
    assert shared_terms(strategy, "Företagarna behöver snabbare bygglov") == ["företagare", "snabb", "handläggning"]
    assert shared_terms(strategy, "Fler pendeltåg till Göteborg") == []


def test_english_is_stemmed_but_not_split():
    assert terms("Faster building permits", "en") == ["faster", "build", "permit"]
    assert terms("Workplace safety", "en") == ["workplac", "safeti"]


def test_empty_and_missing_texts_have_no_terms():
    assert terms("") == terms(None) == terms("och att som") == []
    assert shared_terms("", "Bygglov") == shared_terms("Bygglov", None) == []


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError):
        terms("Bygglov", "fi")


def test_every_term_keeps_the_form_the_text_wrote():
    written = [(term.stem, term.written, term.kind) for term in analyzer("sv").terms("Kompetensförsörjningen")]
    assert written == [("kompetensförsörjning", "kompetensförsörjningen", "word"),
                       ("kompet", "kompetens", "part"),
                       ("försörjning", "försörjningen", "part")]
