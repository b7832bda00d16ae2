"""The texts the browser scripts show, translated here so the scripts hold no language of their own.

A text with values carries ``%(name)s`` placeholders that the page fills (``Dialog.tr``); a text
that depends on a number comes as its plural forms by CLDR category (``one``, ``other``), made by
``ngettext``, and the page picks the form with ``Intl.PluralRules`` (``Dialog.plural``).
"""

from flask_babel import get_translations, gettext

from dialog_app.i18n.messages import ERROR_MESSAGES, PHASE_NAMES


def plural_forms(singular: str, plural: str) -> dict:
    """Both forms of a counted text, placeholders left for the page (``%(num)s`` is the count).

    Extracted like ngettext (``make translations`` and tests/web/test_i18n.py name it as a keyword)."""
    translations = get_translations()
    return {"one": translations.ungettext(singular, plural, 1), "other": translations.ungettext(singular, plural, 2)}


def _tasks(role: str | None) -> dict:
    """One line of what to do now, for each phase, on a secretary's tablet or a participant's phone."""
    tasks = {
        "secretary": {
            "setup": gettext("Kvällen har inte börjat än. När processledaren startar idéfasen skriver du bordets "
                             "idéer här."),
            "warmup": gettext("Lyssna på berättelsen. Snart skriver du bordets idéer här."),
            "brainstorm": gettext("Skriv in bordets idéer, en i taget. Enter sparar idén."),
            "prioritise": gettext("Välj bordets två viktigaste idéer med knappen ”Välj som prioritering”."),
            "theming": gettext("Processledarna sorterar prioriteringarna i teman. Bordets idéer är sparade."),
            "deepen": gettext("Skriv bordets förslag på hur temat kan bli verklighet, ett förslag i taget."),
            "closing": gettext("Tack! Kvällen avslutas. Allt bordet skrev är sparat och går vidare till strategin."),
            "prioritise_one": gettext("Välj bordets viktigaste idé med knappen ”Välj som prioritering”."),
            "vote": gettext("Deltagarna röstar med mobilerna på bordens prioriteringar."),
            "panel": gettext("Skriv bordets frågor till panelen, en i taget."),
            "log": gettext("Skriv in varje svar eller fråga för sig, med uppgifterna om den som svarar vill."),
        },
        "participant": {
            "setup": gettext("Välkommen! Anslut dig med ditt namn och bordet du sitter vid."),
            "warmup": gettext("Lyssna på berättelsen och tänk på hur kommunen ser ut om tio år."),
            "brainstorm": gettext("Berätta dina idéer för bordet. Bordets sekreterare skriver in dem."),
            "prioritise": gettext("Hjälp bordet att välja sina två viktigaste idéer."),
            "theming": gettext("Processledarna samlar bordens prioriteringar i teman. Ta gärna en kopp kaffe."),
            "deepen": gettext("Arbeta med bordets tema. När en runda öppnas kan du byta till ett bord med ett tema "
                              "du brinner för."),
            "closing": gettext("Tack för att du var med! Det ni skrev i kväll går in i arbetet med strategin."),
            "prioritise_one": gettext("Hjälp bordet att välja sin viktigaste idé."),
            "vote": gettext("Rösta på de förslag du tycker är viktigast. Du har tre röster."),
            "panel": gettext("Skicka en fråga till panelen, och rösta på de frågor du vill få svar på."),
            "log": gettext("Tack! Personalen skriver in det du säger."),
        },
    }
    return {f"task.{role}.{phase}": text for phase, text in tasks.get(role, {}).items()}


