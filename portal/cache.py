"""Rendered public pages and the data behind them, kept in each process per data version.

A version is read from the database on every request (one cheap query), so a change made by any process is
seen by all on their next request. Where no column already versions the data, `bump(name)` counts changes
in a `data_version` row, in the same transaction as the change.
"""
import threading
from collections import OrderedDict

import peewee as pw
from flask import current_app, g, make_response, render_template, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from portal.db import BaseModel, database
from portal.htmx import wants_fragment

# The per-visitor CSRF token is not part of a cached page: the page is
# rendered with this slot and every answer gets the visitor's own token.
CSRF_SLOT = "\x00csrf-slot\x00"
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
    """Rendered HTML per key, plus the language, the address and full page or fragment, which every page
    depends on."""

    def render(self, key, build):
        """The page for `key`; on a miss `build()` gives (template, context) to render with a CSRF slot.

        Every answer is filled with the visitor's own token.
        """
        key = (id(current_app._get_current_object()), str(get_locale()), request.full_path, wants_fragment(), key)
        html = self.get(key, lambda: without_token(build))
        # A fragment without a form makes no token, so the visitor gets no session cookie for it.
        return html.replace(CSRF_SLOT, generate_csrf()) if CSRF_SLOT in html else html

    def page(self, key, build, status=200):
        """The response for the page `build()` gives: kept per `key`, or built afresh for a `personal()` one."""
        if personal():
            template, context = build()
            return make_response(render_template(template, **context), status)
        return make_response(self.render(key, build), status)



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


def _forget_all(_database=None):
    for store in _stores:
        store.clear()


database.attach_callback(_forget_all)
