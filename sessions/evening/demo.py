"""The demo evening that `dialog-app demo` serves: Lerum's questions and a warm-up story."""

import json
import uuid

from sessions.evening import events, formats, ideas
from sessions.ground.roles import Principal, Role

DEMO_EVENT = {
    "title": "Öppet forum: framtidens näringslivsklimat",
    "place": "Kommunhuset, stora salen",
    # Who publishes the reports (their author); a real event names its municipality.
    "organisation": "Demo kommun",
    "vision_question": ("Tio år framåt i tiden – hur ser ett optimalt näringslivsklimat ut i en kommun, "
                        "som gör att företag etablerar sig och kan växa där?"),
    "deepen_question": "Hur kan vi uppnå visionen om framtidens näringslivsklimat?",
    "warmup_story": (
        "Det är en tisdagsmorgon om tio år. Pendeltåget går var tionde minut och stationen är full av "
        "folk på väg både in och ut ur kommunen. Vid torget har tre unga företagare just flyttat in i "
        "det gamla bankhuset, där gymnasiet och högskolan driver en verkstad för nya idéer. En "
        "företagare som ringde kommunen i går fick svar samma dag, och bygglovet för hennes nya "
        "lager kom på tre veckor. Vad hände under de tio åren som gjorde det möjligt?"),
    "table_count": 6,
    "theme_count": 6,
}

SAMPLE_IDEAS = {
    1: ["Snabbare bygglov med en kontaktperson för varje företag",
        "Mer mark för industri nära motorvägen",
        "Företagslots som svarar samma dag"],
    2: ["Skolan och företagen samarbetar om praktikplatser",
        "Yrkesutbildningar som matchar lokala företags behov"],
    3: ["Bättre pendeltåg och bussar till arbetsplatserna",
        "Bredband i hela kommunen, även på landsbygden"],
    4: ["Kommunen köper mer från lokala företag",
        "Enklare upphandlingar för små företag"],
    5: ["Mötesplatser för företagare och politiker",
        "Ett starkt varumärke för kommunen som plats att växa på"],
    6: ["Bostäder så att nyanställda kan flytta hit",
        "Kultur och fritid som lockar unga familjer"],
}


BREAKFAST_EVENT = {
    "title": "Frukostmöte med näringslivsrådet",
    "place": "Stadshotellet",
    "vision_question": "Vad är det viktigaste kommunen kan göra det kommande året för att företagen ska växa?",
    "table_count": 4,
}
BREAKFAST_IDEAS = {1: ["Snabbare svar på bygglov", "En väg in till kommunen"],
                   2: ["Fler praktikplatser för unga", "Lokala leverantörer i upphandlingar"],
                   3: ["Bättre kollektivtrafik till industriområdet"], 4: ["Mark för nya företag"]}

PROCUREMENT_EVENT = {
    "title": "Upphandlingsdialog med Företagarna",
    "place": "Kommunhuset, sammanträdesrum Ekan",
    "vision_question": "Vad vill ni fråga panelen om kommunens upphandlingar?",
    "deepen_question": "Hur gör vi det lättare för lokala företag att lämna anbud?",
    "table_count": 4,
}
PROCUREMENT_IDEAS = {1: ["Dela upp stora upphandlingar i mindre delar"], 2: ["Enklare krav på dokumentation"],
                     3: ["Dialogmöte innan upphandlingen annonseras"], 4: ["Tydligare utvärdering av kvalitet"]}

STREETS_EVENT = {
    "title": "Dialog på torget: centrum om tio år",
    "place": "Stora torget",
    "vision_question": "Vad skulle få dig att handla och äta mer i centrum?",
    "table_count": 2,
}
STREETS_ENTRIES = {1: [("Fler caféer som har öppet på kvällen", {"sector": "Handel", "gender": "woman"}),
                       ("Gratis parkering första timmen", {"age_band": "45-64"})],
                   2: [("Marknad på lördagar", {"gender": "man", "age_band": "25-44"})]}

OPEN_HOUSE_EVENT = {
    "title": "Öppet hus: tillstånd och myndighetsfrågor",
    "place": "Kontaktcenter",
    "vision_question": "Vilken fråga har besökaren?",
    "table_count": 2,
}
OPEN_HOUSE_ENTRIES = {1: [("Hur lång tid tar ett bygglov för en lagerhall?",
                           {"category": "Bygglov", "follow_up": "Anna, bygglovsenheten"})],
                      2: [("Behöver vi serveringstillstånd för en uteservering?",
                           {"category": "Tillstånd", "follow_up": "Miljö- och hälsoskydd"})]}


def _plain(ideas_by_table: dict[int, list[str]]) -> dict[int, list[tuple[str, dict]]]:
    return {number: [(text, {}) for text in texts] for number, texts in ideas_by_table.items()}


# Each format's demo: its event's fields, and its sample ideas (or log entries) per table.
DEMOS: dict[str, tuple[dict, dict[int, list[tuple[str, dict]]]]] = {
    formats.DEFAULT_FORMAT: (DEMO_EVENT, _plain(SAMPLE_IDEAS)),
    "frukostmote": (BREAKFAST_EVENT, _plain(BREAKFAST_IDEAS)),
    "upphandlingsdialog": (PROCUREMENT_EVENT, _plain(PROCUREMENT_IDEAS)),
    "gator-och-torg": (STREETS_EVENT, STREETS_ENTRIES),
    "oppet-hus": (OPEN_HOUSE_EVENT, OPEN_HOUSE_ENTRIES),
}


def create_demo_event(conn, secret: bytes, *, sample: bool = False, format_id: str = formats.DEFAULT_FORMAT):
    """A fresh demo event of the format in ``setup``; with ``sample`` the tables already have a few ideas."""
    organiser = Principal(Role.ORGANISER, None)
    fields, sample_ideas = DEMOS[formats.get_format(format_id).id]
    event = events.create(conn, secret, organiser, fields | {"format_id": format_id})
    if sample:
        # A log's sample is its entries; every other format's, the tables' ideas.
        kind = "entry" if any(step.fields for step in event.steps) else "idea"
        for number, entries in sample_ideas.items():
            secretary = Principal(Role.SECRETARY, event.id, number)
            for text, details in entries:
                # Sample content bypasses the phase rule: it stands for what was typed earlier.
                ideas.seed(conn, secretary, str(uuid.uuid5(uuid.NAMESPACE_URL, f"{event.id}/{text}")), text,
                           kind, json.dumps(details, ensure_ascii=False) if details else "")
    return event
