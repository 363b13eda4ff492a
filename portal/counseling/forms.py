"""The booking details form, shared by citizens online and staff booking for a walk-in or a phone call."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, RadioField, TextAreaField
from wtforms.validators import Email, InputRequired, Length, Optional

from portal.counseling.models import FOR_WHOM
from portal.i18n import current_language
from portal.forms import (
    AGE_GROUPS, DANGER, GENDERS, REQUIRED, PhoneField, PortalForm, choices, name_field, tick_to_confirm,
)
from portal.validators import Phone, strip

class BookingForm(PortalForm):
    name = name_field(_l("Nama Anda"), description=_l("Boleh nama panggilan."))
    phone = PhoneField(_l("Nomor HP (WhatsApp)"), [InputRequired(REQUIRED), Length(max=30), Phone()],
                        filters=[strip], description=_l("Konfirmasi dan pengingat jadwal dikirim ke nomor ini."))
    email = EmailField(_l("Email (boleh dikosongkan)"),
                       [Optional(), Length(max=254), Email(check_deliverability=False)], filters=[strip])
    for_whom = RadioField(_l("Konseling untuk siapa?"), [InputRequired(REQUIRED)], choices=choices(FOR_WHOM))
    gender = RadioField(_l("Jenis kelamin orang yang akan dikonseling"), [InputRequired(REQUIRED)],
                        choices=choices(GENDERS))
    age_group = RadioField(_l("Usianya"), [InputRequired(REQUIRED)], choices=choices(AGE_GROUPS))
    concern = TextAreaField(_l("Ceritakan singkat apa yang ingin dibicarakan (boleh dikosongkan)"),
                            [Optional(), Length(max=1000)], filters=[strip],
                            description=_l("Disimpan terenkripsi dan hanya dibaca konselor Anda."))
    danger = RadioField(_l("Apakah ada yang sedang dalam bahaya atau mengalami kekerasan?"),
                        [InputRequired(REQUIRED)], choices=choices(DANGER))
    consent = BooleanField(_l("Saya sudah membaca pemberitahuan privasi dan setuju data saya dipakai untuk "
                              "mengatur konseling ini."),
                           [InputRequired(_l("Centang persetujuan untuk memesan."))])

    def person(self):
        """The details as the booking service takes them."""
        return dict(name=self.name.data, phone=self.phone.data, email=self.email.data or "",
                    for_whom=self.for_whom.data, gender=self.gender.data, age_group=self.age_group.data,
                    concern=self.concern.data or None, urgent=self.danger.data == "yes",
                    language=current_language())


class MoveForm(PortalForm):
    """Only the CSRF token: the page already shows the old and the new time side by side."""


class CancelForm(PortalForm):
    """A tick first, so a slip of the thumb cancels nothing."""

    sure = tick_to_confirm(_l("Ya, batalkan jadwal saya"))