def client_strings(role: str | None = None) -> dict:
    """Every text a page script shows, in the current locale, by key; ``role`` adds that role's tasks."""
    strings = {
        "connection.online": gettext("Ansluten"),
        "connection.offline": gettext("Inte ansluten – det du skriver sparas här och skickas sedan"),
        "link.replaced": gettext("Länken har bytts ut"),
        "idea.saved": gettext("Sparad"),
        "idea.pending": gettext("Väntar på att sparas"),
        "idea.edit": gettext("Ändra"),
        "idea.save": gettext("Spara"),
        "idea.cancel": gettext("Avbryt"),
        "idea.withdraw": gettext("Ta bort"),
        "idea.withdraw_confirm": gettext("Ta bort idén från bordets lista?"),
        "proposal.withdraw_confirm": gettext("Ta bort förslaget från bordets lista?"),
        "idea.count": plural_forms("%(num)s idé", "%(num)s idéer"),
        "idea.chars_left": plural_forms("%(num)s tecken kvar", "%(num)s tecken kvar"),
        "proposal.count": plural_forms("%(num)s förslag", "%(num)s förslag"),
        "priority.choose": gettext("Välj som prioritering"),
        "priority.chosen": gettext("Vald som prioritering"),
        "priority.remove": gettext("Ta bort prioriteringen"),
        "priority.chosen_of": gettext("%(num)s av %(total)s valda"),
        "priority.none": gettext("Inga prioriteringar ännu"),
        "table.name": gettext("Bord %(number)s"),
        "table.with_theme": gettext("Bord %(number)s: %(title)s"),
        "tablet.online": gettext("Surfplattan är ansluten"),
        "tablet.offline": gettext("Ingen surfplatta ansluten"),
        "timer.left": gettext("kvar"),
        "timer.done": gettext("Tiden är ute"),
        "phase.confirm_incomplete": gettext("Gå vidare ändå?"),
        "phase.next_named": gettext("Nästa fas: %(phase)s →"),
        "phase.last": gettext("Sista fasen"),
        "dismiss": gettext("Stäng"),
        "participant.at_table": gettext("%(name)s, du sitter vid bord %(number)s"),
        "rotation.open": gettext("Rotationen är öppen: välj det bord vars tema intresserar dig mest."),
        "rotation.closed": gettext("Ingen rotation just nu. Du kan byta bord när processledaren öppnar en runda."),
        "rotation.banner": gettext("Runda %(number)s: byt bord nu om du vill"),
        "rotation.moving": plural_forms("%(num)s person byter bord", "%(num)s personer byter bord"),
        "rotation.summary": gettext("Runda %(number)s av %(total)s"),
        "rotation.summary_open": gettext("Runda %(number)s av %(total)s är öppen: %(moving)s"),
        "seats.left": plural_forms("%(free)s av %(num)s plats kvar", "%(free)s av %(num)s platser kvar"),
        "seats.full": plural_forms("Fullt: %(num)s av %(num)s plats upptagen",
                                   "Fullt: %(num)s av %(num)s platser upptagna"),
        "parking.saved": gettext("Tack! Din synpunkt ligger på parkeringen."),
        "phones.count": plural_forms("%(num)s ansluten", "%(num)s anslutna"),
        "phones.none": gettext("Ingen mobil har anslutit ännu."),
        "phones.joined_at": gettext("ansluten %(time)s"),
        "phones.remove": gettext("Ta bort"),
        "phones.remove_named": gettext("Ta bort %(name)s, bord %(table)s"),
        "phones.remove_confirm": gettext("Ta bort %(name)s (bord %(table)s) från de anslutna? Platsen blir ledig, och "
                                         "mobilen får veta det och kan ansluta igen."),
        "theme.none": gettext("Inget tema än"),
        "theme.of_this_table": gettext("Bordets tema: %(title)s"),
        "theme.of_table": gettext("Tema för bord %(number)s"),
        "theme.new_title": gettext("Nytt tema"),
        "theme.move_to": gettext("Flytta till …"),
        "theme.move_named": gettext("Flytta ”%(text)s” till …"),
        "theme.keys_help": gettext("Piltangenterna flyttar prioriteringen: upp och ned i temat, vänster och höger till "
                                   "ett annat tema."),
        "theme.to_unsorted": gettext("Ej sorterade"),
        "theme.to_new": gettext("Ett nytt tema"),
        "theme.merge_into": gettext("Slå ihop med …"),
        "theme.delete": gettext("Ta bort temat"),
        "theme.title_label": gettext("Temats rubrik"),
        "theme.status": gettext("%(num)s av %(total)s teman"),
        "theme.status_final": gettext("%(num)s av %(total)s teman · fastställda"),
        "theme.shared_words": gettext("Gemensamma ord: %(words)s"),
        "theme.unfit": gettext("Passar inte"),
        "theme.unfit_named": gettext("Passar inte: %(text)s"),
        "theme.unfit_help": gettext("Flyttar prioriteringen från temat till Ej sorterade."),
        "theme.context_count": plural_forms("%(num)s liknande idé från borden", "%(num)s liknande idéer från borden"),
        "page.of": gettext("%(page)s/%(pages)s"),
        "join.scan": gettext("Skanna koden med mobilen och var med"),
        "join.or_type": gettext("eller skriv"),
        "summary.thanks": gettext("Tack för i kväll!"),
        "summary.ideas": plural_forms("%(num)s idé", "%(num)s idéer"),
        "summary.proposals": plural_forms("%(num)s förslag", "%(num)s förslag"),
        "summary.participants": plural_forms("%(num)s deltagare", "%(num)s deltagare"),
        "summary.themes": gettext("Kvällens teman"),
        "summary.next": gettext("Allt som skrevs i kväll går in i arbetet med strategin."),
        "refused.kept": gettext("Det här sparades inte. Texten finns kvar: rätta den och skicka igen."),
        "refused.retry": gettext("Ändra och skicka igen"),
        # Named after what they act on, so a list of buttons read aloud tells them apart.
        "idea.edit_named": gettext("Ändra: %(text)s"),
        "idea.withdraw_named": gettext("Ta bort: %(text)s"),
        "priority.choose_named": gettext("Välj som prioritering: %(text)s"),
        "priority.chosen_named": gettext("Vald som prioritering: %(text)s"),
        "priority.remove_named": gettext("Ta bort prioriteringen: %(text)s"),
        "refused.retry_named": gettext("Ändra och skicka igen: %(text)s"),
        "refused.dismiss_named": gettext("Stäng: %(text)s"),
        "theme.delete_named": gettext("Ta bort temat %(title)s"),
        "theme.merge_named": gettext("Slå ihop %(title)s med …"),
        "theme.chip_named": gettext("%(text)s, bord %(number)s"),
        # What the page's status region says when something has happened.
        "idea.saved_told": gettext("Idén är sparad."),
        "proposal.saved_told": gettext("Förslaget är sparat."),
        "question.saved_told": gettext("Frågan är sparad."),
        "entry.saved_told": gettext("Svaret är sparat."),
        "question.withdrawn_told": gettext("Frågan är borttagen."),
        "entry.withdrawn_told": gettext("Svaret är borttaget."),
        "question.withdraw_confirm": gettext("Ta bort frågan från listan?"),
        "entry.withdraw_confirm": gettext("Ta bort svaret från listan?"),
        "question.answered": gettext("Besvarad"),
        "vote.left": gettext("%(num)s av %(total)s röster kvar"),
        "vote.count": plural_forms("%(num)s röst", "%(num)s röster"),
        "vote.support": gettext("stöd från %(num)s av %(total)s"),
        "phone.idea_sent": gettext("Idén är skickad till ditt bord."),
        "phone.question_sent": gettext("Frågan är skickad till panelen."),
        "evaluation.thanks": gettext("Tack för din utvärdering!"),
        "evaluation.choose": gettext("Välj ett betyg från 1 till 5."),
        "inbox.take": gettext("Ta in"),
        "inbox.title": gettext("Idéer från mobilerna"),
        "question.answer": gettext("Markera som besvarad"),
        "idea.withdrawn_told": gettext("Idén är borttagen."),
        "proposal.withdrawn_told": gettext("Förslaget är borttaget."),
        "priority.removed_told": gettext("Prioriteringen är borttagen."),
        "theme.moved_told": gettext("”%(text)s” flyttad till %(theme)s, plats %(position)s"),
        "theme.merged_told": gettext("Temana är ihopslagna: %(title)s"),
        "theme.undone_told": gettext("Den senaste ändringen är ångrad."),
        "theme.published_told": gettext("Temana visas nu för rummet."),
        "theme.deleted_told": gettext("Temat är borttaget. Dess prioriteringar ligger under Ej sorterade."),
        "menu.enter_help": gettext("Välj med piltangenterna och tryck Enter."),
        "phase.back_confirm": gettext("Gå tillbaka till fasen %(phase)s? Alla skärmar går tillbaka: projektorn, "
                                      "surfplattorna och mobilerna."),
        "paging.held_told": gettext("Projektorns sidor står still."),
        "theme.waits_count": gettext("Väntar: %(num)s av %(total)s teman finns."),
        "theme.waits_named": gettext("Väntar: %(num)s av %(total)s teman har namn."),
        "theme.waits_too_many": gettext("Väntar: %(num)s teman, men kvällen ska ha %(total)s."),
        "parking.answered": gettext("Besvarad"),
        "parking.on_projector": gettext("På projektorn"),
        "parking.answered_named": gettext("Besvarad: %(text)s"),
        "parking.on_projector_named": gettext("På projektorn: %(text)s"),
        "parking.hidden_told": gettext("Lappen visas inte på projektorn."),
        "parking.shown_told": gettext("Lappen visas på projektorn när parkeringen visas."),
        "parking.answered_told": gettext("Lappen är markerad som besvarad."),
        "parking.unanswered_told": gettext("Lappen är inte längre markerad som besvarad."),
        "paging.running_told": gettext("Projektorn bläddrar igen."),
    }
    strings.update({f"phase.{key}": str(name) for key, name in PHASE_NAMES.items()})
    strings.update({f"error.{code}": str(message) for code, message in ERROR_MESSAGES.items()
                    if code in ("request.not_connected", "server.error")})
    strings.update(_tasks(role))
    if role == "participant":
        # On the phone "ansluten" means joined ("Välkommen! Anslut dig"): its link to the server is "uppkopplad".
        strings["connection.online"] = gettext("Uppkopplad")
        strings["connection.offline"] = gettext("Inte uppkopplad – det du skriver sparas här och skickas sedan")
    return strings
