"""Forms staff use to run classes: the class itself, its sessions, seats and the registrations table."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from wtforms import (BooleanField, DateField, DateTimeLocalField, IntegerField, RadioField, SelectField,
                     StringField, TextAreaField, TimeField, URLField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, StopValidation, URL, ValidationError

from portal.classes.forms import RegistrationForm
from portal.classes.models import KINDS, MAX_SEATS, MODES, SEATS_RULE
from portal.forms import REQUIRED, CheckboxesField, PortalForm, choices
from portal.i18n import local_from_utc, utc_from_local
from portal.validators import strip

PICK_FACILITATOR = _l("Pilih fasilitator dari unit kelas ini.")
RULES = {"all": _l("Hadir di semua sesi"), "minimum": _l("Hadir minimal sejumlah sesi")}


class RequiredWhen:
    """Required when another field holds one of `values`; put it before Optional()."""

    def __init__(self, other, values, message):
        self.other, self.values, self.message = other, values, message

    def __call__(self, form, field):
        empty = not field.raw_data or not str(field.raw_data[0]).strip()
        if empty and form[self.other].data in self.values:
            field.errors[:] = []
            raise StopValidation(self.message)


class ClassForm(PortalForm):
    kind = RadioField(_l("Jenis kelas"), [InputRequired(REQUIRED)], choices=choices(KINDS))
    title = StringField(_l("Judul kelas"), [InputRequired(REQUIRED), Length(max=160)], filters=[strip],
                        description=_l("Contoh: Kelas Persiapan Pernikahan Angkatan 14"))
    description = TextAreaField(_l("Deskripsi"), [Length(max=4000)], filters=[strip])
    unit = SelectField(_l("Unit"), [InputRequired(REQUIRED)], coerce=int)
    mode = SelectField(_l("Cara belajar"), [InputRequired(REQUIRED)], choices=choices(MODES))
    venue = StringField(_l("Tempat"), [RequiredWhen("mode", ("offline", "hybrid"), _l("Isi tempat untuk kelas tatap muka.")),
                                       Length(max=240)], filters=[strip],
                        description=_l("Wajib untuk kelas tatap muka. Contoh: Aula Puspaga, Jl. ..."))
    online_link = URLField(_l("Tautan pertemuan daring"),
                           [RequiredWhen("mode", ("online", "hybrid"), _l("Isi tautan untuk kelas daring.")),
                            Optional(), Length(max=500), URL(message=_l("Masukkan alamat web yang benar."))],
                           filters=[strip], description=_l("Hanya ditampilkan kepada peserta terdaftar."))
    capacity = IntegerField(_l("Kapasitas (kursi)"), [InputRequired(REQUIRED), NumberRange(1, MAX_SEATS, SEATS_RULE)])
    opens_at = DateTimeLocalField(_l("Pendaftaran dibuka"), [Optional()], format="%Y-%m-%dT%H:%M",
                                  description=_l("Waktu setempat unit. Kosongkan agar langsung dibuka."))
    closes_at = DateTimeLocalField(_l("Pendaftaran ditutup"), [Optional()], format="%Y-%m-%dT%H:%M",
                                   description=_l("Waktu setempat unit. Kosongkan agar dibuka sampai kelas mulai."))
    facilitators = CheckboxesField(_l("Fasilitator"), coerce=int, invalid_value_message=PICK_FACILITATOR,
                                   invalid_choice_message=PICK_FACILITATOR,
                                   description=_l("Fasilitator dan konselor aktif dari unit kelas ini."))
    attendance_rule = RadioField(_l("Syarat lulus"), [InputRequired(REQUIRED)], choices=choices(RULES), default="all")
    attendance_minimum = IntegerField(_l("Jumlah sesi minimal"), [
        RequiredWhen("attendance_rule", ("minimum",), REQUIRED), Optional(), NumberRange(1, 100, _l("Isi antara 1 dan 100."))])
    gives_certificate = BooleanField(_l("Peserta yang lulus mendapat sertifikat"), default=True)
    units, facilitator_units = {}, {}

    def offer(self, units, candidates):
        """Offer these units and facilitator candidates (staff with their unit loaded)."""
        self.units = {u.id: u for u in units}
        self.unit.choices = [SelectChoice(u.id, u.name) for u in units]
        self.facilitators.choices = [SelectChoice(s.id, f"{s.name} ({s.unit.name})") for s in candidates]
        self.facilitator_units = {s.id: s.unit_id for s in candidates}

    def validate_online_link(self, field):
        if not field.data.startswith(("https://", "http://")):
            raise ValidationError(_l("Tautan harus diawali https://"))

    def validate_closes_at(self, field):
        if field.data and self.opens_at.data and field.data <= self.opens_at.data:
            raise ValidationError(_l("Waktu tutup harus setelah waktu dibuka."))

    def validate_facilitators(self, field):
        if any(self.facilitator_units.get(i) != self.unit.data for i in field.data or ()):
            raise ValidationError(PICK_FACILITATOR)

    def class_fields(self):
        """The class's details as `services.save_class` takes them, times in UTC."""
        unit = self.units[self.unit.data]
        return dict(
            unit=unit.id, kind=self.kind.data, title=self.title.data, description=self.description.data or "",
            mode=self.mode.data, venue=self.venue.data or "", online_link=self.online_link.data or "",
            registration_opens_at=in_utc(self.opens_at.data, unit.timezone),
            registration_closes_at=in_utc(self.closes_at.data, unit.timezone),
            attendance_minimum=self.attendance_minimum.data if self.attendance_rule.data == "minimum" else None,
            gives_certificate=self.gives_certificate.data,
        )

    @staticmethod
    def data_of(klass, facilitator_ids):
        """What the form shows for a stored class: local times, its rule and facilitators."""
        zone = klass.unit.timezone
        return dict(
            kind=klass.kind, title=klass.title, description=klass.description, unit=klass.unit_id,
            mode=klass.mode, venue=klass.venue, online_link=klass.online_link, capacity=klass.capacity,
            opens_at=in_local(klass.registration_opens_at, zone), closes_at=in_local(klass.registration_closes_at, zone),
            facilitators=list(facilitator_ids), gives_certificate=klass.gives_certificate,
            attendance_rule="minimum" if klass.attendance_minimum else "all",
            attendance_minimum=klass.attendance_minimum,
        )


def in_utc(moment, zone):
    return utc_from_local(moment, zone) if moment else None


def in_local(moment, zone):
    return local_from_utc(moment, zone) if moment else None


class SessionForm(PortalForm):
    day = DateField(_l("Tanggal"), [InputRequired(REQUIRED)])
    start = TimeField(_l("Jam mulai"), [InputRequired(REQUIRED)], format="%H:%M")
    end = TimeField(_l("Jam selesai"), [InputRequired(REQUIRED)], format="%H:%M")
    topic = StringField(_l("Topik"), [InputRequired(REQUIRED), Length(max=200)], filters=[strip])
    speaker = StringField(_l("Narasumber"), [Length(max=160)], filters=[strip])

    def times(self, zone):
        """Start and end as naive UTC, from the local date and times typed."""
        day = self.day.data
        return (utc_from_local(datetime.combine(day, self.start.data), zone),
                utc_from_local(datetime.combine(day, self.end.data), zone))


def desk_registration_form(klass, today):
    """The public registration form, worded for staff registering someone at the desk."""
    form = RegistrationForm.for_class(klass, today)
    form.consent.label.text = _l("Peserta sudah membaca pemberitahuan privasi dan setuju datanya dipakai untuk kelas ini.")
    return form
