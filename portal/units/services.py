"""Creating and changing units; each change is one transaction with its audit row."""
import peewee as pw
from flask_babel import lazy_gettext as _l

from portal.audit.services import record
from portal.db import database, utcnow
from portal.errors import RuleError
from portal.images import ImageError, clean_image
from portal.units.models import UnitImage

SETTINGS = (
    "name", "code", "city", "province", "address", "phone", "whatsapp", "email", "timezone",
    "head_name", "head_title", "head_nip", "certificate_number_format", "requires_nik",
    "uptd_ppa_name", "uptd_ppa_phone", "answer_days",
    "remind_day_before", "remind_two_hours", "active",
)


def prepare_images(uploads):
    """Check every uploaded image before anything is written."""
    cleaned = {}
    for kind, stream in uploads.items():
        if stream is None:
            continue
        try:
            cleaned[kind] = clean_image(stream)
        except ImageError as error:
            raise RuleError(kind, str(error)) from None
    return cleaned


def save_unit(actor, unit, settings, uploads):
    """Create or update a unit with its images, all or nothing."""
    images = prepare_images(uploads)
    creating = unit.id is None
    for name in SETTINGS:
        setattr(unit, name, settings[name])
    unit.updated_at = utcnow()
    try:
        with database.atomic():
            unit.save()
            for kind, (png, digest) in images.items():
                store_image(unit, kind, png, digest)
            changed = ",".join(sorted(images)) if images else ""
            record("unit.create" if creating else "unit.update", actor, unit, changed)
    except pw.IntegrityError:
        raise RuleError("code", _l("Kode unit ini sudah dipakai unit lain.")) from None
    return unit


def store_image(unit, kind, png, digest):
    """Replace a unit's image of one kind."""
    (UnitImage.insert(unit=unit, kind=kind, png=png, sha256=digest, updated_at=utcnow())
     .on_conflict(conflict_target=[UnitImage.unit, UnitImage.kind],
                  update={UnitImage.png: png, UnitImage.sha256: digest, UnitImage.updated_at: utcnow()})
     .execute())
