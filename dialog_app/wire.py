"""What a page costs on the wire: pages and assets compressed by the app itself (brotli, else gzip), in
the embedded server of ``make run`` as behind nginx, and static files fingerprinted so a browser keeps
them for a year and a phone that reloads downloads almost nothing again.

Every ``url_for("static", filename=...)`` gets ``?v=`` and the first 12 hex digits of the file's
SHA-256, so a changed file has a new URL; the static view answers a URL with the current fingerprint as
immutable, and any other (an old page's, or none) as to be asked again. A static file is compressed
once per version and kept in memory (the app's own files are a few hundred KB); pages and JSON through
Flask-Compress, per response. Socket.IO is not a Flask response and never passes here.
"""

import gzip
import hashlib
import os
import threading
from dataclasses import dataclass, field

import brotli
from flask import Flask, Response, abort, request
from flask_compress import Compress
from werkzeug.security import safe_join

IMMUTABLE = "public, max-age=31536000, immutable"
# Smaller responses gain less than the header costs.
MIN_SIZE = 500
# Brotli's quality for static files, compressed once per version: 9 is within 1 % of 11 on these
# files at a third of its time (about 20 ms for socket.io.min.js instead of 60 ms).
STATIC_BROTLI_QUALITY = 9
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")


@dataclass
class _Version:
    mtime_ns: int
    size: int
    fingerprint: str
    mimetype: str
    body: bytes
    encoded: dict[str, bytes] = field(default_factory=dict)


class StaticFiles:
    """The app's static folder, each file read once per version, with its fingerprint and encodings."""

    def __init__(self, app: Flask):
        self.app = app
        self._versions: dict[str, _Version] = {}
        self._lock = threading.Lock()

    def version(self, filename: str) -> _Version | None:
        path = safe_join(self.app.static_folder or "", filename)
        try:
            stat = os.stat(path) if path else None
        except OSError:
            stat = None
        if path is None or stat is None or not os.path.isfile(path):
            return None
        known = self._versions.get(filename)
        if known is not None and (known.mtime_ns, known.size) == (stat.st_mtime_ns, stat.st_size):
            return known
        with open(path, "rb") as handle:
            body = handle.read()
        mimetype = Response(mimetype=_mimetype(filename)).mimetype
        made = _Version(stat.st_mtime_ns, stat.st_size, hashlib.sha256(body).hexdigest()[:12], mimetype, body)
        with self._lock:
            self._versions[filename] = made
        return made

    def fingerprint(self, filename: str) -> str | None:
        made = self.version(filename)
        return made.fingerprint if made else None


def _mimetype(filename: str) -> str:
    import mimetypes

    guessed = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    return "application/javascript" if guessed == "text/javascript" else guessed


def _encoding(accepted: str) -> str | None:
    """The best of brotli and gzip the browser takes (the q-values it sends, 0 refusing)."""
    offered = {}
    for part in accepted.split(","):
        name, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        offered[name.strip().lower()] = quality
    for name in ("br", "gzip"):
        if offered.get(name, offered.get("*", 0.0)) > 0:
            return name
    return None


def _encoded(made: _Version, encoding: str) -> bytes:
    if encoding not in made.encoded:
        if encoding == "br":
            made.encoded[encoding] = brotli.compress(made.body, quality=STATIC_BROTLI_QUALITY)
        else:
            made.encoded[encoding] = gzip.compress(made.body, compresslevel=9, mtime=0)
    return made.encoded[encoding]


def _serve_static(files: StaticFiles):
    def static(filename: str) -> Response:
        made = files.version(filename)
        if made is None:
            abort(404)
        body, encoding = made.body, None
        if made.size >= MIN_SIZE and made.mimetype.startswith(TEXT_TYPES):
            encoding = _encoding(request.headers.get("Accept-Encoding", ""))
            if encoding:
                body = _encoded(made, encoding)
        response = Response(body, mimetype=made.mimetype)
        if encoding:
            response.headers["Content-Encoding"] = encoding
        response.headers["Vary"] = "Accept-Encoding"
        response.set_etag(f"{made.fingerprint}-{encoding or 'identity'}")
        # The URL with today's fingerprint never changes its content; any other is asked again each time.
        response.headers["Cache-Control"] = IMMUTABLE if request.args.get("v") == made.fingerprint else "no-cache"
        return response.make_conditional(request)

    return static


def init_app(app: Flask) -> None:
    files = app.extensions["dialog_app.static"] = StaticFiles(app)
    app.view_functions["static"] = _serve_static(files)

    @app.url_defaults
    def fingerprint_static(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "v" not in values:
            fingerprint = files.fingerprint(values.get("filename", ""))
            if fingerprint:
                values["v"] = fingerprint

    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_MIN_SIZE", MIN_SIZE)
    # Downloads stream from their files and are not text; a page is never a stream.
    app.config.setdefault("COMPRESS_STREAMS", False)
    Compress(app)
