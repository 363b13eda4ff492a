"""Tests of what a class taught: templates written as plain text, the test a class uses (frozen when set), when
each stage is open, one attempt per stage and its score, the certificate's test rule, and the learning gain."""
import json
import re
from dataclasses import dataclass, field
from statistics import mean

import peewee as pw
from flask_babel import lazy_gettext as _l

from portal.audit.services import record
from portal.classes.models import Class, ClassSession
from portal.db import database, utcnow
from portal.errors import RuleError
from portal.learning.models import MAX_QUESTIONS, MIN_QUESTIONS, STAGES, ClassTest, TestAttempt
from portal.registrations.models import SEATED, Registration

MAX_OPTIONS = 5
TAKEN = _l("Tes ini sudah Anda kerjakan; nilainya tidak dapat diubah.")
STARTED = _l("Sudah ada peserta yang mengerjakan tes kelas ini; soalnya tidak dapat diganti lagi.")


def parse_questions(text):
    """Questions written as text: each question on its own line, its options under it, one per line, starting
    with "-" (wrong) or "*" (right); a blank line between questions. Returns the items, or RuleError naming the
    question that is wrong."""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n")) if block.strip()]
    if not MIN_QUESTIONS <= len(blocks) <= MAX_QUESTIONS:
        raise RuleError("questions", _l("Tulis antara %(low)s dan %(high)s pertanyaan; sekarang ada %(n)s.",
                                        low=MIN_QUESTIONS, high=MAX_QUESTIONS, n=len(blocks)))
    items = []
    for n, block in enumerate(blocks, 1):
        question, *lines = [line.strip() for line in block.split("\n") if line.strip()]
        options = [line[1:].strip() for line in lines if line[:1] in "-*" and line[1:].strip()]
        right = [i for i, line in enumerate(lines) if line.startswith("*")]
        if question[:1] in "-*" or len(options) != len(lines) or not 2 <= len(options) <= MAX_OPTIONS:
            raise RuleError("questions", _l("Pertanyaan %(n)s: tulis pertanyaannya, lalu 2 sampai 5 pilihan di "
                                            "baris berikutnya, masing-masing diawali - atau *.", n=n))
        if len(right) != 1:
            raise RuleError("questions", _l("Pertanyaan %(n)s: tandai tepat satu jawaban benar dengan *.", n=n))
        items.append(dict(text=question, options=options, correct=right[0]))
    return items


def as_text(items):
    """Questions back in the text they are written in (to edit a template)."""
    return "\n\n".join("\n".join([item["text"], *(("*" if n == item["correct"] else "-") + " " + option
                                                   for n, option in enumerate(item["options"]))]) for item in items)


def save_template(actor, template, unit, kind, title, text):
    """Create or change a template; classes that already use it keep the questions they took."""
    template.unit, template.kind, template.title = unit, kind, title
    template.questions = json.dumps(parse_questions(text), ensure_ascii=False)
    with database.atomic():
        template.save()
        record("test.template", actor, template, title, unit_id=unit.id)
    return template


def set_class_test(actor, klass, template, pass_score):
    """Give a class its test (the template's questions as they are now) and the post-test score its certificate
    needs (None: attendance alone), or take it off (`template` None; the row stays, marked). Until someone has
    taken it, choosing a template takes its questions afresh; after, only the pass score may change."""
    with Class.locked(klass.id) as (current,):
        current.check_running()
        test = ClassTest.row_of(klass.id)
        taken = TestAttempt.any_in(klass.id)
        if template is None:
            if test is not None and test.active:
                if taken:
                    raise RuleError("template", STARTED)
                test.active = False
                test.save()
                record("test.class", actor, current, "-")
            return None
        test = test or ClassTest(klass=klass.id)
        if not taken:
            test.template, test.questions = template, template.questions
        elif test.template_id != template.id or not test.active:
            raise RuleError("template", STARTED)
        test.pass_score, test.active = pass_score, True
        test.save()
        record("test.class", actor, current, f"{template.title} {pass_score if pass_score is not None else '-'}")
        return test


def open_stages(klass, now, sessions=None):
    """{stage: open?} for a class's participants online: the pre-test until the first session ends, the post-test
    from the start of the last session until the class is closed. `sessions`: the class's, when already read."""
    sessions = list(ClassSession.of(klass.id)) if sessions is None else sessions
    if not sessions or klass.status != "published":
        return {"pre": False, "post": False}
    return {"pre": now < sessions[0].ends_at, "post": now >= sessions[-1].starts_at}


