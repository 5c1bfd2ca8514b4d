"""The Compose and Kubernetes deployments, checked without Docker or a cluster.

One run of scripts/validate-deploy.sh (kustomize build | kubeconform -strict, docker compose
config, nginx -t, nats-server -t, the PostgreSQL init script against a throwaway server)
renders what it validated; the tests below read those renders and assert what a typo, a
forgotten service or a careless edit would break. The script installs its tools when they
are missing: if it cannot, every test here fails (nothing skips).
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped,unused-ignore]

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "validate-deploy.sh"
COMPOSE_DIR = ROOT / "deploy" / "compose"
K8S_DIR = ROOT / "deploy" / "k8s"
NGINX_CONF = ROOT / "deploy" / "nginx" / "okrug.conf"
REALM = ROOT / "deploy" / "keycloak" / "okrug-realm.json"

SERVICES = ("identity", "schedule", "journal", "notify", "helpdesk")
# Whom each service asks over gRPC (README, the services table): exactly these peer targets
# are configured.
PEERS = {
    "identity": (),
    "schedule": ("identity",),
    "journal": ("identity", "schedule"),
    "notify": ("identity",),
    "helpdesk": ("identity",),
}
OVERLAYS = ("base", "dev", "production")
WORKLOADS = ("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob")
KEYCLOAK_IMAGE = "quay.io/keycloak/keycloak:26.5.6"
HTTP_PORT, GRPC_PORT = 8000, 50051

# The install of a cold cache builds Go tools: allow for it on a busy 2-core machine.
pytestmark = pytest.mark.timeout(1800)


# --------------------------------------------------------------------------- fixtures
@dataclass
class Rendered:
    k8s: dict[str, list[dict[str, Any]]]
    compose: dict[str, Any]
    log: str


def run_script(*args: str, timeout: int = 1700) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(SCRIPT), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        check=False,
    )


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    out = tmp_path_factory.mktemp("deploy-render")
    proc = run_script("--render", str(out))
    assert proc.returncode == 0, (
        f"scripts/validate-deploy.sh failed (exit {proc.returncode}):\n"
        f"{proc.stderr[-12000:]}\n{proc.stdout[-2000:]}"
    )
    k8s = {}
    for name in OVERLAYS:
        docs = [d for d in yaml.safe_load_all((out / f"k8s-{name}.yaml").read_text()) if d]
        assert docs, f"k8s-{name}.yaml is empty"
        k8s[name] = docs
    compose = json.loads((out / "compose.json").read_text())
    return Rendered(k8s=k8s, compose=compose, log=proc.stderr)


@pytest.fixture(scope="session")
def tools() -> dict[str, str]:
    proc = run_script("--print-tools")
    assert proc.returncode == 0, f"validate-deploy.sh --print-tools failed:\n{proc.stderr[-8000:]}"
    found = dict(line.split("=", 1) for line in proc.stdout.splitlines() if "=" in line)
    for key in ("KUSTOMIZE", "KUBECONFORM", "NGINX", "NATS_SERVER", "DOCKER_COMPOSE"):
        assert Path(found[key]).is_file(), f"{key} not installed: {found.get(key)}"
    return found


# --------------------------------------------------------------------------- helpers
def objects(docs: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {d["metadata"]["name"]: d for d in docs if d.get("kind") == kind}


def generated(docs: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    """A generated ConfigMap/Secret by its name before kustomize's hash suffix."""
    found = [
        d
        for n, d in objects(docs, kind).items()
        if n == name or re.fullmatch(re.escape(name) + r"-[a-z0-9]{10}", n)
    ]
    assert len(found) == 1, f"{kind} {name}: found {len(found)}"
    doc: dict[str, Any] = found[0]
    return doc


def base_name(name: str) -> str:
    return re.sub(r"-[a-z0-9]{10}$", "", name)


