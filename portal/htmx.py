"""Full page or fragment: the one place that decides, plus named response helpers."""
import json

from flask import flash, make_response, redirect, render_template, request
from flask_babel import gettext as _
from htmx_flask import Htmx

from portal.errors import RuleError
from portal.forms import PortalForm


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


def form_step(action, done, back, form=None, again=None, then=None, flash_refusals=False):
    """Run one step posted from a page: a form, or a button (a bare form: only its CSRF token).

    Done: `done` (a message, or a function of what `action` returned) is flashed and the browser goes to
    `then(result)` when given (the record just made), else to `back`. Refused (a RuleError) or not valid, the
    form comes back with `again()`: the page with the error on its field or above the form, and what was typed.
    A step without `again` (a button, a tick on a citizen's page), or a refusal about the record itself when
    `flash_refusals` (a record's page with several forms on it), flashes why and goes `back`.
    """
    form = form if form is not None else PortalForm()
    if form.validate_on_submit():
        try:
            result = action(form)
        except RuleError as error:
            if again is None or (error.field is None and flash_refusals):
                flash(error.message, "error")
                return see_other(back)
            form.show(error)
        else:
            flash(done(result) if callable(done) else done, "success")
            return see_other(then(result) if then else back)
    if again is None:
        said = " ".join(str(message) for messages in form.errors.values() for message in messages)
        flash(said or _("Muat ulang halaman, lalu coba lagi."), "error")
        return see_other(back)
    return again()


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


def push_url(response, location):
    """Ask htmx to put `location` in the address bar and history (for an answer to a POST, which pushes none)."""
    response.headers["HX-Push-Url"] = location
    return response


def retarget(response, selector):
    """Send the swap to another element than the one that asked."""
    response.headers["HX-Retarget"] = selector
    return response
