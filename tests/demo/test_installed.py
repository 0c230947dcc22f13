"""The demo app exists in the local and test settings only: a production install has
load_reference_data and no demo commands."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEMO_COMMANDS = {"load_demo_data", "demo_reports", "demo_logins"}


def _commands(settings_module: str) -> set[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "help", "--commands"],
        cwd=PROJECT_ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": settings_module,
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "werkregio.example.nl",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_production_has_reference_data_and_no_demo():
    commands = _commands("config.settings.production")
    assert "load_reference_data" in commands
    assert not commands & DEMO_COMMANDS


@pytest.mark.parametrize("settings_module", ["config.settings.local", "config.settings.test"])
def test_local_and_test_settings_install_the_demo(settings_module):
    assert _commands(settings_module) >= DEMO_COMMANDS


def test_demo_is_the_last_app():
    # The top floor: installed after every app it builds on.
    assert settings.INSTALLED_APPS[-1] == "demo"
