"""Under concurrent requests: a request becomes exactly one case, and referral letter numbers stay unique and
gapless per unit and year, on SQLite and PostgreSQL."""
import pytest

from portal.cases import services
from portal.cases.models import Case, Referral
from portal.errors import RuleError
from portal.inquiries.models import Inquiry, InquiryEvent
from tests.cases.conftest import client_details, referral_details
from tests.concurrency import race
from tests.inquiries.conftest import send_inquiry  # noqa: F401 - fixture

pytestmark = pytest.mark.engines
ROUNDS = 3


def test_many_staff_opening_a_case_from_one_request_make_one_case(app, staff_by_role, send_inquiry):
    counsellor, koordinator = staff_by_role["konselor"], staff_by_role["koordinator"]
    for n in range(ROUNDS):
        inquiry = send_inquiry(n=n)
        jobs = [lambda: services.open_case(koordinator, inquiry.unit_id, client_details(), [counsellor.id],
                                           inquiry=inquiry)] * 6
        results = race(app, jobs)
        assert len([r for r in results if isinstance(r, Case)]) == 1, results
        assert all(isinstance(r, (Case, RuleError)) for r in results), results
        assert Case.select().where(Case.inquiry == inquiry.id).count() == 1
        assert Inquiry.get_by_id(inquiry.id).status == "case_opened"
        assert InquiryEvent.select().where(InquiryEvent.inquiry == inquiry.id,
                                           InquiryEvent.action == "case_opened").count() == 1


def test_concurrent_referrals_take_unique_gapless_numbers(app, staff_by_role):
    counsellor = staff_by_role["konselor"]
    with app.test_request_context():
        cases = [services.open_case(counsellor, counsellor.unit_id, client_details(), [counsellor.id])
                 for _ in range(2)]
    for round_ in range(ROUNDS):
        jobs = [lambda c=c: services.refer(counsellor, c, referral_details()) for c in cases * 4]
        results = race(app, jobs)
        assert all(isinstance(r, Referral) for r in results), results
        seqs = sorted(seq for (seq,) in Referral.select(Referral.seq).tuples())
        assert seqs == list(range(1, 8 * (round_ + 1) + 1))
        assert len({r.number for r in Referral.select()}) == len(seqs)
