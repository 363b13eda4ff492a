"""Full page or fragment: the one place that decides, plus named response helpers."""
import json

from flask import flash, make_response, redirect, render_template, request
from flask_babel import gettext as _
from htmx_flask import Htmx

from portal.errors import RuleError


def init_app(app):
    """Give requests `request.htmx` and mark every response as varying by it."""
    Htmx(app)

    @app.after_request
    def _vary(response):
        response.vary.add("HX-Request")
        return response


def wants_fragment():
    """True for an htmx request that swaps part of a page (not a boost or history restore)."""
    hx = request.htmx
    return bool(hx) and not hx.boosted and not hx.history_restore_request


def render(template, fragment=None, status=200, **context):
    """Render the full page, or only `fragment` when htmx asked for a part."""
    name = fragment if fragment and wants_fragment() else template
    return make_response(render_template(name, **context), status)


def see_other(location):
    """Redirect after a POST so reloading never repeats it."""
    return redirect(location, code=303)


def form_step(form, action, done, back, again):
    """Run one step from a posted form on a record's page.

    Done: `done` is flashed and the browser goes `back` (the record's page). A RuleError about the record (no field)
    is flashed the same way; one about a field shows `again()`, the page with the form's errors and what was typed.
    """
    if form.validate_on_submit():
        try:
            action(form)
        except RuleError as error:
            if error.field is None:
                flash(error.message, "error")
                return see_other(back)
            form.show(error)
        else:
            flash(done, "success")
            return see_other(back)
    return again()


def ticked_step(form, action, done, back):
    """A step a citizen confirms with a tick on a record's own page (cancelling): without the tick, or refused,
    the page says why and nothing changes."""

    def refused():
        said = " ".join(str(message) for messages in form.errors.values() for message in messages)
        flash(said or _("Muat ulang halaman, lalu coba lagi."), "error")
        return see_other(back)

    return form_step(form, action, done, back, refused)


def redirect_to(location):
    """Send the browser elsewhere; an htmx request gets HX-Redirect so the whole page changes."""
    if request.htmx:
        response = make_response("", 204)
        response.headers["HX-Redirect"] = location
        return response
    return redirect(location)


def trigger(response, event, detail=None):
    """Ask htmx to fire `event` on the client after the swap."""
    response.headers["HX-Trigger"] = json.dumps({event: detail or {}})
    return response


def retarget(response, selector):
    """Send the swap to another element than the one that asked."""
    response.headers["HX-Retarget"] = selector
    return response
