"""Production mode (DJANGO_ENV=production): Django's deployment checks pass with the
required variables set, and the settings refuse to start without them."""

import secrets

import pytest
from services import django_env, manage_py

pytestmark = pytest.mark.process  # each test runs manage.py with production settings

GOOD = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(48),  # 64 characters
    "ALLOWED_HOSTS": "lms.example.vn",
}


def check_deploy(var_dir, **variables):
    env = django_env(var_dir, **variables)
    return manage_py("check", "--deploy", "--fail-level", "WARNING", env=env)


def refusal(proc) -> str:
    """The ImproperlyConfigured message a refused start ends with."""
    assert proc.returncode != 0, proc.stdout + proc.stderr
    prefix = "django.core.exceptions.ImproperlyConfigured: "
    lines = [line for line in proc.stderr.splitlines() if line.startswith(prefix)]
    assert lines, proc.stderr
    return lines[-1].removeprefix(prefix)


def test_production_settings_pass_the_deployment_checks(tmp_path):
    assert len(GOOD["SECRET_KEY"]) == 64

    proc = check_deploy(tmp_path, **GOOD)

    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "System check identified no issues" in proc.stdout


@pytest.mark.parametrize("secret_key", [None, "", "x" * 49], ids=["unset", "empty", "short"])
def test_production_refuses_a_missing_or_weak_secret_key(tmp_path, secret_key):
    variables = {**GOOD, "SECRET_KEY": secret_key}
    if secret_key is None:
        del variables["SECRET_KEY"]

    assert "SECRET_KEY" in refusal(check_deploy(tmp_path, **variables))


def test_production_refuses_debug(tmp_path):
    assert "DEBUG" in refusal(check_deploy(tmp_path, **GOOD, DEBUG="1"))


@pytest.mark.parametrize("hosts", [None, ""], ids=["unset", "empty"])
def test_production_refuses_without_allowed_hosts(tmp_path, hosts):
    variables = {**GOOD, "ALLOWED_HOSTS": hosts}
    if hosts is None:
        del variables["ALLOWED_HOSTS"]

    assert "ALLOWED_HOSTS" in refusal(check_deploy(tmp_path, **variables))
