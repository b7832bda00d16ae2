"""What a group of short texts is called, and the words that grouped it.

:class:`Labeller` names a group with a short noun phrase one of its own texts wrote; the phrase must
name a topic (:func:`names_a_topic`): no sentence (a subject, a finite verb or a modal), no demand
("Bygg ut …"), no lone adjective ("Snabb"), no word that names no topic alone ("Besked", "Kommunen"),
no street or name taken for a topic ("Alingsåsvägen"), no note-taker's abbreviation ("Ftg"), and no
end mid-phrase ("… på kommunens", "… med"). :func:`shared_words` lists the words a group shares.
The word lists below are general Swedish (closed classes and common verbs of a room's notes), written
from issue 22's examples and the tuned sets of tests/data, never from the held-out ones.
"""

import math
import re
from collections import Counter, defaultdict

import numpy as np

from clustering.text import WORD, Analyzer, Term, analyzer
from clustering.text import _swedish_abbreviations as swedish_abbreviations

LABEL_LIMIT = 40          # characters: a label fits a card on the projector
LABEL_WORDS = 4           # the longest phrase a label is cut from
LABEL_SOURCES = 30        # a label comes from one of the texts nearest the group's centre
TERMS_SHOWN = 3           # shared terms shown with a theme
IDLE_WORD_COST = 0.25     # what a label word sharing nothing costs, against the group's heaviest term
NAMED_BONUS = 1e-3        # breaks ties only (see Labeller._label)
_PUNCTUATION = re.compile(r"[,.;:!?()\[\]/–—]|\s-\s")
# Finite verbs and modals a room's notes use: a label is a noun phrase and holds none.
_SWEDISH_VERBS = frozenset("""är var vara har hade ha ska skall måste borde bör kan kunde kunna vill ville får
    fick få blir blev bli finns fanns saknas behövs behöver kräver gör gjorde göra ger gav tar tog går gick gå
    kommer kom ser såg vet tycker tror känns verkar ligger står sitter säljer köper betalar arbetar jobbar
    fungerar funkar hjälper väntar svarar lyssnar pratar berättar hindrar stoppar söker hittar flyttar växer
    minskar ökar tappar lockar leder skapar driver erbjuder stödjer främjar satsar lägger sätter säger menar
    önskar hoppas brukar börjar slutar saknar samverkar samarbetar krånglar räcker stänger syns tvingas
    skulle""".split())
# Words that open a new clause: a label stops before them.
_CLAUSE_WORDS = {
    "sv": frozenset("""att som så men eller när där eftersom om innan medan tills ifall fast man vi jag ni de
                    dom han hon hen""".split()) | _SWEDISH_VERBS,
    "en": frozenset("""to that which so but or when where because if must should shall can could may
                    will would has have had is are was were be been do does need needs""".split()),
}
_VERB_NEXT = frozenset("som att ska skall måste kan vill bör får behöver to that which must should can will".split())
# A label that starts with one of these asks for something ("Bygg ut …", "Köpa marken"): a demand, no name.
_DEMANDS = frozenset("""bygg bygga köp köpa sänk sänka inför införa ge gör göra satsa öka skapa planera sluta
    låt ta fixa hyr hyra sälj sälja ordna stoppa stötta dela samla förenkla förbättra minska höj höja ändra
    flytta erbjud erbjuda anordna arrangera underlätta prioritera se""".split())
# Words that name no topic alone, at a municipality's business dialogue: every note is about them.
_TOO_GENERAL = frozenset("""kommun kommunen företag företagen företagare näringsliv näringslivet besked jobb
    jobbet arbete arbetet arbetsplats arbetsplatsen väg vägen bana saker frågor behov förslag verksamhet
    verksamheten tid tiden plats platsen område området möjlighet möjligheter del sätt""".split())
