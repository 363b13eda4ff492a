"""A test as a participant answers it (one choice per question), and the same answers as staff type them in from
paper."""
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from portal.forms import CHOOSE_ONE, PortalForm


def answer_form(items, **kwargs):
    """A form with a question field per item (q1, q2, …), each a choice among its options."""

    class AnswerForm(PortalForm):
        @property
        def questions(self):
            return [self[f"q{n}"] for n in range(1, len(items) + 1)]

        def chosen(self):
            return [field.data for field in self.questions]

    for n, item in enumerate(items, 1):
        choices = [SelectChoice(str(i), option) for i, option in enumerate(item["options"])]
        setattr(AnswerForm, f"q{n}", RadioField(item["text"], [InputRequired(CHOOSE_ONE)], choices=choices, coerce=int))
    return AnswerForm(**kwargs)
