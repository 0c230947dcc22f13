"""config/gunicorn.py, read by docker-compose's web service and by make bench."""

import runpy
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[2] / "config" / "gunicorn.py"


def test_the_workers_come_from_web_concurrency(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "7")
    assert runpy.run_path(str(CONFIG))["workers"] == 7


def test_without_web_concurrency_three_sync_workers_on_all_addresses(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.delenv("GUNICORN_BIND", raising=False)
    settings = runpy.run_path(str(CONFIG))
    assert (settings["workers"], settings["worker_class"]) == (3, "sync")
    assert settings["bind"] == "0.0.0.0:8000"
