# Production image: gunicorn serving Django, static files through whitenoise.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production

RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 maillage

WORKDIR /app
COPY pyproject.toml ./
RUN pip install --upgrade pip && pip install .
COPY . .
RUN SECRET_KEY=build-only DATABASE_URL=postgres://build@localhost/build ALLOWED_HOSTS=build SITE_URL=https://build.invalid \
    python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /app/media /app/private_media /app/keys \
    && chown -R maillage:maillage /app/media /app/private_media /app/keys

USER maillage
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
