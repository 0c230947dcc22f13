"""The spending tests' world: a plan of 2019 in its own region with one budget line of
€ 10.000, the people around it (a programmamanager who records, two penningmeesters who
approve, someone holding both roles, a werkkamerlid, a beheerder and a penningmeester of
another region), receipts made in code, and the receipts stored in a temporary folder.
Registered as a plugin in tests/conftest.py (fixtures `spending` and `receipts`)."""

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfWriter

from budgets import services
from budgets.models import BudgetLine, Expenditure
from regions.models import RoleAssignment

from ..factories import PlanFactory, RegionFactory, UserFactory

Role = RoleAssignment.Role


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def image_bytes(kind: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), "white").save(buffer, format=kind)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@dataclass
class World:
    plan: object
    line: BudgetLine
    manager: object
    treasurer: object
    second_treasurer: object
    both: object  # programmamanager and penningmeester in the region
    member: object  # werkkamerlid
    beheerder: object
    other_treasurer: object  # penningmeester of another region

    def record(self, actor=None, amount="1250.00", **fields) -> Expenditure:
        return services.expenditure_record(
            budget_line=self.line,
            actor=actor or self.manager,
            date=fields.pop("date", date(2019, 3, 1)),
            amount=Decimal(amount),
            description=fields.pop("description", "Drukwerk banenmarkt"),
            **fields,
        )

    def approved(self, amount="1250.00", **fields) -> Expenditure:
        entry = self.record(amount=amount, **fields)
        return services.expenditure_approve(
            expenditure=entry, actor=self.treasurer, expected_revision=entry.revision
        )


def money_url(plan) -> str:
    return reverse("budgets:plan-money", kwargs={"plan_pk": plan.pk})


def entry_url(name: str, entry: Expenditure) -> str:
    return reverse(f"budgets:{name}", kwargs={"plan_pk": entry.plan_id, "pk": entry.pk})


@pytest.fixture
def receipts(tmp_path, monkeypatch):
    """Receipts go to a folder of this test, so the test can see what was (not) stored."""
    folder = tmp_path / "bonnen"
    folder.mkdir()
    field = Expenditure._meta.get_field("receipt")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=folder))
    return folder


def stored_files(folder) -> list:
    return [path for path in folder.rglob("*") if path.is_file()]


@pytest.fixture
def spending(receipts) -> World:
    region = RegionFactory()
    plan = PlanFactory(region=region, title="Proefplan uitgaven")
    line = BudgetLine.objects.create(
        plan=plan,
        year=2019,
        amount=Decimal("10000"),
        category=BudgetLine.Category.PROJECTKOSTEN,
        description="Banenmarkt",
    )
    both = UserFactory(first_name="Bo", last_name="Beide", role=(region, Role.PROGRAMMAMANAGER))
    RoleAssignment.objects.create(user=both, region=region, role=Role.PENNINGMEESTER)
    return World(
        plan=plan,
        line=line,
        manager=UserFactory(
            first_name="Mila", last_name="Manager", role=(region, Role.PROGRAMMAMANAGER)
        ),
        treasurer=UserFactory(
            first_name="Piet", last_name="Penning", role=(region, Role.PENNINGMEESTER)
        ),
        second_treasurer=UserFactory(
            first_name="Tara", last_name="Tweede", role=(region, Role.PENNINGMEESTER)
        ),
        both=both,
        member=UserFactory(role=(region, Role.WERKKAMERLID)),
        beheerder=UserFactory(is_superuser=True, is_staff=True),
        other_treasurer=UserFactory(role=(RegionFactory(), Role.PENNINGMEESTER)),
    )
