"""State changes of staff accounts; each owns its transaction and writes the audit log."""
import secrets

import peewee as pw
from flask_babel import lazy_gettext as _l

from portal.audit.services import record
from portal.db import database, utcnow, write_lock
from portal.errors import RuleError
from portal.staff.models import ROLES, Staff, new_nonce, normalise_email

EMAIL_TAKEN = _l("Email ini sudah dipakai akun lain.")
_dummy = Staff(password_hash="")


def temporary_password():
    """A one-time password the admin hands over; the holder must change it."""
    return secrets.token_urlsafe(9)


def authenticate(email, password):
    """The active account for these credentials, else None (a wrong password is audited). Nobody is signed in
    yet: an account with a second factor owes its code first (`record_login` once they are in)."""
    staff = Staff.by_email(email)
    if staff is None:
        # Hash anyway, the same way, so a miss takes as long as a wrong password.
        _dummy.set_password(password)
        return None
    if not staff.check_password(password) or not staff.active:
        record("staff.login_failed", None, staff)
        return None
    return staff


def record_login(staff, now=None):
    """The sign-in is complete: when, in the account and the audit log."""
    with database.atomic():
        Staff.update(last_login_at=now or utcnow()).where(Staff.id == staff.id).execute()
        record("staff.login", staff, staff, "2fa" if staff.has_second_factor else "")


def sign_out(staff):
    """End every session of this account, on every device."""
    with database.atomic():
        Staff.update(session_nonce=new_nonce()).where(Staff.id == staff.id).execute()
        record("staff.logout", staff, staff)


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
    staff = Staff(name=name, email=normalise_email(email), role=role, unit=unit_id or None,
                  must_change_password=True)
    staff.set_password(password)
    try:
        with database.atomic():
            staff.save()
            record("staff.create", actor, staff, f"role={role}")
    except pw.IntegrityError:
        raise RuleError("email", EMAIL_TAKEN) from None
    return staff, password


def keep_an_org_admin(staff, org_admins):
    """Refuse a change that takes away the last active organisation admin (rows read under lock)."""
    was = any(admin.id == staff.id for admin in org_admins)
    still = staff.is_org_admin and staff.active
    if was and not still and len(org_admins) == 1:
        raise RuleError("role", _l("Harus tetap ada minimal satu admin organisasi yang aktif."))


def update_staff(actor, staff, name, email, role, unit_id):
    """Change an account's name, email, role or unit; a role change is logged as such."""
    check_assignment(actor, role, unit_id)
    if staff.id == actor.id and (role != staff.role or (unit_id or None) != staff.unit_id):
        raise RuleError("role", _l("Anda tidak dapat mengubah peran atau unit akun sendiri."))
    old_role, old_unit = staff.role, staff.unit_id
    staff.name, staff.email, staff.role, staff.unit = name, normalise_email(email), role, unit_id or None
    try:
        with write_lock(Staff.org_admins()) as org_admins:
            keep_an_org_admin(staff, org_admins)
            staff.save()
            record("staff.update", actor, staff)
            if old_role != role or old_unit != staff.unit_id:
                change = f"{old_role}@{old_unit} -> {role}@{staff.unit_id}"
                record("staff.role", actor, staff, change)
                if old_unit and old_unit != staff.unit_id:
                    record("staff.role", actor, staff, change, unit_id=old_unit)  # the unit they left sees it too
    except pw.IntegrityError:
        raise RuleError("email", EMAIL_TAKEN) from None
    return staff


def set_active(actor, staff, active):
    """Open or close an account; closing ends its sessions at once."""
    if staff.id == actor.id:
        raise RuleError("active", _l("Anda tidak dapat menonaktifkan akun sendiri."))
    staff.active = active
    if not active:
        staff.session_nonce = new_nonce()
    with write_lock(Staff.org_admins()) as org_admins:
        keep_an_org_admin(staff, org_admins)
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
