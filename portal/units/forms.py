"""The unit settings form."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, EmailField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from portal.forms import REQUIRED, PhoneField, PortalForm
from portal.units.models import TIMEZONES
from portal.numbering import format_problem
from portal.validators import Digits, Phone, strip

IMAGE_HINT = _l("PNG atau JPG, paling besar 1 MB. Biarkan kosong untuk tetap memakai gambar sekarang.")


class UnitForm(PortalForm):
    name = StringField(_l("Nama unit"), [InputRequired(REQUIRED), Length(max=160)], filters=[strip],
                       description=_l("Contoh: Puspaga Kota Makassar"))
    code = StringField(
        _l("Kode unit"),
        [InputRequired(REQUIRED), Length(max=16),
         Regexp(r"^[A-Z0-9-]+$", message=_l("Hanya huruf besar, angka dan tanda hubung."))],
        filters=[strip, lambda v: v.upper() if isinstance(v, str) else v],
        description=_l("Dipakai di nomor sertifikat, misalnya MKS."),
    )
    city = StringField(_l("Kabupaten/Kota"), [InputRequired(REQUIRED), Length(max=120)], filters=[strip])
    province = StringField(_l("Provinsi"), [InputRequired(REQUIRED), Length(max=120)], filters=[strip])
    address = TextAreaField(_l("Alamat"), [InputRequired(REQUIRED), Length(max=500)], filters=[strip])
    phone = PhoneField(_l("Telepon"), [Optional(), Length(max=30), Phone()], filters=[strip])
    whatsapp = PhoneField(_l("WhatsApp"), [Optional(), Length(max=30), Phone()], filters=[strip])
    email = EmailField(_l("Email"), [Optional(), Length(max=254), Email(check_deliverability=False)],
                       filters=[strip])
    timezone = SelectField(
        _l("Zona waktu"),
        choices=[SelectChoice(tz, f"{label} ({tz})") for tz, label in TIMEZONES.items()],
    )
    head_name = StringField(_l("Nama kepala kantor"), [Length(max=160)], filters=[strip])
    head_title = StringField(_l("Jabatan kepala kantor"), [Length(max=160)], filters=[strip])
    head_nip = StringField(
        _l("NIP kepala kantor"),
        [Digits(18, _l("NIP terdiri dari 18 angka."))],
        filters=[strip],
    )
    certificate_number_format = StringField(
        _l("Format nomor sertifikat"),
        [InputRequired(REQUIRED), Length(max=120)],
        filters=[strip],
        description=_l("Boleh memakai {seq:04d}, {unit}, {roman_month}, {month} dan {year}."),
    )
    requires_nik = BooleanField(_l("Sertifikat memerlukan NIK peserta"))
    uptd_ppa_name = StringField(_l("Nama UPTD PPA rujukan"), [Length(max=160)], filters=[strip])
    uptd_ppa_phone = PhoneField(_l("Telepon UPTD PPA"), [Optional(), Length(max=30), Phone()],
                                 filters=[strip])
    answer_days = IntegerField(_l("Pengaduan dijawab dalam (hari kerja)"),
                               [InputRequired(REQUIRED), NumberRange(1, 30, _l("Isi antara 1 dan 30 hari kerja."))],
                               default=2, description=_l("Disampaikan kepada warga setelah mengirim pengaduan."))
    remind_day_before = BooleanField(_l("Kirim pengingat sehari sebelum sesi kelas dan janji temu"), default=True)
    remind_two_hours = BooleanField(_l("Kirim pengingat dua jam sebelum sesi kelas dan janji temu"), default=True)
    active = BooleanField(_l("Unit aktif (tampil di halaman publik)"), default=True)
    logo = FileField(_l("Logo"), description=IMAGE_HINT)
    signature = FileField(_l("Tanda tangan kepala kantor"), description=IMAGE_HINT)

    def validate_certificate_number_format(self, field):
        problem = format_problem(field.data or "")
        if problem:
            raise ValidationError(problem)
