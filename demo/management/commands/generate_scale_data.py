"""Make (or remove) the synthetic national data set for measuring at scale: see demo.scale
and docs/decisions/0014. Default: 35 regions × 3 programmes × 10 years."""

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from core.formatting import rows_counted
from demo.scale import shape
from demo.scale.generate import generate
from demo.scale.remove import remove_synthetic
from programmes.models import ActionPlan


class Command(BaseCommand):
    help = (
        "Maakt een synthetische landelijke dataset (regio's 'Synthetische regio NN') voor "
        "metingen op schaal, of verwijdert die met --remove. Een tweede run met dezelfde "
        "parameters doet niets."
    )

    def add_arguments(self, parser):
        defaults = shape.Parameters()
        parser.add_argument(
            "--regions", type=int, default=defaults.regions, help="aantal regio's (1–99)"
        )
        parser.add_argument(
            "--years",
            type=int,
            default=defaults.years,
            help="jaren, tot en met dit jaar; per jaar één plan per programma",
        )
        parser.add_argument("--lines", type=int, default=defaults.lines, help="lijnen per plan")
        parser.add_argument(
            "--projects", type=int, default=defaults.projects, help="projecten per lijn"
        )
        parser.add_argument(
            "--targets",
            type=int,
            default=defaults.targets,
            help=(
                "doelstellingen per project en per lijn (indicatoren of sectoren, "
                f"1–{shape.MAX_TARGETS})"
            ),
        )
        parser.add_argument(
            "--sources",
            type=int,
            default=defaults.sources,
            help="bronnen die elke telling van een stroom aanleveren (uitsplitsing per bron)",
        )
        parser.add_argument(
            "--periods",
            default=defaults.periods,
            choices=[ActionPlan.PeriodLength.MAAND, ActionPlan.PeriodLength.KWARTAAL],
            help="rapportageperiode van de plannen",
        )
        parser.add_argument(
            "--budget-lines",
            type=int,
            default=defaults.budget_lines,
            help="begrotingsregels per lijn",
        )
        parser.add_argument("--seed", type=int, default=defaults.seed)
        parser.add_argument(
            "--as-of", type=date.fromisoformat, default=None, help="'vandaag' (JJJJ-MM-DD)"
        )
        parser.add_argument(
            "--remove", action="store_true", help="verwijder alle synthetische gegevens"
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        if options["remove"]:
            removed = remove_synthetic()
            if not removed:
                self.stdout.write("Geen synthetische gegevens gevonden: niets verwijderd.")
                return
            self.stdout.write(
                self.style.SUCCESS(
                    f"Synthetische gegevens verwijderd in {time.monotonic() - started:.1f} s: "
                    f"{rows_counted(removed)}."
                )
            )
            return
        params = shape.Parameters(
            regions=options["regions"],
            years=options["years"],
            lines=options["lines"],
            projects=options["projects"],
            targets=options["targets"],
            sources=options["sources"],
            periods=options["periods"],
            budget_lines=options["budget_lines"],
            seed=options["seed"],
            as_of=options["as_of"],
        )
        if errors := params.check():
            raise CommandError(" ".join(errors))
        verbose = options["verbosity"] > 1
        try:
            outcome = generate(params, log=self.stdout.write if verbose else lambda _message: None)
        except LookupError as error:
            raise CommandError(str(error)) from error
        if outcome.differing:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(outcome.differing)} bestaande synthetische regio's hebben een andere "
                    "vorm dan deze parameters; ze zijn niet gewijzigd. Maak ze opnieuw met "
                    "--remove en daarna deze opdracht."
                )
            )
        if not outcome.made:
            self.stdout.write(
                f"Synthetische gegevens: niets te doen, alle {len(outcome.existing)} regio's "
                "stonden er al."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(outcome.made)} synthetische regio's gemaakt in "
                f"{time.monotonic() - started:.1f} s ({len(outcome.existing)} stonden er al): "
                f"{rows_counted(outcome.created)}."
            )
        )
