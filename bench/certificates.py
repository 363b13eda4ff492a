"""Certificates: one cold rendering, a 40-page class batch, and a kept download against the bare endpoint."""
import statistics
import time
from urllib.request import urlopen

from bench import table
from bench.harness import portal_app

BATCH = 40
COLD_RUNS = 7
BATCH_RUNS = 3


def render_times(database_url):
    """Median ms to render one certificate from scratch, and ms per page of a 40-certificate batch."""
    from portal.certificates import pdf
    from portal.certificates.models import Certificate
    from portal.classes.models import Class
    from portal.db import database

    app = portal_app(database_url)
    with app.test_request_context(), database.connection_context():
        klass = Class.get_by_id(Certificate.select().first().klass_id)
        one = [Certificate.select().where(Certificate.klass == klass.id).first()]
        pdf.write(pdf.render(one, klass))  # load Python modules once; fonts are loaded every time
        cold = []
        for _ in range(COLD_RUNS):
            started = time.perf_counter()
            pdf.write(pdf.render(one, klass))
            cold.append((time.perf_counter() - started) * 1000)
        per_page = []
        for run in range(BATCH_RUNS):
            batch = [pdf.sample_certificate(klass) for _ in range(BATCH)]
            for n, certificate in enumerate(batch):  # every page its own name, code and QR code
                certificate.holder_name, certificate.code = f"Peserta Bench {n}", f"SRT-BENCH{run}{n:04d}"
            started = time.perf_counter()
            pdf.write(pdf.render(batch, klass))
            per_page.append((time.perf_counter() - started) * 1000 / BATCH)
    return statistics.median(cold), statistics.median(per_page)


def downloadable_token(database_url):
    """A demo registrant with a valid certificate: the private link's token."""
    from portal.certificates.models import Certificate
    from portal.db import database
    from portal.registrations.models import Registration

    app = portal_app(database_url)
    with app.app_context(), database.connection_context():
        certificate = Certificate.select().where(Certificate.status == "issued").first()
        return Registration.get_by_id(certificate.registration_id).token


def rendering(database_url):
    """The two rendering times against their budgets."""
    cold, per_page = render_times(database_url)
    return [
        table.measured(f"certificate, cold single (median of {COLD_RUNS})", f"{cold:.0f} ms", "≤ 120 ms", cold <= 120),
        table.measured(f"a class's merged PDF, {BATCH} pages (median of {BATCH_RUNS})", f"{per_page:.1f} ms a page",
                       "≤ 20 ms a page", per_page <= 20),
    ]


def download(side, database_url):
    """A kept certificate's download under wrk, against the bare endpoint."""
    path = f"/pendaftaran/{downloadable_token(database_url)}/sertifikat.pdf"
    size = len(urlopen(side.portal + path).read())  # renders it once, then it is kept
    return side.page(f"certificate download ({size // 1024} kB)", path)
