"""Opening a case, writing a note, assigning counsellors, referring, and changing a referral's status."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from portal.cases.models import DESTINATIONS, REFERRAL_STATUSES
from portal.forms import AGE_GROUPS, GENDERS, REQUIRED, CheckboxesField, PhoneField, PortalForm, choices, name_field
from portal.inquiries.models import CATEGORIES
from portal.validators import Nik, Phone, strip


def pick_one(labels):
    """Choices that start empty, so figures in reports come from a choice someone made."""
    return [SelectChoice("", _l("— Pilih —"))] + choices(labels)


class CaseForm(PortalForm):
    client_name = name_field(_l("Nama klien"))
    client_phone = PhoneField(_l("Nomor HP klien (boleh dikosongkan)"), [Optional(), Length(max=30), Phone()],
                               filters=[strip])
    client_nik = StringField(_l("NIK klien (boleh dikosongkan)"), [Optional(), Length(max=24), Nik()],
                             filters=[strip])
    gender = RadioField(_l("Jenis kelamin"), [InputRequired(REQUIRED)], choices=choices(GENDERS))
    age_group = SelectField(_l("Kelompok usia"), [InputRequired(REQUIRED)], choices=pick_one(AGE_GROUPS))
    kecamatan = StringField(_l("Kecamatan"), [DataRequired(REQUIRED), Length(max=80)], filters=[strip])
    kelurahan = StringField(_l("Kelurahan / desa"), [Optional(), Length(max=80)], filters=[strip])
    category = SelectField(_l("Kategori"), [InputRequired(REQUIRED)], choices=pick_one(CATEGORIES))
    counsellors = CheckboxesField(_l("Konselor yang menangani"), coerce=int,
                                  description=_l("Hanya mereka (dan penulis catatan) yang bisa membaca catatan kasus."))
    urgent = BooleanField(_l("Ada yang sedang dalam bahaya atau mengalami kekerasan (kasus mendesak)"))

    def client(self):
        return dict(urgent=self.urgent.data, client_name=self.client_name.data, client_phone=self.client_phone.data or "",
                    client_nik=self.client_nik.data or None, gender=self.gender.data, age_group=self.age_group.data,
                    kecamatan=self.kecamatan.data, kelurahan=self.kelurahan.data or "", category=self.category.data)


class NoteForm(PortalForm):
    body = TextAreaField(_l("Catatan baru"), [DataRequired(REQUIRED), Length(max=10000)], filters=[strip],
                         description=_l("Terenkripsi; hanya Anda dan konselor kasus ini yang bisa membacanya."))


class CounsellorsForm(PortalForm):
    counsellors = CheckboxesField(_l("Konselor yang menangani"), coerce=int)


class CaseStatusForm(PortalForm):
    """Only the CSRF token; the button says open or close."""


class ReferralForm(PortalForm):
    destination = SelectField(_l("Dirujuk ke"), [InputRequired(REQUIRED)], choices=pick_one(DESTINATIONS))
    institution = StringField(_l("Nama lembaga tujuan"), [DataRequired(REQUIRED), Length(max=160)],
                              filters=[strip], description=_l("Misalnya: UPTD PPA Kota Makassar."))
    reason = TextAreaField(_l("Alasan rujukan"), [DataRequired(REQUIRED), Length(max=2000)], filters=[strip])
    chronology = TextAreaField(_l("Kronologi"), [DataRequired(REQUIRED), Length(max=10000)], filters=[strip],
                               description=_l("Terenkripsi. Ditulis agar klien tidak perlu menceritakan ulang."))
    services_given = TextAreaField(_l("Layanan yang sudah diberikan (boleh dikosongkan)"), [Optional(), Length(max=2000)],
                                   filters=[strip])
    consent = BooleanField(_l("Klien (atau orang tua/wali untuk anak) sudah menyetujui rujukan ini."),
                           [InputRequired(_l("Rujukan hanya dibuat dengan persetujuan klien."))])


class ReferralStatusForm(PortalForm):
    status = SelectField(_l("Status rujukan"), [InputRequired(REQUIRED)], choices=choices(REFERRAL_STATUSES))
