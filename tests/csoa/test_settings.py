"""Settings come from the environment, refuse bad values, and are secure in production."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECRET = "p7#kq2!vR9zL0m@xW4sT8uY1nB6cE3hJ5fG-aD_oQiKr0sVw2e"


def run_django(env_overrides: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    inherited = ("DJANGO_", "DATABASE_URL", "REDIS_URL", "STATIC_ROOT")
    env = {k: v for k, v in os.environ.items() if not k.startswith(inherited)}
    env["DJANGO_SETTINGS_MODULE"] = "csoa.settings"
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production(**extra) -> dict[str, str]:
    env = {
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "csoa.example.org",
        "SITE_URL": "https://csoa.example.org",
        "EMAIL_HOST": "smtp.example.org",
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "REDIS_URL": os.environ["REDIS_URL"],
    }
    env.update(extra)
    return env


def test_check_deploy_reports_nothing_in_production():
    result = run_django(production(), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without_its_settings(missing):
    env = production()
    del env[missing]
    result = run_django(env, "check")
    assert result.returncode != 0
    assert missing in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DJANGO_DEBUG", "maybe", "is not a boolean"),
        ("DATABASE_CONN_MAX_AGE", "soon", "is not a whole number"),
        ("DATABASE_URL", "sqlite:///db.sqlite3", "PostgreSQL only"),
        ("DJANGO_ENV", "staging", "is not one of"),
    ],
)
def test_bad_values_stop_the_start_with_a_clear_message(name, value, message):
    result = run_django({name: value}, "check")
    assert result.returncode != 0
    assert message in result.stderr


def test_production_refuses_a_short_secret_key():
    result = run_django(production(DJANGO_SECRET_KEY="short"), "check")
    assert result.returncode != 0
    assert "at least 50" in result.stderr


def test_production_responses_carry_hsts_csp_and_secure_cookies(tmp_path):
    env = production(STATIC_ROOT=str(tmp_path / "static"))
    collected = run_django(env, "collectstatic", "--no-input", "-v", "0")
    assert collected.returncode == 0, collected.stderr
    script = (
        "from django.test import Client;"
        "r = Client().get('/contact/', secure=True, HTTP_HOST='csoa.example.org');"
        "print(r.status_code);"
        "print(r.headers.get('Strict-Transport-Security'));"
        "print(r.headers.get('Content-Security-Policy'));"
        "print(r.cookies['csrftoken']['secure']);"
        "r = Client().get('/contact/', HTTP_HOST='csoa.example.org');"
        "print(r.status_code, r.headers.get('Location'))"
    )
    result = run_django(env, "shell", "-v", "0", "-c", script)
    assert result.returncode == 0, result.stderr
    status, hsts, csp, secure_cookie, redirect = result.stdout.strip().splitlines()
    assert status == "200"
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert secure_cookie == "True"
    assert redirect == "301 https://csoa.example.org/contact/"
