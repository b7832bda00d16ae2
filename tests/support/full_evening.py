"""A full evening on a running server, as the room would make it: six tables of twelve ideas of up to
140 characters (long Swedish compounds among them), two priorities each, six themes, proposals, a
crowd of phones, an open rotation round and parking-lot notes. Sent through Socket.IO as the pages
send it, one phase at a time, so a test (or docs/screens/make_screens.py) can look at every phase.
"""

import uuid

import socketio

# Ideas as tables write them: short ones, and ones of exactly 140 characters with long compounds.
IDEA_STARTS = [
    "Ett ambassadörsprogram där etablerade företagare tar emot nyetablerade och visar dem runt i kommunen",
    "Kompetensförsörjningsstrategi tillsammans med gymnasiet, högskolan och arbetsförmedlingen",
    "Snabbare bygglov",
    "Näringslivsutvecklingsfrågor ska ha en egen kontaktperson i kommunhuset som svarar samma dag",
    "Fler pendeltåg",
    "Företagarfrukostar varje månad med politiker och tjänstepersoner som lyssnar",
    "Bredbandsutbyggnad även på landsbygden",
    "Upphandlingsregler som små lokala företag kan följa utan att anlita konsulter",
    "Mötesplats",
    "Entreprenörskapsutbildning i grundskolans högstadium och i gymnasiets alla program",
    "Bostadsförsörjningen måste hänga med när företagen växer och anställer",
    "Kulturlivet och föreningslivet gör kommunen attraktiv för unga familjer",
]


def idea_text(table: int, number: int) -> str:
    """Idea ``number`` of ``table``: every third one exactly 140 characters, the rest as they come."""
    start = f"{IDEA_STARTS[(table + number) % len(IDEA_STARTS)]} (bord {table}, idé {number})"
    if number % 3 == 0:
        filler = " – så att fler vill starta, stanna och växa här i kommunen"
        return (start + filler * 3)[:139].rstrip() + "."
    return start


# The timer a leader starts in each phase, in minutes (the warm-up's twelve are what the tests expect).
MINUTES = {"warmup": 12, "brainstorm": 25, "prioritise": 10, "theming": 20, "deepen": 30}

PROPOSALS = [
    "Inrätta ett näringslivsråd med företagare, skola och kommun som träffas varje månad och följer upp strategin "
    "med mätbara mål varje år.",
    "Skapa en företagslots med en ingång till kommunen, svar inom en arbetsdag och en handläggare som följer ärendet "
    "från början till slut.",
    "Utbildningssamverkan: praktikplatser för alla gymnasieelever och en gemensam kompetensförsörjningsplan för "
    "kommunens största branscher.",
]

PARKING = ["Mikrofonen vid bord tre fungerar inte", "Kan vi få mer kaffe till pausen?",
           "Går det att få presentationen efteråt via e-post?",
           "Tillgänglighetsanpassad ingång saknas vid norra entrén"]


class FullEvening:
    """Drives the evening forward phase by phase; ``phase`` is where it stands."""

    def __init__(self, links: dict, phones: int = 24):
        self.links = links
        self.base = links["leader"].split("/leader/")[0]
        self.phones = phones
        self.phase = "setup"
        self.leader = self._client(links["leader"])

    def _client(self, link: str, **auth) -> socketio.SimpleClient:
        client = socketio.SimpleClient()
        client.connect(self.base, auth={"token": link.rsplit("/", 1)[1], **auth}, transports=["websocket"])
        return client

    def _call(self, client, event, payload):
        answer = client.call(event, payload, timeout=20)
        assert answer["ok"], (event, answer)
        return answer

    def advance(self, force: bool = True) -> None:
        """Move on one phase and, as leaders do, start that phase's timer (a phase change clears it)."""
        self._call(self.leader, "phase:advance", {"from": self.phase, "force": force})
        order = ["setup", "warmup", "brainstorm", "prioritise", "theming", "deepen", "closing"]
        self.phase = order[order.index(self.phase) + 1]
        if self.phase in MINUTES:
            self._call(self.leader, "timer:set", {"minutes": MINUTES[self.phase], "expected_ends_at": None})

    def run_until(self, phase: str) -> None:
        """Do what each phase before ``phase`` has people do, and move on to ``phase``."""
        steps = {"setup": self._warmup, "warmup": self._brainstorm, "brainstorm": self._prioritise,
                 "prioritise": self._theming, "theming": self._deepen, "deepen": self._closing}
        while self.phase != phase:
            steps[self.phase]()

    def _warmup(self):
        self.advance()

    def _brainstorm(self):
        self.advance()
        self.ideas = {}
        for table in self.links["tables"]:
            tablet = self._client(table["secretary"])
            number = table["number"]
            self.ideas[number] = [self._call(tablet, "idea:add",
                                             {"id": str(uuid.uuid4()), "text": idea_text(number, n)})["idea"]["id"]
                                  for n in range(1, 13)]
            tablet.disconnect()

    def _prioritise(self):
        self.advance()
        for table in self.links["tables"]:
            tablet = self._client(table["secretary"])
            for idea_id in self.ideas[table["number"]][2:4]:
                self._call(tablet, "priority:choose", {"idea_id": idea_id, "chosen": True})
            tablet.disconnect()

    def _theming(self):
        self.advance()
        self._call(self.leader, "theme:suggest", {})
        self._call(self.leader, "theme:publish", {})
        self._call(self.leader, "theme:context", {"show": True})

    def _deepen(self):
        self._call(self.leader, "theme:finalise", {})
        self.advance()
        for table in self.links["tables"]:
            tablet = self._client(table["secretary"])
            for text in PROPOSALS:
                self._call(tablet, "idea:add", {"id": str(uuid.uuid4()), "text": text})
            self._call(tablet, "parking:add",
                       {"id": str(uuid.uuid4()), "text": PARKING[table["number"] % len(PARKING)]})
            tablet.disconnect()
        tables = len(self.links["tables"])
        for person in range(self.phones):
            phone = self._client(self.links["participant"])
            self._call(phone, "participant:join", {"name": f"Deltagare {person + 1}", "table": person % tables + 1})
            phone.disconnect()
        self._call(self.leader, "parking:show", {"show": True})
        self._call(self.leader, "rotation:open", {"round": 1, "force": True})

    def _closing(self):
        self._call(self.leader, "rotation:close", {"round": 1})
        self.advance()

    def close(self) -> None:
        self.leader.disconnect()


PHASES = ["setup", "warmup", "brainstorm", "prioritise", "theming", "deepen", "closing"]


def wait_for_the_evening(page, phase, expect):
    """Each phase's content has reached the projector (state, not time)."""
    expect(page.get_by_test_id("phase")).to_have_attribute("data-phase", phase)
    cards = page.locator('[data-testid="table-card"]')
    if phase in ("brainstorm", "prioritise", "deepen"):
        expect(cards.locator('[data-testid="idea-count"][data-count="12"]')).to_have_count(6)
    if phase == "prioritise":
        expect(page.locator('[data-testid="priority-status"][data-complete="true"]')).to_have_count(6)
    if phase == "theming":
        expect(page.get_by_test_id("theme")).to_have_count(6)
    if phase == "deepen":
        expect(cards.locator('[data-testid="proposal-count"][data-count="3"]')).to_have_count(6)
        expect(page.get_by_test_id("parking-item")).to_have_count(6)
        expect(page.locator("#rotation-banner")).to_be_visible()
    if phase == "closing":
        expect(page.get_by_test_id("summary-theme")).to_have_count(6)
