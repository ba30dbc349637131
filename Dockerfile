# The one image every Airflow service of docker-compose.yml runs: the project and its locked environment.
FROM python:3.11-slim

ENV UV_PROJECT_ENVIRONMENT=/opt/danvan/.venv \
    PATH=/opt/danvan/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1

RUN pip install --no-cache-dir uv \
    && apt-get update \
    && apt-get install -y --no-install-recommends chromium \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/danvan
COPY pyproject.toml uv.lock README.md ./
COPY danvan ./danvan
COPY scrapers ./scrapers
RUN uv sync --frozen --no-dev --extra postgres --extra celery
COPY . .