# Common adjectives, and the endings of most others: alone, or last, they leave out their noun.
_ADJECTIVES = frozenset("""ny nya nytt stor stora stort liten litet lilla små lokal lokala lokalt snabb snabba
    snabbt bra god goda gott ledig lediga ung unga ungt vuxen vuxna gammal gamla kommunal kommunala kommunalt
    bättre fler flera mer mera större mindre kortare snabbare enklare enkel enkla hållbar hållbara viktig
    viktiga""".split())
_ADJECTIVE_ENDINGS = ("ig", "iga", "igt", "lig", "liga", "ligt", "isk", "iska", "iskt", "bar", "bara")
# Prepositions and conjunctions: a name neither starts nor ends on one ("Hos personer …", "Samverkan med").
_LINKS = frozenset("""av bland efter enligt från för genom hos i inför inom kring med mellan mot om på runt
    till under ut utan vid åt över och eller men samt att som""".split())
_PLACE_ENDINGS = ("vägen", "gatan", "torget", "leden", "backen", "gränd")


def names_a_topic(phrase: str, at_start: bool = True, language: str = "sv") -> bool:
    """Whether a phrase could be a Swedish theme's name (see the module's docstring); ``at_start``:
    whether it opens its text (a capital there is no sign of a name). English phrases all pass."""
    if language != "sv":
        return True
    words = [word.lower() for word in WORD.findall(phrase)]
    if not words or len(phrase) > LABEL_LIMIT:
        return False
    first, last = words[0], words[-1]
    if first in _LINKS or last in _LINKS:
        return False
    if first in _DEMANDS or any(word in _SWEDISH_VERBS or (len(word) > 5 and word.endswith("erar"))
                                for word in words):
        return False
    if any(word in swedish_abbreviations() for word in words):
        return False
    if _adjective(last) and not (len(words) > 1 and _adjective(words[-2])):  # "unga vuxna" is a noun phrase
        return False
    if len(words) > 1 and _genitive(last):
        return False
    if len(words) == 1:
        named = phrase[:1].isupper() and not at_start
        return not (first in _TOO_GENERAL or named or (first.endswith(_PLACE_ENDINGS) and len(first) > 6))
    return True


def _adjective(word: str) -> bool:
    return word in _ADJECTIVES or (len(word) > 4 and word.endswith(_ADJECTIVE_ENDINGS)) or \
        (len(word) > 5 and word.endswith(("sk", "ska", "skt")))  # utländsk, not fisk


def _genitive(word: str) -> bool:
    """A definite noun with a genitive s ("kommunens", "företagets"), which needs a noun after it."""
    import wordfreq  # the Swedish word list clustering.text already loads

    return word.endswith(("ens", "ets", "nas", "ans")) and wordfreq.zipf_frequency(word[:-1], "sv") > 2.5


