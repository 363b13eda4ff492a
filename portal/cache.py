"""Rendered public pages kept in memory, keyed by everything they depend on."""
import threading
from collections import OrderedDict

from flask import render_template
from flask_wtf.csrf import generate_csrf

# The per-visitor CSRF token is not part of a cached page: the page is
# rendered with this slot and every answer gets the visitor's own token.
CSRF_SLOT = "\x00csrf-slot\x00"


class RenderCache:
    """A small least-recently-used store of rendered HTML, safe across threads."""

    def __init__(self, size=256):
        self.size = size
        self._pages = OrderedDict()
        self._lock = threading.Lock()

    def render(self, key, build):
        """The page for `key`; on a miss `build()` gives (template, context) to render with a CSRF slot.

        Every answer is filled with the visitor's own token.
        """
        with self._lock:
            html = self._pages.get(key)
            if html is not None:
                self._pages.move_to_end(key)
        if html is None:
            template, context = build()
            html = render_template(template, **context, csrf_token=lambda: CSRF_SLOT)
            with self._lock:
                self._pages[key] = html
                while len(self._pages) > self.size:
                    self._pages.popitem(last=False)
        return html.replace(CSRF_SLOT, generate_csrf())
