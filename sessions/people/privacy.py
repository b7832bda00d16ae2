"""Personal data: how long names are kept, a person's data exported and erased on request, and the
names of past events removed once the retention period has run out.

What is kept, for how long and why is written for the organiser in docs/personal-data.md (svenska)
and shown on the organiser's page "Personuppgifter".
"""

from sessions import storage
from sessions.ground.models import Event

DEFAULT_RETENTION_MONTHS = 24
# The installation's setting (DIALOG_APP_RETENTION_MONTHS), set by the app when it starts.
_setting = {"months": DEFAULT_RETENTION_MONTHS}


def configure(months) -> None:
    """Take the installation's retention period (months, at least 1)."""
    _setting["months"] = max(1, int(months or DEFAULT_RETENTION_MONTHS))


def retention_months(conn: storage.Connection, event: Event) -> int:
    """How many months after ``event`` its people's names are kept.

    The one place the period is read: for now the installation's setting; when events belong to
    organisations (issue 23) this reads the event's organisation's setting instead."""
    return _setting["months"]


def consent_text(months: int) -> dict[str, str]:
    """What a person agrees to when registering, in Swedish and English (its version:
    sessions.people.registration.CONSENT_VERSION with the months)."""
    return {
        "sv": (f"Vi sparar ditt namn, din organisation, din e-postadress, vem som bjöd in dig och, om du fyller "
               f"i dem, ditt kön och din bransch. Vi använder dem för att ordna kvällen (anmälan, biljett, "
               f"incheckning, bordsplacering) och för att se att de inbjudna speglar kommunens näringsliv; bara "
               f"arrangörerna ser dem. Namn, organisation och e-postadress tas bort {months} månader efter "
               f"evenemanget. Det borden skriver under kvällen sparas utan namn. Du kan när som helst be "
               f"arrangören om en kopia av dina uppgifter eller att de raderas."),
        "en": (f"We keep your name, your organisation, your e-mail address, who invited you and, if you give "
               f"them, your gender and sector. We use them to run the evening (registration, ticket, check-in, "
               f"seating) and to see that those invited reflect the local economy; only the organisers see "
               f"them. Name, organisation and e-mail address are removed {months} months after the event. What "
               f"the tables write during the evening is kept without names. You may at any time ask the "
               f"organiser for a copy of your data or to have it erased."),
    }
