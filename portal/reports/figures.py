"""A report's figures: counts over a period for one unit or several, each group of tables from one grouped query.

A row belongs to the period when its time falls between local midnights of the first day and of the day after
the last, in its own unit's zone: units in WIB, WITA and WIT are each cut at their own midnight.
"""
from collections import Counter
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

import peewee as pw
from flask_babel import gettext as _, lazy_gettext as _l

from portal.cases.models import DESTINATIONS, Case, Referral
from portal.certificates.models import Certificate
from portal.forms import GENDERS
from portal.classes.models import KINDS as CLASS_KINDS
from portal.registrations.models import SEATED, Registration
from portal.classes.models import Class
from portal.availability.models import MODES, Service
from portal.counseling.models import STATUS_LABELS as APPOINTMENT_STATUSES, Appointment
from portal.inquiries.models import CATEGORIES, Inquiry
from portal.units.models import Unit
from portal.learning import services as learning
from portal.surveys import services as surveys
from portal.surveys.models import ELEMENTS, SERVICES as SURVEYED, SOURCES, SurveyInvitation, SurveyResponse

NOT_HELD = ("draft", "cancelled")
UNKNOWN = _l("Tidak diketahui")
NOT_GIVEN = _l("Tidak diisi")


@dataclass
class Table:
    """One table of the report: a label and its counts on each row, and the chart drawn from them."""

    key: str
    title: str
    headers: list  # the label column's heading, then one per count
    rows: list  # [(label, [count, ...])]
    note: str = ""
    charted: tuple = ()  # the count columns the chart draws; all when empty

    @property
    def series(self):
        return list(self.charted or range(len(self.headers) - 1))

    @property
    def totals(self):
        return [sum(counts[n] for _label, counts in self.rows) for n in range(len(self.headers) - 1)]

    @property
    def peak(self):
        """The longest bar's count (at least 1, so empty charts divide safely)."""
        return max([counts[n] for _label, counts in self.rows for n in self.series] + [1])

    @property
    def is_empty(self):
        return not any(self.totals)

    def chart_text(self):
        """The chart in words, for people who cannot see it: every bar's label and count."""
        parts = []
        for n in self.series:
            bars = ", ".join(f"{label} {counts[n]}" for label, counts in self.rows)
            parts.append(f"{self.headers[n + 1]}: {bars or _('tidak ada')}.")
        return f"{self.title}. " + " ".join(parts)


@dataclass
class Figure:
    """A headline number; a rate is a fraction (or None when nothing could be counted)."""

    key: str
    label: str
    value: object
    is_rate: bool = False


@dataclass
class Report:
    """The headline numbers and the tables, in the order the page shows them."""

    headline: list = field(default_factory=list)
    tables: list = field(default_factory=list)
    satisfaction: object = None
    learning: object = field(default_factory=learning.GainTable)  # a learning.GainTable

    def table(self, key):
        return next(t for t in self.tables if t.key == key)


def within(zones, period, unit_field, time_field):
    """Rows of these units whose time is in the period; `zones` is {zone name: [unit id, ...]}."""
    parts = []
    for tz_name, unit_ids in zones.items():
        start, end = period.bounds(tz_name)
        parts.append(unit_field.in_(unit_ids) & (time_field >= start) & (time_field < end))
    return reduce(or_, parts) if parts else unit_field.in_([])


def build(zones, period):
    """Every figure of the report for these units and this period."""
    appointments, no_show_rate = appointment_tables(zones, period)
    report = Report(tables=[
        *class_tables(zones, period), *appointments,
        *place_tables(Inquiry, Inquiry.created_at, zones, period, "requests", _("Pengaduan"),
                      [_("Pengaduan menurut kategori"), _("Pengaduan menurut kecamatan")],
                      _("Pengaduan dan permohonan yang masuk pada periode ini.")),
        *place_tables(Case, Case.opened_at, zones, period, "cases", _("Kasus"),
                      [_("Kasus menurut kategori"), _("Kasus menurut kecamatan")], _("Kasus yang dibuka pada periode ini.")),
        referral_table(zones, period),
    ], satisfaction=satisfaction(zones, period), learning=learning_rows(zones, period))
    total = lambda key, column=0: report.table(key).totals[column]  # noqa: E731
    report.headline = [
        Figure("classes", _("Kelas terlaksana"), total("classes")),
        Figure("registered", _("Peserta terdaftar"), total("classes", 1)),
        Figure("completed", _("Peserta lulus"), total("classes", 2)),
        Figure("certificates", _("Sertifikat terbit"), total("certificates")),
        Figure("appointments", _("Janji konseling"), total("appointments_outcome")),
        Figure("no_show", _("Tingkat tidak hadir"), no_show_rate, is_rate=True),
        Figure("requests", _("Pengaduan masuk"), total("requests_category")),
        Figure("cases", _("Kasus dibuka"), total("cases_category")),
        Figure("referrals", _("Rujukan"), total("referrals")),
    ]
    return report


