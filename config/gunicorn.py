"""gunicorn's settings, for docker-compose's web service and for `make bench`, which serves
the product the same way: `gunicorn -c config/gunicorn.py config.wsgi`. Options given on the
command line win over these.

Workers: WEB_CONCURRENCY (gunicorn's own variable), sync workers. Sized by `make bench`'s
worker sizing on 2 cores (bench/web.py, docs/benchmarks.md): WORKER SIZING PENDING."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
# The heartbeat file on a RAM disk: a container's /tmp may be an overlay that stalls it.
worker_tmp_dir = "/dev/shm"
accesslog = "-"
