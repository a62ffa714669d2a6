# The portal's image: web (gunicorn), worker and beat all run from it.
FROM python:3.11-slim-bookworm

ENV KKR_ENV=production \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH=/opt/venv/bin:$PATH

# WeasyPrint's libraries (for the PDF agendas) and gettext.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
        libharfbuzz-subset0 fonts-dejavu-core gettext \
 && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir uv==0.13.9

WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .

# Collect static files with the production storage (hashed names, compressed); the values
# below exist only so that the settings load during the build.
RUN KKR_SECRET_KEY=build-only-build-only-build-only-build-only-build-only-x \
    KKR_ALLOWED_HOSTS=build KKR_DATABASE_URL=postgres://build@localhost/build \
    KKR_REDIS_URL=redis://localhost:6379/0 KKR_STATIC_ROOT=/app/staticfiles \
    python manage.py collectstatic --noinput -v 0

RUN useradd --system --uid 1000 --home /app kkr \
 && mkdir -p /data/media /data/beat && chown -R kkr /data
USER kkr
ENV KKR_STATIC_ROOT=/app/staticfiles KKR_MEDIA_ROOT=/data/media
EXPOSE 8000
CMD ["gunicorn", "kkr_portal.wsgi", "--config", "gunicorn.conf.py", "--bind", "0.0.0.0:8000"]
