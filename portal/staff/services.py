"""State changes of staff accounts; each owns its transaction and writes the audit log."""
import secrets

import peewee as pw
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash

from portal.audit.services import record
from portal.db import database, utcnow
from portal.errors import RuleError
from portal.staff.models import ROLES, Staff

# Checked when the email is unknown, so a miss takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-password")


def temporary_password():
    """A one-time password the admin hands over; the holder must change it."""
    return secrets.token_urlsafe(9)


def authenticate(email, password):
    """The active account for these credentials, with the login recorded; else None."""
    staff = Staff.by_email(email)
    if staff is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not staff.check_password(password) or not staff.active:
        record("staff.login_failed", None, staff)
        return None
    with database.atomic():
        Staff.update(last_login_at=utcnow()).where(Staff.id == staff.id).execute()
        record("staff.login", staff, staff)
    return staff


def check_assignment(actor, role, unit_id):
    """Raise unless `actor` may give this role and unit."""
    if role not in ROLES:
        raise RuleError("role", _l("Pilih salah satu pilihan yang tersedia."))
    if not unit_id and role != "admin":
        raise RuleError("unit", _l("Pilih unit untuk peran ini."))
    if not actor.is_org_admin and unit_id != actor.unit_id:
        raise RuleError("unit", _l("Anda hanya dapat mengelola akun di unit Anda sendiri."))


def create_staff(actor, name, email, role, unit_id):
    """Open an account with a temporary password; return it with that password."""
    check_assignment(actor, role, unit_id)
    password = temporary_password()
    staff = Staff(name=name, email=email.lower(), role=role, unit=unit_id or None)
    staff.set_password(password)
    staff.must_change_password = True
    try:
        with database.atomic():
            staff.save()
            record("staff.create", actor, staff, f"role={role}")
    except pw.IntegrityError:
        raise RuleError("email", _l("Email ini sudah dipakai akun lain.")) from None
    return staff, password


def update_staff(actor, staff, name, email, role, unit_id):
    """Change an account's name, email, role or unit; a role change is logged as such."""
    check_assignment(actor, role, unit_id)
    if staff.id == actor.id and (role != staff.role or (unit_id or None) != staff.unit_id):
        raise RuleError("role", _l("Anda tidak dapat mengubah peran atau unit akun sendiri."))
    old_role, old_unit = staff.role, staff.unit_id
    staff.name, staff.email, staff.role, staff.unit = name, email.lower(), role, unit_id or None
    try:
        with database.atomic():
            staff.save()
            record("staff.update", actor, staff)
            if old_role != role or old_unit != staff.unit_id:
                record("staff.role", actor, staff, f"{old_role}@{old_unit} -> {role}@{staff.unit_id}")
    except pw.IntegrityError:
        raise RuleError("email", _l("Email ini sudah dipakai akun lain.")) from None
    return staff


def set_active(actor, staff, active):
    """Open or close an account; closing ends its sessions at once."""
    if staff.id == actor.id:
        raise RuleError("active", _l("Anda tidak dapat menonaktifkan akun sendiri."))
    staff.active = active
    if not active:
        staff.session_nonce = secrets.token_urlsafe(16)
    with database.atomic():
        staff.save()
        record("staff.activate" if active else "staff.deactivate", actor, staff)
    return staff


def reset_password(actor, staff):
    """Give an account a new temporary password and end its sessions; return the password."""
    password = temporary_password()
    staff.set_password(password)
    staff.must_change_password = True
    with database.atomic():
        staff.save()
        record("staff.password_reset", actor, staff)
    return password


def change_own_password(staff, current, new):
    """Replace one's own password after checking the current one."""
    if not staff.check_password(current):
        raise RuleError("current", _l("Kata sandi saat ini salah."))
    if current == new:
        raise RuleError("new", _l("Kata sandi baru harus berbeda dari yang lama."))
    staff.set_password(new)
    staff.must_change_password = False
    with database.atomic():
        staff.save()
        record("staff.password_change", staff, staff)
    return staff
