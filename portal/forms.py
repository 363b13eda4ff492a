"""The base of every form: WTForms' own English messages go through our catalogue too."""
import email_validator
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import InputRequired

from portal.validators import national

# Demo and test accounts live under the reserved .test domain (puspaga.test);
# no real mailbox can end in it, so accepting it as a login name is harmless.
if "test" in email_validator.SPECIAL_USE_DOMAIN_NAMES:
    email_validator.SPECIAL_USE_DOMAIN_NAMES.remove("test")

REQUIRED = _l("Wajib diisi.")

# WTForms ships no Indonesian catalogue, so its built-in messages are mapped
# to ours (Indonesian first; the English catalogue translates them back).
WTFORMS_MESSAGES = {
    "This field is required.": REQUIRED,
    "Invalid input.": _l("Isian tidak valid."),
    "Invalid email address.": _l("Masukkan alamat email yang benar, misalnya nama@contoh.go.id."),
    "Not a valid choice.": _l("Pilih salah satu pilihan yang tersedia."),
    "Invalid Choice: could not coerce.": _l("Pilih salah satu pilihan yang tersedia."),
    "Not a valid integer value.": _l("Masukkan bilangan bulat."),
    "Not a valid date value.": _l("Masukkan tanggal yang benar."),
    "Not a valid time value.": _l("Masukkan jam yang benar."),
    "Not a valid datetime value.": _l("Masukkan tanggal dan jam yang benar."),
    "Not a valid decimal value.": _l("Masukkan angka yang benar."),
    "Invalid URL.": _l("Masukkan alamat web yang benar."),
}


class _Translations:
    def gettext(self, string):
        return str(WTFORMS_MESSAGES.get(string, string))

    def ngettext(self, singular, plural, n):
        return self.gettext(singular if n == 1 else plural)


def tick_to_confirm(label):
    """A tick that must be set before a step a citizen cannot take back (cancelling), with or without JavaScript,
    so a slip of the thumb changes nothing."""
    return BooleanField(label, [InputRequired(_l("Centang dulu untuk membatalkan."))])


def drop_nul(value):
    """NUL cannot be typed and PostgreSQL refuses it in text: drop it from any input."""
    return value.replace("\x00", "") if isinstance(value, str) else value


class PortalForm(FlaskForm):
    """A CSRF-protected form whose built-in messages are translated."""

    @property
    def status(self):
        """422 when the form is shown again with errors, so htmx and tests can tell."""
        return 422 if self.errors or self.form_errors else 200

    def show(self, error):
        """Put a service's RuleError on its field, or above the form."""
        field = getattr(self, error.field or "", None)
        (field.errors if field is not None else self.form_errors).append(error.message)

    class Meta:
        def get_translations(self, form):
            return _Translations()

        def bind_field(self, form, unbound_field, options):
            filters = unbound_field.kwargs.get("filters", ())
            unbound_field.kwargs["filters"] = (drop_nul, *filters)
            return unbound_field.bind(form=form, **options)


class PhoneField(StringField):
    """A phone number: kept as E.164 once valid (the Phone validator), always shown the way Indonesians write it,
    also when the form comes back with an error elsewhere."""

    def _value(self):
        return national(self.data) if isinstance(self.data, str) and self.data.startswith("+") else super()._value()
