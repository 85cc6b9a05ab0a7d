#!/usr/bin/env bash
# `make run`: the whole product on one machine. Embedded defaults (SQLite, a filesystem
# broker) unless DATABASE_URL / CELERY_BROKER_URL are set. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
export KYC_ENV=${KYC_ENV:-development}
export DJANGO_SETTINGS_MODULE=kyc_portal.settings
PORT=${PORT:-8000}
BIN=.venv/bin
mkdir -p var

$BIN/python manage.py migrate --noinput -v 0
$BIN/python manage.py demo_setup
if [ "$KYC_ENV" = production ]; then $BIN/python manage.py collectstatic --noinput -v 0; fi

pids=()
stop() {
  trap - INT TERM EXIT
  echo; echo "Stopping…"
  kill -TERM "${pids[@]}" 2>/dev/null || true
  # A warm shutdown finishes running tasks; after 15 s what is left is killed (late
  # acknowledgement and the periodic sweep give its work to the next start).
  for _ in $(seq 1 30); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.5
  done
  kill -KILL "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

$BIN/celery -A kyc_portal worker --loglevel=INFO --concurrency="${CELERY_CONCURRENCY:-2}" &
pids+=($!)
$BIN/celery -A kyc_portal beat --loglevel=INFO --schedule=var/celerybeat-schedule &
pids+=($!)
# Gunicorn, not the development server; no access log (URLs are not for logs).
$BIN/gunicorn kyc_portal.wsgi:application --bind "127.0.0.1:$PORT" \
  --workers "${WEB_WORKERS:-2}" --threads 4 --timeout 60 --graceful-timeout 10 --keep-alive 5 &
pids+=($!)

for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 1
done
echo
echo "eKYC is running: http://127.0.0.1:$PORT/   (staff: http://127.0.0.1:$PORT/admin/)  Ctrl-C stops."
wait -n "${pids[@]}"
