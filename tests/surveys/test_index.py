"""The index as PermenPAN-RB 14/2017 computes and grades it, against hand computations; the sample table."""
from decimal import Decimal
from fractions import Fraction

import pytest

from portal.surveys import services
from portal.surveys.models import ELEMENT_KEYS, ELEMENTS


def by_hand(answer_sets):
    """The regulation's steps written out: each element's mean, weighted 1/9, summed; times 25, two decimals."""
    elements = list(zip(*answer_sets))
    value = sum(Fraction(sum(column), len(column)) * Fraction(1, 9) for column in elements)
    converted = Decimal(value.numerator * 25) / Decimal(value.denominator)
    return converted.quantize(Decimal("0.01"), "ROUND_HALF_UP")


def index_of(answer_sets):
    sums = {key: sum(a[n] for a in answer_sets) for n, key in enumerate(ELEMENT_KEYS)}
    counts = {key: len(answer_sets) for key in ELEMENT_KEYS}
    return services.index(sums, counts, len(answer_sets))


def test_the_nine_elements_in_the_regulations_order_each_with_four_answers():
    assert [str(e.name) for e in ELEMENTS] == [
        "Persyaratan", "Sistem, mekanisme, dan prosedur", "Waktu penyelesaian", "Biaya/tarif",
        "Produk spesifikasi jenis pelayanan", "Kompetensi pelaksana", "Perilaku pelaksana",
        "Penanganan pengaduan, saran dan masukan", "Sarana dan prasarana"]
    assert all(len(e.answers) == 4 for e in ELEMENTS)
    assert [str(a) for a in ELEMENTS[3].answers] == ["Sangat mahal", "Cukup mahal", "Murah", "Gratis"]


def test_four_questionnaires_give_the_hand_computed_index():
    sets = [(4, 3, 3, 4, 3, 4, 4, 2, 3), (3, 3, 2, 4, 3, 3, 4, 3, 3), (4, 4, 3, 4, 4, 4, 4, 3, 4),
            (3, 2, 3, 4, 3, 3, 3, 2, 3)]
    # Means 3,5 3 2,75 4 3,25 3,5 3,75 2,5 3,25: their sum 29,5 ÷ 9 = 3,2778; × 25 = 81,94 (B, Baik).
    index = index_of(sets)
    assert index.means["persyaratan"] == Decimal("3.5000") and index.means["pengaduan"] == Decimal("2.5000")
    assert index.value == Decimal("3.2778")
    assert index.converted == by_hand(sets) == Decimal("81.94")
    assert (index.grade.letter, str(index.grade.label)) == ("B", "Baik")


@pytest.mark.parametrize("converted, letter, label", [
    ("100.00", "A", "Sangat Baik"), ("88.31", "A", "Sangat Baik"), ("88.30", "B", "Baik"), ("76.61", "B", "Baik"),
    ("76.60", "C", "Kurang Baik"), ("65.00", "C", "Kurang Baik"), ("64.99", "D", "Tidak Baik"),
    ("25.00", "D", "Tidak Baik"),
])
def test_the_grade_of_each_side_of_each_boundary(converted, letter, label):
    grade = services.grade(Decimal(converted))
    assert (grade.letter, str(grade.label)) == (letter, label)


def test_the_printed_intervals_are_the_regulations():
    assert [(g.letter, str(low), str(high)) for g, low, high in services.intervals()] == [
        ("A", "88.31", "100.00"), ("B", "76.61", "88.30"), ("C", "65.00", "76.60"), ("D", "25.00", "64.99")]


def test_an_element_left_blank_on_paper_carries_no_weight():
    sums = {key: 4 for key in ELEMENT_KEYS} | {"biaya": 0}
    counts = {key: 1 for key in ELEMENT_KEYS} | {"biaya": 0}
    index = services.index(sums, counts, 1)
    assert index.means["biaya"] is None and index.converted == Decimal("100.00")
    assert services.index({k: 0 for k in ELEMENT_KEYS}, {k: 0 for k in ELEMENT_KEYS}, 1) is None


@pytest.mark.parametrize("population, sample", [
    (0, 0), (7, 7), (10, 10), (50, 44), (100, 80), (101, 86), (200, 132), (500, 217), (1000, 278), (5000, 357),
    (10000, 370), (100000, 384), (5000000, 384),
])
def test_the_minimum_sample_reads_the_krejcie_and_morgan_table(population, sample):
    assert services.minimum_sample(population) == sample
