"""The request log without secrets: one filter for gunicorn's access and error logs and the development server's.

A path is matched against the app's routes: a URL variable is shown only when its converter made a row id of it
(`<id:…>`, `<int:…>`, at most ID_DIGITS digits); every other value (link tokens, request and certificate
codes, file names) is masked, whatever the route. A path no route takes keeps only a first segment that some
route starts with. Every query value is masked, and every key that is not a plain lowercase word. Headers,
cookies and the request body never reach the line; the Referer is masked like the request.
"""
import logging
import re
from urllib.parse import unquote, urlsplit

from werkzeug.exceptions import HTTPException, MethodNotAllowed

MASK = "***"
ID_DIGITS = 8  # a longer number in an id's place is more likely a phone or a NIK than one of our rows
# A route's variable in werkzeug's rule syntax: <name>, <converter:name>, <converter(arguments):name>.
VARIABLE = re.compile(r"<(?:[a-zA-Z_]\w*(?:\(.*?\))?:)?([a-zA-Z_]\w*)>")
KEY = re.compile(r"[a-z][a-z_.-]{0,31}")  # the portal's own parameter names: q, page, next, hub.mode
# A request line inside a log message (werkzeug's, gunicorn's "Error handling request GET /…").
REQUEST = re.compile(r"(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|TRACE|CONNECT) (\S+)")
LOGGERS = ("gunicorn.access", "gunicorn.error")  # where gunicorn's workers write what a request was


class AccessLogFilter(logging.Filter):
    """Masks the secrets of request targets in log records, against one app's URL map (or none)."""

    def __init__(self, url_map=None):
        super().__init__()
        self.url_map = url_map

    def filter(self, record):
        """Rewrite the record in place; a record that cannot be masked is replaced, never let through."""
        try:
            if isinstance(record.args, dict) and "r" in record.args:  # gunicorn's access-log atoms
                self.mask_atoms(record.args)
            else:
                message = record.getMessage()
                masked = REQUEST.sub(lambda m: f"{m[1]} {self.target(m[2], m[1])}", message)
                if masked != message:
                    record.msg, record.args = masked, ()
        except Exception:  # noqa: BLE001 - a log line must never carry what the filter could not read
            record.msg, record.args = "(a request log line that could not be masked)", ()
        return True

    def mask_atoms(self, atoms):
        """gunicorn's atoms with the target and Referer masked and every header, environ and user value gone."""
        method, protocol = atoms.get("m") or "-", atoms.get("H") or "-"
        parts = str(atoms.get("r") or "").split(" ")
        path, query = self.path_and_query(parts[1], method) if len(parts) == 3 else (MASK, "")
        for key in [k for k in atoms if k.startswith("{")]:  # {cookie}i, {authorization}i, {location}o, {…}e
            del atoms[key]
        referer = atoms.get("f") or "-"
        atoms.update(r=f"{method} {joined(path, query)} {protocol}", U=path, q=query, u="-",
                     f=referer if referer == "-" else self.target(referer))

    def target(self, target, method="GET"):
        """A request target or an absolute URL (a Referer), masked; a scheme and host stay, user info goes."""
        if target == "*":
            return target
        if target.startswith("/"):
            return joined(*self.path_and_query(target, method))
        parts = urlsplit(target)
        if not (parts.scheme and parts.hostname):
            return MASK
        port = f":{parts.port}" if parts.port else ""
        path, query = self.path(unquote(parts.path or "/"), method), masked_query(parts.query)
        return f"{parts.scheme}://{parts.hostname}{port}{joined(path, query)}"

    def path_and_query(self, target, method):
        """A target's path (percent-encoded, as sent) and its query, each masked."""
        path, _, query = target.partition("?")
        return self.path(unquote(path), method), masked_query(query)

    def path(self, path, method="GET"):
        """The path as its route reads, with every value but a row id masked."""
        if not path.startswith("/"):
            return MASK
        if self.url_map is None:
            return self.unrouted(path)
        adapter = self.url_map.bind("localhost")
        try:
            try:
                rule, values = adapter.match(path, method=method, return_rule=True)
            except MethodNotAllowed as error:  # the same route under the method it takes
                rule, values = adapter.match(path, method=sorted(error.valid_methods or ["GET"])[0],
                                             return_rule=True)
        except HTTPException:  # no route, or a redirect to another spelling: the safe default
            return self.unrouted(path)
        return VARIABLE.sub(lambda m: shown(values.get(m[1])), rule.rule)

    def unrouted(self, path):
        """A path no route takes: a first segment some route starts with, every other segment masked."""
        firsts = (rule.rule.split("/")[1] for rule in self.url_map.iter_rules()) if self.url_map else ()
        known = {first for first in firsts if "<" not in first}
        return "/".join(s if not s or (n == 1 and s in known) else MASK for n, s in enumerate(path.split("/")))


def shown(value):
    """A route variable as logged: a row id as it is, anything else masked."""
    return str(value) if type(value) is int and len(str(value)) <= ID_DIGITS else MASK


def masked_query(query):
    """Every value masked, and every key that is not a plain lowercase word."""
    keys = (part.partition("=")[0] for part in query.split("&") if part)
    return "&".join(f"{key if KEY.fullmatch(key) else MASK}={MASK}" for key in keys)


def joined(path, query):
    return f"{path}?{query}" if query else path


def attach(url_map, *loggers):
    """One masking filter on each named logger, in place of any attached before (tests build many apps)."""
    masking = AccessLogFilter(url_map)
    for name in loggers:
        logger = logging.getLogger(name)
        for old in [f for f in logger.filters if isinstance(f, AccessLogFilter)]:
            logger.removeFilter(old)
        logger.addFilter(masking)
    return masking


def init_app(app):
    """The development server's request log (`flask run`) masked like gunicorn's (gunicorn.conf.py)."""
    attach(app.url_map, "werkzeug")
