"""A rule's refusal (a domain error code) as a sentence in the user's language, with its values filled in."""

from babel.lists import format_list
from babel.numbers import format_decimal
from flask_babel import force_locale, get_locale
from flask_babel import lazy_gettext as _l

ERROR_MESSAGES = {
    "idea.empty": _l("Skriv en idé innan du sparar."),
    "idea.too_long": _l("Idén är för lång: %(length)s tecken, högst %(limit)s får plats."),
    "idea.not_found": _l("Idén finns inte längre på bordets lista."),
    "priority.empty": _l("Skriv prioriteringen innan du sparar."),
    "priority.too_long": _l("Prioriteringen är för lång: %(length)s tecken, högst %(limit)s får plats."),
    "priority.limit": _l("Bordet har redan %(limit)s prioriteringar. Ta bort en innan du väljer en ny."),
    "priority.not_found": _l("Prioriteringen finns inte längre."),
    "table.unknown": _l("Det finns inget bord %(table)s vid det här evenemanget."),
    "role.forbidden": _l("Den här länken ger inte behörighet att göra det."),
    "role.other_table": _l("Du skriver för ditt eget bord och kan inte ändra bord %(table)s."),
    "role.not_administrator": _l("Bara en administratör kan hantera konton och organisationens inställningar."),
    "token.invalid": _l("Länken gäller inte längre. Be arrangören om en ny."),
    "phase.not_allowed": _l("Det går inte just nu: kvällen är i fasen ”%(phase_name)s”."),
    "phase.at_end": _l("Kvällen är redan i sista fasen."),
    "phase.at_start": _l("Kvällen är redan i första fasen."),
    "phase.changed": _l("Fasen har redan ändrats till ”%(phase_name)s”. Inget mer ändrades."),
    "timer.changed": _l("Nedräkningen ändrades nyss av någon annan. Se den nya tiden och försök igen om det behövs."),
    "rotation.changed": _l("Rotationen ändrades nyss av någon annan. Inget ändrades; se läget nu och försök igen."),
    "phase.priorities_incomplete": _l("Bord %(tables)s har inte valt alla sina prioriteringar (%(count)s per bord)."),
    "timer.invalid": _l("Ange en tid mellan 1 och %(limit)s minuter."),
    "themes.replace_confirm": _l("Det finns redan teman på tavlan. Föreslår du teman igen ersätts de."),
    "themes.no_priorities": _l("Det finns inga prioriteringar att sortera ännu."),
    "themes.nothing_to_publish": _l("Tavlan har inga teman att visa ännu."),
    "themes.finalised": _l("Temana är fastställda. Öppna dem igen för att ändra."),
    "themes.nothing_to_undo": _l("Det finns inget att ångra."),
    "themes.count": _l("Temana kan fastställas när antalet teman är %(expected)s; nu är det %(actual)s."),
    "theme.title_empty": _l("Ge temat en rubrik."),
    "theme.title_too_long": _l("Rubriken får vara högst %(limit)s tecken."),
    "theme.not_found": _l("Temat finns inte längre – någon annan kan just ha ändrat tavlan."),
    "theme.merge_self": _l("Välj ett annat tema att slå ihop med."),
    "phase.themes_not_final": _l("Temana är inte fastställda än. Fastställ dem först, eller gå vidare ändå."),
    "deepen.no_theme": _l("Bordet har inget tema än. Be processledaren ge bordet ett tema."),
    "participant.name_empty": _l("Skriv ditt namn, eller det namn du vill synas med."),
    "participant.name_too_long": _l("Namnet får vara högst %(limit)s tecken."),
    "participant.not_joined": _l("Anslut dig först med ditt namn."),
    "participant.not_found": _l("Mobilen finns inte längre bland de anslutna."),
    "parking.not_found": _l("Lappen finns inte längre på parkeringen."),
    "rotation.full": _l("Bord %(table)s är fullt. Bord med lediga platser: %(free)s."),
    "rotation.room_full": _l("Alla bord är fulla just nu, så ingen kan byta bord. Stanna där du sitter."),
    "rotation.no_free_seats": _l("Inget bord har en ledig plats, så ingen kan byta bord i den här rundan. Be "
                                 "arrangören öka antalet platser per bord, eller öppna rundan ändå."),
    "join.table_full": _l("Bord %(table)s är fullt. Välj ett bord med lediga platser: %(free)s."),
    "join.room_full": _l("Alla platser är upptagna. Gå till arrangörerna vid entrén, så hjälper de dig."),
    "rotation.not_open": _l("Ingen rotationsrunda är öppen just nu."),
    "rotation.already_open": _l("Rotationsrunda %(number)s är redan öppen."),
    "rotation.no_more_rounds": _l("Alla rotationsrundor är genomförda (högst %(limit)s i kväll)."),
    "rotation.bad_seats": _l("Antalet platser per bord ska vara mellan 1 och %(limit)s."),
    "parking.empty": _l("Skriv något innan du lämnar det på parkeringen."),
    "parking.too_long": _l("Texten är för lång: %(length)s tecken, högst %(limit)s får plats."),
    "event.not_found": _l("Evenemanget finns inte."),
    "event.field_missing": _l("Fyll i fältet ”%(field_name)s”."),
    "event.field_too_long": _l("Fältet ”%(field_name)s” får vara högst %(limit)s tecken."),
    "event.bad_date": _l("Datumet ska skrivas som ÅÅÅÅ-MM-DD."),
    "event.date_in_past": _l("Datumet %(date)s har redan varit. Stämmer det? Kryssa i ”Ja, datumet har redan varit” "
                             "och spara igen, eller rätta datumet."),
    "event.bad_table_count": _l("Antalet bord ska vara mellan 1 och %(limit)s."),
    "event.bad_theme_count": _l("Antalet teman ska vara mellan 1 och %(limit)s."),
    "event.bad_rounds": _l("Antalet rotationsrundor ska vara mellan 0 och %(limit)s."),
    "event.bad_participant_cap": _l("Högsta antalet deltagare ska vara mellan 1 och %(limit)s."),
    "event.bad_expected": _l("Antalet väntade deltagare ska vara mellan 0 och %(limit)s."),
    "event.bad_time_zone": _l("Tidszonen ”%(time_zone)s” finns inte. Skriv till exempel Europe/Stockholm."),
    "programme.title_missing": _l("Ge programmet en rubrik."),
    "programme.title_too_long": _l("Programmets rubrik får vara högst %(limit)s tecken."),
    "programme.no_events": _l("Välj minst ett och högst %(limit)s evenemang till programmet."),
    "programme.not_found": _l("Programmet finns inte."),
    "programme.no_inputs": _l("Programmets evenemang har inget inskrivet än att dela in i teman."),
    "programme.no_such_input": _l("Det inskrivna finns inte längre i programmets evenemang."),
    "phone.not_joined": _l("Anslut dig med ditt namn först."),
    "vote.not_found": _l("Det du röstade på finns inte längre. Listan visas på nytt."),
    "vote.limit": _l("Du har redan gett dina %(limit)s röster. Ta tillbaka en röst för att ge den till något annat."),
    "evaluation.bad_rating": _l("Välj ett betyg från 1 till 5."),
    "idea.bad_detail": _l("Välj ett av svaren i listan för ”%(field)s”."),
    "event.bad_format": _l("Formen ”%(format)s” finns inte. Välj en av formerna i listan."),
    "request.bad_id": _l("Meddelandet kunde inte läsas (felaktigt id). Ladda om sidan."),
    "request.malformed": _l("Meddelandet kunde inte läsas. Ladda om sidan."),
    "person.name_empty": _l("Fyll i personens namn."),
    "person.field_too_long": _l("Fältet ”%(field_name)s” får vara högst %(limit)s tecken."),
    "person.bad_gender": _l("Okänt värde för kön."),
    "person.bad_status": _l("Okänd status."),
    "person.not_found": _l("Personen finns inte på listan."),
    "checkin.not_checked_in": _l("%(name)s är inte incheckad. Inget ändrades."),
    "mail.not_found": _l("Mejlet finns inte i utkorgen."),
    "register.consent_needed": _l("Kryssa i att du har läst om dina uppgifter och vill anmäla dig."),
    "register.email_needed": _l("Skriv en e-postadress som fungerar, så att biljetten når dig."),
    "register.unknown_inviter": _l("Välj den som bjöd in dig i listan, eller ”Ingen av dessa”."),
    "register.already_listed": _l("Den e-postadressen finns redan på listan: använd länken i din inbjudan."),
    "register.bad_capacity": _l("Ange antalet platser som ett heltal från 1 till %(limit)s, eller lämna tomt."),
    "ticket.other_event": _l("Biljetten gäller ett annat evenemang."),
    "ticket.already_in": _l("%(name)s är redan incheckad."),
    "results.not_published": _l("Resultaten är inte publicerade just nu."),
    "mail.not_resendable": _l("Mejlet väntar redan eller är skickat; det skickas inte en gång till."),
    "import.unreadable": _l("Filen gick inte att läsa. Spara den som CSV eller XLSX och försök igen."),
    "import.empty": _l("Filen är tom."),
    "import.too_big": _l("Filen är för stor (högst 2 MB)."),
    "import.too_many": _l("Listan har fler än %(limit)s rader med innehåll (tomma rader räknas inte). "
                          "Inget har importerats. Dela upp listan i två filer."),
    "import.no_name_column": _l("Ingen kolumn med namn hittades. Välj vilken kolumn som är Namn."),
    "import.old_format": _l("Filen är en äldre Excel-fil (XLS), en OpenDocument-fil eller lösenordsskyddad. "
                            "Spara den som Excel-arbetsbok (XLSX) eller CSV och försök igen."),
    "import.damaged": _l("Filen är skadad eller ofullständig: kalkylbladet tar slut mitt i. Inget har importerats. "
                         "Öppna filen i Excel, spara den igen och ladda upp den på nytt."),
    "import.unpacked_too_big": _l("Filen innehåller mycket mer än en deltagarlista (mer än %(limit_mb)s MB uppackad). "
                                  "Inget har importerats. Spara bara bladet med listan i en ny fil."),
    "import.sheet_too_big": _l("Kalkylbladet har fler än %(limit)s rader, tomma rader medräknade. Inget har "
                               "importerats. Ta bort de tomma raderna under listan och spara igen."),
    "import.too_slow": _l("Filen tog för lång tid att läsa (mer än %(seconds)s sekunder). Inget har importerats. "
                          "Spara listan som CSV och försök igen."),
    "import.not_found": _l("Förhandsgranskningen finns inte längre (den sparas i ett dygn). Ladda upp filen igen."),
    "import.already_done": _l("Listan är redan importerad."),
    "import.review_changes": _l("Förhandsgranskningen är uppdaterad med dina val. Kontrollera den och tryck "
                                "på ”Importera” igen."),
    "import.nothing_to_undo": _l("Det finns ingen import att ångra."),
    "import.bad_choice": _l("Valet av kolumner gick inte att läsa. Ladda om sidan och försök igen."),
    "import.field_twice": _l("Bara en kolumn kan vara ”%(field_name)s”."),
    "import.needs_review": _l("Rader att kontrollera: %(lines)s (ett namn saknas eller ett värde känns inte "
                              "igen). Inget har importerats."),
    "dashboard.bad_band": _l("Ange gränserna i procent, med den undre lägre än den övre."),
    "request.csrf": _l("Formuläret har gått ut. Ladda om sidan och försök igen."),
    "account.bad_username": _l("Skriv ett användarnamn (högst 80 tecken)."),
    "account.weak_password": _l("Lösenordet ska ha minst %(limit)s tecken."),
    "account.exists": _l("Användarnamnet finns redan. Välj ett annat."),
    "account.not_found": _l("Kontot finns inte."),
    "account.last_administrator": _l("Organisationen behöver en administratör. Skapa ett annat "
                                     "administratörskonto först."),
    "organisation.bad_name": _l("Skriv organisationens namn, högst %(limit)s tecken."),
    "organisation.exists": _l("Det finns redan en organisation med det namnet."),
    "organisation.not_found": _l("Organisationen finns inte."),
    "organisation.bad_council": _l("Skriv vem uppföljningen redovisas för, högst %(limit)s tecken."),
    "organisation.bad_retention": _l("Skriv ett antal månader mellan 1 och %(limit)s, eller lämna fältet tomt."),
    "account.long_password": _l("Lösenordet får vara högst %(limit)s tecken."),
    "login.csrf": _l("Inloggningssidan hade gått ut. Skriv användarnamn och lösenord igen."),
    "login.too_many": _l("För många misslyckade försök. Vänta tio minuter och försök igen."),
    "login.busy": _l("Många försöker logga in just nu. Försök igen om en stund."),
    "login.paced": _l("Många felaktiga försök har gjorts med det här användarnamnet. Försök igen om några sekunder, "
                      "eller från en webbläsare där du har loggat in förut."),
    "rate.too_many_tries": _l("För många försök från din uppkoppling på kort tid. Vänta en stund och försök igen."),
    "rate.limited": _l("Det kom fler meddelanden än servern tar emot på en gång. Det som väntar skickas automatiskt "
                       "om en stund."),
    "request.too_large": _l("Det som skickades är för stort. En fil får vara högst 2 MB."),
    "request.not_found": _l("Sidan finns inte. Kontrollera länken, eller be arrangören om en ny."),
    "strategy.bad_type": _l("Strategin ska vara en fil av typen .docx, .pdf, .txt eller .md."),
    "strategy.pdf_damaged": _l("PDF-filen är skadad eller går inte att läsa. Inget har lästs in. Spara strategin "
                               "som PDF på nytt, eller som Word-dokument (DOCX), och försök igen."),
    "strategy.encrypted": _l("PDF-filen är krypterad eller lösenordsskyddad. Inget har lästs in. Spara strategin "
                             "som PDF utan lösenord, eller som Word-dokument (DOCX), och försök igen."),
    "strategy.no_text": _l("PDF-filen har ingen text att läsa, bara bilder (en inskannad sida?). Inget har lästs in. "
                           "Ladda upp strategin som den publicerades (en PDF med text), som Word-dokument eller "
                           "som text."),
    "strategy.too_big": _l("Filen är för stor (högst %(limit_mb)s MB)."),
    "strategy.unreadable": _l("Filen gick inte att läsa. Spara strategin som DOCX eller som text och försök igen."),
    "strategy.old_format": _l("Filen är en äldre Word-fil (DOC) eller lösenordsskyddad. Spara strategin som "
                              "Word-dokument (DOCX) utan lösenord, eller som text, och försök igen."),
    "strategy.damaged": _l("Filen är skadad, eller inget Word-dokument som Word sparar det. Inget har lästs in. "
                           "Öppna filen i Word, spara den igen och ladda upp den på nytt."),
    "strategy.unpacked_too_big": _l("Filen innehåller mycket mer än en strategi (mer än %(limit_mb)s MB uppackad). "
                                    "Inget har lästs in. Spara strategin som text (.txt), eller som ett nytt "
                                    "Word-dokument utan stora bilder."),
    "strategy.too_many_paragraphs": _l("Dokumentet har fler än %(limit)s stycken, långt fler än en strategi. Inget "
                                       "har lästs in. Ladda upp bara själva strategin, utan bilagor."),
    "strategy.too_many_pages": _l("Dokumentet har fler än %(limit)s sidor, långt fler än en strategi. Inget har "
                                  "lästs in. Ladda upp bara själva strategin, utan bilagor."),
    "strategy.too_many_lines": _l("Filen har fler än %(limit)s rader, långt fler än en strategi. Inget har lästs "
                                  "in. Ladda upp bara själva strategin, utan bilagor."),
    "strategy.too_many_elements": _l("Dokumentet är uppbyggt av fler än %(limit)s delar, långt fler än en strategi. "
                                     "Inget har lästs in. Spara strategin som text (.txt) och försök igen."),
    "strategy.too_long": _l("Texten har mer än %(limit)s tecken, långt mer än en strategi. Inget har lästs in. "
                            "Ladda upp bara själva strategin, utan bilagor."),
    "strategy.too_slow": _l("Filen tog för lång tid att läsa (mer än %(seconds)s sekunder). Inget har lästs in. "
                            "Spara strategin som text (.txt) och försök igen."),
    "strategy.empty": _l("Filen innehåller ingen text att jämföra med."),
    "strategy.missing": _l("Välj strategin att läsa in."),
    "export.unknown_version": _l("Exporten har en version (%(version)s) som appen inte känner till."),
    "export.unreadable": _l("Filen är ingen export från appen."),
    "followup.not_found": _l("Temat eller förslaget finns inte längre."),
    "followup.bad_status": _l("Välj en status: planerad, pågår, genomförd eller ej aktuell."),
    "followup.bad_date": _l("Datumet ska skrivas som ÅÅÅÅ-MM-DD."),
    "followup.date.too_long": _l("Datumet ska skrivas som ÅÅÅÅ-MM-DD."),
    "followup.note.too_long": _l("Anteckningen är för lång: %(length)s tecken, högst %(limit)s får plats."),
    "followup.responsible.too_long": _l("Ansvarig enhet får vara högst %(limit)s tecken."),
    "followup.who.too_long": _l("Användarnamnet får vara högst %(limit)s tecken."),
    "verdict.not_found": _l("Temat eller förslaget finns inte längre i jämförelsen med strategin."),
    "verdict.bad": _l("Välj en bedömning: tas upp, osäker eller syns inte."),
    "verdict.who.too_long": _l("Användarnamnet får vara högst %(limit)s tecken."),
    "placement.not_found": _l("Idén eller temat finns inte längre."),
    "placement.who.too_long": _l("Användarnamnet får vara högst %(limit)s tecken."),
    "job.queue_full": _l("Servern tar fram många filer just nu. Försök igen om en stund."),
    "job.failed": _l("Filen kunde inte tas fram. Försök igen."),
    "request.not_connected": _l("Inte ansluten. Försök igen när anslutningen är tillbaka."),
    "server.error": _l("Något gick fel på servern. Det du skrev finns kvar; försök igen."),
}


