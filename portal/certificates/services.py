"""Issuing, revoking and reissuing certificates; numbers come from a locked per-unit yearly counter."""
from contextlib import contextmanager

from flask_babel import lazy_gettext as _l

from portal.audit.services import record
from portal.certificates.models import Certificate, CertificateFile, CertificateSequence
from portal.registrations.models import Registration
from portal.classes.models import Class
from portal.db import utcnow, write_lock
from portal.errors import RuleError
from portal.i18n import local_from_utc
from portal.tokens import new_code
from portal.units.models import Unit
from portal.numbering import render_number
from portal.registrations.services import certificate_ready

CODE_PREFIX = "SRT"
CODE_LENGTH = 10  # about 49 bits: the code alone opens the verification page


@contextmanager
def numbering(unit, now):
    """Hold the unit's counter for the year of `now` (in the unit's zone) for one transaction.

    Every certificate change in a unit goes through here, so numbers are
    handed out one at a time, without gaps, and a rolled-back issue gives
    its number back.
    """
    year = local_from_utc(now, unit.timezone).year
    CertificateSequence.ensure(unit.id, year)
    with write_lock(CertificateSequence.of(unit.id, year)) as (sequence,):
        yield sequence


def next_number(sequence, unit, now):
    """Take the next number of the held counter: (seq, printed number)."""
    sequence.last += 1
    sequence.save(only=[CertificateSequence.last])
    printed = render_number(unit.certificate_number_format, sequence.last, unit.code,
                            local_from_utc(now, unit.timezone).date())
    return sequence.last, printed


def create_certificate(actor, sequence, registration, klass, now, version=1, names=None):
    """Write one certificate with the next number; `names` overrides the holder and partner."""
    unit = klass.unit
    seq, number = next_number(sequence, unit, now)
    holder, partner = names or (registration.name, registration.partner_name if klass.kind == "pranikah" else "")
    return Certificate.create(
        registration=registration, klass=klass, unit=unit, version=version, year=sequence.year, seq=seq,
        number=number, code=new_code(CODE_PREFIX, CODE_LENGTH), holder_name=holder, partner_name=partner,
        signer_name=unit.head_name, signer_title=unit.head_title, signer_nip=unit.head_nip,
        issued_at=now, issued_by=actor,
    )


def check_gives_certificates(klass, now):
    """A certificate is for a class that gives one, is closed, and whose last day has come (its date follows)."""
    if not klass.gives_certificate:
        raise RuleError(None, _l("Kelas ini tidak memberikan sertifikat."))
    if klass.status != "closed" or not klass.has_ended(now):
        raise RuleError(None, _l("Sertifikat diterbitkan setelah kelas ditutup dan kelulusan ditetapkan."))


def issue_certificates(actor, klass_id, registration_ids=None, now=None):
    """Issue certificates to a class's completed registrants (all, or those chosen) who have none yet.

    Idempotent: a registrant who already has a certificate, in any state, is
    skipped; a chosen registrant who did not complete the class refuses the
    whole request. Returns the new certificates.
    """
    now = now or utcnow()
    klass = Class.select(Class, Unit).join(Unit).where(Class.id == klass_id).get()
    check_gives_certificates(klass, now)
    with numbering(klass.unit, now) as sequence:
        chosen = Registration.select().where(Registration.klass == klass.id).order_by(Registration.name, Registration.id)
        if registration_ids is not None:
            chosen = chosen.where(Registration.id.in_(list(registration_ids)))
        chosen = list(chosen)
        if registration_ids is not None and (len(chosen) != len(set(registration_ids))
                                             or any(r.status != "completed" for r in chosen)):
            raise RuleError(None, _l("Sertifikat hanya untuk peserta yang lulus kelas ini."))
        certified = set(Certificate.select(Certificate.registration).where(Certificate.klass == klass.id).tuples())
        issued = []
        for registration in chosen:
            if registration.status != "completed" or (registration.id,) in certified:
                continue
            certificate = create_certificate(actor, sequence, registration, klass, now)
            record("certificate.issue", actor, certificate, certificate.number, unit_id=klass.unit_id)
            certificate_ready(registration, klass, certificate)
            issued.append(certificate)
        return issued


def reread(certificate_id):
    """A certificate as it is now: call under the unit's numbering lock, where no one else changes it."""
    return Certificate.select(Certificate, Class, Unit).join(Class).switch(Certificate).join(Unit).where(
        Certificate.id == certificate_id).get()


NOT_REVOCABLE = _l("Hanya sertifikat yang berlaku yang dapat dicabut.")
NOT_REISSUABLE = _l("Hanya sertifikat yang berlaku yang dapat diterbitkan ulang.")


def revoke(actor, certificate, reason, now=None):
    """Withdraw a valid certificate; the verification page says so from now on."""
    now = now or utcnow()
    with numbering(certificate.unit, now):
        current = reread(certificate.id)
        if current.status != "issued":
            raise RuleError(None, NOT_REVOCABLE)
        current.status, current.revoked_at, current.revoked_by, current.revoke_reason = "revoked", now, actor, reason
        current.save()
        CertificateFile.forget([current.id])
        record("certificate.revoke", actor, current, current.number, unit_id=current.unit_id)
        return current


def reissue(actor, certificate, holder_name, partner_name, now=None):
    """Replace a certificate (say, to correct a name) with a new version under a new number."""
    now = now or utcnow()
    with numbering(certificate.unit, now) as sequence:
        old = reread(certificate.id)
        if old.status != "issued":  # a revoked certificate stays revoked: revoking cannot be undone
            raise RuleError(None, NOT_REISSUABLE)
        klass, registration = old.klass, Registration.get_by_id(old.registration_id)
        old.status, old.replaced_at = "replaced", now
        old.save()
        new = create_certificate(actor, sequence, registration, klass, now, version=old.version + 1,
                                 names=(holder_name, partner_name if klass.kind == "pranikah" else ""))
        old.replaced_by = new
        old.save(only=[Certificate.replaced_by])
        CertificateFile.forget([old.id])
        record("certificate.reissue", actor, new, f"{old.number} -> {new.number}", unit_id=new.unit_id)
        certificate_ready(registration, klass, new)
        return new
