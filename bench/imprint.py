"""How right the imprint is: the strategy's statements that take up a forum's themes and proposals.

For every set of tests/data/imprint (each mapping names its split: ``tuned``, where thresholds and word
lists may be chosen, or ``held_out``, never tuned on; Lerum's real strategy is read from ../shared),
the imprint as sessions.documents.imprint runs it (clustering.matching.judge) beside the matcher before issue 22
(stems only, a theme as its title and priorities, one threshold, TAKEN_UP = 0.17, kept below):

- top-1: of the themes and proposals the strategy takes up (by the hand-made mapping), how many have
  a hand-mapped statement as their best evidence;
- the three verdicts against the mapping: "tas upp" right (taken up by hand) or wrong, "syns inte"
  right or wrong, and how many "osäker"; the 3-way accuracy counts a confident verdict that is right
  as 1, one that is wrong as 0, and "osäker" as 0.5 (no help, no harm);
- "reached": the old binary verdict (taken up or not), accuracy against the mapping.

Tuned and held-out means apart. ``--calibrate`` prints how TAKEN_UP_FROM and UNSURE_FROM were chosen,
on the tuned sets only: TAKEN_UP_FROM is the lowest score from which 90 % of "tas upp" verdicts are
right, UNSURE_FROM the highest below which 90 % of "syns inte" verdicts are right (pooled over the
tuned sets' themes and proposals), with each tuned set left out in turn as a check.

    .venv/bin/python bench/imprint.py [--calibrate] [--split tuned]

Last run (December 2026; the held-out sets run only to report, after the settings were fixed):

| mean of the sets | matcher | top-1 themes | top-1 proposals | confident right / wrong | osäker | 3-way | reached |
| --- | --- | --- | --- | --- | --- | --- | --- |
| tuned (asby, bergslunda, hallviken) | before | 0.633 | 0.451 | 16.7 / 11.7 | 0 | 0.592 | 0.592 |
| tuned | now | 0.917 | 0.689 | 17.3 / 0.7 | 10.3 | 0.796 | 0.805 |
| held out (fjallsta, lerum, norrvik, sjovik) | before | 0.588 | 0.338 | 13.2 / 11.0 | 0 | 0.555 | 0.555 |
| held out | now | 0.688 | 0.523 | 11.2 / 3.2 | 9.8 | 0.671 | 0.648 |
"""

import argparse
import math
import os
import sys
from collections import Counter

import snowballstemmer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "tests"))

from clustering import matching  # noqa: E402
from clustering.matching import NOT_SEEN, TAKEN_UP, UNSURE, split_statements  # noqa: E402
from clustering.text import S_ENDING, WORD, analyzer  # noqa: E402
from sessions.documents.document import forum_themes  # noqa: E402
from sessions.documents.imprint import imprint  # noqa: E402
from support.matching_data import imprint_sets, unavailable_imprint_sets  # noqa: E402

OLD_TAKEN_UP = 0.17
ABBREVIATIONS_SINCE = frozenset({"yh", "sfi", "uf"})  # clustering/sv_abbreviations.txt learnt these after
PRECISION = 0.9  # a confident verdict is right this often on the tuned sets


def load(name: str = "asby"):
    """(export, strategy text, mapping) of one set of tests/data/imprint."""
    chosen = imprint_sets()[name]
    return chosen.export, chosen.strategy, chosen.mapping


def old_match(texts: list[str], statements: list[str]) -> list[list[tuple[int, float]]]:
    """The matcher before issue 22: the cosine of the two sets of stems, each weighed by its inverse
    document frequency among the statements; (statement, score) best first."""
    words_of = analyzer("sv")
    stemmer = snowballstemmer.stemmer("swedish")

    def stem(word: str) -> str:  # the stemming of the time: a final genitive s dropped after a consonant only
        stemmed = stemmer.stemWord(word)
        return stemmed[:-1] if len(stemmed) > 3 and stemmed[-1] == "s" and stemmed[-2] in S_ENDING else stemmed

    def words(text: str) -> list[str]:  # the words of the time: without the abbreviations added since
        found = [word for word in WORD.findall(text.lower()) if word not in ABBREVIATIONS_SINCE]
        return words_of.words(" ".join(found))

    sets = [{stem(word) for word in words(text)} for text in statements]
    frequency = Counter(term for terms in sets for term in terms)

    def weight(term: str) -> float:
        return math.log((1 + len(statements)) / (1 + frequency[term])) + 1

    norms = [math.sqrt(sum(weight(t) ** 2 for t in terms)) for terms in sets]
    results = []
    for text in texts:
        query = {stem(word) for word in words(text)}
        query_norm = math.sqrt(sum(weight(t) ** 2 for t in query))
        found = [(index, sum(weight(t) ** 2 for t in query & terms) / (query_norm * norms[index]))
                 for index, terms in enumerate(sets) if query & terms]
        results.append(sorted(found, key=lambda pair: (-round(pair[1], 3), pair[0])))
    return results


