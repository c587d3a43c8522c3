"""CPU per request of the learner and tutor pages, in one process through the Flask client
(time.process_time over ROUNDS requests after a warm-up), in a language: a steadier figure than
gunicorn's on a shared machine, for before/after comparisons of one checkout against another.

    .venv/bin/python bench/page_cpu.py APP_ROOT LANGUAGE ROUNDS

APP_ROOT holds instance/bench-L.sqlite (bench/generate --size L --app-root APP_ROOT)."""
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
root = sys.argv[1]
language = sys.argv[2]
rounds = int(sys.argv[3])
sys.path.insert(0, root)
sys.path.insert(1, str(HERE.parent))
sys.path.insert(2, str(HERE))
os.environ.update({"LMS_DATABASE_URL": f"sqlite:///{root}/instance/bench-L.sqlite", "LMS_SECRET_KEY": "bench-secret",
                   "LMS_MAIL_TRANSPORT": "file", "LMS_MAIL_OUTBOX": f"{root}/instance/bench-outbox"})
from bench import appside  # noqa: E402
from bench.load import TUTOR_EMAIL, page_paths  # noqa: E402
from lms import create_app  # noqa: E402


app = create_app()
targets = appside.find_targets(app, 1)
paths = page_paths(targets)
result = {}
learner = app.test_client()
appside._log_in(learner, targets.learners[0])
tutor = app.test_client()
appside._log_in(tutor, TUTOR_EMAIL)
DISCUSSIONS = [name for name in ("thread_list", "thread", "thread_after", "search") if name in paths]
for name in ["module", "unit", "dashboard", "course", "tutor_answers", "tutor_assignment", *DISCUSSIONS]:
    who, path = paths[name]
    client = learner if who == "learner" else tutor
    headers = {"Accept-Language": language}
    n = rounds if who == "learner" else max(3, rounds // 50)
    for _ in range(3):
        assert client.get(path, headers=headers).status_code == 200, (name, path)
    start = time.process_time()
    for _ in range(n):
        client.get(path, headers=headers)  # no If-None-Match: drawn (or served as kept) each time
    result[name] = round((time.process_time() - start) / n * 1000, 3)
print(json.dumps(result))