def workloads(docs: list[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    for d in docs:
        if d.get("kind") in WORKLOADS:
            spec = d["spec"]
            if d["kind"] == "CronJob":
                spec = spec["jobTemplate"]["spec"]
            yield f"{d['kind']}/{d['metadata']['name']}", spec["template"]["spec"]


def all_containers(pod: dict[str, Any]) -> list[dict[str, Any]]:
    return [*pod.get("initContainers", []), *pod["containers"]]


def container(pod: dict[str, Any], name: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [c for c in pod["containers"] if c["name"] == name]
    assert len(found) == 1, f"container {name}: found {len(found)}"
    return found[0]


def effective_env(c: dict[str, Any], docs: list[dict[str, Any]]) -> dict[str, Any]:
    """Name -> literal value, or ("secret", secret name, key) for a secretKeyRef."""
    env: dict[str, Any] = {}
    config_maps = objects(docs, "ConfigMap")
    for src in c.get("envFrom", []):
        prefix = src.get("prefix", "")
        if "configMapRef" in src:
            for key, value in config_maps[src["configMapRef"]["name"]]["data"].items():
                env[prefix + key] = value
        else:
            secret = src["secretRef"]["name"]
            env[f"{prefix}<all keys of secret {base_name(secret)}>"] = ("secret", secret, None)
    for item in c.get("env", []):
        if "value" in item:
            env[item["name"]] = item["value"]
        else:
            ref = item["valueFrom"]
            if "secretKeyRef" in ref:
                env[item["name"]] = (
                    "secret",
                    ref["secretKeyRef"]["name"],
                    ref["secretKeyRef"]["key"],
                )
            else:
                env[item["name"]] = ("ref", json.dumps(ref, sort_keys=True))
    return env


def secret_value(docs: list[dict[str, Any]], ref: tuple[str, str, str]) -> str:
    _, name, key = ref
    secret = objects(docs, "Secret")[name]
    return base64.b64decode(secret["data"][key]).decode()


def service_ports(docs: list[dict[str, Any]], name: str) -> dict[str, int]:
    svc = objects(docs, "Service")[name]
    return {p["name"]: p["port"] for p in svc["spec"]["ports"]}


def api_deployments(docs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {
        n: d
        for n, d in objects(docs, "Deployment").items()
        if d["spec"]["template"]["metadata"]["labels"].get("app.kubernetes.io/component") == "api"
    }


def jetstream_block(conf: str) -> str:
    m = re.search(r"^\s*jetstream\s*\{(?P<body>[^}]*)\}", conf, re.M)
    assert m, "no jetstream { } block"
    return m.group("body")


CREDENTIAL_URL = re.compile(r"://[^/\s:@]+:[^@\s/]+@")
SECRET_NAME = re.compile(r"PASSWORD|SECRET|TOKEN|PRIVATE|CREDENTIAL", re.I)


def looks_secret(name: str) -> bool:
    """A name for a secret value (an endpoint such as OIDC_TOKEN_URL is not one)."""
    return bool(SECRET_NAME.search(name)) and not name.endswith("_URL")


# --------------------------------------------------------------------------- the run
def test_validation_passes_and_checks_everything(rendered: Rendered) -> None:
    log = rendered.log
    for expected in (
        "kustomize build deploy/k8s/base",
        "kustomize build deploy/k8s/overlays/dev",
        "kustomize build deploy/k8s/overlays/production",
        "kubeconform -strict -summary",
        "docker compose config",
        "nginx -t",
        "nats-server -t deploy/compose/nats/nats.conf",
        "nats-server -t deploy/k8s/overlays/production/nats/nats.conf",
        "init-okrug.sh against a throwaway PostgreSQL",
        "all checks passed",
    ):
        assert expected in log, f"the validation did not run: {expected}"
    summaries = re.findall(
        r"Summary: (\d+) resources .* Invalid: (\d+), Errors: (\d+), Skipped: (\d+)", log
    )
    assert summaries, "kubeconform printed no summary"
    for total, invalid, errors, skipped in summaries:
        assert int(total) > 100
        assert (invalid, errors, skipped) == ("0", "0", "0")


# --------------------------------------------------------------------------- Kubernetes
@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_service_has_deployment_and_service(rendered: Rendered, overlay: str) -> None:
    docs = rendered.k8s[overlay]
    deployments = api_deployments(docs)
    assert set(deployments) == set(SERVICES)
    for s in SERVICES:
        pod = deployments[s]["spec"]["template"]["spec"]
        main = container(pod, s)
        assert main["command"] == [f"okrug-{s}", "serve"]
        ports = {p["name"]: p["containerPort"] for p in main["ports"]}
        assert ports == {"http": HTTP_PORT, "grpc": GRPC_PORT}
        assert service_ports(docs, s) == {"http": HTTP_PORT, "grpc": GRPC_PORT}
        svc = objects(docs, "Service")[s]
        selector = svc["spec"]["selector"]
        labels = deployments[s]["spec"]["template"]["metadata"]["labels"]
        assert selector.items() <= labels.items(), f"Service {s} does not select its pods"
        assert {p["targetPort"] for p in svc["spec"]["ports"]} == {"http", "grpc"}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_probes_on_service_paths(rendered: Rendered, overlay: str) -> None:
    for s, d in api_deployments(rendered.k8s[overlay]).items():
        main = container(d["spec"]["template"]["spec"], s)
        for probe, path in (
            ("readinessProbe", f"/{s}/readyz"),
            ("livenessProbe", f"/{s}/healthz"),
            ("startupProbe", f"/{s}/healthz"),
        ):
            assert main[probe]["httpGet"] == {"path": path, "port": "http"}, f"{s} {probe}"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_migrations_run_first_as_owner(rendered: Rendered, overlay: str) -> None:
    docs = rendered.k8s[overlay]
    for s, d in api_deployments(docs).items():
        pod = d["spec"]["template"]["spec"]
        (init,) = pod["initContainers"]
        assert init["command"] == [f"okrug-{s}", "migrate"]
        assert init["image"] == container(pod, s)["image"]
        init_env = effective_env(init, docs)
        owner = init_env[f"OKRUG_{s.upper()}_OWNER_DATABASE_URL"]
        assert owner[0] == "secret"
        assert owner[2] == "OWNER_DATABASE_URL"
        assert base_name(owner[1]) == f"okrug-{s}"
        # The serving container never holds the owner's credentials.
        serve_env = effective_env(container(pod, s), docs)
        assert not [k for k in serve_env if "OWNER" in k], f"{s} serves with the owner role"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_service_environment(rendered: Rendered, overlay: str) -> None:
    docs = rendered.k8s[overlay]
    services = objects(docs, "Service")
    for s, d in api_deployments(docs).items():
        up = s.upper()
        env = effective_env(container(d["spec"]["template"]["spec"], s), docs)
        wrong = [k for k in env if not (k.startswith(f"OKRUG_{up}_") or k.startswith("OTEL_"))]
        assert not wrong, f"{s}: variables outside OKRUG_{up}_/OTEL_: {wrong}"
        p = f"OKRUG_{up}_"
        assert env[p + "HTTP_HOST"] == "0.0.0.0"
        assert env[p + "HTTP_PORT"] == str(HTTP_PORT)
        assert env[p + "GRPC_PORT"] == str(GRPC_PORT)
        assert env[p + "NATS_URL"] == "nats://nats:4222"
        assert "nats" in services
        assert service_ports(docs, "nats")["client"] == 4222
        assert env[p + "OIDC_AUDIENCE"] == "okrug-api"
        assert env[p + "OIDC_ISSUER"].endswith("/realms/okrug")
        assert env[p + "CLIENT_ID"] == f"okrug-{s}"
        secret_keys = ["DATABASE_URL", "RELAY_DATABASE_URL", "CLIENT_SECRET"]
        if s == "journal":  # oversight's district reads (DESIGN, Tenancy)
            secret_keys.append("REPORTING_DATABASE_URL")
        for key in secret_keys:
            ref = env[p + key]
            assert ref[0] == "secret"
            assert base_name(ref[1]) == f"okrug-{s}"
            assert ref[2] == key
        peers = {k for k in env if k.endswith("_GRPC")}
        assert peers == {f"{p}{peer.upper()}_GRPC" for peer in PEERS[s]}, s
        for peer in PEERS[s]:
            host, port = env[f"{p}{peer.upper()}_GRPC"].split(":")
            assert host == peer
            assert int(port) == service_ports(docs, peer)["grpc"]
        if s == "identity":
            assert env[p + "KEYCLOAK_URL"] == "http://keycloak:8080"
            assert env[p + "KEYCLOAK_REALM"] == "okrug"
            assert env[p + "ISSUER_MODE"] == "keycloak"
        else:
            assert not [k for k in env if "KEYCLOAK" in k or "ISSUER_MODE" in k]
        assert env["OTEL_EXPORTER_OTLP_ENDPOINT"] == "http://otel-collector:4317"
        assert service_ports(docs, "otel-collector")["otlp-grpc"] == 4317
        assert env["OTEL_SERVICE_NAME"] == f"okrug-{s}"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_one_public_origin_for_tokens(rendered: Rendered, overlay: str) -> None:
    """Tokens say iss=KC_HOSTNAME/realms/okrug; the services must expect exactly that."""
    docs = rendered.k8s[overlay]
    hostname = generated(docs, "ConfigMap", "keycloak-config")["data"]["KC_HOSTNAME"]
    common = generated(docs, "ConfigMap", "okrug-common")["data"]
    assert common["OIDC_ISSUER"] == hostname.rstrip("/") + "/realms/okrug"
    assert common["OIDC_JWKS_URL"].startswith("http://keycloak:8080/realms/okrug/")
    ingress = objects(docs, "Ingress")["okrug"]
    host = ingress["spec"]["rules"][0].get("host")
    if overlay == "production":
        assert hostname == f"https://{host}"
        assert ingress["spec"]["tls"][0]["hosts"] == [host]
    if overlay == "dev":
        assert hostname == "http://localhost:8080"
        assert host is None


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_nobody_runs_as_root(rendered: Rendered, overlay: str) -> None:
    # Keycloak's `start` re-augments into /opt/keycloak/lib: its root FS stays writable.
    writable_root_ok = {"keycloak"}
    for name, pod in workloads(rendered.k8s[overlay]):
        pod_sc = pod.get("securityContext", {})
        assert pod_sc.get("seccompProfile", {}).get("type") == "RuntimeDefault", name
        assert not pod.get("hostNetwork")
        assert not pod.get("hostPID")
        assert not pod.get("hostIPC")
        assert not [v for v in pod.get("volumes", []) if "hostPath" in v], name
        for c in all_containers(pod):
            sc = c.get("securityContext", {})
            where = f"{overlay} {name} container {c['name']}"
            assert sc.get("runAsNonRoot", pod_sc.get("runAsNonRoot")) is True, where
            uid = sc.get("runAsUser", pod_sc.get("runAsUser"))
            assert isinstance(uid, int), f"{where}: runAsUser {uid}"
            assert uid > 0, f"{where}: runAsUser {uid}"
            assert sc.get("allowPrivilegeEscalation") is False, where
            assert not sc.get("privileged"), where
            assert "ALL" in sc.get("capabilities", {}).get("drop", []), where
            if c["name"] not in writable_root_ok:
                assert sc.get("readOnlyRootFilesystem") is True, where


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_container_is_sized(rendered: Rendered, overlay: str) -> None:
    for name, pod in workloads(rendered.k8s[overlay]):
        for c in all_containers(pod):
            res = c.get("resources", {})
            for part in ("requests", "limits"):
                assert {"cpu", "memory"} <= set(res.get(part, {})), f"{name} {c['name']} {part}"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_images_are_pinned(rendered: Rendered, overlay: str) -> None:
    for name, pod in workloads(rendered.k8s[overlay]):
        for c in all_containers(pod):
            image = c["image"]
            tag = image.rsplit("/", 1)[-1].partition(":")[2]
            assert tag not in ("", "latest"), f"{name}: image {image} is not pinned"
    keycloak = objects(rendered.k8s[overlay], "Deployment")["keycloak"]
    assert container(keycloak["spec"]["template"]["spec"], "keycloak")["image"] == KEYCLOAK_IMAGE
    okrug_images = {
        container(d["spec"]["template"]["spec"], s)["image"]
        for s, d in api_deployments(rendered.k8s[overlay]).items()
    }
    assert len(okrug_images) == 1, "one image for all five services"
    if overlay == "production":
        (image,) = okrug_images
        assert "/" in image.split(":")[0], "production pulls the image from a registry"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_autoscaler_and_disruption_budget_per_service(rendered: Rendered, overlay: str) -> None:
    docs = rendered.k8s[overlay]
    hpas, pdbs = objects(docs, "HorizontalPodAutoscaler"), objects(docs, "PodDisruptionBudget")
    for s, d in api_deployments(docs).items():
        target = hpas[s]["spec"]["scaleTargetRef"]
        assert (target["kind"], target["name"]) == ("Deployment", s)
        assert hpas[s]["spec"]["minReplicas"] <= hpas[s]["spec"]["maxReplicas"]
        labels = d["spec"]["template"]["metadata"]["labels"]
        assert pdbs[s]["spec"]["selector"]["matchLabels"].items() <= labels.items()
        # maxUnavailable, not minAvailable: a single replica must not block node drains.
        assert pdbs[s]["spec"].get("maxUnavailable") == 1


def test_dev_is_single_and_production_is_redundant(rendered: Rendered) -> None:
    dev, prod = rendered.k8s["dev"], rendered.k8s["production"]
    for d in [*objects(dev, "Deployment").values(), *objects(dev, "StatefulSet").values()]:
        assert d["spec"]["replicas"] == 1, d["metadata"]["name"]
    assert all(
        h["spec"]["maxReplicas"] == 1 for h in objects(dev, "HorizontalPodAutoscaler").values()
    )
    assert "postgres" in objects(dev, "StatefulSet")

    for s, d in api_deployments(prod).items():
        assert d["spec"]["replicas"] >= 2, s
        assert objects(prod, "HorizontalPodAutoscaler")[s]["spec"]["minReplicas"] >= 2
    assert objects(prod, "Deployment")["keycloak"]["spec"]["replicas"] >= 2
    assert objects(prod, "StatefulSet")["nats"]["spec"]["replicas"] == 3
    # Managed PostgreSQL, Secrets from outside the repository.
    assert "postgres" not in objects(prod, "StatefulSet")
    assert "postgres" not in objects(prod, "Service")
    assert not objects(prod, "Secret")


def test_nats_cluster_in_production(rendered: Rendered) -> None:
    prod = rendered.k8s["production"]
    sts = objects(prod, "StatefulSet")["nats"]
    headless = objects(prod, "Service")[sts["spec"]["serviceName"]]
    assert headless["spec"]["clusterIP"] == "None"
    conf = generated(prod, "ConfigMap", "nats-config")["data"]["nats.conf"]
    routes = set(re.findall(r"nats://([\w.-]+):6222", conf))
    replicas = sts["spec"]["replicas"]
    assert routes == {f"nats-{i}.{headless['metadata']['name']}" for i in range(replicas)}
    assert "$POD_NAME" in conf
    env = {e["name"] for e in container(sts["spec"]["template"]["spec"], "nats").get("env", [])}
    assert "POD_NAME" in env
    dev_conf = generated(rendered.k8s["dev"], "ConfigMap", "nats-config")["data"]["nats.conf"]
    assert "cluster" not in re.sub(r"#.*", "", dev_conf), "one dev server must not wait for peers"


def test_nats_syncs_every_write() -> None:
    confs = {
        "compose": (COMPOSE_DIR / "nats" / "nats.conf").read_text(),
        "k8s base": (K8S_DIR / "base" / "nats" / "nats.conf").read_text(),
        "k8s production": (K8S_DIR / "overlays" / "production" / "nats" / "nats.conf").read_text(),
    }
    for where, conf in confs.items():
        body = re.sub(r"#.*", "", jetstream_block(conf))
        assert re.search(r"^\s*sync_interval\s*:\s*always\s*$", body, re.M), where
        assert re.search(r"^\s*store_dir\s*:\s*/data/", body, re.M), where


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_nats_rendered_config_and_volume(rendered: Rendered, overlay: str) -> None:
    docs = rendered.k8s[overlay]
    conf = generated(docs, "ConfigMap", "nats-config")["data"]["nats.conf"]
    assert re.search(r"sync_interval\s*:\s*always", jetstream_block(conf))
    sts = objects(docs, "StatefulSet")["nats"]
    mounts = {
        m["mountPath"]: m["name"]
        for m in container(sts["spec"]["template"]["spec"], "nats")["volumeMounts"]
    }
    claims = {c["metadata"]["name"] for c in sts["spec"]["volumeClaimTemplates"]}
    assert mounts["/data"] in claims, "the JetStream store is on a persistent volume"


# Keycloak's list of common passwords that the realm refuses: public data, not a credential.
PUBLIC_PASSWORD_DENYLIST = "okrug-common-passwords.txt"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_no_literal_secret_outside_dev(rendered: Rendered, overlay: str) -> None:
    if overlay == "dev":
        return  # dev's secretGenerator is the one allowed place for (development) values
    docs = rendered.k8s[overlay]
    assert not objects(docs, "Secret"), f"{overlay} renders a Secret"
    for name, pod in workloads(docs):
        for c in all_containers(pod):
            for item in c.get("env", []):
                value = item.get("value")
                if value is None:
                    continue
                assert not CREDENTIAL_URL.search(value), f"{name}: {item['name']} has credentials"
                assert not looks_secret(item["name"]), f"{name}: literal {item['name']}"
    for cm in objects(docs, "ConfigMap").values():
        for key, value in cm.get("data", {}).items():
            if key == PUBLIC_PASSWORD_DENYLIST:
                continue
            assert not looks_secret(key), f"ConfigMap {cm['metadata']['name']}: {key}"
            assert not CREDENTIAL_URL.search(value), f"ConfigMap {cm['metadata']['name']}: {key}"


def test_base_defines_no_secret() -> None:
    for path in (K8S_DIR / "base").rglob("*.yaml"):
        doc_text = path.read_text()
        assert "secretGenerator" not in doc_text, path
        for doc in yaml.safe_load_all(doc_text):
            assert not (doc and doc.get("kind") == "Secret"), path


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_realm_secrets_come_from_secrets(rendered: Rendered, overlay: str) -> None:
    """The realm (a ConfigMap) names its client secrets as ${ENV:default}; Keycloak gets every
    such variable from a Secret, so the defaults in the file are never used."""
    docs = rendered.k8s[overlay]
    realm = json.loads(generated(docs, "ConfigMap", "keycloak-realm")["data"]["okrug-realm.json"])
    assert realm == json.loads(REALM.read_text()), "the realm ConfigMap is not the realm file"
    kc = objects(docs, "Deployment")["keycloak"]["spec"]["template"]["spec"]
    kc_main = container(kc, "keycloak")
    assert kc_main["args"] == ["start", "--import-realm"]
    mounts = {m["mountPath"]: m["name"] for m in kc_main["volumeMounts"]}
    (realm_volume,) = [v for v in kc["volumes"] if v["name"] == mounts["/opt/keycloak/data/import"]]
    assert base_name(realm_volume["configMap"]["name"]) == "keycloak-realm"
    env = effective_env(kc_main, docs)
    placeholders = set()
    for client in realm.get("clients", []):
        if client.get("publicClient") or "secret" not in client:
            continue
        m = re.fullmatch(r"\$\{(\w+)(:[^}]*)?\}", client["secret"])
        assert m, f"client {client['clientId']} has a literal secret in the realm file"
        placeholders.add(m.group(1))
    assert placeholders, "no confidential client in the realm"
    for var in placeholders:
        assert var in env, f"Keycloak lacks {var}"
        assert env[var][0] == "secret", f"Keycloak gets {var} from elsewhere than a Secret"
    for user in realm.get("users", []):
        assert not user.get("credentials"), f"realm user {user['username']} has credentials"


def test_dev_credentials_agree(rendered: Rendered) -> None:
    """The dev Secrets' URLs carry the passwords the dev PostgreSQL init gives the roles."""
    docs = rendered.k8s["dev"]
    pg = generated(docs, "Secret", "postgres-passwords")
    pg_pw = {k: base64.b64decode(v).decode() for k, v in pg["data"].items()}
    for s in SERVICES:
        secret = generated(docs, "Secret", f"okrug-{s}")
        data = {k: base64.b64decode(v).decode() for k, v in secret["data"].items()}
        keys = [
            ("DATABASE_URL", "app"),
            ("OWNER_DATABASE_URL", "owner"),
            ("RELAY_DATABASE_URL", "relay"),
        ]
        if s == "journal":  # oversight's district reads (DESIGN, Tenancy)
            keys.append(("REPORTING_DATABASE_URL", "reporting"))
        for key, role in keys:
            m = re.fullmatch(r"postgresql\+asyncpg://(\w+):([^@]+)@postgres:5432/(\w+)", data[key])
            assert m, f"okrug-{s} {key}: {data[key]}"
            assert m.group(1) == f"okrug_{s}_{role}"
            assert m.group(3) == f"okrug_{s}"
            assert m.group(2) == pg_pw[f"OKRUG_PG_{s.upper()}_{role.upper()}_PASSWORD"]
    kc_db = {
        k: base64.b64decode(v).decode()
        for k, v in generated(docs, "Secret", "keycloak-db")["data"].items()
    }
    assert kc_db["KC_DB_PASSWORD"] == pg_pw["KEYCLOAK_DB_PASSWORD"]
    assert kc_db["KC_DB_URL"] == "jdbc:postgresql://postgres:5432/keycloak"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_ingress_routes_every_service_and_keycloak(rendered: Rendered, overlay: str) -> None:
    docs = rendered.k8s[overlay]
    (ingress,) = objects(docs, "Ingress").values()
    routes = {}
    for rule in ingress["spec"]["rules"]:
        for p in rule["http"]["paths"]:
            assert p["pathType"] == "Prefix"
            routes[p["path"]] = (
                p["backend"]["service"]["name"],
                p["backend"]["service"]["port"]["name"],
            )
    expected = {f"/{s}": (s, "http") for s in SERVICES}
    expected |= {"/realms": ("keycloak", "http"), "/resources": ("keycloak", "http")}
    assert routes == expected
    for name, port in expected.values():
        assert port in service_ports(docs, name), f"Service {name} has no port {port}"


def _policies_allowing(
    docs: list[dict[str, Any]], pod_labels: dict[str, str], port: int
) -> list[dict[str, Any]]:
    """The `from` peers of every NetworkPolicy rule that lets traffic reach `port` of a pod."""
    peers = []
    for pol in objects(docs, "NetworkPolicy").values():
        sel = pol["spec"]["podSelector"].get("matchLabels", {})
        if not sel.items() <= pod_labels.items():
            continue
        assert "matchExpressions" not in pol["spec"]["podSelector"]
        for rule in pol["spec"].get("ingress", []):
            ports = [p.get("port") for p in rule.get("ports", [])]
            if rule.get("ports") and port not in ports:
                continue
            assert rule.get("from"), f"{pol['metadata']['name']}: a rule open to everyone"
            peers.extend(rule["from"])
    return peers


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_network_policies(rendered: Rendered, overlay: str) -> None:
    docs = rendered.k8s[overlay]
    deny = objects(docs, "NetworkPolicy")["default-deny-ingress"]["spec"]
    assert deny["podSelector"] == {}
    assert deny["policyTypes"] == ["Ingress"]
    assert not deny.get("ingress")
    ingress_ns = {
        "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}}
    }
    services = {"podSelector": {"matchLabels": {"app.kubernetes.io/component": "api"}}}
    for s, d in api_deployments(docs).items():
        labels = d["spec"]["template"]["metadata"]["labels"]
        assert _policies_allowing(docs, labels, HTTP_PORT) == [ingress_ns], s
        assert _policies_allowing(docs, labels, GRPC_PORT) == [services], s
    for name, port in (("nats", 4222), ("otel-collector", 4317)):
        assert _policies_allowing(docs, {"app.kubernetes.io/name": name}, port) == [services]


def test_namespace_enforces_restricted_pod_security(rendered: Rendered) -> None:
    for overlay in OVERLAYS:
        docs = rendered.k8s[overlay]
        ns = objects(docs, "Namespace")["okrug"]
        assert ns["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
        others = {d["metadata"].get("namespace") for d in docs if d["kind"] != "Namespace"}
        assert others == {"okrug"}, f"{overlay}: objects outside namespace okrug: {others}"


# --------------------------------------------------------------------------- Compose
def compose_services(rendered: Rendered) -> dict[str, dict[str, Any]]:
    services: dict[str, dict[str, Any]] = rendered.compose["services"]
    return services


def test_compose_has_every_service_and_its_migration(rendered: Rendered) -> None:
    services = compose_services(rendered)
    for s in SERVICES:
        serve, migrate = services[s], services[f"{s}-migrate"]
        assert serve["command"] == [f"okrug-{s}", "serve"]
        assert migrate["command"] == [f"okrug-{s}", "migrate"]
        assert serve["image"] == migrate["image"]
        assert serve["depends_on"][f"{s}-migrate"]["condition"] == "service_completed_successfully"
        assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert migrate.get("restart", "no") == "no"
        owner = migrate["environment"][f"OKRUG_{s.upper()}_OWNER_DATABASE_URL"]
        assert f"://okrug_{s}_owner:" in owner
        assert owner.endswith(f"@postgres:5432/okrug_{s}")
        assert not [k for k in serve["environment"] if "OWNER" in k], (
            f"{s} serves with the owner role"
        )
        health = " ".join(serve["healthcheck"]["test"])
        assert f"http://127.0.0.1:{HTTP_PORT}/{s}/readyz" in health
        assert serve["image"] == services["identity"]["image"], "one image for all"
    builders = [name for name, svc in services.items() if "build" in svc]
    assert builders == ["identity"], "the image is built once, by one service"
    build = services["identity"]["build"]
    assert Path(build["context"]) == ROOT
    assert Path(build["context"], build["dockerfile"]) == COMPOSE_DIR / "Dockerfile"


def test_compose_service_environment(rendered: Rendered) -> None:
    services = compose_services(rendered)
    kc_env = services["keycloak"]["environment"]
    for s in SERVICES:
        up, env = s.upper(), services[s]["environment"]
        p = f"OKRUG_{up}_"
        wrong = [k for k in env if not (k.startswith(p) or k.startswith("OTEL_"))]
        assert not wrong, f"{s}: {wrong}"
        assert (
            env[p + "DATABASE_URL"]
            == f"postgresql+asyncpg://okrug_{s}_app:dev-{s}-app@postgres:5432/okrug_{s}"
        )
        assert env[p + "RELAY_DATABASE_URL"].startswith(f"postgresql+asyncpg://okrug_{s}_relay:")
        reporting = env.get(p + "REPORTING_DATABASE_URL", "")
        if s == "journal":  # only the journal reads for the district (oversight)
            assert reporting.startswith("postgresql+asyncpg://okrug_journal_reporting:")
        else:
            assert reporting == ""
        assert env[p + "NATS_URL"] == "nats://nats:4222"
        assert (env[p + "HTTP_HOST"], env[p + "HTTP_PORT"], env[p + "GRPC_PORT"]) == (
            "0.0.0.0",
            "8000",
            "50051",
        )
        assert env[p + "OIDC_ISSUER"] == kc_env["KC_HOSTNAME"] + "/realms/okrug"
        assert env[p + "OIDC_AUDIENCE"] == "okrug-api"
        assert env[p + "CLIENT_ID"] == f"okrug-{s}"
        assert env[p + "CLIENT_SECRET"] == kc_env[f"OKRUG_KC_SECRET_{up}"]
        assert {k for k in env if k.endswith("_GRPC")} == {f"{p}{x.upper()}_GRPC" for x in PEERS[s]}
        for peer in PEERS[s]:
            assert env[f"{p}{peer.upper()}_GRPC"] == f"{peer}:{GRPC_PORT}"
        assert env["OTEL_EXPORTER_OTLP_ENDPOINT"] == "http://otel-collector:4317"
        if s == "identity":
            assert env[p + "KEYCLOAK_URL"] == "http://keycloak:8080"
            assert (env[p + "KEYCLOAK_REALM"], env[p + "ISSUER_MODE"]) == ("okrug", "keycloak")
    pg_env = services["postgres"]["environment"]
    for s in SERVICES:
        for role in ("owner", "app", "relay", "reporting"):
            assert pg_env[f"OKRUG_PG_{s.upper()}_{role.upper()}_PASSWORD"] == f"dev-{s}-{role}"


def test_compose_keycloak_imports_the_realm(rendered: Rendered) -> None:
    kc = compose_services(rendered)["keycloak"]
    assert kc["image"] == KEYCLOAK_IMAGE
    assert kc["command"] == ["start", "--import-realm"]
    (mount,) = [v for v in kc["volumes"] if v["target"].startswith("/opt/keycloak/data/import")]
    assert Path(mount["source"]) == REALM
    assert mount.get("read_only")
    realm = json.loads(REALM.read_text())
    for client in realm.get("clients", []):
        m = re.fullmatch(r"\$\{(\w+)(:[^}]*)?\}", client.get("secret", ""))
        if m:
            assert m.group(1) in kc["environment"], f"Keycloak lacks {m.group(1)}"
    assert kc["environment"]["KC_DB_URL"] == "jdbc:postgresql://postgres:5432/keycloak"


# Image defaults that are not root (checked by the images' publishers, not here).
NON_ROOT_IMAGES = {
    "quay.io/keycloak/keycloak": "uid 1000",
    "otel/opentelemetry-collector-contrib": "uid 10001",
    "nginxinc/nginx-unprivileged": "uid 101",
}
# A fresh named volume is root-owned and the nats image has no user to hand /data to.
# It runs with no capabilities, a read-only root and no-new-privileges.
COMPOSE_ROOT_EXCEPTIONS = {"nats"}


def test_compose_nobody_runs_as_root(rendered: Rendered) -> None:
    okrug_image = compose_services(rendered)["journal"]["image"]
    for name, svc in compose_services(rendered).items():
        assert "no-new-privileges:true" in svc.get("security_opt", []), name
        user = str(svc.get("user", "")).split(":")[0]
        assert user not in ("root", "0"), f"{name} runs as root"
        if svc["image"] == okrug_image:
            assert svc["user"] == "10001:10001", name
            assert svc["read_only"] is True, name
            assert svc["cap_drop"] == ["ALL"], name
        elif name in COMPOSE_ROOT_EXCEPTIONS:
            assert svc["cap_drop"] == ["ALL"], name
            assert svc["read_only"] is True, name
        elif not user:
            repo = svc["image"].rsplit(":", 1)[0]
            assert repo in NON_ROOT_IMAGES, f"{name}: image {svc['image']} may run as root"


def test_compose_nats_keeps_its_store(rendered: Rendered) -> None:
    nats = compose_services(rendered)["nats"]
    mounts = {v["target"]: v for v in nats["volumes"]}
    assert mounts["/data"]["type"] == "volume"
    conf_mount = next(v for v in nats["volumes"] if v["type"] == "bind")
    assert Path(conf_mount["source"]) == COMPOSE_DIR / "nats" / "nats.conf"
    assert conf_mount["target"] in nats["command"]


def test_dockerfile() -> None:
    text = (COMPOSE_DIR / "Dockerfile").read_text()
    stages = re.findall(r"^FROM\s+(\S+)", text, re.M)
    assert "ARG PYTHON_IMAGE=python:3.11-slim" in text
    assert all(s == "${PYTHON_IMAGE}" for s in stages)
    assert re.search(r"pip install .*\buv==", text), "uv is installed, pinned"
    assert re.search(r"uv sync --frozen --no-dev(\s|$)", text)
    users = re.findall(r"^USER\s+(\S+)", text, re.M)
    assert users, "no USER"
    uid = users[-1].split(":")[0]
    assert uid.isdigit(), "the final USER must be a numeric uid"
    assert int(uid) > 0, "the final USER must not be root"
    ignore = (COMPOSE_DIR / "Dockerfile.dockerignore").read_text().split()
    assert "**/.venv" in ignore
    assert ".git" in ignore


# --------------------------------------------------------------------------- nginx
def nginx_locations(text: str) -> dict[str, str]:
    """location prefix -> upstream URL, for `set $v URL; proxy_pass $v;` or `proxy_pass URL;`."""
    routes = {}
    for m in re.finditer(r"location\s+(\S+)\s*\{(?P<body>[^}]*)\}", re.sub(r"#.*", "", text)):
        body = m.group("body")
        proxy = re.search(r"proxy_pass\s+(\S+);", body)
        if not proxy:
            continue
        target = proxy.group(1)
        if target.startswith("$"):
            assigned = re.search(r"set\s+\$" + re.escape(target[1:]) + r"\s+(\S+);", body)
            assert assigned, f"location {m.group(1)}: ${target[1:]} is never set"
            target = assigned.group(1)
        routes[m.group(1)] = target
    return routes


def test_nginx_routes_every_service_and_keycloak(rendered: Rendered) -> None:
    routes = nginx_locations(NGINX_CONF.read_text())
    expected = {f"/{s}/": f"http://{s}:{HTTP_PORT}" for s in SERVICES}
    expected |= {"/realms/": "http://keycloak:8080", "/resources/": "http://keycloak:8080"}
    assert routes == expected
    services = compose_services(rendered)
    for target in expected.values():
        host = target.split("//")[1].split(":")[0]
        assert host in services, f"nginx routes to {host}, which Compose does not run"
    nginx = services["nginx"]
    (conf,) = [v for v in nginx["volumes"] if v["target"].startswith("/etc/nginx/")]
    assert Path(conf["source"]) == NGINX_CONF
    assert conf["target"] == "/etc/nginx/conf.d/default.conf"
    listen_match = re.search(r"listen\s+(\d+);", NGINX_CONF.read_text())
    assert listen_match, "okrug.conf listens on no port"
    listen = listen_match.group(1)
    assert [p["target"] for p in nginx["ports"]] == [int(listen)]
    assert nginx["ports"][0]["published"] == "8080"
    assert services["keycloak"]["environment"]["KC_HOSTNAME"] == "http://localhost:8080"


class _Echo(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = json.dumps({"backend": self.server.backend_name, "path": self.path}).encode()  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_nginx_proxies_each_prefix_unchanged(tools: dict[str, str], tmp_path: Path) -> None:
    """Serve okrug.conf for real on loopback, the upstream hosts swapped for local stubs."""
    backends = {}
    servers = []
    for name in (*SERVICES, "keycloak"):
        srv = ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
        srv.backend_name = name  # type: ignore[attr-defined]
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        servers.append(srv)
        backends[name] = srv.server_address[1]
    conf = NGINX_CONF.read_text()
    for name, port in backends.items():
        upstream_port = 8080 if name == "keycloak" else HTTP_PORT
        conf = conf.replace(f"http://{name}:{upstream_port};", f"http://127.0.0.1:{port};")
    listen = _free_port()
    conf = re.sub(r"listen\s+8080;", f"listen 127.0.0.1:{listen};", conf)
    (tmp_path / "okrug.conf").write_text(conf)
    (tmp_path / "nginx.conf").write_text(
        f"""pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
daemon off;
master_process off;
events {{}}
http {{
  access_log off;
  client_body_temp_path {tmp_path}/body; proxy_temp_path {tmp_path}/proxy;
  fastcgi_temp_path {tmp_path}/fcgi; uwsgi_temp_path {tmp_path}/uwsgi; scgi_temp_path {tmp_path}/scgi;
  include {tmp_path}/okrug.conf;
}}
"""
    )
    nginx = subprocess.Popen(
        [
            tools["NGINX"],
            "-p",
            str(tmp_path),
            "-c",
            str(tmp_path / "nginx.conf"),
            "-e",
            str(tmp_path / "error.log"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", listen), timeout=0.2).close()
                break
            except OSError:
                assert nginx.poll() is None, nginx.stderr.read().decode() if nginx.stderr else ""
                assert time.monotonic() < deadline, "nginx did not start"
                time.sleep(0.05)

        def get(path: str) -> tuple[int, Any]:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{listen}{path}", timeout=5) as r:
                    return r.status, json.loads(r.read())
            except urllib.error.HTTPError as e:
                return e.code, None

        cases = {f"/{s}/v1/things?x=1": s for s in SERVICES}
        cases |= {
            "/realms/okrug/.well-known/openid-configuration": "keycloak",
            "/resources/x.css": "keycloak",
        }
        for path, backend in cases.items():
            assert get(path) == (200, {"backend": backend, "path": path}), path
        assert get("/nothing/here")[0] == 404
        assert get("/journalx/")[0] == 404
    finally:
        nginx.send_signal(signal.SIGTERM)
        nginx.wait(timeout=10)
        for srv in servers:
            srv.shutdown()


# --------------------------------------------------------------------------- the checks bite
def test_kubeconform_rejects_unknown_fields(
    rendered: Rendered, tools: dict[str, str], tmp_path: Path
) -> None:
    deployment = json.loads(json.dumps(api_deployments(rendered.k8s["dev"])["journal"]))
    deployment["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["httpGett"] = {}
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(deployment))
    unknown_kind = tmp_path / "unknown.yaml"
    unknown_kind.write_text("apiVersion: okrug.example.org/v1\nkind: Gadget\nmetadata: {name: g}\n")
    for path in (bad, unknown_kind):
        proc = subprocess.run(
            [
                tools["KUBECONFORM"],
                "-strict",
                "-summary",
                "-kubernetes-version",
                tools["K8S_VERSIONS"].split()[0],
                "-schema-location",
                tools["KUBECONFORM_SCHEMA_LOCATION"],
                str(path),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode != 0, f"kubeconform accepted {path.name}: {proc.stdout}"
    # ... and accepts the same Deployment untouched: the schemas load offline.
    good = tmp_path / "good.yaml"
    good.write_text(yaml.safe_dump(api_deployments(rendered.k8s["dev"])["journal"]))
    proc = subprocess.run(
        [
            tools["KUBECONFORM"],
            "-strict",
            "-kubernetes-version",
            tools["K8S_VERSIONS"].split()[-1],
            "-schema-location",
            tools["KUBECONFORM_SCHEMA_LOCATION"],
            str(good),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_compose_config_rejects_a_broken_file(tools: dict[str, str], tmp_path: Path) -> None:
    broken = (
        (COMPOSE_DIR / "compose.yaml")
        .read_text()
        .replace(
            "      journal-migrate:\n        condition: service_completed_successfully",
            "      journal-migrat:\n        condition: service_completed_successfully",
        )
    )
    assert "journal-migrat:" in broken
    (tmp_path / "compose.yaml").write_text(broken)
    env = {k: v for k, v in os.environ.items() if not k.startswith("OKRUG_")}
    proc = subprocess.run(
        [tools["DOCKER_COMPOSE"], "-f", str(tmp_path / "compose.yaml"), "config", "-q"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode != 0
    assert "journal-migrat" in proc.stderr


def test_kustomize_needs_no_flags(tools: dict[str, str], tmp_path: Path) -> None:
    """`kustomize build deploy/k8s/overlays/<x>` as a person types it, from another directory."""
    for overlay in ("dev", "production"):
        proc = subprocess.run(
            [tools["KUSTOMIZE"], "build", str(K8S_DIR / "overlays" / overlay)],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
    for src, copy in (
        (REALM, K8S_DIR / "base" / "keycloak" / "okrug-realm.json"),
        (
            COMPOSE_DIR / "postgres" / "init-okrug.sh",
            K8S_DIR / "overlays" / "dev" / "postgres" / "init-okrug.sh",
        ),
    ):
        assert copy.read_bytes() == src.read_bytes(), (
            f"{copy} is stale: scripts/validate-deploy.sh --sync"
        )
    assert os.access(COMPOSE_DIR / "postgres" / "init-okrug.sh", os.X_OK)
    assert shutil.which("bash")


# --------------------------------------------------------------------------- against the code
def settings_class(service: str) -> type[Any]:
    """The service's settings (a ServiceSettings subclass with its OKRUG_<SERVICE>_ prefix)."""
    import importlib
    import inspect

    from okrug_common.settings import ServiceSettings

    module = importlib.import_module(f"okrug_{service}.settings")
    found = [
        cls
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, ServiceSettings)
        and cls.model_config.get("env_prefix") == f"OKRUG_{service.upper()}_"
    ]
    assert len(found) == 1, f"okrug_{service}.settings: {found}"
    return found[0]


def _check_settings(service: str, env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    cls = settings_class(service)
    prefix = f"OKRUG_{service.upper()}_"
    fields = {name.upper() for name in cls.model_fields}
    unknown = [k for k in env if k.startswith(prefix) and k[len(prefix) :] not in fields]
    assert not unknown, f"{service}: variables its settings ignore: {unknown}"
    for key in list(os.environ):
        if key.startswith("OKRUG_"):
            monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    settings = cls()
    assert settings.http_port == HTTP_PORT
    assert settings.grpc_port == GRPC_PORT
    assert settings.http_host == "0.0.0.0"
    assert settings.client_id == f"okrug-{service}"


@pytest.mark.parametrize("service", SERVICES)
def test_compose_environment_matches_the_settings(
    rendered: Rendered, service: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = compose_services(rendered)[service]["environment"]
    migrate_env = compose_services(rendered)[f"{service}-migrate"]["environment"]
    _check_settings(service, {**env, **migrate_env}, monkeypatch)


@pytest.mark.parametrize("overlay", ["dev", "production"])
@pytest.mark.parametrize("service", SERVICES)
def test_k8s_environment_matches_the_settings(
    rendered: Rendered, overlay: str, service: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = rendered.k8s[overlay]
    pod = api_deployments(docs)[service]["spec"]["template"]["spec"]
    env: dict[str, str] = {}
    for c in all_containers(pod):
        for key, value in effective_env(c, docs).items():
            if isinstance(value, tuple):
                # Secret values: dev's are rendered; production's live outside the repository.
                secrets = objects(docs, "Secret")
                value = secret_value(docs, value) if value[1] in secrets else f"from-{value[1]}"
            env[key] = value
    _check_settings(service, env, monkeypatch)
