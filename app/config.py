"""Settings from the environment (prefix PARTILHA_)."""

import ipaddress
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET = "dev-secret-change-me-in-production"
EXAMPLE_SENDER = "Partilha <nao-responda@partilha.example>"
# A rate limit: "<requests>/<window in seconds>", e.g. "10/300" (app/ratelimits/rules.py).
RateSpec = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[1-9]\d{0,6}/[1-9]\d{0,6}$")
]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PARTILHA_", extra="ignore")

    env: Literal["dev", "test", "prod"] = "dev"
    database_url: str = f"sqlite:///{PROJECT_ROOT / '.data' / 'partilha.db'}"
    meili_url: str = "http://127.0.0.1:7700"
    # Replicas: every server listed (comma-separated) is fed every change by the outbox and
    # searches fail over between them (app/search/servers.py); empty: meili_url alone.
    meili_urls: Annotated[list[str], NoDecode] = Field(default_factory=list)
    meili_key: str | None = None
    meili_index_prefix: str = "partilha"
    meili_timeout_s: float = 5.0
    secret_key: str = DEV_SECRET
    public_base_url: str = "http://127.0.0.1:8000"
    token_ttl_minutes: int = Field(default=60 * 8, ge=1, le=60 * 24 * 30)
    # Browser sessions (app/accounts/sessions.py) end after this long without a request, and
    # this long after sign-in whatever happens.
    session_idle_minutes: int = Field(default=120, ge=1, le=60 * 24 * 30)
    session_absolute_hours: int = Field(default=12, ge=1, le=24 * 90)
    # A page's POST body must arrive whole within this, or the answer is 408 (10 MB imports
    # over a slow link need the margin).
    form_read_timeout_s: float = Field(default=120.0, gt=0, le=3600)
    # Where scripts/start.sh makes uvicorn listen: anything but loopback needs a real secret
    # and PARTILHA_ENV other than dev (no demo accounts).
    host: str = "127.0.0.1"
    max_body_bytes: int = 1_000_000
    argon2_time_cost: int = Field(default=3, ge=1)
    argon2_memory_kib: int = Field(default=65536, ge=8)
    approvals_required: int = Field(default=1, ge=1, le=5)
    capacity_update_interval_days: int = Field(default=90, ge=1)
    capacity_grace_days: int = Field(default=15, ge=0)
    policy_verification_days: int = Field(default=180, ge=1)
    outbox_worker: bool = True
    outbox_poll_s: float = 0.5
    # Open data: the catalogue (/data.json) and the offline bundles name these.
    open_data_publisher: str = "Partilha — rede de acolhimento de migrantes e refugiados"
    open_data_contact_email: str = "dados@partilha.example"
    contact_email: str = "contato@partilha.example"  # the way-in box: whom newcomers write
    open_data_license: str = "https://creativecommons.org/licenses/by/4.0/"
    # Webhooks: the dispatcher thread, its HTTP timeout and retries (exponential backoff).
    webhook_dispatcher: bool = True
    webhook_poll_s: float = Field(default=2.0, gt=0)
    webhook_timeout_s: float = Field(default=5.0, gt=0, le=30)
    webhook_max_attempts: int = Field(default=10, ge=1, le=20)
    webhook_retry_base_s: float = Field(default=30.0, gt=0)
    # Mail (app/mail): SMTP server (none: .eml files in mail_dir), sender, worker and retries.
    smtp_url: str | None = None  # smtp://, smtps://, smtp+starttls:// or ?starttls=1; user:pw@
    mail_from: str = EXAMPLE_SENDER
    mail_dir: Path = PROJECT_ROOT / ".data" / "mail"
    mail_worker: bool | None = None  # None: on, except under PARTILHA_ENV=test (tests run passes)
    mail_poll_s: float = Field(default=2.0, gt=0)
    mail_timeout_s: float = Field(default=10.0, gt=0, le=120)
    mail_retry_base_s: float = Field(default=30.0, gt=0)
    mail_max_attempts: int = Field(default=10, ge=1, le=50)  # temporary (4xx) answers
    mail_refusals_before_failing: int = Field(default=3, ge=1, le=20)  # 5xx answers
    mail_freshness_warning_days: int = Field(default=14, ge=1)  # "nearing the limit"
    curation_queue_target_hours: int = Field(default=72, ge=1)  # the curators' digest flags
    # Observability: log format (default json, text when env is dev), level, /metrics token.
    log_format: Literal["json", "text"] | None = None
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    metrics_token: str | None = Field(default=None, min_length=16)
    # Abuse limits: fixed windows, "<requests>/<seconds>" per client IP or per account.
    # Every counter is in the database, shared by every app process; search reserves blocks of
    # a client's budget there and spends them in memory (app/ratelimits/leases.py).
    rate_limits_enabled: bool = True
    rate_limit_sign_in_ip: RateSpec = "30/300"  # sign-in attempts (web + API) per IP
    rate_limit_sign_in_account: RateSpec = "5/900"  # failed sign-ins per e-mail (see README)
    rate_limit_sign_in_pair: RateSpec = "5/900"  # failed sign-ins per e-mail and address
    rate_limit_api_keys_account: RateSpec = "10/3600"
    rate_limit_api_keys_ip: RateSpec = "30/3600"
    rate_limit_submissions_account: RateSpec = "120/3600"
    rate_limit_submissions_ip: RateSpec = "300/3600"
    rate_limit_search_ip: RateSpec = "120/60"
    rate_limit_password_reset_ip: RateSpec = "10/3600"  # "forgot my password" per IP
    rate_limit_password_reset_email: RateSpec = "3/3600"  # reset mails asked per e-mail
    # PostgreSQL: no statement runs longer than this (0: no limit). SQLite waits up to 30 s
    # for the write lock (busy_timeout, app/db.py).
    statement_timeout_s: float = Field(default=30.0, ge=0)
    curation_dir: Path = PROJECT_ROOT / "curation"
    templates_dir: Path = PROJECT_ROOT / "templates_praticas"

    @field_validator("smtp_url")
    @classmethod
    def _smtp_scheme(cls, value: str | None) -> str | None:
        if value and not value.startswith(("smtp://", "smtps://", "smtp+starttls://")):
            raise ValueError("PARTILHA_SMTP_URL: smtp://, smtps:// or smtp+starttls://host")
        return value or None

    @field_validator("meili_urls", mode="before")
    @classmethod
    def _split_urls(cls, value: object) -> object:
        if isinstance(value, str):
            return [url.strip() for url in value.split(",") if url.strip()]
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _refuse_public_dev(self) -> "Settings":
        if is_loopback(self.host):
            return self
        problems = []
        if self.uses_dev_secret:
            problems.append("set PARTILHA_SECRET_KEY to a random value of 32+ characters")
        if self.env == "dev":
            problems.append("set PARTILHA_ENV=prod (dev has demo accounts with public passwords)")
        if problems:
            raise ValueError(
                f"refusing to listen on PARTILHA_HOST={self.host}, beyond this machine: "
                + "; ".join(problems)
            )
        return self

    @model_validator(mode="after")
    def _refuse_unsafe_prod(self) -> "Settings":
        if self.env != "prod":
            return self
        problems = []
        if self.secret_key == DEV_SECRET or len(self.secret_key) < 32:
            problems.append("PARTILHA_SECRET_KEY must be set to a random value of 32+ characters")
        if not self.meili_key:
            problems.append("PARTILHA_MEILI_KEY must be set: Meilisearch without a key is open")
        if self.smtp_url and self.mail_from == EXAMPLE_SENDER:
            problems.append("PARTILHA_MAIL_FROM must be set: mail would come from partilha.example")
        if problems:
            raise ValueError("refusing to start in prod: " + "; ".join(problems))
        return self

    @property
    def uses_dev_secret(self) -> bool:
        return self.secret_key == DEV_SECRET or len(self.secret_key) < 32

    @property
    def effective_log_format(self) -> str:
        return self.log_format or ("text" if self.env == "dev" else "json")

    @property
    def runs_mail_worker(self) -> bool:
        return self.mail_worker if self.mail_worker is not None else self.env != "test"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def is_loopback(host: str) -> bool:
    """Whether an address to listen on (or one a connection arrived at) stays on this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@lru_cache
def get_settings() -> Settings:
    return Settings()
