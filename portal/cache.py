"""Rendered public pages and the data behind them, kept in each process per data version.

A version is read from the database (one cheap query) and trusted for VERSION_SECONDS (a second unless set),
so a change made by any process is seen by all within that time, and a page asked for again and again costs
one query a second rather than one each time. Where no column already versions the data, `bump(name)` counts
changes in a `data_version` row, in the same transaction as the change.
"""
import struct
import threading
import zlib
from collections import OrderedDict
from time import monotonic

import brotli
import peewee as pw
from flask import Response, current_app, g, make_response, render_template, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from portal.db import BaseModel, database
from portal.htmx import wants_fragment

# The per-visitor CSRF token is not part of a cached page: the page is
# rendered with this slot and every answer gets the visitor's own token.
CSRF_SLOT = "\x00csrf-slot\x00"
BROTLI_QUALITY = 9  # once per page and change: smaller than the level an answer made on the fly could afford
_stores = []  # every store, emptied when the database handle is bound again (a test's fresh database)


class DataVersion(BaseModel):
    """How many times a kind of data has changed."""

    name = pw.CharField(max_length=64, unique=True)
    version = pw.BigIntegerField(default=0)


def bump(name):
    """Count a change of `name`; call it inside the change's transaction."""
    (DataVersion.insert(name=name, version=1)
     .on_conflict(conflict_target=[DataVersion.name], update={DataVersion.version: DataVersion.version + 1})
     .execute())


def version(name):
    """The current count of changes of `name` (0 before the first)."""
    row = database.execute_sql('SELECT version FROM data_version WHERE name = %s' % database.param, (name,)).fetchone()
    return row[0] if row else 0


class Store:
    """A small least-recently-used store, safe across threads."""

    def __init__(self, size=256):
        self.size = size
        self._items = OrderedDict()
        self._lock = threading.Lock()
        _stores.append(self)

    def get(self, key, build):
        """The value kept for `key`, or `build()` kept for it."""
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
                return value
        value = build()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def clear(self):
        with self._lock:
            self._items.clear()


def personal():
    """True when this visitor's page has more of their own than the CSRF token: a staff sign-in or a flash.
    A visitor without a session has neither (the portal sets no remember-me cookie)."""
    return bool(session) and (current_user.is_authenticated or bool(session.get("_flashes")))


class RenderCache(Store):
    """Rendered pages per key, plus the language, the address and full page or fragment, which every page
    depends on."""

    def page(self, key, build, status=200):
        """The response for the page `build()` gives (template, context): kept per `key` and filled with the
        visitor's own CSRF token, or built afresh for a `personal()` one."""
        if personal():
            template, context = build()
            return make_response(render_template(template, **context), status)
        key = (id(current_app._get_current_object()), str(get_locale()), request.full_path, wants_fragment(), key)
        return self.get(key, lambda: Page(without_token(build))).answer(status)


class Page:
    """A rendered page kept compressed: whole as brotli and gzip when it holds no CSRF token, else as its text
    between the token's slots with each piece deflated on its own.

    An answer with a token sends gzip: the kept deflated pieces with the token deflated alone between them make
    one valid stream (each piece ends byte-aligned after a full flush and refers to nothing before it). So a
    page is compressed once rather than on every answer, and the token shares no compression history with what
    the page repeats from its address, so the compressed length never tells anything of it (BREACH).
    """

    def __init__(self, html):
        self.pieces = [piece.encode() for piece in html.split(CSRF_SLOT)]
        self.deflated = [deflated(piece, last=n == len(self.pieces) - 1) for n, piece in enumerate(self.pieces)]
        self.encoded = {}  # in the order preferred when the browser accepts both
        if len(self.pieces) == 1:
            self.encoded["br"] = brotli.compress(self.pieces[0], mode=brotli.MODE_TEXT, quality=BROTLI_QUALITY)
            self.encoded["gzip"] = gzipped(self.pieces, self.deflated, b"")

    def answer(self, status):
        """The response for this visitor: their own token (made only for a page with a form) in the encoding
        their browser prefers of those kept."""
        encoding = request.accept_encodings.best_match(list(self.encoded) or ["gzip"])
        if len(self.pieces) == 1:
            body = self.encoded[encoding] if encoding else self.pieces[0]
        else:
            token = generate_csrf().encode()
            body = gzipped(self.pieces, self.deflated, token) if encoding else token.join(self.pieces)
        response = Response(body, status, mimetype="text/html")
        if encoding:
            response.headers["Content-Encoding"] = encoding
        response.vary.add("Accept-Encoding")
        return response


def deflated(data, last):
    """`data` as raw deflate blocks of their own: ending the stream when `last`, else byte-aligned to go on."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(zlib.Z_FINISH if last else zlib.Z_FULL_FLUSH)


GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # deflate, no name, no time, any system (RFC 1952)


def gzipped(pieces, deflated_pieces, token):
    """One gzip member of `token.join(pieces)`, from the pieces deflated beforehand and the token now."""
    between = deflated(token, last=False)
    crc, size = 0, 0
    for n, piece in enumerate(pieces):
        if n:
            crc, size = zlib.crc32(token, crc), size + len(token)
        crc, size = zlib.crc32(piece, crc), size + len(piece)
    return b"".join((GZIP_HEADER, between.join(deflated_pieces), struct.pack("<II", crc, size & 0xFFFFFFFF)))


def without_token(build):
    """Build and render a page whose every CSRF token (the template's and its forms') is the slot."""
    name = current_app.config["WTF_CSRF_FIELD_NAME"]
    own = g.pop(name, None)  # generate_csrf() gives what g holds: the visitor's token, once made
    setattr(g, name, CSRF_SLOT)
    try:
        template, context = build()
        return render_template(template, **context)
    finally:
        g.pop(name)
        if own is not None:
            setattr(g, name, own)


class Recent:
    """Versions read from the database, each trusted for the app's VERSION_SECONDS after it was read (0: read every
    time). Only what a page shows waits for them: a registration or booking checks the rows themselves."""

    SIZE = 4096  # a class page's version per class: forgotten all at once past this many

    def __init__(self):
        self._read = {}
        _stores.append(self)

    def get(self, key, read):
        seconds = current_app.config["VERSION_SECONDS"]
        if not seconds:
            return read()
        now = monotonic()
        kept = self._read.get(key)
        if kept is not None and now - kept[0] < seconds:
            return kept[1]
        if len(self._read) >= self.SIZE:
            self._read.clear()
        value = read()
        self._read[key] = (now, value)
        return value

    def clear(self):
        self._read.clear()


recent = Recent()


def _forget_all(_database=None):
    for store in _stores:
        store.clear()


database.attach_callback(_forget_all)
