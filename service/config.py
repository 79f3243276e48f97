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
    # PostgreSQL reached directly, not through PgBouncer's transaction pooling: the migrations' advisory
    # lock and procrastinate (LISTEN/NOTIFY, session state) need it. Empty: DATABASE_URL is direct.
    direct_database_url: str = ""
    # Jobs (issue 15). RUN_WORKER=false: this API process runs no jobs (separate `make worker`s do).
    run_worker: bool = True
    # A PDF job's items are cut into chunks of this many (≤ 100), each a task any worker may take.
    job_chunk_size: int = 100
    # Unfinished jobs (queued or running) of the whole deployment; one more is a 503.
    job_max_unfinished: int = 50
    # Hours a finished job's result stays downloadable; older results are deleted at the next submit.
    job_result_hours: int = 72
    # Attempts of one task (a chunk, the merge) before the job is failed; waits grow 2, 4, 8… s.
    job_max_attempts: int = 3
    # Worker liveness: heartbeat interval, and after how long without one its tasks are taken over.
    worker_heartbeat_seconds: float = 10.0
    worker_stalled_seconds: float = 30.0
    secret_key: str = ""
    token_hours: int = 12


settings = Settings()
