"""The notify service's own tests: a scratch database, app-role sessions, a superuser
connection and the REST app (tests/service_fixtures.py)."""

from okrug_notify.main import definition
from tests.service_fixtures import service_fixtures

database, app_engine, sessions, admin_conn, service = service_fixtures(definition)
