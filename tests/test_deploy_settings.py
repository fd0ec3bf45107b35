import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "SECRET_KEY", "PII_SECRET", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="False",
        SECRET_KEY="x" * 20 + "-production-secret-key-" + "y" * 30,
        ALLOWED_HOSTS="ilp.example.id",
        PII_SECRET="p" * 40,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DEBUG="False", ALLOWED_HOSTS="ilp.example.id", PII_SECRET="p" * 40)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    "variable", ["DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "TIME_ZONE"]
)
def test_env_example_lists_every_variable(variable):
    assert f"{variable}=" in (ROOT / ".env.example").read_text()


def test_production_refuses_to_start_without_a_pii_secret():
    result = run_manage("check", DEBUG="False", ALLOWED_HOSTS="ilp.example.id", SECRET_KEY="s" * 60)
    assert result.returncode != 0
    assert "PII_SECRET must be set" in result.stderr


def test_production_marks_cookies_secure_and_sends_hsts():
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT)"
    )
    result = run_manage(
        "shell",
        "-c",
        code,
        DEBUG="False",
        SECRET_KEY="s" * 60,
        ALLOWED_HOSTS="ilp.example.id",
        PII_SECRET="p" * 40,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-6:] == ["True"] * 6


@pytest.mark.parametrize("variable", ["SESSION_IDLE_TIMEOUT", "AXES_FAILURE_LIMIT", "TRUSTED_PROXY_COUNT"])
def test_env_example_lists_the_login_settings(variable):
    assert f"{variable}=" in (ROOT / ".env.example").read_text()


def test_collectstatic_for_production_resolves_every_file_reference(settings, tmp_path):
    # Production's manifest storage follows url() and sourceMappingURL
    # references and fails on a missing one (a vendored file once named a .map
    # that is not shipped). Whitenoise's compression on top is left out: slow.
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}
    call_command("collectstatic", "--noinput", verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()
