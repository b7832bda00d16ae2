"""The names people read for the values the app stores (a gender, a status, a stage, a column)."""

from flask_babel import lazy_gettext as _l

GENDER_NAMES = {"woman": _l("Kvinna"), "man": _l("Man"), "unknown": _l("Annat/ej angivet")}
STATUS_NAMES = {"invited": _l("Inbjuden"), "registered": _l("Anmäld"), "attended": _l("Deltog"),
                "declined": _l("Avböjd"), "no_show": _l("Uteblev")}
FOLLOWUP_STATUS_NAMES = {"planned": _l("Planerad"), "in_progress": _l("Pågår"), "done": _l("Genomförd"),
                         "not_relevant": _l("Ej aktuell")}
# The imprint's verdicts on a theme or a proposal (the tool's, or a person's).
VERDICT_NAMES = {"taken_up": _l("Tas upp"), "unsure": _l("Osäker"), "not_seen": _l("Syns inte")}
# As a sentence names them: "Bland de inbjudna är …".
STAGE_NAMES = {"invited": _l("de inbjudna"), "registered": _l("de anmälda"), "attended": _l("deltagarna")}
IMPORT_FIELD_NAMES = {"name": _l("Namn"), "organisation": _l("Organisation"), "sector": _l("Bransch/sektor"),
                      "gender": _l("Kön"), "inviter": _l("Inbjuden av"), "contact": _l("E-post"),
                      "status": _l("Status"),
                      "first_name": _l("Förnamn"), "last_name": _l("Efternamn")}
