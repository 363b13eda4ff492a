"""The public request form, following a request by phone, and the staff triage forms."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from portal.i18n import current_language
from portal.forms import DANGER, REQUIRED, PhoneField, PortalForm, choices, name_field, optional_id
from portal.inquiries.models import CATEGORIES
from portal.validators import Phone, strip


class InquiryForm(PortalForm):
    unit = SelectField(_l("Puspaga tujuan"), [InputRequired(REQUIRED)], coerce=optional_id,
                       description=_l("Pilih Puspaga di kabupaten/kota tempat Anda tinggal."))
    category = RadioField(_l("Tentang apa?"), [InputRequired(REQUIRED)], choices=choices(CATEGORIES))
    message = TextAreaField(_l("Ceritakan apa yang Anda butuhkan"), [DataRequired(REQUIRED), Length(min=10, max=2000,
                            message=_l("Tulis antara 10 dan 2000 huruf."))], filters=[strip],
                            description=_l("Disimpan terenkripsi dan hanya dibaca petugas Puspaga."))
    name = name_field(_l("Nama Anda"), description=_l("Boleh nama panggilan."))
    phone = PhoneField(_l("Nomor HP (WhatsApp)"), [DataRequired(REQUIRED), Length(max=30), Phone()],
                        filters=[strip], description=_l("Jawaban petugas dikirim ke nomor ini."))
    kecamatan = StringField(_l("Kecamatan tempat tinggal"), [DataRequired(REQUIRED), Length(max=80)],
                            filters=[strip])
    danger = RadioField(_l("Apakah ada yang sedang dalam bahaya atau mengalami kekerasan?"),
                        [InputRequired(REQUIRED)], choices=choices(DANGER))
    consent = BooleanField(_l("Saya sudah membaca pemberitahuan privasi dan setuju data saya dipakai untuk "
                              "menindaklanjuti pengaduan ini."),
                           [InputRequired(_l("Centang persetujuan untuk mengirim."))])

    def __init__(self, units, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # With several offices nobody is sent to the first one by not looking: the citizen picks.
        first = [] if len(units) == 1 else [("", _l("— Pilih Puspaga —"))]
        self.unit.choices = first + [(u.id, u.name) for u in units]

    def request(self):
        """The details as the service takes them."""
        return dict(unit_id=self.unit.data, category=self.category.data, message=self.message.data,
                    name=self.name.data, phone=self.phone.data, kecamatan=self.kecamatan.data,
                    urgent=self.danger.data == "yes", language=current_language())


class FollowForm(PortalForm):
    """The phone number that opens a request's page, together with its code."""

    phone = PhoneField(_l("Nomor HP yang dipakai saat mengirim"), [DataRequired(REQUIRED), Length(max=30), Phone()],
                        filters=[strip])


class AssignForm(PortalForm):
    assignee = SelectField(_l("Ditangani oleh"), [InputRequired(REQUIRED)], coerce=optional_id)


class AnswerForm(PortalForm):
    answer = TextAreaField(_l("Jawaban untuk pengirim"), [DataRequired(REQUIRED), Length(max=2000)],
                           filters=[strip], description=_l("Tampil di halaman pengaduannya; lewat WhatsApp warga hanya diberi tahu ada jawaban."))


class CloseForm(PortalForm):
    answer = TextAreaField(_l("Pesan penutup untuk pengirim (boleh dikosongkan)"), [Optional(), Length(max=2000)],
                           filters=[strip])
