"""Units: one Puspaga location and its settings."""
import peewee as pw

from portal.db import BaseModel, utcnow

# The three Indonesian time zones and the label people read after a time.
TIMEZONES = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}
DEFAULT_NUMBER_FORMAT = "{seq:04d}/PUSPAGA/{unit}/{roman_month}/{year}"


class Unit(BaseModel):
    name = pw.CharField(max_length=160)
    code = pw.CharField(max_length=16, unique=True)
    city = pw.CharField(max_length=120)
    province = pw.CharField(max_length=120)
    address = pw.TextField()
    phone = pw.CharField(max_length=20, default="")
    whatsapp = pw.CharField(max_length=20, default="")
    email = pw.CharField(max_length=254, default="")
    timezone = pw.CharField(max_length=32, default="Asia/Jakarta")
    head_name = pw.CharField(max_length=160, default="")
    head_title = pw.CharField(max_length=160, default="")
    head_nip = pw.CharField(max_length=18, default="")
    certificate_number_format = pw.CharField(max_length=120, default=DEFAULT_NUMBER_FORMAT)
    requires_nik = pw.BooleanField(default=False)
    uptd_ppa_name = pw.CharField(max_length=160, default="")
    uptd_ppa_phone = pw.CharField(max_length=20, default="")
    # Counselling bookings: how early at least, how far ahead at most, until when a citizen may change them.
    booking_notice_hours = pw.IntegerField(default=24)
    booking_horizon_days = pw.IntegerField(default=30)
    cancel_cutoff_hours = pw.IntegerField(default=12)
    answer_days = pw.IntegerField(default=2)  # working days to answer a request, as the citizen is told
    remind_day_before = pw.BooleanField(default=True)  # reminders of sessions and appointments the day before
    remind_two_hours = pw.BooleanField(default=True)  # and two hours before
    active = pw.BooleanField(default=True)
    created_at = pw.DateTimeField(default=utcnow)
    updated_at = pw.DateTimeField(default=utcnow)

    @property
    def timezone_label(self):
        """The short zone name shown after times: WIB, WITA or WIT."""
        return TIMEZONES.get(self.timezone, self.timezone)

    @classmethod
    def listed(cls):
        """Units in the order people look for them: by name."""
        return cls.select().order_by(cls.name)

    @classmethod
    def visible_to(cls, staff):
        """Units a staff member looks after: all for an organisation admin, else their own."""
        if staff.is_org_admin:
            return cls.listed()
        return cls.listed().where(cls.id == staff.unit_id)

    @classmethod
    def chosen(cls, staff, asked_id):
        """The unit a staff page is about: the one asked for, if the staff member looks after it, else the first
        they do (their own); None if none."""
        units = list(cls.visible_to(staff))
        return next((u for u in units if u.id == asked_id), None) or (units[0] if units else None)

    @classmethod
    def active_units(cls):
        """Units open to the public."""
        return cls.listed().where(cls.active == True)  # noqa: E712

    def image(self, kind):
        """This unit's stored image of a kind, or None."""
        return UnitImage.of(self.id, kind)


class UnitImage(BaseModel):
    """A unit's logo or signature, re-encoded as PNG; kept apart so lists stay light."""

    KINDS = ("logo", "signature")

    unit = pw.ForeignKeyField(Unit, backref="images", on_delete="CASCADE")
    kind = pw.CharField(max_length=16)
    png = pw.BlobField()
    sha256 = pw.CharField(max_length=64)
    updated_at = pw.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("unit", "kind"), True),)

    @classmethod
    def of(cls, unit_id, kind):
        """A unit's image of one kind, without loading the unit."""
        return cls.get_or_none(cls.unit == unit_id, cls.kind == kind)
