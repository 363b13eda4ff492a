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


def form_step(action, done, back, form=None, again=None):
    """Run one step posted from a record's page: a form, or a button (a bare form with only its CSRF token).

    Done: `done` (a message, or a function of what `action` returned) is flashed and the browser goes `back`.
    A RuleError about the record (no field) is flashed the same way. One about a field, or a form that does not
    validate, shows `again()` (the page with the form's errors and what was typed); without `again` (a button,
    a tick on a citizen's page), the errors are flashed and the browser goes back.
    """
    form = form if form is not None else PortalForm()
    if form.validate_on_submit():
        try:
            result = action(form)
        except RuleError as error:
            if error.field is None or again is None:
                flash(error.message, "error")
                return see_other(back)
            form.show(error)
        else:
            flash(done(result) if callable(done) else done, "success")
            return see_other(back)
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


def retarget(response, selector):
    """Send the swap to another element than the one that asked."""
    response.headers["HX-Retarget"] = selector
    return response
