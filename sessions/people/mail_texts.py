"""The mails' words, in Swedish with English beneath: people invited to a Swedish municipality's forum
may read either. The personal links are placeholders the sender fills in (sessions/people/outbox.py)."""

from sessions.ground.models import Event, Person


def _when_where(event: Event) -> str:
    return ", ".join(part for part in (event.event_date, event.place) if part)


def _host(event: Event, inviter: str) -> str:
    return inviter or event.organisation or "Arrangören"


def invitation(event: Event, person: Person) -> tuple[str, str]:
    host = _host(event, person.inviter)
    subject = f"{host} bjuder in dig till {event.title}"
    place = _when_where(event)
    body = (
        f"Hej {person.name}!\n\n"
        f"{host} bjuder in dig till {event.title}{f' ({place})' if place else ''}, ett öppet forum där "
        f"företagare, skolor och föreningar är med och formar kommunens näringslivsstrategi.\n\n"
        f"Anmäl dig (eller tacka nej) med din egen länk:\n{{register_link}}\n\n"
        f"Länken är personlig: dela den inte. Har du frågor, svara på det här mejlet.\n\n"
        f"---\n\n"
        f"Hello {person.name},\n\n"
        f"{host} invites you to {event.title}{f' ({place})' if place else ''}, an open forum where businesses, "
        f"schools and associations help shape the municipality's business strategy.\n\n"
        f"Register (or decline) with your own link:\n{{register_link}}\n\n"
        f"The link is personal: please do not share it.\n")
    return subject, body


def registration_mail(purpose: str, event: Event, person: Person) -> tuple[str, str]:
    place = _when_where(event)
    if purpose == "waiting":
        return (f"Du står på väntelistan till {event.title}",
                f"Hej {person.name}!\n\nTack för din anmälan till {event.title}. Alla platser är tagna just nu, "
                f"så du står på väntelistan. Blir en plats ledig får du ett mejl med din biljett.\n\n"
                f"Ändra eller ta tillbaka din anmälan: {{register_link}}\n\n---\n\n"
                f"Hello {person.name},\n\nThank you for registering for {event.title}. All seats are taken "
                f"for now, so you are on the waiting list. If a seat frees up you will get a mail with your "
                f"ticket.\n\nChange or withdraw your registration: {{register_link}}\n")
    return (f"Välkommen till {event.title}: din biljett",
            f"Hej {person.name}!\n\nDu är anmäld till {event.title}{f' ({place})' if place else ''}.\n\n"
            f"Din biljett är QR-koden i bilagan; visa den vid dörren (i telefonen eller utskriven), så "
            f"checkar vi in dig. Biljetten finns också här: {{ticket_link}}\n\n"
            f"Kan du inte komma? Tacka nej med din länk, så går platsen till någon på väntelistan: "
            f"{{register_link}}\n\n---\n\n"
            f"Hello {person.name},\n\nYou are registered for {event.title}"
            f"{f' ({place})' if place else ''}.\n\nYour ticket is the QR code attached; show it at the door "
            f"(on your phone or printed). The ticket is also here: {{ticket_link}}\n\n"
            f"Cannot come? Decline with your link, and the seat goes to someone on the waiting list: "
            f"{{register_link}}\n")


_UNSUBSCRIBE = ("\n\nVill du inte ha fler mejl om vad som händer med idéerna? Ett klick: {unsubscribe_link}\n"
                "No more mails about what becomes of the ideas? One click: {unsubscribe_link}\n")


def report_published(event: Event, results_url: str) -> tuple[str, str]:
    return (f"Rapporten från {event.title} är klar",
            f"Hej!\n\nDu var med på {event.title} och ville veta vad som händer med idéerna. Nu är rapporten "
            f"klar: där finns temana, förslagen och vad kommunen gör med dem.\n\n{results_url}\n\n"
            f"Vi mejlar igen när förslagen följs upp.\n\n---\n\n"
            f"Hello,\n\nYou took part in {event.title} and asked to hear what becomes of the ideas. The report "
            f"is out: the themes, the proposals and what the municipality does with them.\n\n{results_url}\n"
            + _UNSUBSCRIBE)


def followup_digest(event: Event, results_url: str, changes: list[str]) -> tuple[str, str]:
    listed = "\n".join(f"- {line}" for line in changes)
    return (f"Nytt om förslagen från {event.title}",
            f"Hej!\n\nDet har hänt något med förslagen från {event.title}:\n\n{listed}\n\n"
            f"Allt om uppföljningen: {results_url}\n\n---\n\n"
            f"Hello,\n\nThere is news on the proposals from {event.title} (above, in Swedish). "
            f"Everything about the follow-up: {results_url}\n" + _UNSUBSCRIBE)
