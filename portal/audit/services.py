"""Writing the audit log. Callers pass codes and ids, never the sensitive text itself."""
from flask import has_request_context, request

from portal.audit.models import AuditLog
from portal.units.models import Unit


def client_ip():
    """Where the change came from: the client address, or 'cli' outside a request."""
    if has_request_context():
        return (request.remote_addr or "")[:45]
    return "cli"


def unit_of(obj, actor):
    """The unit an entry belongs to, so unit admins read their own unit's log."""
    if isinstance(obj, Unit):
        return obj.id
    return getattr(obj, "unit_id", None) or getattr(actor, "unit_id", None)


def record(action, actor=None, obj=None, detail="", unit_id=None):
    """Write one audit row for `action` done by `actor` to `obj` (filed under `unit_id` if given)."""
    return AuditLog.create(
        actor=actor,
        unit=unit_id or unit_of(obj, actor),
        action=action,
        object_type=obj._meta.table_name if obj is not None else "",
        object_id=str(obj._pk) if obj is not None else "",
        ip=client_ip(),
        detail=detail[:200],
    )
