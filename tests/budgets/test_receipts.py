"""Receipts are checked for what they really are before they are stored: a PDF that opens,
a PNG or JPEG that Pillow verifies in the format its name says, within RECEIPT_MAX_BYTES.
A hostile file is refused with a Dutch message naming the file and what is wrong, on the
page and in the service, and nothing is stored: no entry, no file."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from PIL import Image

from budgets.models import Expenditure
from budgets.receipts import JPEG, PDF, PNG, validate_receipt

from .spending_world import image_bytes, pdf_bytes, stored_files, upload

pytestmark = pytest.mark.django_db

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script>'
    b'<rect width="10" height="10"/></svg>'
)
HTML = b"<!doctype html><html><script>fetch('/beheer/')</script></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("factuur.pdf", pdf_bytes(), PDF),
        ("FACTUUR.PDF", pdf_bytes(), PDF),
        ("bon.png", image_bytes("PNG"), PNG),
        ("foto bon.jpg", image_bytes("JPEG"), JPEG),
        ("foto.jpeg", image_bytes("JPEG"), JPEG),
    ],
)
def test_honest_receipts_pass_and_stay_readable(name, content, kind):
    file = upload(name, content)
    assert validate_receipt(file) is kind
    assert file.read() == content  # left at its start, to be stored whole


HOSTILE = [
    (
        "factuur.pdf",
        HTML,
        "Bon ‘factuur.pdf’: dit bestand is geen PDF, al eindigt de naam op .pdf.",
    ),
    (
        "factuur.pdf",
        pdf_bytes()[:60],
        "Bon ‘factuur.pdf’: deze PDF is beschadigd en kan niet worden geopend.",
    ),
    (
        "bon.png",
        pdf_bytes(),
        "Bon ‘bon.png’: dit bestand is geen PNG-afbeelding, al eindigt de naam zo.",
    ),
    (
        "bon.jpg",
        image_bytes("PNG"),
        "Bon ‘bon.jpg’: de naam zegt JPEG, maar het bestand is een PNG-afbeelding.",
    ),
    (
        "bon.png",
        image_bytes("PNG")[:40],
        "Bon ‘bon.png’: deze afbeelding is beschadigd en kan niet worden geopend.",
    ),
    (
        "setup.exe",
        EXE,
        "Bon ‘setup.exe’: alleen een PDF of een afbeelding (PNG of JPEG) kan als bon "
        "worden bewaard.",
    ),
    (
        "logo.svg",
        SVG,
        "Bon ‘logo.svg’: alleen een PDF of een afbeelding (PNG of JPEG) kan als bon "
        "worden bewaard.",
    ),
    ("bon", pdf_bytes(), "Bon ‘bon’: alleen een PDF of een afbeelding"),
    ("leeg.pdf", b"", "Bon ‘leeg.pdf’: het bestand is leeg."),
]


@pytest.mark.parametrize(("name", "content", "message"), HOSTILE)
def test_hostile_receipts_are_refused_with_what_is_wrong(name, content, message):
    with pytest.raises(ValidationError) as refused:
        validate_receipt(upload(name, content))
    assert refused.value.messages[0].startswith(message)


def test_an_image_bomb_is_refused(monkeypatch):
    """Pillow refuses an image of more than twice its pixel limit before decoding it."""
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 50)
    with pytest.raises(ValidationError) as refused:
        validate_receipt(upload("bom.png", image_bytes("PNG")))  # 200 pixels
    assert refused.value.messages[0] == (
        "Bon ‘bom.png’: deze afbeelding heeft te veel beeldpunten om veilig te openen."
    )


def test_a_receipt_over_the_limit_is_refused_before_it_is_read(settings):
    settings.RECEIPT_MAX_BYTES = 1000
    big = pdf_bytes() + b"%" + b"x" * 1000
    with pytest.raises(ValidationError) as refused:
        validate_receipt(upload("scan.pdf", big))
    assert refused.value.messages[0].startswith("Bon ‘scan.pdf’: het bestand is ")
    assert "de grens is 1000\xa0bytes" in refused.value.messages[0]


@pytest.mark.parametrize(("name", "content", "message"), HOSTILE[:7])
def test_the_page_refuses_a_hostile_receipt_and_stores_nothing(
    client, spending, receipts, name, content, message
):
    client.force_login(spending.manager)
    url = reverse("budgets:expenditure-create", args=[spending.plan.pk])
    data = {
        "budget_line": spending.line.pk,
        "date": "2019-03-01",
        "amount": "100",
        "description": "Met bon",
        "receipt": upload(name, content),
    }
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert not Expenditure.objects.filter(budget_line=spending.line).exists()
    assert stored_files(receipts) == []


def test_the_page_refuses_a_receipt_over_the_limit(client, spending, receipts, settings):
    settings.RECEIPT_MAX_BYTES = 1000
    client.force_login(spending.manager)
    url = reverse("budgets:expenditure-create", args=[spending.plan.pk])
    data = {
        "budget_line": spending.line.pk,
        "date": "2019-03-01",
        "amount": "100",
        "description": "Grote scan",
        "receipt": upload("scan.jpg", image_bytes("JPEG") + b"\x00" * 2000),
    }
    response = client.post(url, data)
    assert "de grens is 1000" in response.content.decode()
    assert not Expenditure.objects.filter(budget_line=spending.line).exists()
    assert stored_files(receipts) == []


def test_the_service_refuses_a_hostile_receipt_too(spending, receipts):
    """The import and any other caller go through the same check."""
    with pytest.raises(ValidationError) as refused:
        spending.record(receipt=upload("bon.pdf", SVG))
    assert "receipt" in refused.value.error_dict
    assert not Expenditure.objects.filter(budget_line=spending.line).exists()
    assert stored_files(receipts) == []
