"""clustering.matching and clustering.placement: what a strategy takes up, and where an idea belongs, with
the evidence a person can check; the same answer whatever the order."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from clustering import nearest_themes, place
from clustering.matching import NOT_SEEN, TAKEN_UP, UNSURE, Asked, Statement, judge, match
from support.matching_data import placement_sets

# A strategy in the municipal style: its words are seldom the room's.
STRATEGY = [
    Statement("s1", "Kommunen ska korta handläggningstiderna för bygglov och andra tillstånd.", "Service"),
    Statement("s2", "Stödja samverkan mellan skola-näringsliv för att bland annat arbeta med framtida "
                    "kompetensförsörjningsbehov.", "Kompetensförsörjning"),
    Statement("s3", "Kommunen ska verka för säkra cykelvägar till stationen.", "Infrastruktur"),
    Statement("s4", "Kommunen ska verka för utbyggnad av fiber och god mobiltäckning i hela kommunen.",
              "Infrastruktur"),
    Statement("s5", "Kommunen ska ha planlagd verksamhetsmark redo för företag som vill etablera sig.", "Mark"),
]
LERUM = placement_sets("tuned")["lerum"]
LERUM_THEMES = [[title, *priorities] for title, priorities in LERUM.themes]


def test_a_theme_in_the_rooms_words_finds_the_strategys_statement_on_it():
    # Issue 22: this theme was "Syns inte i strategin" although s2 takes it up.
    theme = Asked(("Kompetensförsörjning", "Svårt att hitta utbildad personal",
                   "Praktikplatser för eleverna hos oss"))
    verdict, = judge([theme], STRATEGY)
    assert (verdict.kind, verdict.evidence[0].statement) == (TAKEN_UP, 1)
    assert verdict.evidence[0].shared_terms == ["kompetensförsörjningsbehov", "skola"]


def test_three_verdicts_each_with_the_statements_side_by_side():
    verdicts = judge(["Fiber och mobilnät ute på landet", "Bygg fler hyresrätter nära stationen",
                      "En ny simhall"], STRATEGY)
    assert [verdict.kind for verdict in verdicts] == [TAKEN_UP, UNSURE, NOT_SEEN]
    fiber, housing, pool = verdicts
    assert [(m.statement, m.shared_terms) for m in fiber.evidence[:1]] == [(3, ["fiber", "mobiltäckning"])]
    # One shared word ("stationen") with a bicycle path is no answer to housing: unsure, and it says why.
    assert [(m.statement, m.shared_terms) for m in housing.evidence[:1]] == [(2, ["stationen"])]
    assert pool.score < 0.08 and fiber.score == fiber.evidence[0].score


def test_a_proposal_is_not_taken_up_on_its_themes_heading_alone():
    # Its theme's title meets s1, but the proposal itself shares no word with it.
    verdict, = judge([Asked(("Alla blanketter ska gå att fylla i på nätet",), "Snabbare bygglov")], STRATEGY)
    assert verdict.kind != TAKEN_UP and verdict.evidence[0].statement == 0
    assert verdict.evidence[0].shared_terms == []


def test_the_order_of_what_is_asked_and_of_the_statements_changes_no_score():
    asked = ["Kompetens och praktik", "Snabbare bygglov", "Fiber", "Cykelväg till stationen", "Mark för industri"]
    texts = [statement.text for statement in STRATEGY]
    before = {text: {texts[m.statement]: m.score for m in found} for text, found in zip(asked, match(asked, texts))}
    shuffled_asked, shuffled_texts = asked[::-1], texts[:]
    random.Random(1).shuffle(shuffled_texts)
    after = {text: {shuffled_texts[m.statement]: m.score for m in found}
             for text, found in zip(shuffled_asked, match(shuffled_asked, shuffled_texts))}
    assert after == before


def test_ideas_of_issue_22_that_fit_no_theme_stay_with_their_table():
    ideas = ["Bredband och mobiltäckning", "Besöksnäringen: marknadsför Lerum i regionen",
             "Kommunen ska svara på mejl inom ett dygn"]
    assert nearest_themes(LERUM_THEMES, ideas) == [None, None, None]


def test_an_idea_is_placed_when_the_tool_is_confident_and_says_why():
    upphandling, = place(LERUM_THEMES, ["Info om kommande upphandlingar i god tid"])
    assert (LERUM.themes[upphandling.theme][0], upphandling.score, upphandling.lead,
            upphandling.shared_terms) == ("Upphandling", 0.436, 0.403, ["upphandling", "upphandlingar"])
    # Near a theme but not clearly nearer it than another: left with its table, with its nearest theme.
    anbud, = place(LERUM_THEMES, ["Anbudsunderlagen är för krångliga för småföretag"])
    assert (anbud.theme, LERUM.themes[anbud.nearest][0], anbud.score) == (None, "Upphandling", 0.163)


def test_placing_on_the_tuned_set_is_right_nine_times_of_ten():
    placed = nearest_themes(LERUM_THEMES, [text for text, _ in LERUM.ideas])
    put = [(LERUM.themes[index][0], truth) for index, (_, truth) in zip(placed, LERUM.ideas) if index is not None]
    assert (sum(tool == truth for tool, truth in put), len(put)) == (18, 19)


def test_no_theme_no_idea_and_empty_ideas_are_handled():
    assert nearest_themes([], ["Bygglov"]) == [None]
    assert nearest_themes(LERUM_THEMES, []) == []
    assert nearest_themes(LERUM_THEMES, ["", "och att"]) == [None, None]
    assert judge([], STRATEGY) == [] and judge(["Bygglov"], [])[0].kind == NOT_SEEN


@settings(max_examples=25, deadline=None)
@given(st.permutations([text for text, _ in LERUM.ideas[:20]]))
def test_the_order_of_the_ideas_changes_no_placement(ideas):
    expected = dict(zip([text for text, _ in LERUM.ideas[:20]],
                        nearest_themes(LERUM_THEMES, [text for text, _ in LERUM.ideas[:20]])))
    assert dict(zip(ideas, nearest_themes(LERUM_THEMES, ideas))) == expected
