"""Small helpers shared by the programme tests: the demo plans and people, logging in, and
reading an edit form back the way a browser would submit it."""

from html.parser import HTMLParser

from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.urls import reverse

from programmes.models import ActionPlan

PASSWORD = "demo"

MIDDEN_GELDERLAND = "Regionaal actieplan Perspectief op Werk Midden-Gelderland"
HAAGLANDEN = "Marktbewerkingsplan 2015, deel B Regionaal Werkbedrijf Haaglanden"
GOOI = "Actieplan Banenafspraak 2017 Gooi en Vechtstreek"
RMT = "Plan van aanpak, ontwikkeling en uitvoering Regionaal Mobiliteitsteam (RMT) ZKL en IJmond"
DWSRA = "DWSRA-pilots: inventarisatie kansrijke initiatieven (Stichting van de Arbeid, 11-03-2019)"


def plan(title: str) -> ActionPlan:
    return ActionPlan.objects.get(title=title)


def user(username: str):
    return get_user_model().objects.get(username=username)


def login(client, username: str | None):
    """Log `client` in as a demo user; None stays anonymous."""
    if username is not None:
        assert client.login(username=username, password=PASSWORD), username
    return client


def url(name: str, **kwargs) -> str:
    return reverse(name, kwargs=kwargs)


def messages_of(response) -> list[tuple[str, str]]:
    """(level, text) of the messages the request left for the user."""
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


class _FormReader(HTMLParser):
    """The fields of the edit form (the one with `novalidate`) and their current values."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields: dict[str, str] = {}
        self.in_form = False
        self.select = None  # (name, first option value, selected value)
        self.option = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "novalidate" in attrs:
            self.in_form = True
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"submit", "button"}:
            if attrs.get("type") in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.fields[name] = attrs.get("value", "on")
            else:
                self.fields[name] = attrs.get("value") or ""
        elif tag == "select" and name:
            self.select = [name, None, None]
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            if self.select[1] is None:
                self.select[1] = value
            if "selected" in attrs:
                self.select[2] = value
        elif tag == "textarea" and name:
            self.textarea = name
            self.fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select" and self.select is not None:
            name, first, selected = self.select
            self.fields[name] = selected if selected is not None else (first or "")
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data.removeprefix("\n")


def form_data(response, **changes) -> dict[str, str]:
    """What a browser would post back from the edit form on `response`, with `changes`
    typed in (a value of None empties the field)."""
    reader = _FormReader()
    reader.feed(response.content.decode())
    assert reader.fields, "no edit form on the page"
    data = dict(reader.fields)
    for name, value in changes.items():
        data[name] = "" if value is None else str(value)
    return data
