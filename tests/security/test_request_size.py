"""Request-size limits on every endpoint (decision 0020): a body larger than its endpoint
allows is refused with 413 on its Content-Length, before a byte of it is read; the import
and receipt uploads are allowed their file's limit (its setting) plus the form."""

import socket
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

from config.security import allowed_request_bytes
from programmes.models import ActionPlan
from tests.placements.importfiles import MIDDEN_GELDERLAND, csv_bytes, row, upload

pytestmark = pytest.mark.django_db
FIFTY_MB = 50 * 1024 * 1024


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def post_claiming(client, url, length):
    return client.generic(
        "POST",
        url,
        b"",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": UnreadableBody()},
    )


def test_a_50_mb_anonymous_post_to_the_login_page_is_refused_unread(client):
    response = post_claiming(client, reverse("login"), FIFTY_MB)
    assert response.status_code == 413
    assert "Verzoek te groot" in response.content.decode()


def test_a_50_mb_post_over_the_network_is_answered_before_it_is_sent(live_server):
    """Over a real socket: only the headers and a few bytes go out, and the 413 comes back,
    so the server did not wait for (or read) the 50 MB."""
    address = urlsplit(live_server.url)
    with socket.create_connection((address.hostname, address.port), timeout=10) as conn:
        conn.sendall(
            (
                f"POST {reverse('login')} HTTP/1.1\r\nHost: {address.netloc}\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\n"
                f"Content-Length: {FIFTY_MB}\r\n\r\nusername=a&password=b"
            ).encode()
        )
        status_line = conn.recv(4096).split(b"\r\n", 1)[0]
    assert b" 413 " in status_line


def test_an_ordinary_limit_applies_to_every_other_endpoint(client):
    client.login(username="programmamanager-haaglanden", password="demo")
    plan = ActionPlan.objects.filter(region__slug="haaglanden").order_by("pk").first()
    just_over = settings.REQUEST_MAX_BYTES + 1
    for url in (
        reverse("programmes:plan-update", args=[plan.pk]),
        reverse("placements:grid", args=[plan.pk]),
        reverse("admin:index"),
        "/bestaat-niet/",
    ):
        assert post_claiming(client, url, just_over).status_code == 413, url


def test_a_normal_login_still_works(client, demo):
    response = client.post(
        reverse("login"), {"username": "programmamanager-haaglanden", "password": "demo"}
    )
    assert response.status_code == 302 and response.wsgi_request.user.is_authenticated


def test_the_uploads_follow_their_files_setting(settings, demo):
    plan = ActionPlan.objects.order_by("pk").first()
    overhead = settings.REQUEST_FORM_OVERHEAD_BYTES
    realisations = reverse("placements:import-upload", args=[plan.pk])
    spending = reverse("budgets:spending-import-upload", args=[plan.pk])
    receipt = reverse("budgets:expenditure-create", args=[plan.pk])
    assert allowed_request_bytes(realisations) == settings.REALISATION_IMPORT_MAX_BYTES + overhead
    assert allowed_request_bytes(spending) == settings.TABLE_IMPORT_MAX_BYTES + overhead
    assert allowed_request_bytes(receipt) == settings.RECEIPT_MAX_BYTES + overhead
    # Raised (as for 100.000 rows), the allowance follows without a copy of the number.
    settings.REALISATION_IMPORT_MAX_BYTES = settings.TABLE_IMPORT_MAX_BYTES = 30 * 1024 * 1024
    assert allowed_request_bytes(realisations) == 30 * 1024 * 1024 + overhead
    assert allowed_request_bytes(spending) == 30 * 1024 * 1024 + overhead
    assert allowed_request_bytes(reverse("login")) == settings.REQUEST_MAX_BYTES


def test_a_file_just_past_the_imports_limit_is_refused_unread(client, demo):
    plan = ActionPlan.objects.order_by("pk").first()
    url = reverse("placements:import-upload", args=[plan.pk])
    client.login(username="beheerder", password="demo")
    assert post_claiming(client, url, allowed_request_bytes(url) + 1).status_code == 413


def test_an_import_past_the_ordinary_limit_still_works(client, demo):
    """A realisation file past REQUEST_MAX_BYTES, inside the import's limit, reaches the
    import and is read: its preview follows."""
    plan = ActionPlan.objects.get(title=MIDDEN_GELDERLAND)
    one = csv_bytes([row(source="s" * 90)])
    repeat = settings.REQUEST_MAX_BYTES // (len(one.splitlines()[-1]) + 2) + 100
    content = csv_bytes([row(source="s" * 90)] * repeat)
    assert settings.REQUEST_MAX_BYTES < len(content) < settings.TABLE_IMPORT_MAX_BYTES
    client.login(username="programmamanager-midden-gelderland", password="demo")
    response = client.post(
        reverse("placements:import-upload", kwargs={"plan_pk": plan.pk}),
        {"file": upload(content)},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert "/import/" in response["Location"]
