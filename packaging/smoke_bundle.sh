#!/usr/bin/env bash
# Smoke check of the built bundle: it starts offscreen against a fresh, empty data folder,
# creates and migrates its database, shows the main window and quits on request
# (STATION_APP_SMOKE_EXIT_MS, see station_app/ui/app.py) with exit code 0.
#
#   bash packaging/smoke_bundle.sh             # builds dist/station-app first if missing
#   bash packaging/smoke_bundle.sh --rebuild   # always rebuild
#
# Checks: exit code 0, the "ready" line, station.db exists at the latest migration with the
# app's tables, the key file beside it; prints the bundle size and the start-up time.
set -euo pipefail
cd "$(dirname "$0")/.."

bundle=dist/station-app
exe="$bundle/station-app"
if [ "${1:-}" = "--rebuild" ] || [ ! -x "$exe" ]; then
  bash packaging/build_linux.sh
fi
PY="${PYTHON:-.venv/bin/python}"

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
started=$(date +%s%N)
set +e
out=$(env QT_QPA_PLATFORM=offscreen STATION_APP_HOME="$home" STATION_APP_NO_KEYRING=1 \
      STATION_APP_SMOKE_EXIT_MS=0 timeout 120 "$exe" 2>"$home.stderr")
code=$?
set -e
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
echo "$out"
if [ "$code" -ne 0 ]; then
  echo "FAIL: $exe exited with $code" >&2; cat "$home.stderr" >&2; rm -f "$home.stderr"; exit 1
fi
rm -f "$home.stderr"
case "$out" in
  *"station-app smoke: ready"*) ;;
  *) echo "FAIL: no ready line from $exe" >&2; exit 1 ;;
esac
db="$home/station.db"
[ -f "$db" ] || { echo "FAIL: $db was not created" >&2; exit 1; }

"$PY" - "$db" "$home" <<'PYCHECK'
import sqlite3, sys
from pathlib import Path

from station_app.store import migrate

db, home = Path(sys.argv[1]), Path(sys.argv[2])
conn = sqlite3.connect(db)
try:
    revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    database_id = conn.execute(
        "SELECT value FROM local_meta WHERE key = 'database_id'").fetchone()[0]
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
finally:
    conn.close()
head = migrate.head_revision()
assert revision == head, f"database at {revision}, head is {head}"
needed = {"station", "user_account", "farmer", "village", "local_meta", "alembic_version"}
assert needed <= tables, f"missing tables: {needed - tables}"
assert (home / "keys" / f"{database_id}.key").is_file(), "no key file"
print(f"database OK: revision {revision} (head), {len(tables)} tables")
PYCHECK

echo "PASS: $exe ($(cat "$bundle/VERSION")) started, created its database and quit in ${elapsed_ms} ms; bundle $(du -sh "$bundle" | cut -f1)"