class Labeller:
    """Names a group with a phrase one of its texts wrote, and lists the terms its texts share.

    A term's weight in a group is class-based TF-IDF: the number of the group's texts that have it
    times how rare it is in the whole set ("bygglov" over "företag"). The label is the run of at
    most LABEL_WORDS words, within one clause of one text, that starts and ends on a word that is
    not a stop word, and whose shared terms weigh the most, less a little for every word that
    shares nothing ("Kortare handläggningstider för bygglov", not "Handläggningstider"). Ties go to
    the shorter phrase ("Industrimark" before "Industrimarken"), then to the text nearest the
    group's centre, then to the alphabet. Two
    themes never get the same label: the later one takes its next best phrase."""

    def __init__(self, written: list[str], text_terms: list[list[Term]], features, words_of: Analyzer):
        self.written = written
        self.text_terms = text_terms
        self.features = features
        self.words_of = words_of
        self.clause_words = _CLAUSE_WORDS[words_of.language]
        self.document_frequency = Counter(stem for terms in text_terms for stem in {term.stem for term in terms})
        self.used_labels: set[str] = set()

    def describe(self, positions: list[int]) -> tuple[str, tuple[str, ...]]:
        group_terms = [self.text_terms[position] for position in positions]
        if not any(group_terms):
            return "", ()
        # A lone text is labelled by its own terms; shared words need two texts that share them.
        weight = _weights(group_terms, self.document_frequency, len(self.written), least=2 if len(positions) > 1 else 1)
        shared = _shown_words(group_terms, weight, self.words_of) if len(positions) > 1 else ()
        return self._label(positions, weight), shared

    def _label(self, positions: list[int], weight: dict[str, float]) -> str:
        centre = np.asarray(self.features[positions].mean(axis=0)).ravel()
        closeness = dict(zip(positions, (self.features[positions] @ centre).tolist()))
        idle_cost = IDLE_WORD_COST * max(weight.values(), default=1.0)
        candidates = []
        typical = sorted(positions, key=lambda position: (-round(closeness[position], 9), position))[:LABEL_SOURCES]
        for position in typical:
            for phrase, word_terms in self._phrases(self.written[position]):
                covered = {term.stem for terms in word_terms for term in terms if term.stem in weight}
                idle_at = [index for index, terms in enumerate(word_terms)
                           if terms and not any(term.stem in weight for term in terms)]
                if not self._reads_as_a_noun_phrase(phrase, idle_at):
                    continue
                topic = names_a_topic(phrase, self.written[position].startswith(phrase), self.words_of.language)
                idle = len(idle_at)
                # Between phrases that share as much, the one that names the shared word itself
                # ("Bredband") comes before the one that reaches it through a synonym ("Fiber").
                named = sum(1 for terms in word_terms
                            if any(term.kind != "concept" and term.stem in weight for term in terms))
                score = sum(weight[stem] for stem in covered) - idle_cost * idle + NAMED_BONUS * named
                candidates.append((not topic, -round(score, 9), len(phrase), -round(closeness[position], 9), phrase))
        for *_, phrase in sorted(candidates):
            label = phrase[:1].upper() + phrase[1:]
            if label.lower() not in self.used_labels:
                self.used_labels.add(label.lower())
                return label
        return ""

    def _phrases(self, text: str):
        """Runs of words within a clause (no punctuation, verb or conjunction inside) that start
        and end on a word that is not a stop word, do not end inside a noun phrase (Swedish
        "lokala | hantverkare"), and are at most LABEL_WORDS words and LABEL_LIMIT characters; with
        each word's terms (none for stop words)."""
        stop_words = self.words_of.stop_words
        for clause in _PUNCTUATION.split(text):
            segment: list[tuple[str, int, int]] = []
            after = ""
            for match in list(WORD.finditer(clause)) + [None]:
                word = match.group().lower() if match else ""
                if match and word not in self.clause_words:
                    segment.append((word, match.start(), match.end()))
                    continue
                yield from self._runs(clause, segment, stop_words, verb_first=after in _VERB_NEXT)
                segment, after = [], word

    def _runs(self, clause: str, segment: list[tuple[str, int, int]], stop_words: frozenset[str], verb_first: bool):
        content = [len(word) > 1 and word not in stop_words for word, _, _ in segment]
        for first in range(len(segment)):
            # After "som", "att" or "ska" comes a verb ("Evenemang som | lockar besökare").
            if not content[first] or (first == 0 and verb_first):
                continue
            for last in range(first, min(first + LABEL_WORDS, len(segment))):
                if not content[last]:
                    continue
                if last + 1 < len(segment) and content[last + 1] and self._modifies_next(segment[last][0]):
                    continue
                phrase = clause[segment[first][1]:segment[last][2]]
                if len(phrase) > LABEL_LIMIT:
                    break
                yield phrase, [self.words_of.terms(word) if content[index] else []
                               for index, (word, _, _) in enumerate(segment[first:last + 1], start=first)]

    def _reads_as_a_noun_phrase(self, phrase: str, idle_at: list[int]) -> bool:
        """Words that no other text of the group shares may only lead, as a modifier ("Snabbare
        bygglov"): one in the middle is the verb of a sentence ("Kommunen säljer tomter"), and so
        is a Swedish leading word in -ar, -er, -ir ("Lockar besökare")."""
        if any(index > 0 for index in idle_at):
            return False
        if idle_at and self.words_of.language == "sv":
            first = phrase.split()[0].lower()
            return not (first.endswith(("ar", "er", "ir")) and not first.endswith("are"))
        return True

    def _modifies_next(self, word: str) -> bool:
        # Before a noun, Swedish adjectives end in -a ("nya bostäder") and genitives in -s
        # ("flygplatsens utveckling"); a noun phrase does not end there.
        return self.words_of.language == "sv" and word.endswith(("a", "s"))