@dataclass
class Satisfaction:
    """The satisfaction index of the period, the respondents against the sample the regulation asks of those
    served, and the suggestions; never who answered. Under SHOWN_FROM answers the index, its elements and the
    suggestions stay hidden: a day or a quiet month with one answer would show that person's own."""

    count: int  # every answer of the period, shown or not
    index: object  # portal.surveys.services.Index, or None without answers or under SHOWN_FROM of them
    respondents: Table  # by service and source
    served: int  # services received in the period: survey links made, and paper questionnaires
    suggestions: list  # [(service label, text)] in the order of their text: no time, no sequence to read

    @property
    def withheld(self):
        return 0 < self.count < SHOWN_FROM

    @property
    def minimum(self):
        return surveys.minimum_sample(self.served)

    grades = staticmethod(surveys.intervals)

    def element_rows(self):
        """(element, its mean, its weighted part of the index) for each element; None where nobody answered it.
        The weight is 1/9, or 1 over the elements answered when a paper questionnaire left one out."""
        means = self.index.means if self.index else {}
        answered = sum(mean is not None for mean in means.values()) or 1
        return [(element, means.get(element.key), None if means.get(element.key) is None
                 else (means[element.key] / answered).quantize(surveys.FOUR_PLACES)) for element in ELEMENTS]


def learning_rows(zones, period):
    """The pre-test and post-test scores of the classes held in the period, each class and then each kind."""
    held = Class.select(Class.id, Class.title, Class.kind, Class.unit).where(
        Class.status.not_in(NOT_HELD), within(zones, period, Class.unit, Class.starts_at)).order_by(Class.starts_at)
    gains = learning.gains(held)
    classes = [klass for klass in held if klass.id in gains]
    several = len(sum(zones.values(), [])) > 1  # across units, each class says whose it is
    names = dict(Unit.select(Unit.id, Unit.name).where(Unit.id.in_(sum(zones.values(), []))).tuples()) if several else {}
    rows = [(f"{klass.title} · {names[klass.unit_id]}" if several else klass.title, gains[klass.id])
            for klass in classes]
    kinds = []
    for kind, label in CLASS_KINDS.items():
        of_kind = [gains[k.id] for k in classes if k.kind == kind]
        if of_kind:
            kinds.append((_("Semua %(kind)s", kind=label), learning.combined(of_kind)))
    return learning.GainTable(rows, kinds)


SHOWN_FROM = 5  # answers a period needs before its index, elements and suggestions are shown


def satisfaction(zones, period):
    """The survey's figures for these units and this period (answers count in the period of their service)."""
    answered = within(zones, period, SurveyResponse.unit, SurveyResponse.served_at)
    rows = list(SurveyResponse.select(SurveyResponse.service, SurveyResponse.source, pw.fn.COUNT(SurveyResponse.id))
                .where(answered).group_by(SurveyResponse.service, SurveyResponse.source).tuples())
    by_source = {source: Counter({row[0]: row[2] for row in rows if row[1] == source}) for source in SOURCES}
    respondents = Table("survey_respondents", _("Responden survei menurut layanan"),
                        [_("Layanan"), *(str(label) for label in SOURCES.values())],
                        fixed_rows(SURVEYED, *by_source.values()),
                        _("Jawaban survei kepuasan atas layanan pada periode ini: daring lewat tautan pribadi, atau "
                          "kuesioner kertas yang diketik petugas."))
    # Those served: a survey link for each service the portal recorded, and a paper questionnaire for each one
    # served at the desk without one (walk-ins); the sample the regulation asks is of them.
    linked = SurveyInvitation.select().where(within(zones, period, SurveyInvitation.unit, SurveyInvitation.created_at))
    served = linked.count() + sum(by_source["paper"].values())
    answers = sum(row[2] for row in rows)
    if answers < SHOWN_FROM:
        return Satisfaction(answers, None, respondents, served, [])
    suggestions = [(str(SURVEYED.get(service, service)), text) for service, text in
                   SurveyResponse.select(SurveyResponse.service, SurveyResponse.suggestion)
                   .where(answered, SurveyResponse.suggestion != "").order_by(SurveyResponse.suggestion).tuples()]
    return Satisfaction(answers, surveys.index_of(answered), respondents, served, suggestions)


