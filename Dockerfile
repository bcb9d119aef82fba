FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint (PDF reports) needs Pango; curl serves the health checks.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl libpango-1.0-0 libpangoft2-1.0-0 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 csoa

WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install .
COPY . .

# collectstatic needs settings that parse; the real values come from the environment at run time.
RUN DJANGO_ENV=development python manage.py collectstatic --no-input -v 0 \
    && mkdir -p /app/var/media && chown -R csoa:csoa /app/var

USER csoa
EXPOSE 8000
CMD ["gunicorn", "csoa.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
