"""The survey's life: an invitation (and its message) when a service has been received, one answer for it,
paper questionnaires typed in at the desk; and the index the way Peraturan Menteri PANRB Nomor 14 Tahun 2017
(Pedoman Penyusunan Survei Kepuasan Masyarakat Unit Penyelenggara Pelayanan Publik) computes and grades it:

- The index (Lampiran, "Pengolahan data"): each element's perception value is the sum of its answers divided by
  the number of answers it got (nilai rata-rata, NRR); every element weighs the same, 1/9 exactly (copies print
  it rounded, 0,11 or 0,111); the index is the sum of the weighted values on the 1–4 scale, times 25 on the
  25–100 scale ("nilai konversi").
- The grade (its table of perception values, intervals and converted intervals, mutu pelayanan): converted
  25,00–64,99 D "Tidak Baik"; 65,00–76,60 C "Kurang Baik"; 76,61–88,30 B "Baik"; 88,31–100,00 A "Sangat Baik";
  graded on the converted value written with two decimals, as it is published.
- The minimum number of respondents: the Krejcie and Morgan table the regulation refers to, read at the
  population served.
"""
from dataclasses import dataclass
from datetime import datetime, time
from decimal import ROUND_HALF_UP, Decimal

import peewee as pw
from flask_babel import lazy_gettext as _l

from portal.audit.services import record
from portal.config import citizen_url
from portal.db import database, utcnow, write_lock
from portal.errors import RuleError
from portal.i18n import local_from_utc, utc_from_local
from portal.notify.services import queue
from portal.surveys.models import ELEMENT_KEYS, ELEMENTS, SurveyInvitation, SurveyResponse
from portal.tokens import new_token

PROFILE = ("age_group", "gender", "education", "occupation")
ANSWERED = _l("Survei ini sudah diisi. Terima kasih atas jawaban Anda.")


def invite(person, unit, service, now=None):
    """After a service received (an appointment completed, a class attended): the survey's link, by message and
    on the person's own page; once per service, however often this runs. Call under the lock of the change (the
    appointment's, the class's), which the unique index backs."""
    if SurveyInvitation.of(person) is not None:
        return
    now = now or utcnow()
    invitation = SurveyInvitation.create(unit=unit.id, service=service, object_type=person._meta.table_name,
                                         object_id=person._pk, token=new_token(), created_at=now)
    params = dict(name=person.name, unit=unit.name, link=link(invitation))
    queue("survey.invited", invitation, unit.id, person.phone, person.email, params, person.language, now=now)


def link(invitation):
    """The survey's private address, as a message carries it."""
    return citizen_url("surveys.survey", token=invitation.token)


def service_day(moment, tz_name):
    """Noon of a moment's local day, as an answer is dated: the day of its service, never the hour, which other
    records of that service hold and could lead back to the person."""
    return utc_from_local(datetime.combine(local_from_utc(moment, tz_name).date(), time(12)), tz_name)


def answer(invitation_id, values):
    """The one answer of a service: a second submit (or a second tab) is refused, and stores nothing. It counts in
    the period its service was received. The invitation's message is left as it was: the desk seeing it withdrawn
    would learn who just answered."""
    with write_lock(SurveyInvitation.select().where(SurveyInvitation.id == invitation_id)) as (invitation,):
        if invitation.answered:
            raise RuleError(None, ANSWERED)
        invitation.answered = True
        invitation.save(only=[SurveyInvitation.answered])
        return SurveyResponse.create(unit=invitation.unit_id, service=invitation.service, source="online",
                                     served_at=service_day(invitation.created_at, invitation.unit.timezone),
                                     **stored(values))


def record_paper(actor, unit, service, day, values):
    """A paper questionnaire typed in at the desk: dated noon of the day written on it, in the unit's zone."""
    with database.atomic():
        response = SurveyResponse.create(unit=unit.id, service=service, source="paper", entered_by=actor,
                                         served_at=utc_from_local(datetime.combine(day, time(12)), unit.timezone),
                                         **stored(values))
        record("survey.paper", actor, unit, service, unit_id=unit.id)
    return response


def stored(values):
    """The columns of an answer: the nine elements (1–4 or None), the suggestion and the profile."""
    return {**{key: values.get(key) for key in ELEMENT_KEYS}, "suggestion": (values.get("suggestion") or "").strip(),
            **{name: values.get(name) or "" for name in PROFILE}}


