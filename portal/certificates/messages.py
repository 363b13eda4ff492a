"""What a registrant is told about their certificate."""
from flask_babel import gettext as _

from portal.classes.messages import private_link, send


def ready(certificate, registration, klass):
    """The certificate can be downloaded from the private link."""
    text = _("Selamat, %(name)s! Sertifikat %(title)s Anda sudah terbit dengan nomor %(number)s. "
             "Unduh di: %(link)s",
             name=certificate.holder_name, title=klass.title, number=certificate.number,
             link=private_link(registration))
    send("certificate.ready", registration, klass, text)
