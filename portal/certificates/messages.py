"""What a registrant is told about their certificate."""
from flask import url_for
from flask_babel import gettext as _

from portal.notify.services import queue_message


def ready(certificate, registration, klass):
    """The certificate can be downloaded from the private link."""
    text = _("Selamat, %(name)s! Sertifikat %(title)s Anda sudah terbit dengan nomor %(number)s. "
             "Unduh di: %(link)s",
             name=certificate.holder_name, title=klass.title, number=certificate.number,
             link=url_for("registrations.page", token=registration.token, _external=True))
    queue_message("certificate.ready", registration, klass.unit_id, registration.phone, registration.email,
                  klass.title, text)
