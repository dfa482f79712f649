"""deploy/: every Kubernetes manifest validates against the Kubernetes schemas that
kubernetes-validate ships (strict: no unknown fields), and holds the topology's rules."""

from __future__ import annotations

from pathlib import Path

import kubernetes_validate
import pytest
import yaml
from rasa.utils.endpoints import read_endpoint_config

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
KUBERNETES = "1.28.0"
MANIFESTS = sorted(DEPLOY.glob("*.yaml"))


def documents():
    for path in MANIFESTS:
        for doc in yaml.safe_load_all(path.read_text()):
            if doc:
                yield path.name, doc


def by_kind(kind):
    return {doc["metadata"]["name"]: doc for _, doc in documents() if doc["kind"] == kind}


def test_there_are_manifests():
    kinds = {doc["kind"] for _, doc in documents()}
    assert {"Deployment", "Service", "StatefulSet", "Ingress", "ConfigMap", "CronJob"} <= kinds


@pytest.mark.parametrize(
    "name, doc", list(documents()), ids=lambda v: v if isinstance(v, str) else v["metadata"]["name"]
)
def test_every_manifest_validates(name, doc):
    kubernetes_validate.validate(doc, KUBERNETES, strict=True)


def test_a_broken_manifest_is_caught():
    doc = dict(by_kind("Service")["wereldwijs-rasa"])
    doc["spec"] = {**doc["spec"], "ports": [{"name": "http", "port": "not a number"}]}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(doc, KUBERNETES, strict=True)


def containers():
    for _, doc in documents():
        spec = doc.get("spec", {})
        pod = spec.get("template", {}).get("spec") or (
            spec.get("jobTemplate", {}).get("spec", {}).get("template", {}).get("spec")
        )
        for container in (pod or {}).get("containers", []):
            yield doc["metadata"]["name"], container


def test_secrets_are_referenced_never_embedded():
    assert not by_kind("Secret"), "secrets are created out of band (docs/deployment.md)"
    for name, container in containers():
        for env in container.get("env", []):
            if any(word in env["name"] for word in ("PASSWORD", "TOKEN", "SECRET")):
                assert "secretKeyRef" in env.get("valueFrom", {}), (name, env["name"])
                assert "value" not in env


def test_rasa_runs_several_servers_on_shared_stores_without_the_open_api(tmp_path, monkeypatch):
    rasa = by_kind("Deployment")["wereldwijs-rasa"]
    assert rasa["spec"]["replicas"] >= 2
    container = rasa["spec"]["template"]["spec"]["containers"][0]
    assert (
        container["command"][-1] == "scripts/serve.py" and "--enable-api" not in container["args"]
    )
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(by_kind("ConfigMap")["wereldwijs-config"]["data"]["endpoints.yml"])
    monkeypatch.setenv("POSTGRES_PASSWORD", "x")
    monkeypatch.setenv("REDIS_PASSWORD", "y")
    tracker = read_endpoint_config(str(endpoints), "tracker_store")
    lock = read_endpoint_config(str(endpoints), "lock_store")
    assert tracker.type == "rasa_plugins.tracker_store.ForgetfulSQLTrackerStore"
    assert tracker.kwargs["dialect"] == "postgresql" and tracker.url == "wereldwijs-postgres"
    assert lock.type == "rasa_plugins.lock_store.AtomicRedisLockStore"
    assert lock.url == "wereldwijs-redis"
    services = by_kind("Service")
    assert {
        "wereldwijs-rasa",
        "wereldwijs-actions",
        "wereldwijs-postgres",
        "wereldwijs-redis",
    } <= set(services)


def test_ingress_routes_socketio_and_rest_with_affinity_and_long_timeouts():
    ingress = by_kind("Ingress")["wereldwijs"]
    notes = ingress["metadata"]["annotations"]
    assert notes["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert int(notes["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600
    paths = {p["path"] for rule in ingress["spec"]["rules"] for p in rule["http"]["paths"]}
    assert {"/socket.io", "/webhooks"} <= paths
    assert not any(p.startswith(("/conversations", "/model", "/status")) for p in paths), "no API"
