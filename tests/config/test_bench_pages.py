"""The template-only page of make bench (core.views.BenchBasisView): there only when
BENCH_PAGES is on, and then without a query."""

import importlib

import pytest
from django.urls import NoReverseMatch, clear_url_caches, reverse

import config.urls


@pytest.fixture
def urls_with(settings):
    def mount(*, bench_pages: bool):
        settings.BENCH_PAGES = bench_pages
        clear_url_caches()
        importlib.reload(config.urls)

    yield mount
    settings.BENCH_PAGES = False
    clear_url_caches()
    importlib.reload(config.urls)


def test_a_normal_deploy_has_no_bench_page(urls_with, client):
    urls_with(bench_pages=False)
    with pytest.raises(NoReverseMatch):
        reverse("bench-basis")
    assert client.get("/bench/basis/").status_code == 404


@pytest.mark.django_db
def test_the_bench_page_renders_fifty_rows_without_the_database(
    urls_with, client, django_assert_num_queries
):
    urls_with(bench_pages=True)
    with django_assert_num_queries(0):
        response = client.get(reverse("bench-basis"))
    assert response.status_code == 200
    assert response.content.count(b'<tr class="utrecht-table__row">') == 50 + 1  # + header
