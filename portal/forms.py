"""The base of every form: WTForms' own English messages go through our catalogue too."""
import email_validator
from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from portal.security import refuse_nul
from portal.validators import PersonName, clean_name, national

# Demo and test accounts live under the reserved .test domain (puspaga.test);
# no real mailbox can end in it, so accepting it as a login name is harmless.
if "test" in email_validator.SPECIAL_USE_DOMAIN_NAMES:
    email_validator.SPECIAL_USE_DOMAIN_NAMES.remove("test")

REQUIRED = _l("Wajib diisi.")

# Words several features ask and print: one list each.
GENDERS = {"perempuan": _l("Perempuan"), "laki-laki": _l("Laki-laki")}
AGE_GROUPS = {  # a person's age, as counselling and cases record it
    "0-12": _l("Anak (di bawah 13 tahun)"),
    "13-17": _l("Remaja (13–17 tahun)"),
    "18-25": _l("18–25 tahun"),
    "26-35": _l("26–35 tahun"),
    "36-45": _l("36–45 tahun"),
    "46-59": _l("46–59 tahun"),
    "60+": _l("60 tahun ke atas"),
}
CHILD_AGE_GROUPS = {  # the ages of someone's children, as a parenting class asks
    "0-2": _l("Bayi (0–2 tahun)"),
    "3-5": _l("Balita (3–5 tahun)"),
    "6-12": _l("Anak (6–12 tahun)"),
    "13-18": _l("Remaja (13–18 tahun)"),
}
DANGER = {"no": _l("Tidak"), "yes": _l("Ya")}
CHOOSE_ONE = _l("Pilih salah satu jawaban.")  # a question of a survey or a test left unanswered


def optional_id(value):
    """A chosen id or number, or None for the empty choice (which InputRequired then refuses)."""
    return int(value) if value not in (None, "") else None


def choices(labels):
    """A {value: label} dict as the choices of a radio, select or checkbox field."""
    return [SelectChoice(key, label) for key, label in labels.items()]


def child_age_labels(stored):
    """'3-5,6-12' as the labels people read (a bare '3-5' becomes a date in Excel)."""
    return "; ".join(str(CHILD_AGE_GROUPS.get(code, code)) for code in stored.split(",") if code)


def init_app(app):
    """Templates, pages and PDFs alike, read the shared words by these names."""

    @app.context_processor
    def _words():
        return {"genders": GENDERS, "age_groups": AGE_GROUPS, "child_age_groups": CHILD_AGE_GROUPS}


class CheckboxesField(SelectMultipleField):
    """Several choices ticked at once, as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

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


class PortalForm(FlaskForm):
    """A CSRF-protected form whose built-in messages are translated."""

    def __init__(self, *args, **kwargs):
        if request and request.method in ("POST", "PUT", "PATCH"):
            refuse_nul(request.form)
        super().__init__(*args, **kwargs)

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


def name_field(label, required=True, **options):
    """A person's name, the same everywhere: cleaned of invisible characters, at least one letter."""
    return StringField(label, [PersonName(required), Length(max=160, message=_l("Paling banyak 160 karakter."))],
                       filters=[clean_name], **options)


class PhoneField(StringField):
    """A phone number: kept as E.164 once valid (the Phone validator), always shown the way Indonesians write it,
    also when the form comes back with an error elsewhere."""

    def _value(self):
        return national(self.data) if isinstance(self.data, str) and self.data.startswith("+") else super()._value()
