"""The satisfaction survey: an invitation for each service someone received, and the answers, kept apart.

An invitation knows the service and whether an answer came, never which answer; an answer knows its unit, the
kind of service and when that service was received, never who gave it nor when. So no staff page, export or join puts a name beside an
answer, and one answer per service is still kept (the invitation's lock)."""
from dataclasses import dataclass

import peewee as pw
from flask_babel import lazy_gettext as _l

from portal.db import BaseModel, utcnow
from portal.staff.models import Staff
from portal.tokens import by_token
from portal.units.models import Unit

# The regulation's nine elements (Peraturan Menteri PANRB Nomor 14 Tahun 2017, Lampiran: "Ruang lingkup"), asked in
# its sample questionnaire's words, each on its four-point scale, 1 the worst and 4 the best (for the cost, 4 is
# "Gratis"). Some offices' copies of the questionnaire ask about the facilities before complaint handling; the
# order changes no figure.
@dataclass(frozen=True)
class Element:
    key: str  # the column an answer is stored in
    name: object  # the element as the regulation names it
    question: object  # the sample questionnaire's question
    answers: tuple  # the four answers, value 1 to 4


ELEMENTS = (
    Element("persyaratan", _l("Persyaratan"),
            _l("Bagaimana pendapat Anda tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?"),
            (_l("Tidak sesuai"), _l("Kurang sesuai"), _l("Sesuai"), _l("Sangat sesuai"))),
    Element("prosedur", _l("Sistem, mekanisme, dan prosedur"),
            _l("Bagaimana pemahaman Anda tentang kemudahan prosedur pelayanan di unit ini?"),
            (_l("Tidak mudah"), _l("Kurang mudah"), _l("Mudah"), _l("Sangat mudah"))),
    Element("waktu", _l("Waktu penyelesaian"),
            _l("Bagaimana pendapat Anda tentang kecepatan waktu dalam memberikan pelayanan?"),
            (_l("Tidak cepat"), _l("Kurang cepat"), _l("Cepat"), _l("Sangat cepat"))),
    Element("biaya", _l("Biaya/tarif"),
            _l("Bagaimana pendapat Anda tentang kewajaran biaya/tarif dalam pelayanan?"),
            (_l("Sangat mahal"), _l("Cukup mahal"), _l("Murah"), _l("Gratis"))),
    Element("produk", _l("Produk spesifikasi jenis pelayanan"),
            _l("Bagaimana pendapat Anda tentang kesesuaian produk pelayanan antara yang tercantum dalam standar "
               "pelayanan dengan hasil yang diberikan?"),
            (_l("Tidak sesuai"), _l("Kurang sesuai"), _l("Sesuai"), _l("Sangat sesuai"))),
    Element("kompetensi", _l("Kompetensi pelaksana"),
            _l("Bagaimana pendapat Anda tentang kompetensi/kemampuan petugas dalam pelayanan?"),
            (_l("Tidak kompeten"), _l("Kurang kompeten"), _l("Kompeten"), _l("Sangat kompeten"))),
    Element("perilaku", _l("Perilaku pelaksana"),
            _l("Bagaimana pendapat Anda tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?"),
            (_l("Tidak sopan dan ramah"), _l("Kurang sopan dan ramah"), _l("Sopan dan ramah"),
             _l("Sangat sopan dan ramah"))),
    Element("pengaduan", _l("Penanganan pengaduan, saran dan masukan"),
            _l("Bagaimana pendapat Anda tentang penanganan pengaduan pengguna layanan?"),
            (_l("Tidak ada"), _l("Ada tetapi tidak berfungsi"), _l("Berfungsi kurang maksimal"),
             _l("Dikelola dengan baik"))),
    Element("sarana", _l("Sarana dan prasarana"),
            _l("Bagaimana pendapat Anda tentang kualitas sarana dan prasarana?"),
            (_l("Buruk"), _l("Cukup"), _l("Baik"), _l("Sangat Baik"))),
)
ELEMENT_KEYS = tuple(element.key for element in ELEMENTS)

# The respondent's profile the sample questionnaire asks (beside age and gender, portal.forms' lists); diplomas
# (D1–D4) added beside its list.
EDUCATION = {
    "sd": _l("SD ke bawah"), "smp": _l("SMP"), "sma": _l("SMA/SMK"), "diploma": _l("D1–D4"), "s1": _l("S1"),
    "s2": _l("S2"), "s3": _l("S3"),
}
OCCUPATIONS = {
    "pns": _l("PNS"), "tni": _l("TNI"), "polri": _l("POLRI"), "swasta": _l("Swasta"),
    "wirausaha": _l("Wirausaha"), "lainnya": _l("Lainnya (pelajar, mengurus rumah tangga, …)"),
}


SERVICES = {"konseling": _l("Konseling"), "pranikah": _l("Kelas Persiapan Pernikahan"),
            "parenting": _l("Kelas Parenting")}
SOURCES = {"online": _l("Daring"), "paper": _l("Kertas (diketik petugas)")}


class SurveyInvitation(BaseModel):
    unit = pw.ForeignKeyField(Unit, on_delete="RESTRICT")
    service = pw.CharField(max_length=16)  # a key of SERVICES
    object_type = pw.CharField(max_length=32)  # the service received: "appointment" or "registration"
    object_id = pw.BigIntegerField()
    token = pw.CharField(max_length=64, unique=True)
    created_at = pw.DateTimeField(default=utcnow, index=True)
    answered = pw.BooleanField(default=False)

    class Meta:
        table_name = "survey_invitation"
        indexes = ((("object_type", "object_id"), True),)  # one survey per service received

    @classmethod
    def by_token(cls, token):
        return by_token(cls, token)

    @classmethod
    def of(cls, record):
        """The survey of a service received (an appointment or a registration), or None."""
        return cls.get_or_none(cls.object_type == record._meta.table_name, cls.object_id == record._pk)


class SurveyResponse(BaseModel):
    unit = pw.ForeignKeyField(Unit, on_delete="RESTRICT")
    service = pw.CharField(max_length=16)
    source = pw.CharField(max_length=8, default="online")  # a key of SOURCES
    # When the service was received (its survey link was made); a paper one: noon of the day written on it, in
    # the unit's zone. An answer counts in the period of its service, and keeps no time of its own.
    served_at = pw.DateTimeField(index=True)
    entered_by = pw.ForeignKeyField(Staff, null=True, on_delete="RESTRICT")  # who typed a paper one in
    suggestion = pw.TextField(default="")
    age_group = pw.CharField(max_length=8, default="")
    gender = pw.CharField(max_length=16, default="")
    education = pw.CharField(max_length=16, default="")
    occupation = pw.CharField(max_length=16, default="")

    class Meta:
        table_name = "survey_response"


for _key in ELEMENT_KEYS:  # one column per element of the regulation: 1 to 4, or NULL where a paper left it blank
    SurveyResponse._meta.add_field(_key, pw.SmallIntegerField(null=True))