def gold_ids(statements, snippets) -> set[str]:
    ids = set()
    for snippet in snippets:
        hits = [s["id"] for s in statements if snippet in s["text"]]
        assert len(hits) == 1, f"mapping snippet {snippet!r} matches {hits}"
        ids.add(hits[0])
    return ids


def items(result, mapping):
    """(theme, evidence, gold statement ids, verdict) for every theme and proposal of an imprint."""
    statements = result["statements"]
    out = [(t["title"], t["evidence"], gold_ids(statements, mapping["themes"][t["title"]]), t["verdict"])
           for t in result["themes"]]
    out += [(p["theme"], p["evidence"], gold_ids(statements, mapping["proposals"][p["text"]]), p["verdict"])
            for p in result["proposals"]]
    return out


def old_items(document, strategy, mapping):
    """The same rows from the matcher before issue 22, its verdict "taken_up" or "not_seen" at 0.17."""
    themes = forum_themes(document)
    statements = [{"id": s.id, "text": s.text} for s in split_statements(strategy)]
    asked = [(t["title"], " ".join([t["title"], *t["priorities"]]), mapping["themes"][t["title"]]) for t in themes]
    asked += [(t["title"], text, mapping["proposals"][text]) for t in themes for text in t["proposals"]]
    rows = []
    for (title, _, snippets), found in zip(asked, old_match([text for _, text, _ in asked],
                                                            [s["text"] for s in statements])):
        evidence = [{"statement_id": statements[index]["id"], "score": score} for index, score in found]
        best = found[0][1] if found else 0.0
        rows.append((title, evidence, gold_ids(statements, snippets), TAKEN_UP if best >= OLD_TAKEN_UP else NOT_SEEN))
    return rows


def top1(rows) -> tuple[int, int]:
    """How many texts the strategy takes up have a hand-mapped statement as their best; of how many."""
    taken_up = [(evidence, ids) for _, evidence, ids, _ in rows if ids]
    return sum(bool(evidence) and evidence[0]["statement_id"] in ids for evidence, ids in taken_up), len(taken_up)


def verdicts(rows) -> dict[str, float]:
    """The three verdicts against the mapping, the 3-way accuracy and the "reached" accuracy."""
    counts = Counter()
    for _, _, ids, verdict in rows:
        counts[verdict, bool(ids)] += 1
    right = counts[TAKEN_UP, True] + counts[NOT_SEEN, False]
    wrong = counts[TAKEN_UP, False] + counts[NOT_SEEN, True]
    unsure = counts[UNSURE, True] + counts[UNSURE, False]
    reached = counts[TAKEN_UP, True] + counts[UNSURE, False] + counts[NOT_SEEN, False]
    return {"right": right, "wrong": wrong, "unsure": unsure, "three_way": (right + 0.5 * unsure) / len(rows),
            "reached": reached / len(rows)}


def measure(rows, themes: int) -> dict[str, float]:
    theme_hits, theme_total = top1(rows[:themes])
    proposal_hits, proposal_total = top1(rows[themes:])
    return {"top1_themes": theme_hits / theme_total, "top1_proposals": proposal_hits / proposal_total,
            "top1": f"{theme_hits}/{theme_total}, {proposal_hits}/{proposal_total}", **verdicts(rows)}


