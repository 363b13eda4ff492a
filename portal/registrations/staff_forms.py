"""The forms of the registrations table: its search and the number of seats."""
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from portal.registrations.models import STATUS_LABELS
from portal.classes.models import MAX_SEATS, SEATS_RULE
from portal.forms import REQUIRED, PortalForm, choices
from portal.validators import strip

class CapacityForm(PortalForm):
    capacity = IntegerField(_l("Kapasitas (kursi)"), [InputRequired(REQUIRED), NumberRange(1, MAX_SEATS, SEATS_RULE)],
                            description=_l("Menambah kursi langsung memindahkan peserta dari daftar tunggu."))


class RegistrationSearch(PortalForm):
    """Posted, as every form: a name or phone number typed here stays out of addresses and logs."""

    q = StringField(_l("Cari nama, nomor HP atau kode"), [Length(max=100)], filters=[strip])
    status = SelectField(_l("Status"), [Optional()], choices=[SelectChoice("", _l("Semua status"))] + choices(STATUS_LABELS))