def shared_words(groups: list[list[str]], language: str = "sv") -> list[tuple[str, ...]]:
    """For each group of texts (the themes of a board), the words that grouped it, as its texts
    wrote them: at most TERMS_SHOWN, each a term at least two of the group's texts have (compound
    parts and the concepts of sv_synonyms.txt count, as in grouping), heaviest first.

    A group of one text, or whose texts share nothing, gets ``()``. Rarity is counted over all the
    groups' texts, so right after :func:`suggest_themes` a theme shows the words it was given.

    >>> shared_words([["Snabbare bygglov", "Kortare handläggning av tillstånd"], ["Bredband"]])
    [('bygglov', 'tillstånd'), ()]
    """
    words_of = analyzer(language)
    group_terms = [[words_of.terms(str(text or "")) for text in group] for group in groups]
    document_frequency = Counter(stem for terms_of in group_terms for terms in terms_of
                                 for stem in {t.stem for t in terms})
    total = sum(len(group) for group in groups)
    return [_shown_words(terms_of, _weights(terms_of, document_frequency, total, least=2), words_of)
            if len(terms_of) > 1 else () for terms_of in group_terms]


def _weights(group_terms: list[list[Term]], document_frequency: Counter, total: int, least: int) -> dict[str, float]:
    """Class-based TF-IDF of the terms at least ``least`` of a group's texts have: how many of
    them have it, times how rare it is among all ``total`` texts ("bygglov" over "företag")."""
    in_group = Counter(stem for terms in group_terms for stem in {term.stem for term in terms})
    return {stem: count * math.log(1 + total / document_frequency[stem])
            for stem, count in in_group.items() if count >= least}


def _shown_words(group_terms: list[list[Term]], weight: dict[str, float], words_of: Analyzer) -> tuple[str, ...]:
    """The written forms of the heaviest terms in ``weight``, at most TERMS_SHOWN: for each the form
    most of the group's texts wrote (whole words before compound parts), and for a concept of
    sv_synonyms.txt written in several ways its own word and the next way ("bygglov, tillstånd")."""
    forms: dict[str, Counter] = defaultdict(Counter)
    concepts = set()
    for terms in group_terms:
        for term in set(terms):
            if term.stem in weight:
                forms[term.stem][(term.written, term.kind == "part")] += 1
                if term.kind == "concept":
                    concepts.add(term.stem)
    shown: list[str] = []
    for stem in sorted(weight, key=lambda stem: (-weight[stem], stem)):
        # The concept's own word first ("bredband, fiber"), then what most texts wrote.
        ranked = sorted(forms[stem].items(), key=lambda item: (words_of.stem(item[0][0]) != stem, -item[1],
                                                              item[0][1], len(item[0][0]), item[0][0]))
        room = 2 if stem in concepts else 1
        for (form, _), _ in ranked:
            if room and len(shown) < TERMS_SHOWN and not any(_alike(form, other) for other in shown):
                shown.append(form)
                room -= 1
        if len(shown) == TERMS_SHOWN:
            break
    return tuple(shown)


def _alike(form: str, other: str) -> bool:
    """Two written forms of one word, as far as a reader is concerned (bostad, bostäder; mark, industrimark)."""
    return form in other or other in form or form[:4] == other[:4]
