"""Extensions, created unbound and attached to the app in ``init_app``."""

from __future__ import annotations

from flask import Flask
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import Pool

from lms.core import clock
from lms.core.i18n import lazy_gettext

# Named constraints make migrations reproducible on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# Views commit and then render what they loaded: keep it loaded rather than re-query it.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()


def init_app(app: Flask) -> None:
    db.init_app(app)
    app.teardown_appcontext(_commit_if_only_read)  # after Flask-SQLAlchemy's: runs before it removes the session
    idle = app.config.get("DATABASE_IDLE_PING_SECONDS", 10.0)

    def ping_after_idle(connection: Connection) -> None:
        _ping_after_idle(connection, idle=idle)

    with app.app_context():
        for engine in db.engines.values():
            event.listen(engine, "engine_connect", ping_after_idle)
    migrate.init_app(app, db, render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = lazy_gettext("Please log in to see this page.")
    login_manager.localize_callback = str  # the message in the visitor's language, as flashed text
    login_manager.login_message_category = "info"


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """Foreign keys on, WAL and a busy timeout so web and CLI can share the file. In WAL mode,
    synchronous=NORMAL syncs at checkpoints rather than at every commit: still never corrupt and
    always consistent after a crash of the process; a power cut may lose the last commits."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


@event.listens_for(Pool, "checkin")
def _note_checkin(_dbapi_connection, record) -> None:
    if record is not None:
        record.info["idle_since"] = clock.monotonic()


def _ping_after_idle(connection: Connection, *, idle: float) -> None:
    """Instead of a round trip before every request (pool_pre_ping), ping a connection only when
    it has sat idle: the server may have restarted, or an idle timeout or a firewall closed it.
    One in steady use answered a moment ago. A dead one is replaced before the request uses it."""
    idle_since = connection.connection.info.get("idle_since")
    if idle_since is None or clock.monotonic() - idle_since < idle:
        return
    try:
        alive = connection.dialect.do_ping(connection.connection.dbapi_connection)
    except connection.dialect.loaded_dbapi.Error:
        alive = False
    if not alive:
        connection.invalidate()  # the first statement reconnects


@event.listens_for(Engine, "begin")
def _transaction_begins(connection: Connection) -> None:
    connection.info["wrote"] = False


@event.listens_for(Engine, "before_cursor_execute")
def _note_writes(connection: Connection, _cursor, statement: str, *_args) -> None:
    if statement.lstrip()[:6].upper() != "SELECT":
        connection.info["wrote"] = True


def _commit_if_only_read(error: BaseException | None) -> None:
    """On PostgreSQL, a request that only read ends its transaction with COMMIT instead of the
    ROLLBACK that removing the session would send: the same for the data, but psycopg forgets its
    prepared statements at every ROLLBACK, and PostgreSQL would parse and plan each page's queries
    again. Anything written, pending or failed still rolls back (SQLite: always, it is cheaper)."""
    if error is not None or not db.session.registry.has():
        return
    session = db.session()
    if not session.in_transaction() or session.new or session.dirty or session.deleted:
        return
    if session.get_bind().dialect.name != "postgresql":
        return
    try:
        if not session.connection().info.get("wrote", True):
            session.commit()
    except SQLAlchemyError:
        pass  # removing the session rolls back
