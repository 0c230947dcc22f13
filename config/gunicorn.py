"""gunicorn's settings, for docker-compose's web service and for `make bench`, which serves
the product the same way: `gunicorn -c config/gunicorn.py config.wsgi`. Options given on the
command line win over these.

Workers: WEB_CONCURRENCY (gunicorn's own variable), default 3 sync workers for 2 cores.
Measured with `make bench BENCH_ARGS="--only workers"` (the region dashboard, 16 connections,
demo data, December 2026, three times on a busy machine): sync × 2, 3, 4 and 5 served the
same requests per second within the machine's noise (±30 %; sync × 3 ÷ sync × 2 was 1.05,
0.71 and 1.24), and gthread (2 × 4, 4 × 4 threads) no more (0.43–1.22): the pages are CPU-bound
Python, and 2 cores run 2 requests at a time however many workers wait. A third worker keeps a
core busy while another's request waits on PostgreSQL; each costs about 100 MB. More cores:
about 2 × cores + 1. The figures of the latest run are in docs/benchmarks.md."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "sync"
# The heartbeat file on a RAM disk: a container's /tmp may be an overlay that stalls it.
worker_tmp_dir = "/dev/shm"
accesslog = "-"
