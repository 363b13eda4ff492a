"""The second step of a staff sign-in: a code from an authenticator app (TOTP, RFC 6238), or one of ten
single-use recovery codes. Each step owns its transaction and writes the audit log; times come in as `now`."""
import secrets
from datetime import timezone

import pyotp
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash

from portal.audit.services import record
from portal.db import utcnow, write_lock
from portal.errors import RuleError
from portal.staff import models
from portal.staff.models import RecoveryCode, Staff, new_nonce

ISSUER = "Puspaga Portal"
STEP_SECONDS = 30
DRIFT_STEPS = 1  # a phone's clock may be one step early or late
RECOVERY_CODES = 10
WRONG_CODE = _l("Kode salah atau sudah dipakai. Masukkan kode 6 angka terbaru dari aplikasi autentikator.")


def new_secret():
    return pyotp.random_base32()


def enrolment_uri(staff, secret):
    """What the QR code holds: the otpauth:// address authenticator apps read."""
    return pyotp.TOTP(secret).provisioning_uri(name=staff.email, issuer_name=ISSUER)


def matching_step(secret, code, now, after=None):
    """The time step this code belongs to, within the drift allowed and later than `after`; else None."""
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    # `now` is naive UTC, as the portal stores times; .timestamp() alone would read it in the server's zone.
    current = int(now.replace(tzinfo=timezone.utc).timestamp()) // STEP_SECONDS
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if (after is None or step > after) and secrets.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None


def normalise_recovery(code):
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())


def new_recovery_codes(staff):
    """Replace the account's recovery codes with ten new ones; return them as shown once (xxxxx-xxxxx)."""
    codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODES)]
    RecoveryCode.delete().where(RecoveryCode.staff == staff.id).execute()
    RecoveryCode.insert_many([{"staff": staff.id, "code_hash": generate_password_hash(
        code, method=models.PASSWORD_HASH_METHOD)} for code in codes]).execute()
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def enrol(staff, secret, code, now=None):
    """Turn the second factor on once the app shows a right code for the new secret; return recovery codes."""
    now = now or utcnow()
    step = matching_step(secret, code, now)
    if step is None:
        raise RuleError("code", WRONG_CODE)
    with account_locked(staff):
        Staff.update(totp_secret=secret, totp_since=now, totp_step=step).where(
            Staff.id == staff.id).execute()
        codes = new_recovery_codes(staff)
        record("staff.2fa_enrol", staff, staff)
    return codes


def use_code(staff, code, now=None):
    """Accept a code from the app, or an unused recovery code, once; a wrong one is audited and refused."""
    now = now or utcnow()
    with account_locked(staff) as (current,):
        kind = accepted(current, code, now)
    if kind is None:
        record("staff.2fa_failed", None, staff)
        raise RuleError("code", WRONG_CODE)
    return kind


def accepted(staff, code, now):
    """"app" or "recovery" when the code is good and not used before (recorded), else None."""
    if not staff.has_second_factor:
        return None
    step = matching_step(staff.totp_secret, code, now, after=staff.totp_step)
    # Taken only if no parallel request took this step first: a code works once.
    if step is not None and Staff.update(totp_step=step).where(
            Staff.id == staff.id, Staff.totp_step.is_null() | (Staff.totp_step < step)).execute():
        record("staff.2fa_code", staff, staff)
        return "app"
    return "recovery" if use_recovery_code(staff, code, now) else None


def use_recovery_code(staff, code, now):
    """Spend one of the account's unused recovery codes, if `code` is one."""
    typed = normalise_recovery(code)
    if len(typed) != 10:
        return False
    for row in RecoveryCode.unused(staff):
        if check_password_hash(row.code_hash, typed) and RecoveryCode.update(used_at=now).where(
                RecoveryCode.id == row.id, RecoveryCode.used_at.is_null()).execute():
            record("staff.recovery_code_used", staff, staff, f"left={RecoveryCode.unused(staff).count()}")
            return True
    return False


def renew_recovery_codes(staff, code, now=None):
    """Ten new recovery codes, the old ones void, after a right code from the app."""
    use_code(staff, code, now)
    with account_locked(staff):
        codes = new_recovery_codes(staff)
        record("staff.recovery_codes_renewed", staff, staff)
    return codes


def turn_off(staff, code, now=None):
    """Switch one's own second factor off, where one's role does not require it."""
    if staff.second_factor_required:
        raise RuleError("code", _l("Peran Anda wajib memakai verifikasi dua langkah."))
    use_code(staff, code, now)
    with account_locked(staff):
        clear(staff)
        record("staff.2fa_off", staff, staff)


def reset(actor, staff):
    """An admin takes away another account's second factor (a lost phone): its sessions end, and a role that
    requires one enrols again at the next sign-in."""
    if staff.id == actor.id:
        raise RuleError("code", _l("Verifikasi dua langkah akun sendiri tidak dapat diatur ulang di sini."))
    with account_locked(staff):
        clear(staff)
        Staff.update(session_nonce=new_nonce()).where(Staff.id == staff.id).execute()
        record("staff.2fa_reset", actor, staff)


def account_locked(staff):
    """One step at a time per account (the code check and its use in one transaction): yields (staff row,)."""
    return write_lock(Staff.select().where(Staff.id == staff.id))


def clear(staff):
    Staff.update(totp_secret=None, totp_since=None, totp_step=None).where(Staff.id == staff.id).execute()
    RecoveryCode.delete().where(RecoveryCode.staff == staff.id).execute()
