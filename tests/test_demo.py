"""The demo data shows certificates: each unit's logo and signature, issued certificates of each kind."""
from portal.certificates.models import Certificate
from portal.classes.models import Class, Registration
from portal.units.models import Unit


def test_demo_units_have_images_and_past_classes_have_certificates(app, runner):
    app.config["DEMO"] = True
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    for unit in Unit.select():
        assert {image.kind for image in unit.images} == {"logo", "signature"}
    issued = Certificate.select(Class.kind).join(Class).where(Certificate.status == "issued").tuples()
    assert {kind for (kind,) in issued} == {"pranikah", "parenting"}
    assert Registration.select().where(Registration.status == "not_completed").exists()
