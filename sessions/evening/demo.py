"""The demo evening that `dialog-app demo` serves: Lerum's questions and a warm-up story."""

import uuid

from sessions.evening import events, formats, ideas
from sessions.ground.roles import Principal, Role

DEMO_EVENT = {
    "title": "Öppet forum: framtidens näringslivsklimat",
    "place": "Kommunhuset, stora salen",
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


# Each format's demo: its event's fields and its sample ideas per table (the open forum's above).
DEMOS: dict[str, tuple[dict, dict[int, list[str]]]] = {formats.DEFAULT_FORMAT: (DEMO_EVENT, SAMPLE_IDEAS)}


def create_demo_event(conn, secret: bytes, *, sample: bool = False, format_id: str = formats.DEFAULT_FORMAT):
    """A fresh demo event of the format in ``setup``; with ``sample`` the tables already have a few ideas."""
    organiser = Principal(Role.ORGANISER, None)
    fields, sample_ideas = DEMOS[formats.get_format(format_id).id]
    event = events.create(conn, secret, organiser, fields | {"format_id": format_id})
    if sample:
        for number, texts in sample_ideas.items():
            secretary = Principal(Role.SECRETARY, event.id, number)
            for text in texts:
                # Sample content bypasses the phase rule: it stands for what was typed earlier.
                ideas.seed(conn, secretary, str(uuid.uuid5(uuid.NAMESPACE_URL, f"{event.id}/{text}")), text)
    return event
