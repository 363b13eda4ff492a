"""Staff forms for appointments: reassigning, the video link, and booking at the desk."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import URL, InputRequired, Length, NumberRange, Optional, ValidationError

from portal.counseling.forms import BookingForm
from portal.forms import REQUIRED, PhoneField, PortalForm, name_field
from portal.validators import Phone, strip

class ReassignForm(PortalForm):
    counsellor = SelectField(_l("Konselor baru"), [InputRequired(REQUIRED), NumberRange(min=1, message=_l("Pilih konselor."))],
                             coerce=int, validate_choice=False)


class VideoLinkForm(PortalForm):
    video_link = StringField(_l("Tautan video"), [InputRequired(REQUIRED), Length(max=300),
                                                  URL(message=_l("Masukkan tautan lengkap, mulai dengan https://"))],
                             filters=[strip])

    def validate_video_link(self, field):
        if not field.data.startswith("https://"):
            raise ValidationError(_l("Masukkan tautan lengkap, mulai dengan https://"))


class DeskBookingForm(BookingForm):
    """Booking for someone at the desk or on the phone: the labels speak to staff; the citizen agrees out loud."""

    name = name_field(_l("Nama warga"))
    phone = PhoneField(_l("Nomor HP warga (WhatsApp)"), [InputRequired(REQUIRED), Length(max=30), Phone()],
                        filters=[strip], description=_l("Konfirmasi dan pengingat dikirim ke nomor ini."))
    concern = TextAreaField(_l("Cerita singkat warga (boleh dikosongkan)"), [Optional(), Length(max=1000)],
                            filters=[strip], description=_l("Disimpan terenkripsi; hanya dibaca konselor yang menangani."))

    consent = BooleanField(_l("Warga sudah mendengar pemberitahuan privasi dan setuju datanya dipakai."),
                           [InputRequired(_l("Centang persetujuan warga."))])
