"""Exports from the web layer and the CLI: the same document, with ideas placed under themes."""

from clustering import nearest_themes
from dialog_app.db import get_db
from sessions import service
from sessions.export import build_export
from sessions.export_formats import render


def export_bytes(event_id: str, file_format: str, *, include_names: bool = False, principal=None) -> bytes:
    document = build_export(get_db(), principal or service.ORGANISER, event_id, include_names=include_names,
                            place=lambda themes, texts: nearest_themes(themes, texts, "sv"))
    return render(document, file_format)
