"""DEBUG is off unless a developer sets DEBUG=1; the demo (HTTPS=False) is
served over plain HTTP on this machine with DEBUG off."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHOW = ("from django.conf import settings as s; "
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, '127.0.0.1' in s.ALLOWED_HOSTS)")


def settings_with(**env):
    base = {k: v for k, v in os.environ.items()
            if k not in ("DEBUG", "HTTPS", "ALLOWED_HOSTS", "SECRET_KEY", "PII_SECRET", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", SHOW], cwd=ROOT, env={**base, **env},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()[-4:]


def test_debug_is_off_by_default_and_the_demo_serves_plain_http_on_this_machine():
    assert settings_with(SECRET_KEY="s" * 60, PII_SECRET="p" * 40, HTTPS="False") == ["False", "False", "False", "True"]


def test_a_developer_turns_debug_on_with_debug_1():
    assert settings_with(DEBUG="1")[0] == "True"
