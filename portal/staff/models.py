"""Staff accounts and their roles."""
import secrets

import peewee as pw
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from portal.crypto import EncryptedTextField
from portal.db import BaseModel, utcnow
from portal.units.models import Unit

ROLES = ("admin", "koordinator", "konselor", "fasilitator")
ROLE_LABELS = {
    "admin": _l("Admin"),
    "koordinator": _l("Koordinator"),
    "konselor": _l("Konselor / Psikolog"),
    "fasilitator": _l("Fasilitator"),
}


# Tests lower the cost; production keeps werkzeug's strong default.
PASSWORD_HASH_METHOD = "scrypt"


def normalise_email(text):
    """The one form of an email address used for lookups, uniqueness and throttling."""
    return (text or "").replace("\x00", "").strip().lower()


def new_nonce():
    """A fresh value that invalidates every session made before it."""
    return secrets.token_urlsafe(16)


class Staff(UserMixin, BaseModel):
    name = pw.CharField(max_length=160)
    email = pw.CharField(max_length=254, unique=True)
    password_hash = pw.CharField(max_length=255)
    role = pw.CharField(max_length=16)
    unit = pw.ForeignKeyField(Unit, null=True, backref="staff", on_delete="RESTRICT")
    active = pw.BooleanField(default=True)
    must_change_password = pw.BooleanField(default=False)
    session_nonce = pw.CharField(max_length=32, default=new_nonce)
    last_login_at = pw.DateTimeField(null=True)
    created_at = pw.DateTimeField(default=utcnow)
    # The second step of signing in (portal/staff/second_factor.py): an authenticator app's secret, since when,
    # and the last time step a code was accepted for (a code works once).
    totp_secret = EncryptedTextField(null=True)
    totp_since = pw.DateTimeField(null=True)
    totp_step = pw.BigIntegerField(null=True)

    def get_id(self):
        """Session id: changes when the password is reset or the account is closed."""
        return f"{self.id}:{self.session_nonce}"

    @property
    def is_active(self):
        return self.active

    @property
    def has_second_factor(self):
        return self.totp_since is not None

    @property
    def second_factor_required(self):
        """Admins and counsellors by default (PORTAL_2FA_ROLES); the others may choose it."""
        return self.role in current_app.config["TWO_FACTOR_ROLES"]

    @property
    def is_org_admin(self):
        """An admin with no unit sees every unit."""
        return self.role == "admin" and self.unit_id is None

    def set_password(self, password):
        self.password_hash = generate_password_hash(password, method=PASSWORD_HASH_METHOD)
        self.session_nonce = new_nonce()

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)

    @classmethod
    def by_session_id(cls, session_id):
        """The active account a session id belongs to, or None."""
        staff_id, _, nonce = session_id.partition(":")
        if not staff_id.isdigit():
            return None
        staff = cls.get_or_none(cls.id == int(staff_id))
        if staff and staff.active and secrets.compare_digest(staff.session_nonce, nonce):
            return staff
        return None

    @classmethod
    def org_admins(cls):
        """Active organisation admins: there must always be one."""
        return cls.select().where(cls.role == "admin", cls.unit.is_null(), cls.active == True)  # noqa: E712

    @classmethod
    def by_email(cls, email):
        return cls.get_or_none(cls.email == normalise_email(email))

    @classmethod
    def visible_to(cls, actor):
        """Accounts an admin may manage: all for an organisation admin, else their unit's."""
        query = cls.select(cls, Unit).join(Unit, pw.JOIN.LEFT_OUTER).order_by(cls.name)
        if actor.is_org_admin:
            return query
        return query.where(cls.unit == actor.unit_id)

    @classmethod
    def counsellors_of(cls, unit_id):
        """A unit's active counsellors, by name."""
        return list(cls.select().where(cls.unit == unit_id, cls.role == "konselor", cls.active == True)  # noqa: E712
                    .order_by(cls.name))

    @classmethod
    def search(cls, query, text):
        """Narrow a staff query by name or email."""
        text = text.strip()
        if not text:
            return query
        like = f"%{text}%"
        return query.where(cls.name.ilike(like) | cls.email.ilike(like))



class RecoveryCode(BaseModel):
    """One of the ten single-use codes that stand in for a lost phone; only its hash is kept."""
    staff = pw.ForeignKeyField(Staff, backref="recovery_codes", on_delete="CASCADE")
    code_hash = pw.CharField(max_length=255)
    used_at = pw.DateTimeField(null=True)

    @classmethod
    def unused(cls, staff):
        return cls.select().where(cls.staff == staff.id, cls.used_at.is_null())
