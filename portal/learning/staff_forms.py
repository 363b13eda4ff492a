"""Staff forms of tests: a template written as text, and the test and pass score a class uses."""
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from portal.classes.models import KINDS
from portal.forms import REQUIRED, PortalForm, choices, optional_id
from portal.validators import strip

class TemplateForm(PortalForm):
    title = StringField(_l("Nama tes"), [InputRequired(REQUIRED), Length(max=160)], filters=[strip],
                        description=_l("Contoh: Tes Kelas Parenting: Komunikasi dengan Anak"))
    kind = RadioField(_l("Untuk jenis kelas"), [InputRequired(REQUIRED)], choices=choices(KINDS))
    unit = SelectField(_l("Unit"), [InputRequired(REQUIRED)], coerce=int)
    questions = TextAreaField(_l("Pertanyaan"), [InputRequired(REQUIRED)], description=_l(
        "5 sampai 15 pertanyaan pilihan ganda. Tulis pertanyaan di satu baris, lalu pilihannya di baris-baris "
        "berikutnya: diawali * untuk jawaban benar, - untuk yang salah. Pisahkan pertanyaan dengan satu baris "
        "kosong."))

    def offer(self, units):
        self.units = {u.id: u for u in units}
        self.unit.choices = [SelectChoice(u.id, u.name) for u in units]
        if self.unit.data is None and len(units) == 1:
            self.unit.data = units[0].id


class ClassTestForm(PortalForm):
    template = SelectField(_l("Tes kelas"), coerce=optional_id)
    pass_score = IntegerField(_l("Nilai tes akhir minimal untuk sertifikat (0–100)"), [
        Optional(), NumberRange(0, 100, _l("Isi antara 0 dan 100."))],
        description=_l("Kosongkan bila sertifikat cukup dengan syarat kehadiran."))

    def offer(self, templates):
        self.templates = {t.id: t for t in templates}
        self.template.choices = [SelectChoice("", _l("Tanpa tes")), *(SelectChoice(t.id, t.title) for t in templates)]