def index_of(where):
    """The index of the answers a condition selects (None when there are none), in one query."""
    columns = [pw.fn.COUNT(SurveyResponse.id)]
    for key in ELEMENT_KEYS:
        field = getattr(SurveyResponse, key)
        columns += [pw.fn.SUM(field), pw.fn.COUNT(field)]
    row = SurveyResponse.select(*columns).where(where).tuples().get()
    respondents, pairs = row[0], row[1:]
    sums = {key: pairs[2 * n] or 0 for n, key in enumerate(ELEMENT_KEYS)}
    counts = {key: pairs[2 * n + 1] for n, key in enumerate(ELEMENT_KEYS)}
    return index(sums, counts, respondents) if respondents else None


WEIGHT = Decimal(1) / len(ELEMENTS)  # every element the same


@dataclass(frozen=True)
class Grade:
    letter: str
    label: object
    lowest: Decimal  # the lowest converted value (two decimals) with this grade


GRADES = (  # best first
    Grade("A", _l("Sangat Baik"), Decimal("88.31")),
    Grade("B", _l("Baik"), Decimal("76.61")),
    Grade("C", _l("Kurang Baik"), Decimal("65.00")),
    Grade("D", _l("Tidak Baik"), Decimal("25.00")),
)
TWO_PLACES, FOUR_PLACES = Decimal("0.01"), Decimal("0.0001")


def intervals():
    """(grade, lowest, highest) of each grade on the 25–100 scale, best first, as the regulation's table prints them."""
    highest = [Decimal("100.00"), *(g.lowest - TWO_PLACES for g in GRADES[:-1])]
    return [(g, g.lowest, top) for g, top in zip(GRADES, highest)]


def grade(converted):
    """The grade of an index on the 25–100 scale, written with two decimals."""
    return next(g for g in GRADES if converted >= g.lowest)


@dataclass(frozen=True)
class Index:
    """The index of a set of answers: each element's mean, the index on both scales and its grade."""

    respondents: int
    means: dict  # element key: NRR (Decimal, four places) or None when nobody answered it
    value: Decimal  # 1–4, four places
    converted: Decimal  # 25–100, two places
    grade: Grade


def index(sums, counts, respondents):
    """The index from each element's sum of answers and number of answers ({key: n}), or None without answers.
    An element nobody answered counts no weight (the regulation divides by the answers each element got)."""
    means = {key: (Decimal(sums[key]) / counts[key]) if counts.get(key) else None for key in ELEMENT_KEYS}
    answered = [mean for mean in means.values() if mean is not None]
    if not answered:
        return None
    value = sum(mean * WEIGHT for mean in answered) * len(ELEMENTS) / len(answered)
    converted = (value * 25).quantize(TWO_PLACES, ROUND_HALF_UP)
    return Index(respondents, {key: None if mean is None else mean.quantize(FOUR_PLACES, ROUND_HALF_UP)
                               for key, mean in means.items()},
                 value.quantize(FOUR_PLACES, ROUND_HALF_UP), converted, grade(converted))


# Krejcie and Morgan (1970), "Determining sample size for research activities", the table the regulation takes:
# (population, respondents). A population between two rows asks what the larger one does; under ten, everyone.
KREJCIE_MORGAN = (
    (10, 10), (15, 14), (20, 19), (25, 24), (30, 28), (35, 32), (40, 36), (45, 40), (50, 44), (55, 48), (60, 52),
    (65, 56), (70, 59), (75, 63), (80, 66), (85, 70), (90, 73), (95, 76), (100, 80), (110, 86), (120, 92),
    (130, 97), (140, 103), (150, 108), (160, 113), (170, 118), (180, 123), (190, 127), (200, 132), (210, 136),
    (220, 140), (230, 144), (240, 148), (250, 152), (260, 155), (270, 159), (280, 162), (290, 165), (300, 169),
    (320, 175), (340, 181), (360, 186), (380, 191), (400, 196), (420, 201), (440, 205), (460, 210), (480, 214),
    (500, 217), (550, 226), (600, 234), (650, 242), (700, 248), (750, 254), (800, 260), (850, 265), (900, 269),
    (950, 274), (1000, 278), (1100, 285), (1200, 291), (1300, 297), (1400, 302), (1500, 306), (1600, 310),
    (1700, 313), (1800, 317), (1900, 320), (2000, 322), (2200, 327), (2400, 331), (2600, 335), (2800, 338),
    (3000, 341), (3500, 346), (4000, 351), (4500, 354), (5000, 357), (6000, 361), (7000, 364), (8000, 367),
    (9000, 368), (10000, 370), (15000, 375), (20000, 377), (30000, 379), (40000, 380), (50000, 381),
    (75000, 382), (1000000, 384),
)


def minimum_sample(population):
    """The respondents the Krejcie and Morgan table asks of a population served (100 → 80, 1.000 → 278)."""
    if population < KREJCIE_MORGAN[0][0]:
        return max(population, 0)
    return next((sample for size, sample in KREJCIE_MORGAN if size >= population), KREJCIE_MORGAN[-1][1])
