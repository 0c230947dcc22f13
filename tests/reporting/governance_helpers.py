"""Test data of the governance documents (proposal PDF, meeting pack), built on the demo's
Gooi en Vechtstreek Werkkamer through the governance and budget services."""

import io
import re
from datetime import date, time
from decimal import Decimal

from pypdf import PdfReader

from budgets import services as budget_services
from budgets.models import BudgetLine
from programmes.models import ActionPlan
from regions.models import AgendaItem, Decision, GoverningBody, Meeting, Proposal
from regions.services import governance

REGION = "gooi-en-vechtstreek"
OTHER_REGION = "haaglanden"
PASSWORD = "demo"
SECRETARY = f"secretaris-{REGION}"
MEMBER = f"werkkamerlid-{REGION}"
OTHER_SECRETARY = f"secretaris-{OTHER_REGION}"
REFERENCE = "17.0001962"
PLAN_2016 = "Banenafspraak 2016 Gooi en Vechtstreek"
PLAN_2017 = "Actieplan Banenafspraak 2017 Gooi en Vechtstreek"

TEXTS = {
    "unit": "Sturing",
    "confidential": False,
    "core_message": "De leden van de Werkkamer willen inzetten op een uitvoerend "
    "projectmedewerker die concrete acties onderneemt om de banenafspraken aan te jagen.",
    "reason": "Op 22 december 2016 heeft de Werkkamer gesproken over de stand van zaken "
    "van de banenafspraken.",
    "goal": "Het realiseren dat meer mensen met een indicatie banenafspraken gekoppeld worden "
    "aan een (duurzame) baan.",
    "arguments": "Een stevige samenhangende uitvoering.\n\nDe Werkkamer is bij wet het "
    "aangewezen gremium om de banenafspraak aan te jagen.",
    "finances": "Het totaal bedrag is ontstaan uit het aantal uren per week x het aantal "
    "weken x € 50.",
    "execution": "De inzet van de uitvoerende projectleider is tijdelijk en wordt eind 2017 "
    "geëvalueerd.",
}


def pdf_text(pdf: bytes) -> str:
    """The PDF's text, as a reader gets it, with runs of white space made single spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def werkkamer() -> GoverningBody:
    return GoverningBody.objects.get(region__slug=REGION, name="Werkkamer Gooi en Vechtstreek")


def plan(title: str) -> ActionPlan:
    return ActionPlan.objects.get(title=title)


def werkkamer_budget_line() -> BudgetLine:
    """The Werkkamer budget on the 2017 plan that pays for the project leader."""
    plan_2017 = plan(PLAN_2017)
    line = BudgetLine(year=2017, category=BudgetLine.Category.PERSONEEL, amount=Decimal("80000"))
    line.description = "Budget Werkkamer"
    return budget_services.budget_line_save(
        plan=plan_2017, budget_line=line, expected_revision=None
    )


def gv_proposal(*, with_budget_line: bool = True) -> Proposal:
    """The demo's proposal with the sections of the source document filled in."""
    proposal = Proposal.objects.get(reference=REFERENCE)
    for name, value in TEXTS.items():
        setattr(proposal, name, value)
    if with_budget_line:
        proposal.budget_line = werkkamer_budget_line()
    return governance.proposal_save(proposal=proposal, expected_revision=proposal.revision)


def meeting(day: date, **fields) -> Meeting:
    return governance.meeting_save(
        meeting=Meeting(body=werkkamer(), date=day, **fields), expected_revision=None
    )


def agenda_item(meeting_: Meeting, title: str = "", **subject) -> AgendaItem:
    return governance.agenda_item_save(
        item=AgendaItem(meeting=meeting_, title=title, **subject), expected_revision=None
    )


def decide(meeting_: Meeting, text: str, outcome: str, **subject) -> Decision:
    return governance.decision_record(
        decision=Decision(meeting=meeting_, text=text, outcome=outcome, **subject)
    )


def march_meeting() -> Meeting:
    return meeting(date(2017, 3, 9), start_time=time(14, 0), location="Hilversum, Regiokantoor")
