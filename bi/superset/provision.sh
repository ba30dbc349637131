#!/usr/bin/env bash
# Superset provisioned as code: metadata, an admin, then danvan's databases, datasets, charts and
# dashboard imported from /app/danvan-assets (the read-only PostgreSQL role's password comes from the
# environment, never from the repository).
set -euo pipefail
: "${SUPERSET_ADMIN_PASSWORD:?set SUPERSET_ADMIN_PASSWORD (see .env.example)}"

superset db upgrade
superset fab create-admin --username "$SUPERSET_ADMIN_USER" --password "$SUPERSET_ADMIN_PASSWORD" \
  --firstname danvan --lastname admin --email admin@danvan.invalid || true
superset init

bundle=$(mktemp -d)/danvan_bi
cp -r /app/danvan-assets "$bundle"
sed -i "s|__READER_PASSWORD__|${DANVAN_SERVE_READER_PASSWORD}|" "$bundle/databases/danvan_postgresql.yaml"
(cd "$(dirname "$bundle")" && python -m zipfile -c danvan_bi.zip danvan_bi)
superset import-dashboards --path "$(dirname "$bundle")/danvan_bi.zip" --username "$SUPERSET_ADMIN_USER"
