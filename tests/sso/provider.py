"""The OpenID provider of the single sign-on tests: tests/sso/provider.mjs (the npm package
oidc-provider) run by node on 127.0.0.1, started and stopped here. Not a mock: the product
fetches its tokens, its keys and its userinfo over HTTP like from Keycloak or Entra ID."""

import json
import os
import re
import shutil
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent.parent
SCRIPT = Path(__file__).with_name("provider.mjs")
CLIENT_ID = "werkregio"
CLIENT_SECRET = "werkregio-test-secret"
BACKEND = "config.oidc.OrganisationAccountBackend"

# The account the tests log in with: `sub` is the provider's stable identifier, typed as the
# login on the provider's development login page.
SECRETARY_SUB = "7d0c2f9e-haaglanden-secretaris"
SECRETARY = {
    "email": "j.dejong@denhaag.example",
    "given_name": "Janneke",
    "family_name": "de Jong",
    "name": "Janneke de Jong",
    "preferred_username": "jdejong",
    "groups": ["werkregio-haaglanden-secretaris", "alle-medewerkers"],
}
ROLE_MAPPING = {
    "werkregio-haaglanden-secretaris": "AM21:secretaris",
    "werkregio-werkkamer": ["AM21:werkkamerlid", "AM07:werkkamerlid"],
}


@dataclass
class Provider:
    issuer: str
    accounts_file: Path
    accounts: dict = field(default_factory=dict)

    def save(self) -> None:
        """Write the accounts: the provider reads them again at every look-up."""
        self.accounts_file.write_text(json.dumps(self.accounts))

    def settings(self) -> dict:
        """The product's settings for this provider, as the environment would give them."""
        return {
            "OIDC_ENABLED": True,
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_OP_ISSUER": self.issuer,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.issuer}/auth",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.issuer}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.issuer}/me",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.issuer}/jwks",
            "OIDC_RP_SCOPES": "openid email profile groups",
        }


def start_provider(tmp_path: Path, redirect_uris: list[str]):
    """Start node with the provider; yields a Provider once it prints "ready"."""
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "oidc-provider").exists():
        message = "node and node_modules/oidc-provider (npm ci) are needed for the SSO tests."
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    accounts_file = tmp_path / "accounts.json"
    provider = Provider(
        issuer="", accounts_file=accounts_file, accounts={SECRETARY_SUB: dict(SECRETARY)}
    )
    provider.save()
    environment = {
        **os.environ,
        "NODE_ENV": "development",
        "OIDC_TEST_REDIRECT_URIS": ",".join(redirect_uris),
        "OIDC_TEST_ACCOUNTS": str(accounts_file),
        "OIDC_TEST_CLIENT_ID": CLIENT_ID,
        "OIDC_TEST_CLIENT_SECRET": CLIENT_SECRET,
    }
    process = subprocess.Popen(
        [node, str(SCRIPT)],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    stdout, stderr = process.stdout, process.stderr
    assert stdout is not None and stderr is not None
    ready: list[str] = []
    reader = threading.Thread(target=lambda: ready.append(stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout=20)
    line = ready[0] if ready else ""
    if not line.startswith("ready "):
        process.kill()
        raise RuntimeError(f"The OpenID provider did not start: {line!r} {stderr.read()}")
    provider.issuer = line.split()[1]
    # Its warnings (development keys, devInteractions) are read away so the pipe never fills.
    threading.Thread(target=stderr.read, daemon=True).start()
    threading.Thread(target=stdout.read, daemon=True).start()
    try:
        yield provider
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()


FORM_ACTION = re.compile(r'<form[^>]*action="([^"]+)"')


def log_in_at_provider(start_url: str, *, sub: str, redirect_prefix: str) -> str:
    """What a browser does at the provider, over HTTP: follow the product's redirect to the
    provider, sign in on its login page as `sub`, consent, and return the URL the provider
    sends back to (the product's callback, with the code and state)."""
    session = requests.Session()
    url, data = start_url, None
    for _ in range(12):
        response = (
            session.post(url, data=data, allow_redirects=False, timeout=10)
            if data
            else session.get(url, allow_redirects=False, timeout=10)
        )
        data = None
        if response.is_redirect:
            location = urljoin(url, response.headers["Location"])
            if location.startswith(redirect_prefix):
                return location
            url = location
            continue
        response.raise_for_status()
        action = FORM_ACTION.search(response.text)
        assert action, f"No form at the provider: {response.text[:500]}"
        url = urljoin(url, action.group(1))
        if 'name="login"' in response.text:
            data = {"prompt": "login", "login": sub, "password": "any"}
        else:
            data = {"prompt": "consent"}
    raise AssertionError("The provider never sent the browser back.")


def log_in(client, *, sub: str = SECRETARY_SUB, next_url: str = ""):
    """A whole organisation-account login with Django's test client: returns the product's
    answer to the callback (a redirect to the home page when it worked)."""
    start = client.get("/oidc/authenticate/" + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302, start
    callback = log_in_at_provider(
        start["Location"], sub=sub, redirect_prefix="http://testserver/oidc/callback/"
    )
    parts = urlsplit(callback)
    return client.get(f"{parts.path}?{parts.query}")
