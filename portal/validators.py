"""Validators shared by every form: Indonesian phone numbers and official id numbers."""
import unicodedata

import phonenumbers
from flask_babel import lazy_gettext as _l
from wtforms.validators import StopValidation, ValidationError


def to_e164(text):
    """An Indonesian number typed as 08…, 62… or +62…, in E.164; ValueError if it is not one."""
    digits = "".join(ch for ch in text if ch.isdigit() or ch == "+")
    if digits.startswith("62"):
        digits = "+" + digits
    try:
        number = phonenumbers.parse(digits, "ID")
    except phonenumbers.NumberParseException as exc:
        raise ValueError(text) from exc
    if number.country_code != 62 or not phonenumbers.is_valid_number(number):
        raise ValueError(text)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def deliverable(number):
    """Whether a stored number can take a message: a real Indonesian number, not one an erasure blanked out."""
    try:
        to_e164(number or "")
    except ValueError:
        return False
    return True


def international(number):
    """A stored number as gateways and wa.me take it: its E.164 digits without the plus ('6281300000129')."""
    return to_e164(number).lstrip("+")


def national(e164):
    """A stored number the way Indonesians write it ('0813-0000-0129'); anything unparsable as it is."""
    try:
        number = phonenumbers.parse(e164, "ID")
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


class Phone:
    """Accept an Indonesian phone number and store it as E.164 in `field.data`."""

    message = _l("Masukkan nomor HP Indonesia yang benar, misalnya 0812 3456 7890.")

    def __call__(self, form, field):
        if not field.data:
            return
        try:
            field.data = to_e164(field.data)
        except ValueError:
            raise ValidationError(self.message) from None


class Digits:
    """Exactly `length` digits (NIP has 18, NIK 16)."""

    def __init__(self, length, message):
        self.length = length
        self.message = message

    def __call__(self, form, field):
        value = (field.data or "").replace(" ", "")
        if value and not (value.isdigit() and len(value) == self.length):
            raise StopValidation(self.message)
        field.data = value


def clean_name(value):
    """WTForms filter for a person's name: drop characters nobody sees (zero-width spaces, control characters),
    make every run of spaces, tabs or newlines one space, and trim."""
    if not isinstance(value, str):
        return value
    seen = "".join(" " if ch.isspace() else "" if unicodedata.category(ch) in ("Cc", "Cf") else ch for ch in value)
    return " ".join(seen.split())


class PersonName:
    """A name as people write it: at least one letter, in any script. Blank (after `clean_name`) is "required"
    when the name is, else the field is left empty."""

    def __init__(self, required=True):
        self.required = required

    def __call__(self, form, field):
        if not field.data:
            if self.required:
                raise StopValidation(_l("Wajib diisi."))
            raise StopValidation()
        if not any(unicodedata.category(ch).startswith("L") for ch in field.data):
            raise ValidationError(_l("Tulis nama dengan huruf."))


def strip(value):
    """WTForms filter: trim surrounding spaces from text input."""
    return value.strip() if isinstance(value, str) else value


class Nik:
    """A 16-digit NIK whose region and birth-date parts are plausible (women add 40 to the day)."""

    message = _l("NIK terdiri dari 16 angka sesuai KTP, misalnya 7371014501900001.")

    def __call__(self, form, field):
        value = (field.data or "").replace(" ", "")
        field.data = value or None
        if value and not nik_is_plausible(value):
            raise StopValidation(self.message)


def nik_is_plausible(value):
    """Structure of a NIK: province 11–94, a day of 1–31 (or 41–71), a month of 1–12."""
    if len(value) != 16 or not value.isdigit() or value[12:] == "0000":
        return False
    province, day, month = int(value[:2]), int(value[6:8]), int(value[8:10])
    return 11 <= province <= 94 and (1 <= day <= 31 or 41 <= day <= 71) and 1 <= month <= 12
