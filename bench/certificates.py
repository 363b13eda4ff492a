"""Certificates: one cold rendering, a 40-page class batch, and a kept download against a bare endpoint."""
import statistics
import time
from urllib.request import urlopen

from bench.harness import compare, portal_app

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
    from portal.classes.models import Registration
    from portal.db import database

    app = portal_app(database_url)
    with app.app_context(), database.connection_context():
        certificate = Certificate.select().where(Certificate.status == "issued").first()
        return Registration.get_by_id(certificate.registration_id).token


def report(database_url, portal_port, bare_port):
    """Print the three figures against their budgets."""
    path = f"/pendaftaran/{downloadable_token(database_url)}/sertifikat.pdf"
    size = len(urlopen(f"http://127.0.0.1:{portal_port}{path}").read())  # renders it once, then it is kept
    cold, per_page = render_times(database_url)
    print(f"certificate, cold single      {cold:8.0f} ms (median of {COLD_RUNS}; budget 150 ms)")
    print(f"certificate, {BATCH}-page batch   {per_page:8.1f} ms a page (median of {BATCH_RUNS}; budget 30 ms)")
    compare(f"certificate download ({size // 1024} kB)", portal_port, path, bare_port, f"/?bytes={size}")
