"""What a registrant confirms on their own page."""
from flask_babel import lazy_gettext as _l

from portal.forms import PortalForm, tick_to_confirm


class CancelForm(PortalForm):
    """A tick first, so a slip of the thumb cancels nothing."""

    sure = tick_to_confirm(_l("Ya, batalkan pendaftaran saya"))
