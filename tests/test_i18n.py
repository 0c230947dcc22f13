"""The interface is Dutch first, with a complete English translation through Django i18n.

Every string marked for translation must have an English msgstr, none may be fuzzy, and the
compiled catalogue must be the one in use. When a test here fails: run the commands in
locale/README.md (makemessages, translate, compilemessages)."""

import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import translation

from programmes.models import ActionPlan

pytestmark = pytest.mark.django_db

BASE_DIR = Path(django_settings.BASE_DIR)
EN_PO = BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
HOW_TO_FIX = "See locale/README.md: makemessages, translate in the .po, compilemessages."

# The same directories `makemessages` is told to skip (locale/README.md).
MAKEMESSAGES_IGNORE = [".venv", "node_modules", "static", "tests"]
# What the extraction test leaves out of its copy of the project.
NOT_COPIED = [*MAKEMESSAGES_IGNORE, ".git", "__pycache__", "*.mo", "media", "staticfiles", "db.*"]


@pytest.fixture(autouse=True)
def _restore_language():
    """Requests through LocaleMiddleware leave their language active; put it back."""
    with translation.override(django_settings.LANGUAGE_CODE):
        yield


# --- a small .po reader (no polib) ---------------------------------------------------------

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _unquote(text: str) -> str:
    body = text.strip()[1:-1]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), body)


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file as dicts: flags (set), msgctxt, msgid, msgid_plural and
    msgstr (dict: "" or the plural index → text), obsolete (bool), line (where it starts)."""
    entries, entry, key = [], None, None

    def new(lineno):
        return {"flags": set(), "strings": {}, "msgstr": {}, "obsolete": False, "line": lineno}

    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            entry, key = None, None
            continue
        if line.startswith("#~"):
            if entry is None:
                entry = new(lineno)
                entries.append(entry)
            entry["obsolete"] = True
            continue
        started = entry is not None and (entry["strings"] or entry["msgstr"] or entry["obsolete"])
        if line.startswith("#"):
            if entry is None or started:
                entry = new(lineno)
                entries.append(entry)
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            key = None
            continue
        match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")$", line)
        if match:
            keyword, index, text = match.groups()
            # msgctxt or msgid after a complete entry (no blank line between) starts a new one.
            if keyword in {"msgctxt", "msgid"} and (
                entry is None or "msgid" in entry["strings"] or entry["msgstr"]
            ):
                entry = new(lineno)
                entries.append(entry)
            if keyword.startswith("msgstr"):
                key = ("msgstr", index or "")
                entry["msgstr"][key[1]] = _unquote(text)
            else:
                key = ("strings", keyword)
                entry["strings"][keyword] = _unquote(text)
            continue
        if line.startswith('"') and entry is not None and key is not None:
            entry[key[0]][key[1]] += _unquote(line)
            continue
        raise AssertionError(f"{path}:{lineno}: unexpected line {raw!r}")

    for item in entries:
        item["msgctxt"] = item["strings"].get("msgctxt")
        item["msgid"] = item["strings"].get("msgid", "")
        item["msgid_plural"] = item["strings"].get("msgid_plural")
    return entries


def _label(entry) -> str:
    context = f"[{entry['msgctxt']}] " if entry["msgctxt"] else ""
    return f"line {entry['line']}: {context}{entry['msgid']!r}"


def catalogue_problems(path: Path) -> list[str]:
    """Empty or fuzzy translations and placeholders that differ from the msgid."""
    problems = []
    for entry in read_po(path):
        if entry["obsolete"]:
            continue
        if "fuzzy" in entry["flags"]:
            problems.append(f"fuzzy {_label(entry)}")
        if entry["msgid"] == "" and entry["msgctxt"] is None:
            continue  # the header
        if not entry["msgstr"] or any(not text for text in entry["msgstr"].values()):
            problems.append(f"untranslated {_label(entry)}")
            continue
        wanted = sorted(re.findall(r"%\(\w+\)[sdif]", entry["msgid"]))
        for index, text in entry["msgstr"].items():
            found = sorted(re.findall(r"%\(\w+\)[sdif]", text))
            if index in {"", "0"} and found != wanted:
                problems.append(f"placeholders {found} instead of {wanted} in {_label(entry)}")
    return problems


def _report(title: str, problems: list[str]) -> str:
    return f"{title} ({len(problems)}). {HOW_TO_FIX}\n" + "\n".join(problems)


# --- (a) the English catalogue is complete ---------------------------------------------------


def test_english_catalogue_has_no_missing_or_fuzzy_translations():
    assert EN_PO.exists(), f"{EN_PO} is missing. {HOW_TO_FIX}"
    problems = catalogue_problems(EN_PO)
    assert not problems, _report(f"Incomplete English translation in {EN_PO}", problems)


@pytest.mark.skipif(
    not (shutil.which("xgettext") and shutil.which("msgmerge") and shutil.which("msguniq")),
    reason="GNU gettext (xgettext, msgmerge) is needed to extract the strings",
)
def test_every_marked_string_has_an_english_translation(tmp_path, monkeypatch, settings):
    """Extract the strings from the code as it is now (a copy, so the real catalogue is not
    touched): a string added without running makemessages and translating it fails here."""
    copy = tmp_path / "src"
    shutil.copytree(BASE_DIR, copy, ignore=shutil.ignore_patterns(*NOT_COPIED, ".*_cache"))
    monkeypatch.chdir(copy)
    settings.LOCALE_PATHS = [copy / "locale"]
    call_command("makemessages", locale=["en"], ignore_patterns=MAKEMESSAGES_IGNORE, verbosity=0)
    problems = catalogue_problems(copy / "locale" / "en" / "LC_MESSAGES" / "django.po")
    assert not problems, _report(
        "Strings in the code without a (non-fuzzy) English translation", problems
    )


def test_compiled_english_catalogue_matches_the_po_file():
    """The .mo in use says what the .po says (else: compilemessages was not run)."""
    stale = []
    with translation.override("en"):
        for entry in read_po(EN_PO):
            if entry["obsolete"] or not entry["msgid"] or entry["msgid_plural"]:
                continue
            expected = entry["msgstr"].get("")
            if not expected or expected == entry["msgid"]:
                continue
            if entry["msgctxt"]:
                actual = translation.pgettext(entry["msgctxt"], entry["msgid"])
            else:
                actual = translation.gettext(entry["msgid"])
            if actual != expected:
                stale.append(_label(entry))
    assert not stale, _report("The compiled catalogue (django.mo) is out of date", stale)


# --- (b) the language switch -----------------------------------------------------------------


def test_login_page_is_dutch_by_default_and_english_after_switching(client):
    response = client.get("/inloggen/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nl"' in html
    assert "Inloggen" in html
    assert "Gebruikersnaam" in html  # Django's own Dutch translation of the form
    assert 'value="en"' in html  # the switch to English

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/inloggen/"}, follow=True)
    assert response.redirect_chain == [("/inloggen/", 302)]
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "Log in" in html
    assert "Inloggen" not in html
    assert "Username" in html
    assert "Skip to content" in html
    assert 'value="nl"' in html  # and back to Dutch

    # The choice sticks (language cookie) for the next page.
    html = client.get("/over/").content.decode()
    assert '<html lang="en"' in html
    assert "About this application" in html


# --- (c) model names -------------------------------------------------------------------------


def test_model_names_and_choices_follow_the_active_language():
    with translation.override("en"):
        assert str(ActionPlan._meta.verbose_name) == "action plan"
        assert str(ActionPlan._meta.verbose_name_plural) == "action plans"
        assert str(ActionPlan._meta.get_field("region").verbose_name) == "labour-market region"
        assert str(ActionPlan.Status.VASTGESTELD.label) == "adopted"
    with translation.override("nl"):
        assert str(ActionPlan._meta.verbose_name) == "actieplan"
        assert str(ActionPlan.Status.VASTGESTELD.label) == "vastgesteld"
