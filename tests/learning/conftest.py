"""Learning fixtures: a test template of five questions, and a class with two sessions that uses it."""
import pytest

from portal.learning import services
from portal.learning.models import TestTemplate
from tests.classes.conftest import create_class, person, register  # noqa: F401

QUESTIONS = "\n\n".join(
    f"Pertanyaan nomor {n}?\n- Salah satu\n* Benar {n}\n- Salah dua" for n in range(1, 6))
RIGHT = [1] * 5  # the right option of each question


def chosen(right):
    """Answers with the first `right` questions right and the others wrong."""
    return [1] * right + [0] * (5 - right)


@pytest.fixture
def template(app, dummy_unit, dummy_staff):
    with app.test_request_context():
        return services.save_template(dummy_staff, TestTemplate(), dummy_unit, "parenting", "Tes Parenting",
                                      QUESTIONS)


@pytest.fixture
def tested_class(app, create_class, template, dummy_staff):
    """A published parenting class of two sessions using the template, with a pass score of 60."""
    klass = create_class(kind="parenting", sessions=2)
    with app.test_request_context():
        services.set_class_test(dummy_staff, klass, template, 60)
    return klass
