#!/usr/bin/env bash
# Creates the Okrug databases and roles on a fresh PostgreSQL cluster.
#
# Run once by the official postgres image from /docker-entrypoint-initdb.d/ (Compose, and the
# in-cluster PostgreSQL of the Kubernetes dev overlay, which carries a copy of this file:
# deploy/k8s/overlays/dev/postgres/init-okrug.sh, kept identical by scripts/validate-deploy.sh).
# It can also be run by hand: PGHOST/PGUSER/... select the server, as for psql.
#
# For each service S in identity schedule journal notify helpdesk:
#   database okrug_S, owned by okrug_S_owner (migrations run as this role)
#   okrug_S_app        the service itself: row-level security applies to it
#   okrug_S_relay      the outbox relay
#   okrug_S_reporting  district-wide reads through reporting policies
# app, relay and reporting are NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE and own
# nothing, so FORCE ROW LEVEL SECURITY holds for them. The app role gets read/write on the
# tables the owner creates (default privileges); what relay and reporting may read is
# granted by each service's migrations. Plus a `keycloak` database owned by role keycloak.
#
# Passwords come from the environment, one variable per role, and none has a default:
#   OKRUG_PG_<SERVICE>_<OWNER|APP|RELAY|REPORTING>_PASSWORD, KEYCLOAK_DB_PASSWORD
set -euo pipefail

services=(identity schedule journal notify helpdesk)
kinds=(owner app relay reporting)

missing=()
for s in "${services[@]}"; do
  for k in "${kinds[@]}"; do
    var="OKRUG_PG_${s^^}_${k^^}_PASSWORD"
    [[ -n "${!var:-}" ]] || missing+=("$var")
  done
done
[[ -n "${KEYCLOAK_DB_PASSWORD:-}" ]] || missing+=(KEYCLOAK_DB_PASSWORD)
if ((${#missing[@]})); then
  echo "init-okrug: missing password variables: ${missing[*]}" >&2
  exit 1
fi

# The official image exports POSTGRES_USER / POSTGRES_DB for the superuser connection.
psql_super=(psql -v ON_ERROR_STOP=1 --no-psqlrc --quiet
  --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}")

# Creates or updates a login role; the password is passed as a psql variable, so it is
# quoted by psql (:'pw') and never spliced into SQL text by the shell.
ensure_role() { # name password attributes...
  local name=$1 pw=$2
  shift 2
  "${psql_super[@]}" -v role="$name" -v pw="$pw" <<SQL
SELECT format('CREATE ROLE %I', :'role')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
ALTER ROLE :"role" WITH LOGIN PASSWORD :'pw' $*;
SQL
}

ensure_database() { # name owner
  "${psql_super[@]}" -v db="$1" -v owner="$2" <<'SQL'
SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L TEMPLATE template0', :'db', :'owner', 'UTF8')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
ALTER DATABASE :"db" OWNER TO :"owner";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
SQL
}

restricted="NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION INHERIT"

for s in "${services[@]}"; do
  db="okrug_${s}"
  owner_pw_var="OKRUG_PG_${s^^}_OWNER_PASSWORD"
  # The owner owns its database and schema, and nothing else.
  ensure_role "${db}_owner" "${!owner_pw_var}" "NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION"
  for k in app relay reporting; do
    var="OKRUG_PG_${s^^}_${k^^}_PASSWORD"
    ensure_role "${db}_${k}" "${!var}" "$restricted"
  done
  ensure_database "$db" "${db}_owner"

  "${psql_super[@]}" --dbname "$db" -v db="$db" -v owner="${db}_owner" \
    -v app="${db}_app" -v relay="${db}_relay" -v reporting="${db}_reporting" <<'SQL'
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"owner";
GRANT CONNECT ON DATABASE :"db" TO :"app", :"relay", :"reporting";
-- The owner role owns the public schema: migrations create everything there.
ALTER SCHEMA public OWNER TO :"owner";
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app", :"relay", :"reporting";
-- Tables and sequences the owner creates later are readable and writable by the app role
-- (row-level security still decides which rows). Relay and reporting get explicit grants
-- from the migrations (the outbox table; the reporting views).
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO :"app";
SQL
done

ensure_role keycloak "$KEYCLOAK_DB_PASSWORD" "$restricted"
ensure_database keycloak keycloak
"${psql_super[@]}" --dbname keycloak <<'SQL'
GRANT CONNECT, TEMPORARY ON DATABASE keycloak TO keycloak;
ALTER SCHEMA public OWNER TO keycloak;
SQL

echo "init-okrug: databases and roles ready"
