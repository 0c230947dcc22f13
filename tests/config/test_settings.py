"""The environment switches: production refuses to start insecurely and passes
`check --deploy`; the embedded default needs no database server or broker."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    # DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests in this process; a real
    # deployment does not have it and check --deploy rightly warns about it.
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_production():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="werkregio.example.nl",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = manage(
        "check",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="",
        ALLOWED_HOSTS="werkregio.example.nl",
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_wildcard_hosts():
    result = manage(
        "check",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="*",
    )
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_embedded_default_is_sqlite_with_eager_tasks():
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings.local'; "
        "django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.LANGUAGE_CODE, "
        "s.TIME_ZONE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "True",
        "nl",
        "Europe/Amsterdam",
    ], result.stderr


def test_database_url_and_broker_switch_to_postgresql_and_redis():
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://werkregio@db.example:5432/werkregio",
        "CELERY_BROKER_URL": "redis://redis.example:6379/0",
    }
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings.local'; "
        "django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'], "
        "s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "werkregio",
        "False",
        "redis://redis.example:6379/0",
    ], result.stderr


def test_production_hardening_settings():
    """What check --deploy does not ask for, decision 0020 does: HSTS with subdomains,
    secure and script-proof cookies, the framing, referrer and opener policies."""
    code = (
        "from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS >= 31536000, "
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.CSRF_COOKIE_SECURE, s.CSRF_COOKIE_HTTPONLY, s.X_FRAME_OPTIONS, "
        "s.SECURE_REFERRER_POLICY, s.SECURE_CROSS_ORIGIN_OPENER_POLICY, "
        "s.MAYKIN_2FA_ALLOW_MFA_BYPASS_BACKENDS)"
    )
    result = manage(
        "shell",
        "-c",
        code,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="werkregio.example.nl",
    )
    assert result.stdout.split()[-10:] == [
        "True",
        "True",
        "True",
        "True",
        "True",
        "True",
        "DENY",
        "same-origin",
        "same-origin",
        "[]",
    ], result.stderr


def test_production_refuses_the_two_factor_bypass():
    result = manage(
        "check",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="werkregio.example.nl",
        TWO_FACTOR_BYPASS="1",
    )
    assert result.returncode != 0
    assert "TWO_FACTOR_BYPASS" in result.stderr


def test_the_smtp_timeout_is_ten_seconds_unless_email_timeout_says():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings.local'; "
        "django.setup(); from django.conf import settings as s; "
        "print(s.MAILERS['default']['OPTIONS']['timeout'])"
    )
    found = []
    for extra in ({}, {"EMAIL_TIMEOUT": "4"}):
        env = {k: v for k, v in os.environ.items() if k != "EMAIL_TIMEOUT"}
        env.update({"EMAIL_HOST": "smtp.example.nl", **extra})
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True
        )
        found.append(result.stdout.strip() or result.stderr)
    assert found == ["10", "4"]
