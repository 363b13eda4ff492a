"""The message desk: what waits to be sent, sent by hand from staff's own WhatsApp when the office has no
gateway; failures to retry or cancel; filters by status, topic and channel."""
from flask import Blueprint, current_app, flash, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth import MANAGERS, found, guard, roles
from portal.errors import RuleError
from portal.htmx import render, see_other, wants_fragment
from portal.notify import services
from portal.notify.messages import TOPICS
from portal.notify.models import CHANNELS, DESK_FILTERS, OutboxMessage
from portal.security import no_store

bp = Blueprint("message_desk", __name__, url_prefix="/staf/pesan")
guard(bp)
bp.after_request(no_store)
PAGE_SIZE = 50

STEPS = {  # the desk's buttons: the service, and what the page then says
    "sent": (services.mark_sent, _l("Ditandai terkirim.")),
    "retry": (services.retry, _l("Pesan masuk antrean lagi.")),
    "cancel": (services.cancel, _l("Pesan dibatalkan; tidak akan dikirim.")),
}


def filters():
    """The list's filters from the query string or the posted button, each one of its known values or none."""
    values = request.values
    status = values.get("status", "waiting")
    return {"status": status if status in DESK_FILTERS else "waiting",
            "topic": values.get("topic", "") if values.get("topic", "") in TOPICS else "",
            "channel": values.get("channel", "") if values.get("channel", "") in CHANNELS else ""}


def desk_page(notice=None, status=200):
    chosen = filters()
    messages = list(OutboxMessage.desk(current_user, **chosen).limit(PAGE_SIZE))
    return render("notify/desk.html", "notify/_desk_list.html", messages=messages, chosen=chosen, notice=notice,
                  topic_options=[(key, topic.label) for key, topic in TOPICS.items()], channels=CHANNELS, desk_filters=DESK_FILTERS, status=status,
                  by_hand=services.by_hand(current_app.config), waiting=services.waiting_count(current_user))


@bp.get("/")
@roles(*MANAGERS)
def desk():
    """Urgent topics first, then by due time; fifty at a time (the rest follow as these are sent)."""
    return desk_page()


@bp.post("/<id:message_id>/terkirim")
@roles(*MANAGERS)
def mark_sent(message_id):
    """Staff sent it from their own WhatsApp."""
    return desk_step(message_id, "sent")


@bp.post("/<id:message_id>/ulang")
@roles(*MANAGERS)
def retry(message_id):
    return desk_step(message_id, "retry")


@bp.post("/<id:message_id>/batal")
@roles(*MANAGERS)
def cancel(message_id):
    return desk_step(message_id, "cancel")


def desk_step(message_id, step):
    """Mark sent, retry or cancel one message; htmx gets the list back with the next one ready."""
    message = found(OutboxMessage.seen_by(current_user).where(OutboxMessage.id == message_id).first())
    change, done = STEPS[step]
    try:
        if not change(current_user, message):
            raise RuleError(None, _l("Pesan ini sudah berubah; daftar di bawah sudah diperbarui."))
        notice, kind = done, "success"
    except RuleError as refused:
        notice, kind = refused.message, "error"
    if wants_fragment():
        return desk_page(notice=(kind, notice), status=200 if kind == "success" else 409)
    flash(notice, kind)
    return see_other(url_for(".desk", **{k: v for k, v in filters().items() if v}))
