"""`make bench`: the product measured against the bare stack's own limits on this machine.

Not a Django app: a package the Makefile runs as `python -m bench`. It sets up its own
database, serves the product with gunicorn as docker-compose deploys it, drives it with wrk
over loopback and prints one table (bench.table). Each measuring module has
`run(ctx: bench.table.Context) -> list[bench.table.Row]`: bench.web (the pages, the 50-user
run, the worker sizing) and, where present, bench.imports and bench.reports.
"""
