"""Languages: Swedish first, English available; every text a person reads goes through Flask-Babel.

``locale`` chooses the language, ``messages`` turns a domain refusal into a sentence, ``labels`` names
stored values, ``client`` gives the page scripts their texts. The English catalogue is in
``translations/`` (``make translations``).
"""

from flask_babel import Babel, get_locale

from dialog_app.i18n.client import client_strings
from dialog_app.i18n.labels import (
    FOLLOWUP_STATUS_NAMES,
    GENDER_NAMES,
    IMPORT_FIELD_NAMES,
    STAGE_NAMES,
    STATUS_NAMES,
    VERDICT_NAMES,
)
from dialog_app.i18n.locale import LANGUAGES, choose_locale, normalise_language, remember_language
from dialog_app.i18n.messages import ERROR_MESSAGES, FIELD_NAMES, PHASE_NAMES, error_message, error_payload

__all__ = ["ERROR_MESSAGES", "FIELD_NAMES", "LANGUAGES", "PHASE_NAMES", "client_strings", "error_message",
           "error_payload", "init_app", "normalise_language"]

babel = Babel()


def _template_globals() -> dict:
    return {"current_locale": str(get_locale() or "sv"), "client_strings": client_strings,
            "phase_names": PHASE_NAMES, "gender_names": GENDER_NAMES, "status_names": STATUS_NAMES,
            "stage_names": STAGE_NAMES, "field_names": IMPORT_FIELD_NAMES,
            "followup_status_names": FOLLOWUP_STATUS_NAMES, "verdict_names": VERDICT_NAMES}


def init_app(app):
    babel.init_app(app, locale_selector=choose_locale)
    app.after_request(remember_language)
    app.context_processor(_template_globals)
