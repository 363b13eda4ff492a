"""The survey's questions as a form: the nine elements on their four-point scales, a suggestion and the profile;
and the same questionnaire as staff type it in from paper."""
from flask_babel import lazy_gettext as _l
from wtforms import DateField, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from portal.i18n import local_today
from portal.forms import AGE_GROUPS, CHOOSE_ONE, GENDERS, REQUIRED, PortalForm, choices, optional_id
from portal.surveys.models import EDUCATION, ELEMENTS, OCCUPATIONS, SERVICES

NOT_SAID = _l("Tidak ingin menyebutkan")
LEFT_BLANK = _l("Kosong di kertas")
NOTHING_ANSWERED = _l("Kuesioner ini kosong: isi setidaknya satu jawaban, atau jangan disimpan.")
SUGGESTION_LENGTH = 1000
ADULT_AGES = {code: label for code, label in AGE_GROUPS.items() if code != "0-12"}  # children do not answer


def scale(element, required):
    """An element's question with its four answers, 1 to 4, worst first as the regulation's scale runs; typed in
    from paper, a fifth: left blank there."""
    answers = [SelectChoice(str(value), label) for value, label in enumerate(element.answers, 1)]
    if required:
        return RadioField(element.question, [InputRequired(CHOOSE_ONE)], choices=answers, coerce=optional_id,
                          description=element.name)
    return RadioField(element.question, [Optional()], choices=[*answers, SelectChoice("", LEFT_BLANK)], default="",
                      coerce=optional_id, description=element.name)


def profile(labels, label):
    return SelectField(label, [Optional()], choices=[SelectChoice("", NOT_SAID), *choices(labels)])


class SurveyForm(PortalForm):
    """What a citizen answers: every element; the suggestion and the profile are theirs to give or not."""

    required_elements = True

    suggestion = TextAreaField(_l("Saran dan masukan (boleh dikosongkan)"), [
        Optional(), Length(max=SUGGESTION_LENGTH, message=_l("Paling banyak 1000 karakter."))],
        description=_l("Jangan tulis nama atau nomor HP: jawaban survei tidak bernama."))
    age_group = profile(ADULT_AGES, _l("Usia"))
    gender = profile(GENDERS, _l("Jenis kelamin"))
    education = profile(EDUCATION, _l("Pendidikan terakhir"))
    occupation = profile(OCCUPATIONS, _l("Pekerjaan"))

    @property
    def element_fields(self):
        return [self[element.key] for element in ELEMENTS]

    @property
    def profile_fields(self):
        return [self.age_group, self.gender, self.education, self.occupation]

    def values(self):
        """The answer as the service stores it."""
        return {name: field.data for name, field in self._fields.items()
                if name not in ("csrf_token", "day", "unit", "service")}


class PaperSurveyForm(SurveyForm):
    """A paper questionnaire typed in: which service and day it is about; an element left blank stays blank."""

    required_elements = False

    unit = SelectField(_l("Unit"), [InputRequired(REQUIRED)], coerce=optional_id)
    service = SelectField(_l("Layanan yang diterima"), [InputRequired(REQUIRED)],
                          choices=choices(SERVICES))
    day = DateField(_l("Tanggal pengisian"), [InputRequired(_l("Masukkan tanggal yang benar."))])
    units = {}

    def offer(self, units, today):
        """The units this staff member enters for, and today's date (in their zone) as the usual day."""
        self.units = {u.id: u for u in units}
        self.unit.choices = [SelectChoice(u.id, u.name) for u in units]
        if self.unit.data is None and len(units) == 1:
            self.unit.data = units[0].id
        if not self.is_submitted():
            self.day.data = today

    def validate(self, extra_validators=None):
        """Besides each field: a questionnaire with no element answered at all is no answer."""
        valid = super().validate(extra_validators)
        if valid and all(field.data is None for field in self.element_fields):
            self.form_errors.append(NOTHING_ANSWERED)
            return False
        return valid

    def validate_day(self, field):
        if field.data and self.today_for_unit() and field.data > self.today_for_unit():
            raise ValidationError(_l("Tanggal pengisian tidak boleh setelah hari ini."))

    def today_for_unit(self):
        unit = self.units.get(self.unit.data)
        return local_today(unit.timezone) if unit else None


for _element in ELEMENTS:
    setattr(SurveyForm, _element.key, scale(_element, required=True))
    setattr(PaperSurveyForm, _element.key, scale(_element, required=False))
