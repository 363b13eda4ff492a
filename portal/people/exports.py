"""A person's data as a download: JSON for machines, a readable A4 PDF for people (UU 27/2022, the right of
access). Built only from a `Holdings`, which never reads a case note's text or a referral's reason or chronology."""
import json
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.pdf import image_data_uri
from portal.people.pdf import sections
from portal.people.holdings import KINDS, MESSAGE_STATUSES

CONFIDENTIAL = _l("Isi catatan kasus serta alasan dan kronologi rujukan tidak disertakan: menurut aturan "
                  "kerahasiaan, hanya konselor yang menangani kasus dan penulis catatan yang boleh membacanya. "
                  "Ekspor ini hanya menyebut bahwa catatan itu ada, kapan dan oleh siapa ditulis, serta tujuan, "
                  "nomor dan status rujukan.")


def stamp(value):
    """A stored value as JSON text: naive UTC times with their zone, dates as ISO days."""
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat() + "Z"
    if isinstance(value, date):
        return value.isoformat()
    return value


def pick(row, names):
    """Some columns of a row, JSON-ready."""
    return {name: stamp(getattr(row, name)) for name in names}


REGISTRATION = ("code", "status", "source", "name", "phone", "email", "nik", "gender", "partner_name",
                "wedding_date", "children_age_groups", "consent_version", "consent_at", "created_at",
                "confirmed_at", "cancelled_at", "completed_at")
CERTIFICATE = ("number", "code", "version", "status", "holder_name", "partner_name", "issued_at", "revoked_at",
               "revoke_reason")
APPOINTMENT = ("code", "status", "mode", "starts_at", "ends_at", "name", "phone", "email", "for_whom", "gender",
               "age_group", "concern", "urgent", "consent_version", "consent_at", "created_at", "cancelled_at")
INQUIRY = ("code", "status", "category", "name", "phone", "kecamatan", "urgent", "message", "consent_version",
           "consent_at", "created_at", "updated_at")
CASE = ("code", "status", "source", "category", "client_name", "client_phone", "client_nik", "gender", "age_group",
        "kecamatan", "kelurahan", "opened_at", "closed_at")
MESSAGE = ("channel", "recipient", "subject", "body", "status", "created_at", "sent_at")
TEST = ("stage", "score", "source", "taken_at")


def as_json(held, actor, now):
    """Everything held, as one JSON document (UTF-8 bytes)."""
    registration_codes = {r.id: r.code for r in held.registrations}
    document = {
        "exported_at": stamp(now),
        "exported_by": actor.name,
        "scope": actor.unit.name if actor.unit_id else _("Semua unit"),
        "identifiers": {kind: sorted(values) for kind, values in vars(held.who).items()},
        "counts": held.counts,
        "confidentiality": str(CONFIDENTIAL),
        "registrations": [dict(pick(r, REGISTRATION), unit=r.klass.unit.name, class_title=r.klass.title,
                               class_kind=r.klass.kind, class_starts_at=stamp(r.klass.starts_at),
                               class_ends_at=stamp(r.klass.ends_at),
                               tests=[dict(pick(t, TEST), answers=json.loads(t.answers)) for t in held.tests[r.id]])
                          for r in held.registrations],
        "certificates": [dict(pick(c, CERTIFICATE), registration=registration_codes.get(c.registration_id),
                              kept_file=c.id in held.kept) for c in held.certificates],
        "appointments": [dict(pick(a, APPOINTMENT), unit=a.unit.name, service=a.service.name)
                         for a in held.appointments],
        "inquiries": [dict(pick(i, INQUIRY), unit=i.unit.name, history=[
            dict(pick(e, ("at", "action", "status")), answer=e.answer) for e in held.events[i.id]])
            for i in held.inquiries],
        "cases": [dict(pick(c, CASE), unit=c.unit.name,
                       notes=[{"written_at": stamp(n.created_at), "author": n.author} for n in held.notes[c.id]],
                       referrals=[pick(r, ("number", "destination", "institution", "status", "created_at"))
                                  for r in held.referrals[c.id]])
                  for c in held.cases],
        "messages": [pick(m, MESSAGE) for m in held.messages],
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def letterhead_unit(held, actor):
    """Whose letterhead the PDF carries: the admin's unit, or the one unit the records belong to (else none)."""
    if actor.unit_id:
        return actor.unit
    units = held.units()
    return next(iter(units.values())) if len(units) == 1 else None


def pdf_context(held, actor, now):
    """What templates/pdf/person_data.html shows."""
    unit = letterhead_unit(held, actor)
    return dict(held=held, sections=sections(held), kinds=KINDS, message_statuses=MESSAGE_STATUSES, unit=unit,
                logo=image_data_uri(unit.image("logo"), (18, 18)) if unit else None,
                tz=unit.timezone if unit else "Asia/Jakarta", actor=actor, printed_at=now, confidential=CONFIDENTIAL)
