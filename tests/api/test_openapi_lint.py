"""The OpenAPI document against the repository's ADR ruleset (api/adr-ruleset.yaml), as
`make lint` runs it, so `make test` catches a regression too: the generated document lints
clean, every rule is named after and linked to the ADR rule it checks, each rule fires on a
document that breaks it (a rule that cannot fail checks nothing), and none fires on the
shapes this API uses legitimately (sub-resources, the documents' downloads)."""

import copy
import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

ROOT = Path(settings.BASE_DIR)
SPECTRAL = ROOT / "node_modules" / ".bin" / "spectral"
RULESET = ROOT / "api" / "adr-ruleset.yaml"
ADR = "https://logius-standaarden.github.io/API-Design-Rules/#/core/"

pytestmark = pytest.mark.skipif(
    not SPECTRAL.exists(),
    reason=f"{SPECTRAL} is missing: `make static` (npm install) brings Spectral.",
)


def lint(document: dict, tmp_path: Path) -> list[dict]:
    """Spectral's findings on `document` (errors, warnings, everything)."""
    path = tmp_path / f"openapi-{len(list(tmp_path.iterdir()))}.json"
    path.write_text(json.dumps(document))
    done = subprocess.run(
        [str(SPECTRAL), "lint", "-q", "-f", "json", "-r", str(RULESET), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.stdout.strip(), done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def document(tmp_path_factory) -> dict:
    """The document `make lint` lints: drf-spectacular's, validated, warnings refused."""
    path = tmp_path_factory.mktemp("openapi") / "openapi.json"
    call_command(
        "spectacular",
        "--format",
        "openapi-json",
        "--file",
        str(path),
        "--validate",
        "--fail-on-warn",
    )
    return json.loads(path.read_text())


def rules() -> dict:
    return yaml.safe_load(RULESET.read_text())["rules"]


def adr_rules() -> dict:
    return {name: rule for name, rule in rules().items() if name.startswith("core-")}


def test_the_generated_document_lints_clean(document, tmp_path):
    findings = lint(document, tmp_path)
    assert findings == [], "\n".join(
        f"{f['code']} at {'/'.join(map(str, f['path']))}: {f['message']}" for f in findings
    )


def test_every_rule_is_named_after_the_adr_rule_it_checks():
    checked = adr_rules()
    assert len(checked) >= 15
    for name, rule in checked.items():
        adr = re.match(r"^/core/[a-z/-]+", rule["description"])[0]  # "/core/transport/tls"
        assert name.startswith(adr[1:].replace("/", "-")), (name, adr)
        assert rule["documentationUrl"] == ADR + adr.removeprefix("/core/"), name
        assert rule["message"].startswith(adr + ":"), name
        assert rule["severity"] == "error", name


def test_the_server_major_version_is_the_documents_major_version(document):
    major = document["info"]["version"].split(".")[0]
    assert [server["url"] for server in document["servers"]] == [f"/api/v{major}"]
    assert document["info"]["version"] == settings.API_VERSION


def _operation(document, path="/regions/{code}"):
    return document["paths"][path]["get"]


def broken(document: dict) -> dict:
    """A copy of the document that breaks every ADR rule of the ruleset at least once."""
    bad = copy.deepcopy(document)
    paths = bad["paths"]
    collection, item = paths["/regions"], paths["/regions/{code}"]

    def add(path, template):
        added = copy.deepcopy(template)
        for operation in added.values():
            operation["operationId"] = f"x{len(paths)}"
        paths[path] = added

    add("/regions/", collection)  # core-no-trailing-slash
    add("/get-regions", collection)  # core-naming-resources
    add("/region/{code}", item)  # core-naming-collections
    add("/budget_lines", collection)  # core-path-segments-kebab-case
    listing = paths["/regions"]["get"]
    listing["parameters"].append({"name": "page_size", "in": "query", "schema": {"type": "string"}})
    listing["parameters"].append({"name": "apiKey", "in": "query", "schema": {"type": "string"}})
    listing["requestBody"] = {"content": {"application/json": {"schema": {"type": "object"}}}}
    trace = copy.deepcopy(listing)
    trace["operationId"] = "trace"
    del trace["requestBody"]
    paths["/regions"]["trace"] = trace  # core-http-methods
    bad["servers"] = [{"url": "http://api.werkregio.example/api/"}]  # tls, trailing, version
    bad["info"]["version"] = "1.0"  # core-semver
    del bad["info"]["contact"]  # core-doc-openapi
    bad["openapi"] = "3.0"  # core-publish-openapi (no patch number)
    operation = _operation(bad)
    operation.pop("summary", None)
    operation.pop("description", None)  # core-doc-openapi-operations
    operation["responses"]["200"]["headers"] = {}  # core-version-header
    operation["responses"]["404"]["content"] = {"application/json": {"schema": {}}}
    bad["components"]["securitySchemes"]["inTheQuery"] = {
        "type": "apiKey",
        "in": "query",
        "name": "sleutel",
    }
    return bad


def test_every_adr_rule_fires_on_a_document_that_breaks_it(document, tmp_path):
    fired = {finding["code"] for finding in lint(broken(document), tmp_path)}
    assert set(adr_rules()) - fired == set()


def test_no_rule_fires_on_the_shapes_this_api_uses(document, tmp_path):
    """Collections, items and their sub-resources of every helper's part of the API, with
    the query keys of the contract: nothing to report (the rules are precise)."""
    shaped = copy.deepcopy(document)
    paths = shaped["paths"]
    collection, item = paths["/regions"], paths["/regions/{code}"]

    def add(path, template, query=()):
        if path in paths:  # the API has it already: the lint of the real document checks it
            return
        added = copy.deepcopy(template)
        operation = added["get"]
        operation["operationId"] = f"shape{len(paths)}"
        parameters = [p for p in operation.get("parameters", []) if p["in"] != "path"]
        for name in re.findall(r"\{(\w+)\}", path):
            parameters.append(
                {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}
            )
        for name in query:
            parameters.append({"name": name, "in": "query", "schema": {"type": "string"}})
        operation["parameters"] = parameters
        paths[path] = added

    keys = ["region", "programme", "period", "status", "plan", "since", "until"]
    for path in [
        "/plans",
        "/progress",
        "/reporting-periods",
        "/realisations",
        "/budget-lines",
        "/expenditures",
        "/reports",
        "/organisations",
        "/bodies",
        "/meetings",
        "/decisions",
        "/proposals",
        "/official-counts",
    ]:
        add(path, collection, keys)
    for path in [
        "/plans/{id}",
        "/plans/{id}/progress",
        "/plans/{id}/budget",
        "/plans/{id}/deliveries",
        "/plans/{plan_pk}/deliveries/{id}",
        "/deliveries/{id}",
        "/reports/{id}/pdf",
        "/reports/{id}/xlsx",
        "/reports/{id}/csv",
        "/bodies/{id}/members",
        "/bodies/{id}/composition",
        "/meetings/{id}/agenda",
    ]:
        add(path, item)
    shaped["servers"].append({"url": "http://localhost:8000/api/v1"})
    findings = lint(shaped, tmp_path)
    assert findings == [], [(f["code"], f["message"]) for f in findings]
