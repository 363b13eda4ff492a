"""Who to look for (a phone number in any Indonesian spelling, or a NIK) and the tick that confirms an erasure."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, StringField
from wtforms.validators import DataRequired, Length, StopValidation

from portal.forms import PortalForm
from portal.validators import Nik, nik_is_plausible, strip, to_e164

NOT_A_PERSON = _l("Masukkan nomor HP Indonesia (misalnya 0812 3456 7890) atau NIK 16 angka.")
TOO_LONG = _l("Terlalu panjang untuk nomor HP atau NIK.")


class Identifier:
    """Read the field as a phone number (stored E.164) or a NIK; `form.identity` becomes {"phone": …} or {"nik": …}."""

    def __call__(self, form, field):
        compact = "".join(field.data.replace("-", " ").replace(".", " ").split())
        if len(compact) == 16 and compact.isascii() and compact.isdigit():  # longer than any phone number
            if not nik_is_plausible(compact):
                raise StopValidation(Nik.message)
            form.identity = {"nik": compact}
            return
        try:
            form.identity = {"phone": to_e164(compact)}
        except ValueError:
            raise StopValidation(NOT_A_PERSON) from None


def person_field(kind, **options):
    """The phone-or-NIK field: visible on the search form, hidden on the buttons that act on the result."""
    return kind(_l("Nomor HP atau NIK"), filters=[strip], **options,
                validators=[DataRequired(), Length(max=40, message=TOO_LONG), Identifier()])


class PersonForm(PortalForm):
    """The person a page is about, carried from the search to the export and erase buttons (never in a URL)."""

    query = person_field(HiddenField)
    identity = None


class FindForm(PersonForm):
    query = person_field(StringField, description=_l(
        "Nomor HP boleh ditulis 0812…, +62812… atau 62 812-…; NIK 16 angka."))


class EraseForm(PersonForm):
    confirm = BooleanField(
        _l("Saya sudah memeriksa daftar di atas. Hapus data pribadi orang ini; tindakan ini tidak dapat dibatalkan."),
        validators=[DataRequired(_l("Centang kotak ini untuk menghapus."))])
