"""The audit log, readable by admins."""
from flask import Blueprint, request
from flask_login import current_user

from portal.audit.models import ACTION_LABELS, AuditLog
from portal.auth import guard, roles
from portal.htmx import render
from portal.security import no_store

bp = Blueprint("audit", __name__, url_prefix="/staf/audit")
guard(bp)
bp.after_request(no_store)
PAGE_SIZE = 50
MAX_PAGE = 100_000


@bp.get("/")
@roles("admin")
def log():
    """The newest entries first, filtered by action, one page at a time."""
    action = request.args.get("action", "")[:64]
    page = min(max(request.args.get("page", 1, type=int), 1), MAX_PAGE)
    visible = AuditLog.visible_to(current_user)
    entries = AuditLog.filtered(visible, action=action).paginate(page, PAGE_SIZE)
    actions = AuditLog.actions_in(visible)
    return render(
        "audit/log.html", "audit/_entries.html",
        entries=list(entries), actions=actions, action_labels=ACTION_LABELS, action=action, page=page, page_size=PAGE_SIZE,
    )
