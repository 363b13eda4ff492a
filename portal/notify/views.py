"""The WhatsApp Cloud API's webhook: Meta's verification handshake, then the statuses of the messages it took
(delivered, read, failed), each POST signed with the app secret."""
import hashlib
import hmac
import json
import logging
from datetime import datetime, timezone

from flask import Blueprint, abort, current_app, request

from portal.notify import services
from portal.security import csrf, limiter

bp = Blueprint("webhooks", __name__, url_prefix="/webhooks")
log = logging.getLogger(__name__)


@bp.get("/whatsapp")
def verify():
    """Meta calls with hub.mode=subscribe and our verify token; the challenge goes back as it came."""
    token = current_app.config["WHATSAPP_VERIFY_TOKEN"]
    args = request.args
    if not token or args.get("hub.mode") != "subscribe" or not hmac.compare_digest(
            args.get("hub.verify_token", "").encode(), token.encode()):
        abort(403)
    return args.get("hub.challenge", ""), 200, {"Content-Type": "text/plain"}


def signed(body, header, secret):
    """Whether X-Hub-Signature-256 is the HMAC-SHA256 of the raw body with the app secret."""
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return bool(secret) and hmac.compare_digest(expected.encode(), (header or "").encode())


def statuses(payload):
    """(provider id, status, when, error) of each status in a webhook payload."""
    for entry in payload.get("entry") or []:
        for change in entry.get("changes") or []:
            for status in (change.get("value") or {}).get("statuses") or []:
                errors = status.get("errors") or [{}]
                stamp = str(status.get("timestamp", ""))
                if not stamp.isdigit():
                    continue
                at = datetime.fromtimestamp(int(stamp), timezone.utc).replace(tzinfo=None)
                yield (str(status.get("id", "")), status.get("status", ""), at,
                       f"{errors[0].get('code', '')} {errors[0].get('title', '')}".strip())


@bp.post("/whatsapp")
@csrf.exempt
@limiter.exempt
def receive():
    """Record each status; a body not signed by Meta is refused before it is read."""
    body = request.get_data(cache=False)
    if not signed(body, request.headers.get("X-Hub-Signature-256"), current_app.config["WHATSAPP_APP_SECRET"]):
        abort(403)
    try:
        payload = json.loads(body)
    except ValueError:
        abort(400)
    if not isinstance(payload, dict):
        abort(400)
    try:
        found = list(statuses(payload))
    except (AttributeError, TypeError, ValueError, OverflowError):  # not the shape Meta sends
        abort(400)
    known = sum(services.record_delivery(*status) is not None for status in found)
    log.info("whatsapp webhook: %d statuses recorded", known)
    return "", 200