PHASE_NAMES = {
    "setup": _l("Förberedelse"),
    "warmup": _l("Uppvärmning"),
    "brainstorm": _l("Idéer"),
    "prioritise": _l("Två prioriteringar"),
    "theming": _l("Teman"),
    "deepen": _l("Fördjupning"),
    "closing": _l("Avslutning"),
    "prioritise_one": _l("En prioritering"),
    "vote": _l("Röster"),
    "panel": _l("Frågor till panelen"),
    "log": _l("Insamling"),
}


# The built-in formats' names (sessions/evening/formats.py keeps them in Swedish for the command line).
FORMAT_NAMES = {
    "oppet-forum": _l("Öppet forum"),
    "frukostmote": _l("Frukostmöte"),
    "upphandlingsdialog": _l("Upphandlingsdialog"),
    "gator-och-torg": _l("På gator och torg"),
    "oppet-hus": _l("Öppet hus"),
}


FIELD_NAMES = {
    "title": _l("Rubrik"),
    "event_date": _l("Datum"),
    "place": _l("Plats"),
    "vision_question": _l("Frågan för idéer"),
    "deepen_question": _l("Frågan för fördjupning"),
    "warmup_story": _l("Berättelse för uppvärmningen"),
    "table_count": _l("Antal bord"),
    "theme_count": _l("Antal teman"),
    "name": _l("Namn"),
    "organisation": _l("Organisation"),
    "sector": _l("Bransch/sektor"),
    "inviter": _l("Inbjuden av"),
    "contact": _l("E-post"),
    "rotation_rounds_max": _l("Rotationsrundor"),
    "expected_participants": _l("Väntade deltagare"),
    "participant_cap": _l("Högsta antal deltagare"),
    "gender": _l("Kön"),
    "status": _l("Status"),
    "first_name": _l("Förnamn"),
    "last_name": _l("Efternamn"),
    "time_zone": _l("Tidszon"),
}


