"""Files from the web layer and the CLI: the export, the imprint and the follow-up report.

Each file is made by a top-level function of plain data (``*_file(conn, principal, event_id, ...)``)
that :mod:`dialog_app.offload` runs as a job in the jobs worker process, with that process's own
connection: reading the evening, placing its ideas and laying out a DOCX or XLSX never run on the
served event loop, and eight at once queue instead of sharing its interpreter. The organiser's page
says the file's place in the queue and refreshes itself until the file comes
(:func:`send_when_ready`).
"""

from flask import Response, render_template, request, url_for
from flask_babel import gettext

from clustering.placement import place
from dialog_app import offload
from dialog_app.downloads import attachment
from sessions.documents import followup, imprint, verdicts
from sessions.documents.document import export_for_download
from sessions.documents.forum_report import render, to_json
from sessions.documents.render import render as render_report
from sessions.ground import roles

# How often the "being prepared" page asks again, in seconds.
REFRESH_SECONDS = 2


def place_ideas(theme_texts, idea_texts):
    """Each idea under a theme only where the tool is confident, with the words that say why."""
    return place(theme_texts, idea_texts, "sv")


def export_file(conn, principal, event_id: str, file_format: str, include_names: bool) -> bytes:
    return render(export_for_download(conn, principal, event_id, include_names=include_names, place=place_ideas),
                  file_format)


def imprint_file(conn, principal, event_id: str, file_format: str) -> bytes | None:
    """The imprint as JSON, or the answer to the council (DOCX, HTML, Markdown); None without a strategy."""
    result = verdicts.reviewed_imprint(conn, principal, event_id)
    if result is None:
        return None
    return to_json(result) if file_format == "json" else render_report(imprint.imprint_report(result), file_format)


def followup_file(conn, principal, event_id: str, file_format: str) -> bytes:
    found = verdicts.reviewed_imprint(conn, principal, event_id)
    return render_report(followup.followup_report(conn, principal, event_id, found), file_format)


def programme_file(conn, principal, programme_id: str, file_format: str) -> bytes:
    """A programme's consolidated report (JSON, Markdown or DOCX), made from its one document."""
    import json

    from sessions.documents import programme

    doc = programme.document(conn, principal, programme_id)
    if file_format == "json":
        return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")
    return render_report(programme.report(doc), file_format)


def programme_imprint_file(conn, principal, programme_id: str, filename: str, content: bytes) -> bytes:
    """The answer to the council for a programme: its themes across events against the adopted strategy."""
    from sessions.documents import programme

    return render_report(imprint.imprint_report(programme.imprint_on(conn, principal, programme_id, filename,
                                                                     content)), "docx")


def programme_followup_file(conn, principal, programme_id: str, file_format: str) -> bytes:
    """A programme's yearly follow-up report for the council, before a strategy is read."""
    return render_report(followup.programme_followup_report(conn, principal, programme_id), file_format)


def programme_followup_imprint_file(conn, principal, programme_id: str, filename: str, content: bytes) -> bytes:
    """A programme's yearly follow-up report with its imprint on the adopted strategy (DOCX)."""
    from sessions.documents import programme

    found = programme.imprint_on(conn, principal, programme_id, filename, content)
    return render_report(followup.programme_followup_report(conn, principal, programme_id, found), "docx")


def export_bytes(event_id: str, file_format: str, *, include_names: bool = False, principal=None) -> bytes:
    """The export at once, for the command line (where nothing else waits)."""
    who = principal or roles.ORGANISER
    return offload.start_job(("export", event_id, file_format, include_names, who), export_file, who, event_id,
                             file_format, include_names).result()


def send_when_ready(key: tuple, function, *args, filename: str, mimetype: str, what: str = "export") -> Response:
    """The file ``function(conn, *args)`` makes, as a download once it is ready; until then a page that
    says where in the queue it is and asks again by itself (the same address, with the job's id)."""
    job = offload.prepared(request.args.get("job"), key, function, *args)
    if job.done():
        return attachment(job.result(), mimetype, filename)
    place = offload.place_in_queue(job)
    again = url_for(request.endpoint, **(request.view_args or {}), **(request.args.to_dict() | {"job": job.id}))
    if what == "report":
        status = (gettext("Rapporten står i kö (plats %(place)s).", place=place) if place
                  else gettext("Rapporten förbereds."))
    else:
        status = (gettext("Exporten står i kö (plats %(place)s).", place=place) if place
                  else gettext("Exporten förbereds."))
    return render_template("preparing.html", status=status, place=place, again=again, refresh=REFRESH_SECONDS,
                           role="organiser"), 202
