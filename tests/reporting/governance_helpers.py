"""Test data of the governance documents (proposal PDF, meeting pack), built on the demo's
Gooi en Vechtstreek Werkkamer through the governance services. The demo loads its proposal
17.0001962 with the sections of the source document and its dekking, decided in the Werkkamer
of 16 March 2017; `open_gv_proposal` is that proposal before the decision, for a test that
puts it on an agenda itself."""

from datetime import date, time

from programmes.models import ActionPlan
from regions.models import AgendaItem, Decision, GoverningBody, Meeting, Proposal
from regions.services import governance

from ..regions.governance_factories import undecided

REGION = "gooi-en-vechtstreek"
OTHER_REGION = "haaglanden"
PASSWORD = "demo"
SECRETARY = f"secretaris-{REGION}"
MEMBER = f"werkkamerlid-{REGION}"
OTHER_SECRETARY = f"secretaris-{OTHER_REGION}"
REFERENCE = "17.0001962"
PLAN_2016 = "Banenafspraak 2016 Gooi en Vechtstreek"
PLAN_2017 = "Actieplan Banenafspraak 2017 Gooi en Vechtstreek"

# A quote of each section of the proposal, as the demo loads it (verbatim from the source).
TEXTS = {
    "core_message": "Voor 2017 wordt verzocht hier een bedrag van € 35.000 voor beschikbaar te "
    "stellen.",
    "reason": "Op 22 december 2016 heeft de Werkkamer gesproken over de stand van zaken "
    "van de banenafspraken.",
    "goal": "Het realiseren dat meer mensen met een indicatie banenafspraken gekoppeld worden "
    "aan een (duurzame) baan.",
    "arguments": "de Werkkamer is bij wet het aangewezen gremium om de banenafpraak aan te jagen.",
    "finances": "Het totaal bedrag is ontstaan uit het aantal uren per week x het aantal "
    "weken x € 50.",
    "execution": "Eind 2017 wordt het slagen van deze functie geëvalueerd.",
}
# Where the demo decided it.
DECIDED_IN = "aangenomen in Werkkamer Gooi en Vechtstreek, 16-03-2017"


def werkkamer() -> GoverningBody:
    return GoverningBody.objects.get(region__slug=REGION, name="Werkkamer Gooi en Vechtstreek")


def plan(title: str) -> ActionPlan:
    return ActionPlan.objects.get(title=title)


def gv_proposal() -> Proposal:
    """The demo's proposal as the demo loads it: its sections, its dekking (the 2017 plan's
    "Budget Werkkamer") and the Werkkamer's decision of 16 March 2017."""
    return Proposal.objects.get(reference=REFERENCE)


def open_gv_proposal() -> Proposal:
    """The demo's proposal as it was on 8 February 2017: a concept on no agenda."""
    return undecided(gv_proposal())


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
