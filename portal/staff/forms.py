"""Forms of the staff area: login, own password, and accounts managed by admins."""
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, EqualTo, InputRequired, Length

from portal.forms import REQUIRED, PortalForm, name_field
from portal.staff.models import ROLE_LABELS, normalise_email
from portal.validators import strip

EMAIL = _l("Masukkan alamat email yang benar, misalnya nama@contoh.go.id.")
MIN_PASSWORD = 10


def optional_int(value):
    """A unit id from the select; the empty first choice stays None."""
    return None if value in ("", None) else int(value)


class LoginForm(PortalForm):
    email = EmailField(_l("Email"), [InputRequired(REQUIRED), Length(max=254)], filters=[normalise_email])
    password = PasswordField(_l("Kata sandi"), [InputRequired(REQUIRED), Length(max=200)])


class CodeForm(PortalForm):
    code = StringField(_l("Kode"), [InputRequired(REQUIRED), Length(max=20)], filters=[strip],
                       description=_l("6 angka dari aplikasi autentikator, atau salah satu kode pemulihan."))


class PasswordForm(PortalForm):
    current = PasswordField(_l("Kata sandi saat ini"), [InputRequired(REQUIRED), Length(max=200)])
    new = PasswordField(
        _l("Kata sandi baru"),
        [
            InputRequired(REQUIRED),
            Length(min=MIN_PASSWORD, max=200, message=_l("Minimal 10 karakter.")),
        ],
        description=_l("Minimal 10 karakter. Gunakan kalimat yang mudah Anda ingat."),
    )
    confirm = PasswordField(
        _l("Ulangi kata sandi baru"),
        [InputRequired(REQUIRED), EqualTo("new", message=_l("Kedua kata sandi tidak sama."))],
    )


class StaffForm(PortalForm):
    name = name_field(_l("Nama lengkap"))
    email = EmailField(
        _l("Email"),
        [InputRequired(REQUIRED), Length(max=254), Email(EMAIL, check_deliverability=False)],
        filters=[normalise_email],
    )
    # Both lists start empty, so a hurried Save never makes an organisation admin.
    role = SelectField(
        _l("Peran"),
        [InputRequired(REQUIRED)],
        choices=[SelectChoice("", _l("— Pilih peran —"))]
        + [SelectChoice(role, label) for role, label in ROLE_LABELS.items()],
    )
    unit = SelectField(
        _l("Unit"),
        [InputRequired(REQUIRED)],
        coerce=optional_int,
        description=_l("Admin tanpa unit adalah admin organisasi dan melihat semua unit."),
    )

    def set_units(self, units, allow_none):
        """Offer the units the acting admin may assign."""
        choices = [SelectChoice("", _l("— Pilih unit —"))]
        if allow_none:
            choices.append(SelectChoice(0, _l("Semua unit (khusus admin organisasi)")))
        self.unit.choices = choices + [SelectChoice(u.id, u.name) for u in units]


class SearchForm(PortalForm):
    q = StringField(_l("Cari nama atau email"), filters=[strip])
