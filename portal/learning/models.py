"""What a class's participants learned: a short multiple-choice test per class kind (a reusable template), the
test a class uses with its pass score for the certificate, and each participant's attempts: the pre-test until
the first session ends, the post-test from the start of the last one."""
import json

import peewee as pw
from flask_babel import lazy_gettext as _l

from portal.classes.models import Class
from portal.db import BaseModel, utcnow
from portal.registrations.models import SEATED, Registration
from portal.staff.models import Staff
from portal.surveys.models import SOURCES  # an attempt comes in as an answer to the survey does: online or on paper
from portal.units.models import Unit

STAGES = {"pre": _l("Tes awal"), "post": _l("Tes akhir")}
MIN_QUESTIONS, MAX_QUESTIONS = 5, 15


class TestTemplate(BaseModel):
    __test__ = False  # not a pytest class
    unit = pw.ForeignKeyField(Unit, on_delete="RESTRICT")
    kind = pw.CharField(max_length=16)  # a class kind: the classes it is offered for
    title = pw.CharField(max_length=160)
    questions = pw.TextField()  # JSON: [{"text": …, "options": [...], "correct": index}, …]
    created_at = pw.DateTimeField(default=utcnow)

    class Meta:
        table_name = "test_template"

    @property
    def items(self):
        return json.loads(self.questions)

    @classmethod
    def for_class(cls, klass):
        """The templates a class may use: its unit's, for its kind."""
        return cls.select().where(cls.unit == klass.unit_id, cls.kind == klass.kind).order_by(cls.title)

    @classmethod
    def of_units(cls, unit_ids):
        return cls.select().where(cls.unit.in_(unit_ids)).order_by(cls.kind, cls.title)


class ClassTest(BaseModel):
    __test__ = False
    klass = pw.ForeignKeyField(Class, unique=True, column_name="class_id", object_id_name="klass_id",
                               on_delete="RESTRICT")
    template = pw.ForeignKeyField(TestTemplate, on_delete="RESTRICT")
    questions = pw.TextField()  # the template's questions as the class took them: later edits change no score
    pass_score = pw.SmallIntegerField(null=True)  # the post-test score (0–100) a certificate needs, or None
    active = pw.BooleanField(default=True)  # taken off the class (kept, never deleted), until chosen again

    class Meta:
        table_name = "class_test"

    @property
    def items(self):
        return json.loads(self.questions)

    @classmethod
    def of(cls, klass_id):
        """The test a class uses, or None."""
        return cls.get_or_none(cls.klass == klass_id, cls.active == True)  # noqa: E712

    @classmethod
    def row_of(cls, klass_id):
        """The class's test row, taken off or not."""
        return cls.get_or_none(cls.klass == klass_id)


class TestAttempt(BaseModel):
    __test__ = False
    registration = pw.ForeignKeyField(Registration, on_delete="RESTRICT")
    stage = pw.CharField(max_length=8)  # a key of STAGES
    score = pw.SmallIntegerField()  # percent correct, 0–100
    answers = pw.TextField()  # JSON: the option index chosen for each question
    source = pw.CharField(max_length=8, default="online")  # "online", or "paper" typed in by staff
    entered_by = pw.ForeignKeyField(Staff, null=True, on_delete="RESTRICT")
    taken_at = pw.DateTimeField(default=utcnow)

    class Meta:
        table_name = "test_attempt"
        indexes = ((("registration", "stage"), True),)  # one pre-test and one post-test each

    @classmethod
    def of(cls, registration_id):
        """{stage: attempt} of a registration."""
        return {a.stage: a for a in cls.select().where(cls.registration == registration_id)}

    @classmethod
    def of_class(cls, klass_id):
        """{registration id: {stage: attempt}} of a class's seated registrations, in one query."""
        found = {}
        for attempt in cls.seated().where(Registration.klass == klass_id):
            found.setdefault(attempt.registration_id, {})[attempt.stage] = attempt
        return found

    @classmethod
    def seated(cls, *columns):
        """Attempts of registrations that hold or held a seat (not of those who cancelled or only waited)."""
        return cls.select(*columns).join(Registration).where(Registration.status.in_(SEATED))

    @classmethod
    def taken(cls, registration_id, stage):
        return cls.select().where(cls.registration == registration_id, cls.stage == stage).exists()

    @classmethod
    def any_in(cls, klass_id):
        """Whether anyone has taken a test of this class."""
        return cls.select().join(Registration).where(Registration.klass == klass_id).exists()
