"""Two small views of no app's own. The template-only page of `make bench` (bench/web.py): what
Django itself costs for a page of this size on this machine, served by the same gunicorn in
the same run as the product's pages, so that every page's requests per second can be divided
by it; mounted only when settings.BENCH_PAGES is on (config/urls.py), a normal deploy has no
such URL. And /favicon.ico, sent on to the icon in the static files."""

from decimal import Decimal

from django.templatetags.static import static
from django.views.generic import RedirectView, TemplateView

BASIS_ROWS = 50


class BenchBasisView(TemplateView):
    """A 50-row table, rendered through the whole middleware stack, without the database:
    the rows are made here, and the template touches neither the session nor the user."""

    template_name = "core/bench_basis.html"

    def get_context_data(self, **kwargs):
        rows = [
            {
                "number": number,
                "name": f"Regel {number}",
                "period": f"2026-{(number % 12) + 1:02d}",
                "count": number * 37,
                "amount": Decimal(number * 1_030) + Decimal("0.50"),
            }
            for number in range(1, BASIS_ROWS + 1)
        ]
        return super().get_context_data(rows=rows, **kwargs)


class FaviconView(RedirectView):
    """/favicon.ico, which browsers and tools ask for whatever a page links (the admin's pages
    link none): to the icon in the static files, hashed and cached by WhiteNoise. Not
    permanent, because the hashed name changes with the icon."""

    permanent = False

    def get_redirect_url(self, *args, **kwargs):
        return static("icons/favicon.ico")
