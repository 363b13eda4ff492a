"""Demo survey answers: most of the demo's services answered online, one left open to try, and paper
questionnaires over the last weeks, enough for each unit to show an index, its grade and suggestions."""
import random
from datetime import timedelta

from portal.i18n import local_from_utc
from portal.staff.models import Staff
from portal.surveys import services
from portal.surveys.models import ELEMENT_KEYS, SurveyInvitation

# How people tend to answer: mostly 3 and 4; the cost is always 4 (the service is free); complaint handling
# weakest. (element: the values drawn from, equally likely)
LEANING = {key: (3, 3, 4, 4, 4) for key in ELEMENT_KEYS} | {
    "biaya": (4,), "pengaduan": (2, 3, 3, 3, 4), "waktu": (2, 3, 3, 4, 4), "sarana": (3, 3, 3, 4)}
SUGGESTIONS = ["Ruang tunggu perlu kipas angin.", "Petugasnya ramah, terima kasih.",
               "Mohon jadwal kelas sore untuk yang bekerja.", "Kotak saran belum terlihat di ruang tunggu.", "", "", ""]
PROFILE = dict(age_group=("18-25", "26-35", "26-35", "36-45", "46-59"), gender=("perempuan", "perempuan", "laki-laki"),
               education=("sma", "sma", "diploma", "s1", "smp"), occupation=("swasta", "wirausaha", "lainnya", "pns"))
PAPER = {"MKS": 36, "SLM": 14}  # questionnaires typed in per unit, spread over the last eight weeks


def seed_surveys(units, now):
    """Answer every demo invitation but the newest of each unit (a citizen's link still to try), then type in the
    paper questionnaires, a third of them dated today: the current month always has answers. `now` is the demo's
    today."""
    rng = random.Random(14_2017)  # the same answers whatever the day
    for unit in units.values():
        invitations = list(SurveyInvitation.select().where(SurveyInvitation.unit == unit.id)
                           .order_by(SurveyInvitation.id))
        for invitation in invitations[:-1]:
            services.answer(invitation.id, answer(rng))
    desk = Staff.by_email("koordinator@puspaga.test")
    for code, count in PAPER.items():
        unit = units[code]
        today = local_from_utc(now, unit.timezone).date()
        for n in range(count):
            day = today - timedelta(days=(n * 56) // count if n % 3 else 0)  # a third of them today
            service = ("konseling", "pranikah", "parenting")[(n // 3) % 3]
            services.record_paper(desk, unit, service, day, answer(rng))


def answer(rng):
    values = {key: rng.choice(choices) for key, choices in LEANING.items()}
    return values | {"suggestion": rng.choice(SUGGESTIONS)} | {name: rng.choice(options) for name, options in
                                                                PROFILE.items()}
