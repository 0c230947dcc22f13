# syntax=docker/dockerfile:1
# Werkregio: one image for web (gunicorn), Celery worker and Celery beat (see docker-compose.yml).
#
# Three stages on the same base, so the virtualenv built in `build` runs unchanged in `runtime`:
#   base     the libraries WeasyPrint needs at run time
#   build    Python packages, npm assets (static/vendor), compiled translations, collectstatic
#   runtime  base + the results of build, without npm, node_modules or gettext

FROM python:3.12-slim-bookworm AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH

# Pango for WeasyPrint's text layout; libharfbuzz-subset0 for font subsetting (without it
# WeasyPrint falls back to fontTools: slower, with a warning per font); a font to fall back on,
# because the slim image has none.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app


FROM base AS build

RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext nodejs npm \
    && rm -rf /var/lib/apt/lists/*

# Dependencies first, so a code change does not reinstall them. pyproject.toml lists no
# packages (the code runs from /app), so `pip install .` installs just the dependencies;
# the dev extras (pytest, Playwright, ruff) stay out of the image.
RUN python -m venv /opt/venv
COPY pyproject.toml ./
RUN pip install .

COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund --loglevel=error

COPY . .

# The same files as the Makefile's static target: htmx, axe-core, and the one stylesheet
# (tools/build-css.mjs: the Utrecht CSS and css/app.css, only the rules the templates use).
RUN mkdir -p static/vendor \
    && node tools/build-css.mjs static/vendor/werkregio.css \
    && cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js \
    && cp node_modules/axe-core/axe.min.js static/vendor/axe.min.js \
    && touch static/vendor/.built \
    && rm -rf node_modules

# Translations are compiled with the local settings (no secret needed). Static files are
# collected with the production storage (hashed names and a manifest) into the image, so the
# worker, which renders report templates too, has the manifest as well as web; the key is a
# throwaway that only lets the production settings load. staticfiles/ is moved aside so the
# runtime stage can copy it in owned by the runtime user (for `collectstatic` at start-up).
RUN DJANGO_SETTINGS_MODULE=config.settings.local \
        python manage.py compilemessages --ignore=node_modules -v0 \
    && DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=build-only-not-secret \
        python manage.py collectstatic --noinput -v0 \
    && mv staticfiles /staticfiles


FROM base AS runtime

RUN groupadd --system --gid 10001 werkregio \
    && useradd --system --uid 10001 --gid werkregio --create-home --home-dir /home/werkregio \
        --shell /usr/sbin/nologin werkregio

# Code and packages stay owned by root (read-only for the app); only staticfiles/ and media/
# (uploads and generated PDF reports) are writable by it.
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
COPY --from=build --chown=werkregio:werkregio /staticfiles /app/staticfiles
RUN install -d -o werkregio -g werkregio /app/media

ENV DJANGO_SETTINGS_MODULE=config.settings.production \
    MEDIA_ROOT=/app/media

USER werkregio
EXPOSE 8000

# web by default; docker-compose.yml runs the worker and beat from the same image.
# gunicorn's settings (workers: WEB_CONCURRENCY, default 3) are in config/gunicorn.py.
CMD ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]
