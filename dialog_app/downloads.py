"""Every file the server hands out is answered here, so no download can put a raw value in a header.

A download's name carries values (an event id, later perhaps a title); a value with a line break
would end the header and start another (header injection), a quote would end the name. The name
is sent twice, as HTTP asks (RFC 6266): as plain ASCII letters, digits, dots and dashes for every
browser, and in full as UTF-8 (``filename*``, RFC 5987) when it has letters like "å".
"""

import re
import unicodedata
from urllib.parse import quote

from flask import Response

from sessions.ground.text import normalise_text

NAME_MAX_LENGTH = 120
_NOT_PLAIN = re.compile(r"[^A-Za-z0-9._]+")
_NOT_NAMED = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|]+')


def attachment_header(filename: str) -> str:
    """The Content-Disposition of a download named ``filename``, safe whatever the name holds."""
    full = _NOT_NAMED.sub("-", normalise_text(filename, one_line=True)).strip(" .-")[:NAME_MAX_LENGTH] or "download"
    ascii_name = unicodedata.normalize("NFKD", full).encode("ascii", "ignore").decode("ascii")
    plain = _NOT_PLAIN.sub("-", ascii_name.replace("-", " ")).strip(".-") or "download"
    if plain == full:
        return f'attachment; filename="{plain}"'
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(full, safe='')}"


def attachment(content: bytes | str, mimetype: str, filename: str) -> Response:
    """``content`` as a download the browser saves under ``filename`` (a ``mimetype`` that names its
    charset is sent as it is, not given a second one)."""
    typed = {"content_type": mimetype} if "charset=" in mimetype else {"mimetype": mimetype}
    return Response(content, headers={"Content-Disposition": attachment_header(filename)}, **typed)
