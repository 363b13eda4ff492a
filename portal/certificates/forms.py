"""Forms for finding, issuing, revoking and reissuing certificates."""
from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from portal.forms import REQUIRED, PortalForm, name_field
from portal.validators import strip


class VerifyForm(PortalForm):
    """The public search: a number or a verification code, sent by GET so it can be linked."""

    q = StringField(_l("Nomor sertifikat atau kode verifikasi"), [DataRequired(REQUIRED), Length(max=120)],
                    filters=[strip], description=_l("Contoh: 0007/PUSPAGA/MKS/XI/2026 atau SRT-7F3K9Q2M4P."))

    class Meta:
        csrf = False


class IssueForm(PortalForm):
    registrations = SelectMultipleField(_l("Peserta"), coerce=int, choices=[], validate_choice=False)


class RevokeForm(PortalForm):
    reason = TextAreaField(_l("Alasan pencabutan"), [DataRequired(REQUIRED), Length(min=5, max=300, message=_l("Tulis alasannya dalam 5 sampai 300 huruf."))],
                           filters=[strip], description=_l("Dicatat untuk pemeriksaan; tidak ditampilkan kepada publik."))


class ReissueForm(PortalForm):
    holder_name = name_field(_l("Nama pemegang"),
                             description=_l("Tulis sesuai KTP. Sertifikat baru mendapat nomor dan kode baru."))
    partner_name = name_field(_l("Nama calon pasangan"), required=False)

    @classmethod
    def for_certificate(cls, certificate, **kwargs):
        """The form filled with the certificate's names; the partner field only for pre-marriage classes."""
        form = cls(data={"holder_name": certificate.holder_name, "partner_name": certificate.partner_name}, **kwargs)
        if certificate.klass.kind != "pranikah":
            del form.partner_name
        return form
