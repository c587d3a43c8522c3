"""Settings for the LMS. Every value can be overridden from the environment
with the ``LMS_`` prefix (``LMS_SECRET_KEY``, ``LMS_DATABASE_URL`` ...)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent


class Config:
    SECRET_KEY: str | None = None  # must come from the environment or instance/secret_key
    DATABASE_URL = "sqlite:///" + str(ROOT / "instance" / "lms.sqlite")
    # No ping before every use (a round trip per request): a pooled connection idle for longer than
    # DATABASE_IDLE_PING_SECONDS is pinged first (lms.core.extensions); all are recycled hourly,
    # before servers' and firewalls' idle timeouts.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_recycle": 3600}
    DATABASE_IDLE_PING_SECONDS = 10.0
    COURSES_DIR = str(ROOT / "courses")
    CONTENT_DIR = str(ROOT / "content")
    RESOURCES_DIR = str(ROOT / "resources")  # the resource library's files (resources/<slug>.toml)
    # What a resource file's ``file = "resources/..."`` is relative to: the files the library ships
    # sit in content/resources/ (a setting of its own, so that a course folder elsewhere leaves them be).
    RESOURCES_CONTENT_DIR = str(ROOT / "content")
    COURSE_FILE_MAX_BYTES = 2 * 1024 * 1024  # the largest course or module file courses validate|sync read
    BASE_URL = "http://127.0.0.1:5000"
    # `make run` writes the address it serves on here, so that URLs printed by flask commands in
    # other shells point at it; LMS_BASE_URL, when set, wins. Development only (see below).
    SERVED_BASE_URL_FILE: str | None = None
    DEFAULT_TIMEZONE = "Europe/Brussels"
    # The interface's languages: None means English (the language the code is written in) and
    # every catalogue in lms/translations/, so that a new language is a .po file and nothing else.
    # The site's default serves people whose choice and browser name none of them.
    LANGUAGES: tuple[str, ...] | None = None
    DEFAULT_LANGUAGE = "en"
    # What the header, titles and e-mails call the site, and the privacy page's text (Markdown, shown
    # under the platform's own account of what it keeps): administrators may change both in /admin.
    SITE_NAME = "STEM Academy"
    PRIVACY_TEXT = ""
    # Privacy: accounts with no activity for this long are warned by e-mail, then erased
    # RETENTION_WARNING_DAYS later; registrations never verified are removed after UNVERIFIED_DAYS;
    # a data export can be downloaded for EXPORT_DAYS.
    RETENTION_INACTIVE_DAYS = 3 * 365
    RETENTION_WARNING_DAYS = 30
    UNVERIFIED_ACCOUNT_DAYS = 7
    EXPORT_DAYS = 7
    DATA_EXPORT_DIR: str | None = None  # where export zips wait; <instance>/data-exports when unset
    EMAIL_LINK_MAX_AGE_SECONDS = 2 * 24 * 3600  # e-mail verification and address-change links
    # Roles that must sign in with a second factor (TOTP): any of "learner", "tutor", "admin".
    REQUIRE_2FA_FOR: tuple[str, ...] = ()
    # Mail: "file" writes .eml files to MAIL_OUTBOX; "smtp" sends through MAIL_HOST:MAIL_PORT.
    MAIL_TRANSPORT = "file"
    MAIL_OUTBOX = str(ROOT / "instance" / "outbox")
    MAIL_HOST = "127.0.0.1"
    MAIL_PORT = 25
    MAIL_USE_TLS = False  # STARTTLS
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_SENDER = "STEM Academy <no-reply@localhost>"
    # E-mails sent between two commits of their outcome: if the scheduler is killed mid-batch,
    # at most this many go twice (with the same Message-ID). See lms/notifications/delivery.py.
    MAIL_BATCH_SIZE = 100
    BADGE_ISSUER_NAME = "STEM Academy"
    BADGE_ISSUER_EMAIL = "badges@localhost"
    BADGE_ISSUER_DESCRIPTION = "Open courses for school staff on science, technology, engineering and maths careers."
    BADGE_ISSUER_LANGUAGE = "en"  # the language the issuer's description is written in
    # The site's privacy policy and terms, as absolute URLs: the Open Badges API's discovery document
    # and our registrations with learners' wallets name them (the home page while unset).
    PRIVACY_POLICY_URL: str | None = None
    TERMS_OF_SERVICE_URL: str | None = None
    BADGE_SIGNING_KEY: str | None = None  # PEM; by default a key is kept in instance/
    # Encrypts the stored Open Badges 3.0 signing keys (HKDF -> Fernet); SECRET_KEY when unset.
    BADGE_KEY_SECRET: str | None = None
    PASSWORD_RESET_MAX_AGE_SECONDS = 3600
    PASSWORD_HASH_METHOD = "scrypt"  # werkzeug's strong default (about 0.2 s per hash, on purpose)
    # Failed log-ins for one account: from one client, LOGIN_MAX_FAILURES in the window and that
    # client waits the window out; from everywhere together, each try past LOGIN_MAX_FAILURES
    # waits 1, 2, 4 ... seconds, at most LOGIN_MAX_DELAY_SECONDS (the owner is never locked out).
    LOGIN_MAX_FAILURES = 5
    LOGIN_FAILURE_WINDOW_SECONDS = 15 * 60
    LOGIN_MAX_DELAY_SECONDS = 30
    # Per client address, across accounts (Flask-Limiter): failed log-ins, reset requests.
    LOGIN_LIMIT_PER_ADDRESS = "10 per minute; 60 per hour"
    RESET_LIMIT_PER_ADDRESS = "5 per minute; 20 per hour"
    # Where Flask-Limiter keeps its counts: "memory://" is per process (each gunicorn worker
    # counts on its own); "redis://host:6379" shares them (pip install redis).
    RATELIMIT_STORAGE_URI = "memory://"
    # /verify.json per client address. The verifier (other issuers' documents) and the wallets
    # (a learner's wallet) reach other sites over https and only at public addresses (the tests
    # serve them on loopback over http).
    VERIFIER_LIMIT_PER_ADDRESS = "30 per minute; 300 per hour"
    # Send to my wallet, per learner (each form sent costs requests to another site).
    WALLET_PUSH_LIMIT_PER_USER = "10 per minute; 50 per day"
    OUTBOUND_ALLOW_PRIVATE = False
    OUTBOUND_ALLOW_HTTP = False
    # How many reverse proxies in front add X-Forwarded-For: 0 takes the connection's address
    # as the client's; behind one nginx (docs/deploy.md) it must be 1, or every visitor would
    # share the proxy's address and its limits.
    TRUSTED_PROXIES = 0
    # Posts one person may write in discussions (tutors and admins are not limited), counted from
    # the posts table itself, so every worker shares the count.
    DISCUSSION_POSTS_PER_10_MIN = 10
    DISCUSSION_POSTS_PER_DAY = 100
    MAX_CONTENT_LENGTH = 12 * 1024 * 1024  # a request, attachment included
    MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
    UPLOAD_DIR = str(ROOT / "instance" / "uploads")
    # How long after writing a discussion post its author may still change it (every change keeps the version before).
    DISCUSSION_EDIT_MINUTES = 30
    # The scheduler process: jobs' intervals (None: each job's own), how often a standby
    # checks whether it may take over, and how long an SQLite lease lasts without renewal.
    SCHEDULER_INTERVAL_SECONDS: float | None = None
    SCHEDULER_POLL_SECONDS = 5.0
    SCHEDULER_LEASE_SECONDS = 30.0
    # A fixed "now" (ISO 8601) lets a demo or a test travel in time; unset in production.
    FIXED_NOW: str | None = None


class DevelopmentConfig(Config):
    SERVED_BASE_URL_FILE = str(ROOT / "instance" / "base_url")


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-only-secret"
    DATABASE_URL = os.environ.get("LMS_TEST_DATABASE_URL", "sqlite://")
    MAIL_TRANSPORT = "smtp"
    MAIL_PORT = 0  # the test SMTP server fills this in
    # Hashing is deliberately slow in production; tests make hundreds of users. One test
    # (tests/service/test_password_hashing.py) checks that the production settings use scrypt.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1"
    BASE_URL = "http://localhost"
    # Every test client comes from 127.0.0.1: the per-address limits are lifted here and
    # set low by the tests that are about them.
    LOGIN_LIMIT_PER_ADDRESS = "10000 per minute"
    RESET_LIMIT_PER_ADDRESS = "10000 per minute"
    VERIFIER_LIMIT_PER_ADDRESS = "10000 per minute"
    OUTBOUND_ALLOW_PRIVATE = True
    OUTBOUND_ALLOW_HTTP = True


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = True
    TRUSTED_PROXIES = 1  # nginx in front, as docs/deploy.md sets it up
    MAIL_TRANSPORT = "smtp"
