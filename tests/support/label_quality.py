"""Is a suggested theme's label something a person would write? A short noun phrase that names a topic.

:func:`is_fragment` answers with the reason it is not ("ends in the verb 'kräver'") or None. Simple
rules over small closed word lists, no tagger: the shapes collected in tests/data/label_failures.tsv
(pieces of a sentence, a lone adjective, a word that names no topic) and nothing a person wrote
in the labelled sets (tests/domain/test_label_quality.py checks both). Use it in tests and in bench/.
"""

import csv
import os
import re

MAX_CHARS = 40
MAX_WORDS = 6
FAILURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "label_failures.tsv")

PREPOSITIONS = frozenset(
    "av bland efter enligt från för förutom genom hos i inför inom kring med mellan mot om runt på sedan till "
    "trots under ut utan utanför vid åt över".split())
CONJUNCTIONS = frozenset("och eller men samt att som innan när eftersom så då om".split())
DETERMINERS = frozenset("en ett den det de denna detta dessa samtliga vissa varje vår vårt våra sin sitt sina "
                        "min mitt mina er ert era".split())
# "En väg in", "Ett levande centrum": a label may start with an article, not with these.
_NOT_FIRST = DETERMINERS - {"en", "ett"}
# Subjects of a sentence: a label that has one is a sentence, not a name.
PRONOUNS = frozenset("man vi jag ni dom han hon hen de".split())
# Finite verbs a room's sentences use ("Lotsfunktionen kräver", "Kommunen borde"); -erar is one too.
VERBS = frozenset(
    "är har ska skall måste borde bör kan kunde vill får fick blir finns saknas behövs behöver kräver arbetar "
    "jobbar går gör ger tar vet ser tycker hjälper fungerar funkar stänger säljer köper svarar väntar ligger står "
    "kommer berättar lyssnar pratar syns tappar önskar satsar söker lägger tror verkar leder skapar driver "
    "erbjuder stödjer främjar samverkar samarbetar växer krånglar räcker".split())
# A label that starts with one of these asks for something ("Bygg ut …"): a proposal, not a name.
DEMANDS = frozenset(
    "bygg bygga köp köpa sänk sänka dela inför införa ge gör satsa öka skapa planera sluta låt fixa ta hyr sälj "
    "samla ordna stoppa stötta".split())
# On their own these name no topic: what every note of the evening is about, or half a word.
GENERIC = frozenset(
    "kommun kommunen företag företagen företagare näringsliv näringslivet besked jobb saker frågor behov förslag "
    "arbete arbetsplatsen verksamhet verksamheten väg bana övrigt annat diverse".split())
# A note-taker's abbreviations, which a label spells out ("Ftg och kommun" -> "Företag och kommun").
ABBREVIATIONS = frozenset("ftg komm kn ks kf nl bl.a. t.ex. o".split())
ADJECTIVES = frozenset(
    "ledig lediga snabb snabba snabbt bättre fler flera mer mera nya ny nytt lokal lokala lokalt stor stora stort "
    "små liten litet unga ung ungt gamla gammal vuxna vuxen enkel enkla enklare snabbare kortare större mindre "
    "bra god goda gott dålig dåliga hållbar hållbara viktig viktiga".split())
_ADJECTIVE_ENDINGS = ("ig", "iga", "igt", "lig", "liga", "ligt", "isk", "iska", "iskt", "bar", "bara")
_LONG_ADJECTIVE_ENDINGS = ("sk", "ska", "skt", "ala", "ella")  # utländsk, kommunala, kulturella; not fisk, skala
_PLACE_ENDINGS = ("vägen", "gatan", "torget", "leden", "backen", "gränd")
_NOT_GENITIVE = ("kompetens", "licens", "konferens", "tendens", "frekvens", "sekvens", "konsekvens", "existens",
                 "differens", "intelligens", "referens", "närvaro")
_WORD = re.compile(r"[\wåäöÅÄÖéü.-]+")


def _adjective(word: str) -> bool:
    return word in ADJECTIVES or (len(word) > 4 and word.endswith(_ADJECTIVE_ENDINGS)) or \
        (len(word) > 5 and word.endswith(_LONG_ADJECTIVE_ENDINGS))


def is_fragment(label: str) -> str | None:
    """Why ``label`` is not a name a person would give the group, or None when it could be one."""
    text = " ".join(str(label or "").split())
    if not text:
        return "empty"
    if len(text) > MAX_CHARS:
        return f"longer than {MAX_CHARS} characters"
    if text[-1] in ".,:;–-…/":
        return f"ends in '{text[-1]}', mid-sentence"
    words = [word.lower().strip(".-") if word.lower() not in ABBREVIATIONS else word.lower()
             for word in _WORD.findall(text)]
    words = [word for word in words if word]
    if not words:
        return "no words"
    if len(words) > MAX_WORDS:
        return f"more than {MAX_WORDS} words: a sentence"
    first, last = words[0], words[-1]
    for word in words:
        if word in ABBREVIATIONS:
            return f"a note's abbreviation '{word}'"
        if word in PRONOUNS:
            return f"has the subject '{word}': a sentence"
        if word in VERBS or (len(word) > 5 and word.endswith("erar")):
            return f"has the verb '{word}': a sentence"
    if any(a == b for a, b in zip(words, words[1:])):
        return "a word twice"
    if first in PREPOSITIONS or first in CONJUNCTIONS:
        return f"starts with '{first}'"
    if first in DEMANDS:
        return f"starts with the verb '{first}': a demand"
    if last in PREPOSITIONS or last in CONJUNCTIONS or last in DETERMINERS:
        return f"ends in '{last}'"
    if len(words) == 1:
        if _adjective(first):
            return f"a lone adjective '{first}'"
        if first in GENERIC:
            return f"'{first}' alone names no topic"
        if first.endswith(_PLACE_ENDINGS) and len(first) > 6:
            return f"a place '{first}', not a topic"
        return None
    if first in _NOT_FIRST:
        return f"starts with '{first}'"
    if _adjective(last) and not _adjective(words[-2]):  # "unga vuxna" is a noun phrase
        return f"ends in the adjective '{last}' without its noun"
    if len(words) >= 2 and words[-2] in PREPOSITIONS and last.endswith(("ens", "ets", "nas")) \
            and not last.endswith(_NOT_GENITIVE):
        return f"ends in the genitive '{last}' without its noun"
    if len(words) == 2 and _adjective(first) and first.endswith("a") and last.endswith(("et", "na")):
        return f"'{first} {last}' needs its article ('det/de {first} …')"
    return None


def known_failures() -> list[tuple[str, str]]:
    """(label, where it was seen) from tests/data/label_failures.tsv."""
    with open(FAILURES, encoding="utf-8", newline="") as handle:
        return [(row["label"], row["seen"]) for row in csv.DictReader(
            (line for line in handle if not line.startswith("#")), delimiter="\t")]
