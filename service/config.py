"""The one settings object (STYLE.md 1). Every knob a deployment may turn lives here."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", env_file=None, extra="ignore")

    # "local": embedded single-user mode bound to 127.0.0.1, no login (make run).
    # "production": a login on every endpoint but /api/health.
    mode: str = "local"
    database_url: str = f"sqlite:///{ROOT / 'data' / 'kaohe.db'}"
    template_dir: Path = ROOT / "form_templates"
    policy_dir: Path = ROOT / "service" / "policies"
    # Official 节假日安排 of years the chinesecalendar package does not have yet (service/workdays.py).
    holiday_dir: Path = ROOT / "service" / "holidays"
    fontconfig_file: Path = ROOT / "service" / "fonts" / "fonts.conf"
    # LibreOffice pool: processes kept warm, documents before a restart, seconds before a hang is killed.
    office_workers: int = 2
    office_max_jobs_per_worker: int = 200
    office_timeout_seconds: float = 120.0
    office_queue_size: int = 16
    # Upload limits: a .docx or .xlsx is a zip, so both the upload and what it unpacks to are capped.
    max_upload_bytes: int = 10 * 1024 * 1024
    # Any request body (a 20,000-person roster as JSON is about 15 MB).
    max_request_bytes: int = 32 * 1024 * 1024
    max_unpacked_bytes: int = 100 * 1024 * 1024
    max_roster_size: int = 20_000
    secret_key: str = ""
    token_hours: int = 12

    # ---- who may reach the service (service/security.py, README "Security")
    # The address `make run` binds (HOST, PORT): local mode serves only these Host values, plus
    # localhost, 127.0.0.1 and [::1] on the same port.
    host: str = "127.0.0.1"
    port: int = 8000
    # Further Host values served, e.g. an intranet name: ALLOWED_HOSTS='["kaohe.bsq.gov.cn"]'. In
    # production the Host check applies only when this is set (a proxy decides the public name).
    allowed_hosts: list[str] = []
    # Behind TLS: Strict-Transport-Security on every response. Also sent when a trusted proxy (its
    # address in TRUSTED_PROXIES) says X-Forwarded-Proto: https; its X-Forwarded-For is then the client.
    https: bool = False
    trusted_proxies: list[str] = []
    hsts_seconds: int = 31_536_000
    # The pages' login cookie (production); a request carrying it is held to the CSRF token.
    session_cookie: str = "kaohe_session"

    # ---- login throttling (service/throttle.py): failures within the window lock the account (or the
    # client address) for the lockout; an admin can lift an account's lockout.
    login_account_max_failures: int = 5
    login_address_max_failures: int = 20
    login_failure_window_seconds: int = 900
    login_lockout_seconds: int = 900

    # ---- password policy (service/passwords.py)
    password_min_length: int = 10
    password_common_file: Path = ROOT / "service" / "common_passwords.txt"


settings = Settings()