def every_set(split: str | None = None) -> None:
    print("| set | split | statements | texts taken up (themes + proposals) | matcher | top-1 themes | "
          "top-1 proposals | tas upp, syns inte: right / wrong | osäker | 3-way accuracy | reached accuracy |")
    print("|" + " --- |" * 11)
    means: dict[tuple[str, str], list[dict]] = {}
    for name, chosen in sorted(imprint_sets(split).items(), key=lambda item: (item[1].split != "tuned", item[0])):
        result = imprint(chosen.export, chosen.strategy)
        themes = len(result["themes"])
        for matcher, rows in (("before", old_items(chosen.export, chosen.strategy, chosen.mapping)),
                              ("now", items(result, chosen.mapping))):
            figures = measure(rows, themes)
            means.setdefault((chosen.split, matcher), []).append(figures)
            taken = sum(bool(ids) for _, _, ids, _ in rows)
            print(f"| {name} | {chosen.split} | {len(result['statements'])} | {taken} of {len(rows)} | {matcher} | "
                  f"{figures['top1'].split(', ')[0]} | {figures['top1'].split(', ')[1]} | "
                  f"{figures['right']} / {figures['wrong']} | {figures['unsure']} | {figures['three_way']:.3f} | "
                  f"{figures['reached']:.3f} |")
    for (split, matcher), rows in means.items():
        mean = {key: sum(row[key] for row in rows) / len(rows) for key in
                ("top1_themes", "top1_proposals", "right", "wrong", "unsure", "three_way", "reached")}
        print(f"| mean, {split} ({len(rows)}) | | | | {matcher} | {mean['top1_themes']:.3f} | "
              f"{mean['top1_proposals']:.3f} | {mean['right']:.1f} / {mean['wrong']:.1f} | {mean['unsure']:.1f} | "
              f"{mean['three_way']:.3f} | {mean['reached']:.3f} |")
    for name, path in unavailable_imprint_sets().items():
        print(f"skipped {name}: {path} is absent (see ../shared/README.md)")


def thresholds(pairs: list[tuple[float, bool]]) -> tuple[float, float]:
    """(TAKEN_UP_FROM, UNSURE_FROM) for (best score, taken up by hand) pairs: see the module's docstring."""
    grid = [round(0.01 * step, 2) for step in range(1, 61)]

    def precision_from(cut: float) -> float:
        said = [truly for score, truly in pairs if score >= cut]
        return sum(said) / len(said) if said else 1.0

    def precision_below(cut: float) -> float:
        said = [not truly for score, truly in pairs if score < cut]
        return sum(said) / len(said) if said else 1.0

    taken_up_from = next(cut for cut in grid if all(precision_from(c) >= PRECISION for c in grid if c >= cut))
    unsure_from = max(cut for cut in grid if cut <= taken_up_from and precision_below(cut) >= PRECISION)
    return taken_up_from, unsure_from


def calibrate() -> None:
    """Choose the two thresholds on the tuned sets only, and check each by leaving one tuned set out."""
    tuned = imprint_sets("tuned")
    pairs = {}
    for name, chosen in tuned.items():
        result = imprint(chosen.export, chosen.strategy)
        pairs[name] = [(evidence[0]["score"] if evidence else 0.0, bool(ids))
                       for _, evidence, ids, _ in items(result, chosen.mapping)]
    pooled = [pair for rows in pairs.values() for pair in rows]
    chosen_thresholds = thresholds(pooled)
    print(f"Tuned sets {', '.join(sorted(tuned))}: {len(pooled)} themes and proposals, "
          f"{sum(t for _, t in pooled)} taken up by hand.")
    print(f"TAKEN_UP_FROM, UNSURE_FROM chosen: {chosen_thresholds} "
          f"(in clustering/matching.py: {matching.TAKEN_UP_FROM}, {matching.UNSURE_FROM})")
    print("\nscore from  share taken up by hand  (of how many)")
    for low in [round(0.05 * step, 2) for step in range(0, 10)]:
        inside = [truly for score, truly in pooled if low <= score < low + 0.05]
        share = sum(inside) / len(inside) if inside else float("nan")
        print(f"{low:.2f}-{low + 0.05:.2f}  {share:.2f}  ({len(inside)})")
    print("\nLeft out | thresholds from the other tuned sets | on the set left out: right / wrong / unsure")
    for left_out in sorted(pairs):
        cut_up, cut_unsure = thresholds([pair for name, rows in pairs.items() if name != left_out for pair in rows])
        said = [(TAKEN_UP if s >= cut_up else UNSURE if s >= cut_unsure else NOT_SEEN, t) for s, t in pairs[left_out]]
        right = sum((v == TAKEN_UP and t) or (v == NOT_SEEN and not t) for v, t in said)
        unsure = sum(v == UNSURE for v, _ in said)
        print(f"{left_out} | {cut_up}, {cut_unsure} | {right} / {len(said) - right - unsure} / {unsure}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calibrate", action="store_true", help="choose the thresholds on the tuned sets only")
    parser.add_argument("--split", choices=["tuned", "held_out"], help="only the sets of this split")
    args = parser.parse_args()
    if args.calibrate:
        calibrate()
        return 0
    print(f"Thresholds: tas upp from {matching.TAKEN_UP_FROM}, osäker from {matching.UNSURE_FROM} "
          f"(before: one threshold, {OLD_TAKEN_UP})\n")
    every_set(args.split)
    return 0


if __name__ == "__main__":
    sys.exit(main())
