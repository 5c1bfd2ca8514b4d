#!/usr/bin/env bash
# Developer aid: a scratch database for SERVICE with the role convention
# (X_owner/_app/_relay/_reporting) on a local PostgreSQL reachable as superuser.
# Usage: PGPORT=55999 scripts/dev-db.sh schedule   (prints the owner URL)
set -euo pipefail
svc=$1
db="okrug_$svc"
psql -v ON_ERROR_STOP=1 -q -h "${PGHOST:-127.0.0.1}" -U "${PGUSER:-postgres}" <<SQL >/dev/null
DROP DATABASE IF EXISTS $db;
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${db}_owner') THEN CREATE ROLE ${db}_owner LOGIN PASSWORD 'dev'; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${db}_app') THEN CREATE ROLE ${db}_app LOGIN PASSWORD 'dev'; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${db}_relay') THEN CREATE ROLE ${db}_relay LOGIN PASSWORD 'dev'; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${db}_reporting') THEN CREATE ROLE ${db}_reporting LOGIN PASSWORD 'dev'; END IF;
END \$\$;
CREATE DATABASE $db OWNER ${db}_owner;
SQL
psql -q -h "${PGHOST:-127.0.0.1}" -U "${PGUSER:-postgres}" -d "$db" -c "ALTER SCHEMA public OWNER TO ${db}_owner" >/dev/null
echo "postgresql+asyncpg://${db}_owner:dev@${PGHOST:-127.0.0.1}:${PGPORT:-5432}/$db"