def class_tables(zones, period):
    """Classes held and their participants by kind and by gender, and certificates by kind."""
    held = Class.status.not_in(NOT_HELD) & within(zones, period, Class.unit, Class.starts_at)
    per_kind = dict(Class.select(Class.kind, pw.fn.COUNT(Class.id)).where(held).group_by(Class.kind).tuples())
    people = list(Registration.select(Class.kind, Registration.gender, Registration.status, pw.fn.COUNT(Registration.id))
                  .join(Class).where(held, Registration.status.in_(SEATED))
                  .group_by(Class.kind, Registration.gender, Registration.status).tuples())
    completed = [row for row in people if row[2] == "completed"]
    issued = dict(Certificate.select(Class.kind, pw.fn.COUNT(Certificate.id)).join(Class)
                  .where(Certificate.version == 1, within(zones, period, Certificate.unit, Certificate.issued_at))
                  .group_by(Class.kind).tuples())
    by_kind = Table("classes", _("Kelas terlaksana menurut jenis"),
                    [_("Jenis kelas"), _("Kelas"), _("Peserta terdaftar"), _("Peserta lulus")],
                    fixed_rows(CLASS_KINDS, per_kind, tally(people, 0), tally(completed, 0)),
                    _("Kelas yang sesi pertamanya jatuh pada periode ini (bukan draf, tidak dibatalkan). Peserta: "
                      "pendaftar kelas itu yang mendapat kursi (tanpa daftar tunggu dan yang membatalkan); lulus: yang memenuhi "
                      "syarat kehadiran."),
                    charted=(1, 2))
    by_gender = Table("participants", _("Peserta kelas menurut jenis kelamin"),
                      [_("Jenis kelamin"), _("Terdaftar"), _("Lulus")],
                      fixed_rows(GENDERS, tally(people, 1), tally(completed, 1)),
                      _("Peserta kelas yang terlaksana pada periode ini."))
    certificates = Table("certificates", _("Sertifikat terbit menurut jenis kelas"), [_("Jenis kelas"), _("Sertifikat")],
                         fixed_rows(CLASS_KINDS, issued),
                         _("Sertifikat yang pertama kali terbit pada periode ini (tanggal terbit), termasuk yang "
                           "kemudian dicabut. Terbitan ulang untuk perbaikan tidak dihitung lagi."))
    return [by_kind, by_gender, certificates]


def appointment_tables(zones, period):
    """Appointments that start in the period by service, mode and outcome; and the no-show rate."""
    rows = list(Appointment.select(Appointment.service, Appointment.mode, Appointment.status, pw.fn.COUNT(Appointment.id))
                .where(within(zones, period, Appointment.unit, Appointment.starts_at))
                .group_by(Appointment.service, Appointment.mode, Appointment.status).tuples())
    # Grouped by id, named after: the index holds the ids, and services of several units may share a name.
    names = dict(Service.select(Service.id, Service.name).where(Service.unit.in_(sum(zones.values(), []))).tuples())
    per_service = Counter()
    for service_id, n in tally(rows, 0).items():
        per_service[names.get(service_id, "")] += n
    outcomes = tally(rows, 2)
    held = outcomes["completed"] + outcomes["no_show"]
    rate = outcomes["no_show"] / held if held else None
    heading = _("Janji temu")
    tables = [
        Table("appointments_service", _("Janji konseling menurut layanan"), [_("Layanan"), heading],
              ranked_rows(per_service, UNKNOWN),
              _("Semua janji temu yang dijadwalkan mulai pada periode ini, termasuk yang dibatalkan.")),
        Table("appointments_mode", _("Janji konseling menurut cara"), [_("Cara"), heading],
              fixed_rows(MODES, tally(rows, 1))),
        Table("appointments_outcome", _("Janji konseling menurut hasil"), [_("Status"), heading],
              fixed_rows(APPOINTMENT_STATUSES, outcomes),
              _("Tingkat tidak hadir = tidak hadir ÷ (selesai + tidak hadir).")),
    ]
    return tables, rate


def place_tables(model, opened, zones, period, key, heading, titles, note):
    """Requests or cases of the period by category and by kecamatan."""
    rows = list(model.select(model.category, model.kecamatan, pw.fn.COUNT(model.id))
                .where(within(zones, period, model.unit, opened))
                .group_by(model.category, model.kecamatan).tuples())
    return [
        Table(f"{key}_category", titles[0], [_("Kategori"), heading], fixed_rows(CATEGORIES, tally(rows, 0)), note),
        Table(f"{key}_kecamatan", titles[1], [_("Kecamatan"), heading], ranked_rows(tally(rows, 1), NOT_GIVEN),
              _("Kecamatan tempat tinggal menurut isian; yang tidak mengisi dihitung sebagai “Tidak diisi”.")),
    ]


def referral_table(zones, period):
    """Referrals made in the period by where they went."""
    rows = (Referral.select(Referral.destination, pw.fn.COUNT(Referral.id))
            .where(within(zones, period, Referral.unit, Referral.created_at))
            .group_by(Referral.destination).tuples())
    return Table("referrals", _("Rujukan menurut tujuan"), [_("Tujuan"), _("Rujukan")],
                 fixed_rows(DESTINATIONS, dict(rows)), _("Surat rujukan yang dibuat pada periode ini."))


def tally(rows, position):
    """Add up grouped counts (the last item of each row) by the item at `position`."""
    totals = Counter()
    for row in rows:
        totals[row[position]] += row[-1]
    return totals


def fixed_rows(labels, *counts):
    """A row for every known code in their order, zeros too; codes the labels do not know add up in one row."""
    rows = [(str(label), [column.get(code, 0) for column in counts]) for code, label in labels.items()]
    others = [sum(n for code, n in column.items() if code not in labels) for column in counts]
    return rows + [(str(UNKNOWN), others)] if any(others) else rows


def ranked_rows(counts, blank):
    """A row per name, the largest count first (then by name); an empty name is shown as `blank`."""
    return [(name or str(blank), [n]) for name, n in sorted(counts.items(), key=lambda item: (-item[1], item[0] or ""))]
