"""The texts the browser scripts show, translated here so the scripts hold no language of their own."""

from flask_babel import gettext

from dialog_app.i18n.messages import ERROR_MESSAGES, PHASE_NAMES


def client_strings() -> dict:
    """Every text a page script shows, in the current locale, by key."""
    strings = {
        "connection.online": gettext("Ansluten"),
        "connection.offline": gettext("Inte ansluten – det du skriver sparas på surfplattan och skickas sedan"),
        "connection.connecting": gettext("Ansluter …"),
        "link.replaced": gettext("Länken har bytts ut"),
        "idea.saved": gettext("Sparad"),
        "idea.pending": gettext("Väntar på att sparas"),
        "idea.refused": gettext("Inte sparad"),
        "idea.edit": gettext("Ändra"),
        "idea.save": gettext("Spara"),
        "idea.cancel": gettext("Avbryt"),
        "idea.withdraw": gettext("Ta bort"),
        "idea.withdraw_confirm": gettext("Ta bort idén från bordets lista?"),
        "idea.count": gettext("idéer"),
        "idea.older": gettext("äldre idéer"),
        "idea.chars_left": gettext("tecken kvar"),
        "priority.choose": gettext("Välj som prioritering"),
        "priority.chosen": gettext("Vald som prioritering"),
        "priority.remove": gettext("Ta bort prioriteringen"),
        "priority.count": gettext("prioriteringar valda"),
        "priority.none": gettext("Inga prioriteringar ännu"),
        "table": gettext("Bord"),
        "tablet.online": gettext("Surfplattan är ansluten"),
        "tablet.offline": gettext("Ingen surfplatta ansluten"),
        "timer.left": gettext("kvar"),
        "timer.done": gettext("Tiden är ute"),
        "phase.confirm_incomplete": gettext("Gå vidare ändå?"),
        "phase.next": gettext("Nästa fas"),
        "phase.last": gettext("Sista fasen"),
        "dismiss": gettext("Stäng"),
        "participant.at_table": gettext("vid bord"),
        "rotation.open": gettext("Rotationen är öppen: välj det bord vars tema intresserar dig mest."),
        "rotation.closed": gettext("Ingen rotation just nu. Du kan byta bord när processledaren öppnar en runda."),
        "seats.taken": gettext("platser tagna"),
        "seats.full": gettext("fullt"),
        "parking.saved": gettext("Tack! Din synpunkt ligger på parkeringen."),
        "proposal.count": gettext("förslag"),
        "moving": gettext("byter bord"),
        "round": gettext("Runda"),
        "theme.none": gettext("Inget tema"),
        "theme.table": gettext("Bordets tema"),
        "theme.new_title": gettext("Nytt tema"),
        "theme.move_to": gettext("Flytta till …"),
        "theme.to_unsorted": gettext("Ej sorterade"),
        "theme.to_new": gettext("Ett nytt tema"),
        "theme.merge_into": gettext("Slå ihop med …"),
        "theme.delete": gettext("Ta bort temat"),
        "theme.title_label": gettext("Temats rubrik"),
        "theme.count": gettext("teman"),
        "theme.of": gettext("av"),
        "theme.finalised": gettext("Fastställda"),
        "theme.context": gettext("Idéer i närheten"),
        "waiting.setup": gettext("Kvällen har inte börjat än. Här skriver du bordets idéer när ledaren startar idéfasen."),
        "waiting.warmup": gettext("Lyssna på berättelsen. Snart skriver du bordets idéer här."),
        "waiting.theming": gettext("Processledarna sorterar prioriteringarna i teman. Bordets idéer är sparade."),
        "waiting.closing": gettext("Tack! Kvällen avslutas. Allt bordet skrev är sparat."),
        "refused.kept": gettext("Det här sparades inte. Texten finns kvar: rätta den och skicka igen."),
        "refused.retry": gettext("Ändra och skicka igen"),
    }
    strings.update({f"phase.{key}": str(name) for key, name in PHASE_NAMES.items()})
    strings.update({f"error.{code}": str(message) for code, message in ERROR_MESSAGES.items()
                    if code in ("request.not_connected", "server.error")})
    return strings
