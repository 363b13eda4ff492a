"""Unit settings: all fields, images checked for type and size, scoped to the admin's unit."""
from io import BytesIO

import pytest
from PIL import Image

from portal.audit.models import AuditLog
from portal.units.models import Unit, UnitImage

pytestmark = pytest.mark.engines


def png_bytes(size=(120, 60), fmt="PNG"):
    out = BytesIO()
    Image.new("RGB", size, (11, 93, 87)).save(out, fmt)
    return out.getvalue()


def unit_form(**changes):
    data = {
        "name": "Puspaga Kota Kupang", "code": "kpg", "city": "Kota Kupang", "province": "Nusa Tenggara Timur",
        "address": "Jl. El Tari No. 1", "phone": "0380 821234", "whatsapp": "+62 812-3456-7890",
        "email": "puspaga@kupangkota.go.id", "timezone": "Asia/Makassar", "head_name": "Maria Lake",
        "head_title": "Kepala Dinas", "head_nip": "197001011995032001",
        "certificate_number_format": "{seq:04d}/PUSPAGA/{unit}/{roman_month}/{year}",
        "uptd_ppa_name": "UPTD PPA Kota Kupang", "uptd_ppa_phone": "081234567890", "answer_days": "2", "active": "y",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_org_admin_creates_a_unit_with_normalised_fields(client, auth, dummy_staff):
    auth.login(dummy_staff)
    response = client.post("/staf/unit/baru", data=unit_form())
    assert response.status_code == 303
    unit = Unit.get(Unit.code == "KPG")
    assert unit.whatsapp == "+6281234567890" and unit.phone == "+62380821234"
    assert unit.timezone_label == "WITA"
    assert AuditLog.get(AuditLog.action == "unit.create").object_id == str(unit.id)


def test_logo_and_signature_are_stored_as_png(client, auth, dummy_staff, dummy_unit):
    auth.login(dummy_staff)
    data = unit_form(code="MKS", logo=(BytesIO(png_bytes(fmt="JPEG")), "logo.jpg"),
                     signature=(BytesIO(png_bytes()), "ttd.png"))
    response = client.post(f"/staf/unit/{dummy_unit.id}", data=data, content_type="multipart/form-data")
    assert response.status_code == 303
    logo = UnitImage.get(unit=dummy_unit, kind="logo")
    assert bytes(logo.png).startswith(b"\x89PNG")
    served = client.get(f"/unit/{dummy_unit.id}/logo.png")
    assert served.status_code == 200 and served.mimetype == "image/png"
    assert client.get(f"/unit/{dummy_unit.id}/logo.png", headers={"If-None-Match": logo.sha256}).status_code == 304


def test_signature_is_never_public(client, dummy_unit):
    assert client.get(f"/unit/{dummy_unit.id}/signature.png").status_code == 404
    assert client.get(f"/staf/unit/{dummy_unit.id}/gambar/signature.png").status_code == 302


@pytest.mark.parametrize(
    "upload, message",
    [
        ((b"<svg onload=alert(1)>", "logo.svg"), "bukan gambar PNG atau JPG"),
        ((b"GIF89a" + b"\0" * 20, "logo.gif"), "bukan gambar PNG atau JPG"),
        ((b"\x89PNG" + b"\0" * (1024 * 1024 + 10), "big.png"), "paling besar 1 MB"),
    ],
)
def test_bad_images_are_refused_and_nothing_changes(client, auth, dummy_staff, dummy_unit, upload, message):
    auth.login(dummy_staff)
    data = unit_form(code="MKS", name="Nama Baru", logo=(BytesIO(upload[0]), upload[1]))
    response = client.post(f"/staf/unit/{dummy_unit.id}", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert Unit.get_by_id(dummy_unit.id).name == dummy_unit.name
    assert not UnitImage.select().exists()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("name", "", "Wajib diisi"),
        ("head_nip", "1234", "NIP terdiri dari 18 angka"),
        ("whatsapp", "12345", "nomor HP Indonesia"),
        ("certificate_number_format", "{nomor}/PUSPAGA", "Hanya boleh memakai"),
        ("certificate_number_format", "PUSPAGA/{year}", "harus memuat {seq}"),
        ("certificate_number_format", "{seq:04d}/PUSPAGA/{unit}", "harus memuat {year}"),
        ("certificate_number_format", "{seq:04q}", "tidak valid"),
        ("timezone", "Europe/Paris", "Pilih salah satu"),
        ("code", "kode unit!", "Hanya huruf besar"),
    ],
)
def test_unit_form_errors_are_clear_and_keep_input(client, auth, dummy_staff, field, value, message):
    auth.login(dummy_staff)
    response = client.post("/staf/unit/baru", data=unit_form(**{field: value}))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert "Jl. El Tari No. 1" in page
    assert not Unit.select().where(Unit.code == "KPG").exists()


def test_duplicate_unit_code_is_a_field_error(client, auth, dummy_staff, dummy_unit):
    auth.login(dummy_staff)
    response = client.post("/staf/unit/baru", data=unit_form(code="MKS"))
    assert response.status_code == 422
    assert "sudah dipakai" in response.get_data(as_text=True)


def test_unit_admin_edits_only_their_own_unit(client, auth, create_staff, create_unit, dummy_unit):
    other = create_unit()
    auth.login(create_staff(role="admin", unit=dummy_unit))
    assert client.get(f"/staf/unit/{dummy_unit.id}").status_code == 200
    assert client.get(f"/staf/unit/{other.id}").status_code == 403
    assert client.get("/staf/unit/baru").status_code == 403
    assert other.name not in client.get("/staf/unit/").get_data(as_text=True)
