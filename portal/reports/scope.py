"""Whose figures a report counts: a koordinator's or unit admin's own unit; for an organisation admin every unit
together, or the one picked."""
from dataclasses import dataclass

from flask_babel import gettext as _

from portal.db import utcnow
from portal.i18n import local_from_utc
from portal.units.models import TIMEZONES, Unit

# Which month is "this month" when units in several zones are counted together (each keeps its own midnight).
REFERENCE_ZONE = "Asia/Jakarta"
ALL = "semua"


@dataclass
class Scope:
    units: list  # every unit the staff member may report on
    unit: Unit = None  # the one counted, or None for all of `units`

    @classmethod
    def of(cls, staff, asked):
        """The scope `staff` may see, narrowed to the asked unit id; and a message when that unit is unknown."""
        units = list(Unit.visible_to(staff))
        if not staff.is_org_admin:
            return cls(units, units[0] if units else None), None
        asked = (asked or "").strip()
        if asked in ("", ALL):
            return cls(units), None
        chosen = next((u for u in units if str(u.id) == asked), None)
        return cls(units, chosen), None if chosen else _("Unit tidak ditemukan. Menampilkan semua unit.")

    @property
    def counted(self):
        return [self.unit] if self.unit else self.units

    def zones(self):
        """{zone name: [unit id, ...]} of the counted units: each is cut at its own midnight."""
        zones = {}
        for unit in self.counted:
            zones.setdefault(unit.timezone, []).append(unit.id)
        return zones

    def today(self):
        """Today's date where the report is read: the unit's zone, or WIB for several units."""
        return local_from_utc(utcnow(), self.unit.timezone if self.unit else REFERENCE_ZONE).date()

    @property
    def name(self):
        return self.unit.name if self.unit else _("Semua unit")

    @property
    def code(self):
        """The scope in a file name: the unit's code, or SEMUA."""
        return self.unit.code if self.unit else ALL.upper()

    @property
    def unit_arg(self):
        """The ?unit= value that asks for this scope again (None for a staff member's only unit)."""
        if len(self.units) <= 1 and self.unit:
            return None
        return self.unit.id if self.unit else ALL

    def zone_labels(self):
        """WIB, WITA… of the counted units, for the note on where days begin."""
        return sorted({TIMEZONES.get(tz, tz) for tz in self.zones()})
