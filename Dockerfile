# syntax=docker/dockerfile:1
# Production image of the portal. gunicorn serves Django by default; the same image runs the
# Celery worker and beat (see docker-compose.yml). All configuration comes from the environment
# (see .env.example).
FROM python:3.13-slim-bookworm

# PYTHONPATH puts the project directory before site-packages, so Django, gunicorn and Celery all
# load the copy in /app (with its templates, static files and locale) and BASE_DIR is /app.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    GUNICORN_WORKERS=2

# Pango, HarfBuzz and fonts for WeasyPrint (PDF reports); gettext for makemessages/compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
        fonts-liberation2 \
        gettext \
    && rm -rf /var/lib/apt/lists/*

# Unprivileged user that runs every process; it may write only to the upload directories.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --create-home --home-dir /home/app \
        --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies in their own layer, rebuilt only when pyproject.toml changes.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .
RUN pip install . \
    && rm -rf build ./*.egg-info

# Translations and static files are built into the image. The secret key below exists only for
# these two commands; the running containers get theirs from the environment.
RUN SECRET_KEY=build-only-dummy-key-not-used-at-runtime python manage.py compile_catalogs --verbosity 2 \
    && SECRET_KEY=build-only-dummy-key-not-used-at-runtime python manage.py collectstatic --noinput \
    && mkdir -p /app/media /app/private \
    && chown app:app /app/media /app/private

USER app

EXPOSE 8000

# GUNICORN_WORKERS sets the number of workers; gunicorn also reads extra options from
# GUNICORN_CMD_ARGS (e.g. "--timeout 60").
CMD ["sh", "-c", "exec gunicorn config.wsgi:application --bind 0.0.0.0:8000 --workers \"${GUNICORN_WORKERS:-2}\" --access-logfile - --error-logfile -"]