class _Filled(dict):
    """Values for a message: one that is missing shows as a dash, never as a raw placeholder."""

    def __missing__(self, key):
        return "–"


LARGEST_NUMBER_SHOWN = 10**15  # beyond any count or table; Babel cannot write numbers of 25 digits or more


def _number(value: int, locale: str) -> str:
    """"5 000" in Swedish, "5,000" in English, as the pages write numbers; a number no person typed
    (one a broken client sent, such as table 10**30) as a dash, so a refusal can always be written."""
    if abs(value) >= LARGEST_NUMBER_SHOWN:
        return "–"
    return format_decimal(value, locale=locale)


def error_message(code: str, params: dict) -> str:
    """The refusal in the current locale, with its values filled in."""
    template = ERROR_MESSAGES.get(code, ERROR_MESSAGES["server.error"])
    values = _Filled(params)
    if "phase" in values:
        values["phase_name"] = str(PHASE_NAMES.get(values["phase"], values["phase"]))
    if "field" in values:
        values["field_name"] = str(FIELD_NAMES.get(values["field"], values["field"]))
    locale = str(get_locale() or "sv")
    for key, value in list(values.items()):
        if isinstance(value, int) and not isinstance(value, bool):
            values[key] = _number(value, locale)
        elif isinstance(value, list):
            # "1, 5 och 6" in Swedish, "1, 5 and 6" in English.
            values[key] = format_list([str(item) for item in value], locale=locale) if value else "–"
    try:
        return str(template) % values
    except (ValueError, TypeError):
        return str(template)


def error_payload(code: str, params: dict, language: str | None = None) -> dict:
    """The ``error`` part of a refused acknowledgement, in ``language`` when given."""
    if language:
        with force_locale(language):
            message = error_message(code, params)
    else:
        message = error_message(code, params)
    safe_params = {key: value for key, value in params.items() if isinstance(value, (str, int, float, list))}
    return {"code": code, "message": message, "params": safe_params}
