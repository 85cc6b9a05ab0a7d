import os
import subprocess
import sys

from tests.support.live import ROOT


def run_manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env(**overrides: str) -> dict:
    # DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests' fixtures, never in production.
    dropped = {"DEBUG", "KYC_ENV", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(
        KYC_ENV="production",
        SECRET_KEY="a-long-random-production-secret-key-for-the-check-0123456789-abcdef",
        ALLOWED_HOSTS="ekyc.example.vn",
        DATA_ENCRYPTION_KEYS="Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE=",
        **overrides,
    )
    return env


def test_check_deploy_is_clean_in_production_mode():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_mode_refuses_to_start_without_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
