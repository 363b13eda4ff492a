"""Setting up counselling: a service, a counsellor's week and dates, the unit's booking rules and closed days."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, IntegerField, RadioField, StringField, TextAreaField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from portal.availability.models import MODES
from portal.forms import REQUIRED, CheckboxesField, PortalForm, choices
from portal.validators import strip

WEEKDAYS = (_l("Senin"), _l("Selasa"), _l("Rabu"), _l("Kamis"), _l("Jumat"), _l("Sabtu"), _l("Minggu"))
EXCEPTION_KINDS = {"off": _l("Libur / cuti"), "extra": _l("Jam tambahan")}


def at_least_one(form, field):
    if not field.data:
        raise ValidationError(_l("Pilih minimal satu."))


class ServiceForm(PortalForm):
    name = StringField(_l("Nama layanan"), [InputRequired(REQUIRED), Length(max=120)], filters=[strip])
    description = TextAreaField(_l("Keterangan singkat"), [Optional(), Length(max=500)], filters=[strip])
    duration_minutes = IntegerField(_l("Lama sesi (menit)"), [InputRequired(REQUIRED), NumberRange(15, 240)],
                                    default=60)
    buffer_minutes = IntegerField(_l("Jeda sesudahnya (menit)"), [InputRequired(REQUIRED), NumberRange(0, 120)],
                                  default=15, description=_l("Waktu istirahat konselor sebelum sesi berikutnya."))
    modes = CheckboxesField(_l("Cara konseling"), [at_least_one], choices=choices(MODES), default=["offline"])
    needs_confirmation = BooleanField(_l("Perlu dikonfirmasi petugas sebelum pasti"))
    active = BooleanField(_l("Dibuka untuk pemesanan"), default=True)

    def values(self):
        data = {name: getattr(self, name).data for name in
                ("name", "description", "duration_minutes", "buffer_minutes", "needs_confirmation", "active")}
        data["modes"] = ",".join(m for m in MODES if m in self.modes.data)
        data["description"] = data["description"] or ""
        return data


def week_form(counsellor_services):
    """A counsellor's week: for each day, working hours and a break (all optional), and the services given."""

    class WeekForm(PortalForm):
        def validate(self, extra_validators=None):
            ok = super().validate(extra_validators)
            for day in range(7):
                start, end = self[f"start_{day}"], self[f"end_{day}"]
                pause, resume = self[f"break_start_{day}"], self[f"break_end_{day}"]
                if bool(start.data) != bool(end.data):
                    end.errors.append(_l("Isi jam mulai dan jam selesai, atau kosongkan keduanya."))
                    ok = False
                elif start.data and end.data <= start.data:
                    end.errors.append(_l("Jam selesai harus setelah jam mulai."))
                    ok = False
                if bool(pause.data) != bool(resume.data):
                    resume.errors.append(_l("Isi awal dan akhir istirahat, atau kosongkan keduanya."))
                    ok = False
                elif pause.data and not (start.data and start.data <= pause.data < resume.data <= end.data):
                    resume.errors.append(_l("Istirahat harus di dalam jam kerja."))
                    ok = False
            return ok

    for day in range(7):
        for name, label in (("start", _l("Mulai")), ("end", _l("Selesai")),
                            ("break_start", _l("Istirahat mulai")), ("break_end", _l("Istirahat selesai"))):
            setattr(WeekForm, f"{name}_{day}", TimeField(label, [Optional()]))
    WeekForm.services = CheckboxesField(_l("Layanan yang diberikan"), coerce=int,
                                        choices=[SelectChoice(s.id, s.name) for s in counsellor_services])
    WeekForm.modes = CheckboxesField(_l("Cara yang dilayani"), [at_least_one], choices=choices(MODES))
    return WeekForm


class ExceptionForm(PortalForm):
    day = DateField(_l("Tanggal"), [InputRequired(REQUIRED)])
    kind = RadioField(_l("Jenis"), [InputRequired(REQUIRED)], choices=choices(EXCEPTION_KINDS), default="off")
    start = TimeField(_l("Mulai"), [Optional()])
    end = TimeField(_l("Selesai"), [Optional()])
    note = StringField(_l("Keterangan"), [Optional(), Length(max=160)], filters=[strip])

    def validate_end(self, field):
        if self.kind.data == "extra" and not (self.start.data and field.data and self.start.data < field.data):
            raise ValidationError(_l("Jam tambahan perlu jam mulai dan selesai."))


class ClosedDayForm(PortalForm):
    day = DateField(_l("Tanggal"), [InputRequired(REQUIRED)])
    reason = StringField(_l("Keterangan"), [Optional(), Length(max=160)], filters=[strip],
                         description=_l("Misalnya: Hari Raya Idulfitri."))


class SettingsForm(PortalForm):
    booking_notice_hours = IntegerField(_l("Pemesanan paling lambat (jam sebelum jadwal)"),
                                        [InputRequired(REQUIRED), NumberRange(0, 168)])
    booking_horizon_days = IntegerField(_l("Jadwal dibuka sampai (hari ke depan)"),
                                        [InputRequired(REQUIRED), NumberRange(1, 180)])
    cancel_cutoff_hours = IntegerField(_l("Warga bisa memindah atau membatalkan sampai (jam sebelum jadwal)"),
                                       [InputRequired(REQUIRED), NumberRange(0, 168)])
