"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py wsgi:app`.

Every value can be overridden from the environment (GUNICORN_WORKERS, PORT ...)."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))  # a request that takes longer is killed
graceful_timeout = 30
keepalive = 5
max_requests = 2000  # recycle workers now and then
max_requests_jitter = 200
# The app is imported once, in the master, and each worker is a fork of it: a recycled worker
# costs a fork instead of importing and building the app again (about 0.8 s of CPU, which
# over 2,000 requests was 0.4 ms a request, a fifth of a learner page).
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_fork(server, worker):
    """A fork must not share the master's database connections: each worker opens its own."""
    import wsgi
    from lms.core.extensions import db

    with wsgi.app.app_context():
        db.engine.dispose(close=False)


# No scheduler here: run `flask scheduler run` as its own service.
