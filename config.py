"""Settings for the LMS. Every value can be overridden from the environment
with the ``LMS_`` prefix (``LMS_SECRET_KEY``, ``LMS_DATABASE_URL`` ...)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent


class Config:
    SECRET_KEY: str | None = None  # must come from the environment or instance/secret_key
    DATABASE_URL = "sqlite:///" + str(ROOT / "instance" / "lms.sqlite")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    COURSES_DIR = str(ROOT / "courses")
    CONTENT_DIR = str(ROOT / "content")
    BASE_URL = "http://127.0.0.1:5000"
    DEFAULT_TIMEZONE = "Europe/Brussels"
    # Mail: "file" writes .eml files to MAIL_OUTBOX; "smtp" sends through MAIL_HOST:MAIL_PORT.
    MAIL_TRANSPORT = "file"
    MAIL_OUTBOX = str(ROOT / "instance" / "outbox")
    MAIL_HOST = "127.0.0.1"
    MAIL_PORT = 25
    MAIL_USE_TLS = False  # STARTTLS
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_SENDER = "STEM Academy <no-reply@localhost>"
    BADGE_ISSUER_NAME = "STEM Academy"
    BADGE_ISSUER_EMAIL = "badges@localhost"
    BADGE_ISSUER_DESCRIPTION = "Open courses for school staff on science, technology, engineering and maths careers."
    BADGE_SIGNING_KEY: str | None = None  # PEM; by default a key is kept in instance/
    PASSWORD_RESET_MAX_AGE_SECONDS = 3600
    PASSWORD_HASH_METHOD = "scrypt"  # werkzeug's strong default (about 0.2 s per hash, on purpose)
    LOGIN_MAX_FAILURES = 5
    LOGIN_FAILURE_WINDOW_SECONDS = 15 * 60
    MAX_CONTENT_LENGTH = 12 * 1024 * 1024  # a request, attachment included
    MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
    UPLOAD_DIR = str(ROOT / "instance" / "uploads")
    # The scheduler process: jobs' intervals (None: each job's own), how often a standby
    # checks whether it may take over, and how long an SQLite lease lasts without renewal.
    SCHEDULER_INTERVAL_SECONDS: float | None = None
    SCHEDULER_POLL_SECONDS = 5.0
    SCHEDULER_LEASE_SECONDS = 30.0
    # A fixed "now" (ISO 8601) lets a demo or a test travel in time; unset in production.
    FIXED_NOW: str | None = None


class DevelopmentConfig(Config):
    pass


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


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = True
    MAIL_TRANSPORT = "smtp"
