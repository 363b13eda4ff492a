"""The referral letter (Surat Rujukan): numbered, with everything the receiving service needs, ready to sign."""
from flask_babel import gettext as _

from portal.audit.services import record
from portal.forms import AGE_GROUPS, GENDERS
from portal.db import utcnow
from portal.pdf import image_data_uri, place_name, render_pdf, signature_blocks


def signers(referral, unit):
    """The counsellor who refers signs on the right; the head of the unit acknowledges on the left."""
    return signature_blocks(unit, [(_("Konselor yang merujuk"), referral.created_by.name)])


def referral_letter(actor, referral):
    """The letter as PDF bytes; each download is audited (without its text)."""
    case, unit = referral.case, referral.unit
    pdf = render_pdf("pdf/referral_letter.html", referral=referral, case=case, unit=unit,
                     logo=image_data_uri(unit.image("logo"), (18, 18)), signers=signers(referral, unit),
                     place=place_name(unit.city), genders=GENDERS, age_groups=AGE_GROUPS, printed_at=utcnow())
    record("referral.letter", actor, case, referral.number)
    return pdf
