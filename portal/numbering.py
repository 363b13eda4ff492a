"""Certificate number formats a unit chooses, e.g. 0007/PUSPAGA/MKS/XI/2026."""
import string
from datetime import date

from flask_babel import lazy_gettext as _l

ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
FIELDS = {"seq", "unit", "year", "month", "roman_month"}
_SAMPLE_DATE = date(2026, 1, 1)


def render_number(fmt, seq, unit_code, when):
    """Fill a number format for sequence `seq` issued on date `when`."""
    return fmt.format(
        seq=seq,
        unit=unit_code,
        year=when.year,
        month=f"{when.month:02d}",
        roman_month=ROMAN_MONTHS[when.month - 1],
    )


def format_problem(fmt):
    """Why a number format cannot be used, or None when it can."""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(fmt) if name is not None}
    except ValueError:
        return _l("Format tidak lengkap: periksa tanda kurung kurawal { }.")
    if names - FIELDS:
        return _l("Hanya boleh memakai {seq}, {unit}, {year}, {month} dan {roman_month}.")
    if "seq" not in names:
        return _l("Format harus memuat {seq} (nomor urut).")
    try:
        render_number(fmt, 1, "X", _SAMPLE_DATE)
    except (ValueError, TypeError, IndexError, KeyError):
        return _l("Format nomor urut tidak valid, contoh yang benar: {seq:04d}.")
    if "year" not in names:
        # The sequence starts again every year, so only the year keeps numbers unique.
        return _l("Format harus memuat {year} (tahun), karena nomor urut dimulai lagi setiap tahun.")
    return None

