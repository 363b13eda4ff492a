"""The registration form, shared by citizens online and staff at the desk."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, EmailField, RadioField, StringField
from wtforms.validators import Email, InputRequired, Length, Optional, ValidationError

from portal.i18n import current_language
from portal.forms import (
    CHILD_AGE_GROUPS, GENDERS, REQUIRED, CheckboxesField, PhoneField, PortalForm, choices, name_field,
)
from portal.validators import Nik, Phone, strip

class RegistrationForm(PortalForm):
    name = name_field(_l("Nama lengkap"), description=_l("Sesuai KTP, karena dipakai di sertifikat."))
    phone = PhoneField(_l("Nomor HP (WhatsApp)"), [InputRequired(REQUIRED), Length(max=30), Phone()],
                        filters=[strip], description=_l("Konfirmasi dan pengingat dikirim ke nomor ini."))
    email = EmailField(_l("Email (boleh dikosongkan)"),
                       [Optional(), Length(max=254), Email(check_deliverability=False)], filters=[strip])
    gender = RadioField(_l("Jenis kelamin"), [InputRequired(REQUIRED)],
                        choices=choices(GENDERS))
    nik = StringField(_l("NIK"), [InputRequired(REQUIRED), Length(max=24), Nik()], filters=[strip],
                      description=_l("16 angka sesuai KTP. Diminta unit ini untuk sertifikat."))
    partner_name = name_field(_l("Nama calon pasangan"))
    wedding_date = DateField(_l("Rencana tanggal pernikahan"), [InputRequired(REQUIRED)])
    children_age_groups = CheckboxesField(_l("Usia anak Anda"), choices=choices(CHILD_AGE_GROUPS),
                                          description=_l("Pilih semua yang sesuai."))
    consent = BooleanField(_l("Saya sudah membaca pemberitahuan privasi dan setuju data saya dipakai untuk kelas ini."),
                           [InputRequired(_l("Centang persetujuan untuk mendaftar."))])

    @classmethod
    def for_class(cls, klass, today, **kwargs):
        """The fields this class asks for: by kind, and NIK only where the unit needs it."""
        form = cls(**kwargs)
        form.today = today
        if klass.kind != "pranikah":
            del form.partner_name, form.wedding_date
        if klass.kind != "parenting":
            del form.children_age_groups
        if not klass.unit.requires_nik:
            del form.nik
        return form

    def validate_wedding_date(self, field):
        if field.data and field.data < self.today:
            raise ValidationError(_l("Tanggal pernikahan tidak boleh di masa lalu."))
        if field.data and field.data.year > self.today.year + 5:
            raise ValidationError(_l("Tanggal pernikahan terlalu jauh; periksa tahunnya."))

    def validate_children_age_groups(self, field):
        if not field.data:
            raise ValidationError(_l("Pilih minimal satu kelompok usia."))

    def person(self):
        """The registrant's details as the registering service takes them."""
        data = {name: getattr(self, name).data for name in
                ("name", "phone", "email", "gender", "nik", "partner_name", "wedding_date") if name in self}
        data["email"] = data.get("email") or ""
        data["language"] = current_language()
        if "children_age_groups" in self:
            data["children_age_groups"] = ",".join(self.children_age_groups.data)
        return data
