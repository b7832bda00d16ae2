"""The balance of the organiser's list: the funnel, gender and sector at each stage and per inviter, and a
warning for each group whose share leaves the event's band (set in events.set_balance_band).

The method's lesson: personal invitations brought people, but the inviters' networks over-represented
men (17 women, 34 men at Lerum). So every figure is also given by gender, by sector and per inviter,
while there is still time to invite more. Counts only: names stay in :mod:`sessions.people.people`.
"""

import datetime
from collections import Counter

from sessions import storage
from sessions.evening import events
from sessions.ground import clock
from sessions.ground.models import STAGES, Person, Phase
from sessions.ground.roles import Principal
from sessions.people import people

# With fewer people of known gender than this, a share says little ("100 procent" of 2): counts only.
MIN_JUDGED = 5


def split_by(people: list[Person], key: str) -> dict[str, int]:
    return dict(sorted(Counter(getattr(person, key) or "" for person in people).items()))


def evening_has_begun(event, today: datetime.date) -> bool:
    """Whether someone registered and not checked in has stayed away ("Uteblev").

    Decided: once the leader has moved past the warm-up (people arriving late are checked in during
    the welcome), or once the event's date has passed (organisers who keep the list by hand after the
    evening). A late check-in still counts: "Uteblev" is computed, never stored."""
    if event.phase not in (Phase.SETUP, Phase.WARMUP):
        return True
    return bool(event.event_date) and event.event_date < today.isoformat()


def stage_people(people: list[Person]) -> dict[str, list[Person]]:
    return {stage: [p for p in people if p.status in statuses] for stage, statuses in STAGES.items()}


def balance(members: list[Person]) -> dict:
    """Women, men and unknown among ``members``; shares of those with a known gender when there are enough."""
    women = sum(p.gender == "woman" for p in members)
    men = sum(p.gender == "man" for p in members)
    known = women + men
    judged = known >= MIN_JUDGED
    return {"count": len(members), "woman": women, "man": men, "unknown": len(members) - known, "judged": judged,
            "share_woman": round(women / known, 3) if judged else None,
            "share_man": round(men / known, 3) if judged else None}


def balance_warning(counts: dict, band: tuple[float, float]) -> dict | None:
    """One warning for a group whose women's or men's share is outside ``band``, naming the fewer."""
    if not counts["judged"]:
        return None
    shares = {"woman": counts["share_woman"], "man": counts["share_man"]}
    if all(band[0] <= share <= band[1] for share in shares.values()):
        return None
    fewer = "woman" if shares["woman"] <= shares["man"] else "man"
    return {"fewer": fewer, "share": shares[fewer], "woman": counts["woman"], "man": counts["man"],
            "unknown": counts["unknown"]}


def sector_key(sector: str) -> str:
    return " ".join(sector.casefold().split())


def sector_table(people: list[Person], stages: dict[str, list[Person]]) -> list[dict]:
    """Each sector (however its name was capitalised) with its count at every stage, largest first."""
    spellings: dict[str, Counter] = {}
    for person in people:
        spellings.setdefault(sector_key(person.sector), Counter())[person.sector] += 1
    per_stage = {stage: Counter(sector_key(p.sector) for p in members) for stage, members in stages.items()}
    rows = [{"sector": names.most_common(1)[0][0] if key else ""} | {stage: counts[key] for stage,
                                                                     counts in per_stage.items()}
            for key, names in spellings.items()]
    return sorted(rows, key=lambda row: (not row["sector"], -row["invited"], row["sector"].casefold()))


def attendance_summary(conn: storage.Connection, event_id: str) -> dict:
    """Counts for the strategy export: never names."""
    everyone = storage.fetch_people(conn, event_id)
    stages = stage_people(everyone)
    attended = stages["attended"]
    by_gender = split_by(attended, "gender")
    return {"list_kept": bool(everyone), "invited": len(stages["invited"]), "registered": len(stages["registered"]),
            "attended": len(attended), "by_gender": by_gender,
            "gender_shares": {key: round(count / len(attended), 3) for key, count in by_gender.items()},
            "by_sector": split_by(attended, "sector"),
            "by_stage": {stage: split_by(members, "gender") for stage, members in stages.items()}}


def dashboard(conn: storage.Connection, principal: Principal, event_id: str,
              today: datetime.date | None = None) -> dict:
    """Counts only: the funnel and what became of everyone, gender and sector at each stage, per inviter,
    and the :func:`warnings`."""
    everyone = people.list_people(conn, principal, event_id)
    event = events.get(conn, event_id)
    band = (event.balance_low, event.balance_high)
    begun = evening_has_begun(event, today or datetime.date.fromtimestamp(clock.now()))
    stages = stage_people(everyone)
    not_in = sum(p.status == "registered" for p in everyone)
    shown_stages = {stage: balance(members) | {"by_sector": split_by(members, "sector")}
                    for stage, members in stages.items()}
    per_inviter = inviters(everyone, band)
    return {
        "funnel": {stage: len(members) for stage, members in stages.items()},
        "declined": sum(p.status == "declined" for p in everyone),
        "no_show": sum(p.status == "no_show" for p in everyone) + (not_in if begun else 0),
        "waiting": 0 if begun else not_in,
        "evening_begun": begun,
        "walk_ins": sum(p.walk_in for p in everyone),
        "show_up_rate": show_up_rate(everyone, begun),
        "stages": shown_stages,
        "sectors": sector_table(everyone, stages),
        "per_inviter": per_inviter,
        "warnings": warnings(shown_stages, per_inviter, band),
        "band": list(band),
        "min_judged": MIN_JUDGED,
    }


def show_up_rate(everyone: list[Person], begun: bool) -> float | None:
    """Of those who registered beforehand, the share who came: a walk-in came without registering and
    counts in neither part. Before the evening nobody has come yet: a rate of 0 would read as a failure."""
    registered = [p for p in everyone if p.status in STAGES["registered"] and not p.walk_in]
    came = sum(p.status in STAGES["attended"] for p in registered)
    if not registered or not (begun or came):
        return None
    return round(came / len(registered), 3)


def inviters(everyone: list[Person], band: tuple[float, float]) -> list[dict]:
    """Each inviter's invitations, gender and sector, how many registered and came, and its warning."""
    invited_by: dict[str, list[Person]] = {}
    for person in everyone:
        invited_by.setdefault(person.inviter, []).append(person)
    rows = []
    for inviter in sorted(invited_by, key=lambda name: (not name, name.casefold())):
        theirs = stage_people(invited_by[inviter])
        invited = balance(theirs["invited"])
        rows.append({"inviter": inviter, "invited": invited, "registered": len(theirs["registered"]),
                     "attended": len(theirs["attended"]), "by_sector": split_by(theirs["invited"], "sector"),
                     "warning": balance_warning(invited, band)})
    return rows


def warnings(stages: dict[str, dict], per_inviter: list[dict], band: tuple[float, float]) -> list[dict]:
    """One warning for each group out of balance: every stage from the invitations on, then each inviter's
    invitations (while the organiser can still ask for other names)."""
    found = [warning | {"scope": "stage", "stage": stage}
             for stage, counts in stages.items() if (warning := balance_warning(counts, band))]
    return found + [row["warning"] | {"scope": "inviter", "stage": "invited", "inviter": row["inviter"]}
                    for row in per_inviter if row["warning"]]
