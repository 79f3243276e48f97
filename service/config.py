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
    # Request sessions at work at once per process (service/db.py): fewer than the 40 threads that run
    # sync routes, which also validate the answers. The pool holds that many connections plus an
    # overflow for token look-ups and jobs; PostgreSQL's max_connections must cover every process.
    database_max_sessions: int = 30
    database_max_overflow: int = 10
    database_pool_timeout_seconds: float = 30.0
    # How long a request waits for its turn before a 503 (a burst queues instead of failing).
    database_wait_seconds: float = 30.0
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
    # Uploaded templates (issue 10.2, service/documents/bounds.py and sandbox.py). Inside the sandbox:
    # items of one range(), range items summed over a document, characters of output, items of a
    # `*` repetition or width of a padding, Jinja tags in one part of the .docx.
    template_max_range: int = 10_000
    template_max_loop_items: int = 1_000_000
    template_max_output_chars: int = 50_000_000
    template_max_repeat: int = 100_000
    template_max_tags: int = 10_000
    # The child process that renders or lints an uploaded template: address space, CPU seconds,
    # wall-clock seconds, and how many run at once (one more waits, then answers 503).
    sandbox_memory_mb: int = 1024
    sandbox_cpu_seconds: int = 10
    sandbox_timeout_seconds: float = 20.0
    sandbox_workers: int = 2
    # Documents one blocking batch request may make (`POST /api/documents/batch`, a round's
    # `POST /api/rounds/{id}/documents`); more is refused with 413 naming the job endpoint.
    max_blocking_documents: int = 100
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