def take(registration, stage, chosen, now=None, actor=None):
    """Score and keep one stage's answers (`chosen`: an option index per question). Online the stage must be open;
    staff typing in a paper test (`actor`) may do so until the class is closed. One attempt per stage."""
    now = now or utcnow()
    with Class.locked(registration.klass_id) as (klass,):
        test = ClassTest.of(klass.id)
        fresh = Registration.get_by_id(registration.id)
        if test is None or fresh.status not in SEATED:
            raise RuleError(None, _l("Tes ini tidak tersedia untuk pendaftaran ini."))
        if klass.status != "published" or (actor is None and not open_stages(klass, now)[stage]):
            raise RuleError(None, _l("%(stage)s sedang tidak dibuka.", stage=STAGES[stage]))
        if TestAttempt.taken(fresh.id, stage):
            raise RuleError(None, TAKEN)
        items = test.items
        if len(chosen) != len(items):
            raise RuleError(None, _l("Jawab semua pertanyaan."))
        right = sum(1 for item, answer in zip(items, chosen) if answer == item["correct"])
        try:
            with database.atomic():
                attempt = TestAttempt.create(registration=fresh.id, stage=stage, score=score(right, len(items)),
                                             answers=json.dumps(chosen), source="paper" if actor else "online",
                                             entered_by=actor, taken_at=now)
        except pw.IntegrityError:
            raise RuleError(None, TAKEN) from None
        if actor is not None:
            record("test.paper", actor, fresh, stage, unit_id=klass.unit_id)
        return attempt


def score(right, questions):
    """Percent right, halves rounded up (5 of 8 is 63)."""
    return (200 * right + questions) // (2 * questions)


@dataclass
class PostTestRule:
    """A class's post-test rule for its certificate, with every participant's post-test score, read once."""

    pass_score: object  # None: no rule
    scores: dict  # registration id: post-test score

    @classmethod
    def of(cls, klass_id):
        test = ClassTest.of(klass_id)
        scores = {r: s for r, s in TestAttempt.seated(TestAttempt.registration, TestAttempt.score)
                  .where(Registration.klass == klass_id, TestAttempt.stage == "post").tuples()}
        return cls(test.pass_score if test else None, scores)

    def passes(self, registration_id):
        return self.pass_score is None or self.scores.get(registration_id, -1) >= self.pass_score

    def missed(self, registration_id):
        """(the post-test score or None when not taken, the pass score) of someone it does not pass, else None."""
        return None if self.passes(registration_id) else (self.scores.get(registration_id), self.pass_score)


@dataclass
class Gain:
    """Pre-test and post-test scores of a group of participants: means over those who took each, and the gain and
    share improved over those who took both."""

    pre: list
    post: list
    pairs: list  # (pre, post) of those who took both

    @property
    def mean_pre(self):
        return mean(self.pre) if self.pre else None

    @property
    def mean_post(self):
        return mean(self.post) if self.post else None

    @property
    def gain(self):
        return mean(after - before for before, after in self.pairs) if self.pairs else None

    @property
    def improved(self):
        """The share of those who took both whose post-test beat their pre-test."""
        return sum(after > before for before, after in self.pairs) / len(self.pairs) if self.pairs else None


def gains(query):
    """{class id: Gain} of the classes a query of Class selects, in one query of their attempts."""
    rows = (TestAttempt.seated(Registration.klass, TestAttempt.registration, TestAttempt.stage, TestAttempt.score)
            .where(Registration.klass.in_(query.select(Class.id))).tuples())
    scores = {}
    for klass_id, registration_id, stage, score in rows:
        scores.setdefault(klass_id, {}).setdefault(registration_id, {})[stage] = score
    result = {}
    for klass_id, people in scores.items():
        result[klass_id] = Gain([p["pre"] for p in people.values() if "pre" in p],
                                [p["post"] for p in people.values() if "post" in p],
                                [(p["pre"], p["post"]) for p in people.values() if len(p) == 2])
    return result


def combined(groups):
    """One Gain of several."""
    return Gain(sum((g.pre for g in groups), []), sum((g.post for g in groups), []),
                sum((g.pairs for g in groups), []))


@dataclass
class GainTable:
    """A period's pre-test and post-test table: a (label, Gain) row per class, then its foot, a row per kind
    pooling that kind's participants."""

    classes: list = field(default_factory=list)
    kinds: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.classes)

    def rows(self):
        return self.classes + self.kinds
