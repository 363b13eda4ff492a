"""What a report covers: whose figures (a koordinator's or unit admin's own unit; for an organisation admin every
unit together, or the one picked) and which days (a month, a quarter, a year or a range), read from the query
string."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import format_date, gettext as _, lazy_gettext as _l

from portal.i18n import local_today, utc_from_local
from portal.units.models import TIMEZONES, Unit

# The words in the URL (?periode=bulan) and on the page.
KINDS = {"bulan": _l("Bulanan"), "triwulan": _l("Triwulanan"), "tahun": _l("Tahunan"), "rentang": _l("Rentang tanggal")}
QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class Period:
    kind: str  # a key of KINDS
    first: date
    last: date  # inclusive

    def bounds(self, tz_name):
        """[start, end) as naive UTC: local midnight of the first day and of the day after the last, in a zone."""
        return tuple(utc_from_local(datetime.combine(day, time()), tz_name)
                     for day in (self.first, self.last + timedelta(days=1)))

    @property
    def quarter(self):
        return (self.first.month - 1) // 3 + 1

    def label(self):
        """How people name it: 'November 2026', 'Triwulan IV 2026', 'Tahun 2026', '5 Jan 2026 – 10 Feb 2026'."""
        if self.kind == "bulan":
            return format_date(self.first, "LLLL y")
        if self.kind == "triwulan":
            return _("Triwulan %(q)s %(year)s", q=QUARTERS[self.quarter], year=self.first.year)
        if self.kind == "tahun":
            return _("Tahun %(year)s", year=self.first.year)
        return f"{format_date(self.first, 'd MMM y')} – {format_date(self.last, 'd MMM y')}"

    def days(self):
        """The first and last day written out: '1 November 2026 – 30 November 2026'."""
        return f"{format_date(self.first, 'd MMMM y')} – {format_date(self.last, 'd MMMM y')}"

    def slug(self):
        """The period in a file name: 2026-11, 2026-T4, 2026, 2026-01-05_2026-02-10."""
        if self.kind == "bulan":
            return self.first.strftime("%Y-%m")
        if self.kind == "triwulan":
            return f"{self.first.year}-T{self.quarter}"
        if self.kind == "tahun":
            return str(self.first.year)
        return f"{self.first.isoformat()}_{self.last.isoformat()}"

    def shifted(self, direction):
        """The period of the same kind just before (-1) or after (+1), or None past the years a report covers."""
        if self.kind == "rentang":
            length = self.last - self.first + timedelta(days=1)
            first, last = self.first + direction * length, self.last + direction * length
        else:
            months = {"bulan": 1, "triwulan": 3, "tahun": 12}[self.kind]
            first = add_months(self.first, direction * months)
            last = add_months(first, months) - timedelta(days=1)
        return Period(self.kind, first, last) if FIRST_YEAR <= first.year and last.year <= LAST_YEAR else None

    def query(self):
        """The query-string arguments that ask for this period again."""
        if self.kind == "bulan":
            return dict(periode="bulan", bulan=self.first.month, tahun=self.first.year)
        if self.kind == "triwulan":
            return dict(periode="triwulan", triwulan=self.quarter, tahun=self.first.year)
        if self.kind == "tahun":
            return dict(periode="tahun", tahun=self.first.year)
        return dict(periode="rentang", dari=self.first.isoformat(), sampai=self.last.isoformat())


def month(year, number):
    first = date(year, number, 1)
    return Period("bulan", first, add_months(first, 1) - timedelta(days=1))


def quarter(year, number):
    first = date(year, 3 * number - 2, 1)
    return Period("triwulan", first, add_months(first, 3) - timedelta(days=1))


def year(number):
    return Period("tahun", date(number, 1, 1), date(number, 12, 31))


def add_months(first, count):
    """The first day of the month `count` months after the month of `first`."""
    index = first.year * 12 + first.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def period_from(args, today):
    """The period the query string asks for, and None; or this month and a message saying what was wrong."""
    try:
        return parse(args, today), None
    except ValueError as error:
        return month(today.year, today.month), str(error)


def parse(args, today):
    """Read ?periode=… with bulan, triwulan, tahun or dari and sampai; missing parts mean the current one."""
    kind = args.get("periode") or "bulan"
    if kind not in KINDS:
        raise ValueError(_("Jenis periode tidak dikenal. Menampilkan bulan ini."))
    if kind == "rentang":
        first, last = day_arg(args, "dari"), day_arg(args, "sampai")
        if last < first:
            raise ValueError(_("Tanggal akhir lebih awal dari tanggal mulai. Menampilkan bulan ini."))
        return Period("rentang", first, last)
    number = whole(args, "tahun", today.year, FIRST_YEAR, LAST_YEAR)
    if kind == "tahun":
        return year(number)
    if kind == "triwulan":
        return quarter(number, whole(args, "triwulan", (today.month - 1) // 3 + 1, 1, 4))
    return month(number, whole(args, "bulan", today.month, 1, 12))


def whole(args, name, default, low, high):
    """A whole number argument within [low, high]; empty means the default."""
    text = (args.get(name) or "").strip()
    if not text:
        return default
    if not text.isascii() or not text.isdigit() or not low <= int(text) <= high:
        raise ValueError(_("Periode tidak dapat dibaca. Menampilkan bulan ini."))
    return int(text)


def day_arg(args, name):
    """A YYYY-MM-DD argument between the first and last year a report may cover."""
    text = (args.get(name) or "").strip()
    if not text:
        raise ValueError(_("Isi tanggal mulai dan tanggal akhir. Menampilkan bulan ini."))
    try:
        day = date.fromisoformat(text) if len(text) == 10 and text.isascii() else None
    except ValueError:
        day = None
    if day is None or not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(_("Tanggal harus ditulis TTTT-BB-HH. Menampilkan bulan ini."))
    return day


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
        return local_today(self.unit.timezone if self.unit else REFERENCE_ZONE)

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
