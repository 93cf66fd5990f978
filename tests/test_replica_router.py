"""DATABASE_REPLICA_URLS: reads go to a replica, writes and migrations to default."""

import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import connection

from archive import routers
from archive.routers import ReplicaRouter
from issues.models import Issue

ROOT = Path(__file__).resolve().parent.parent
TWO_REPLICAS = {"default": {}, "replica_0": {}, "replica_1": {}}


def test_reads_go_to_a_replica_writes_and_migrations_to_default(monkeypatch):
    monkeypatch.setattr(routers, "settings", SimpleNamespace(DATABASES=TWO_REPLICAS))
    router = ReplicaRouter()
    assert {router.db_for_read(Issue) for _ in range(200)} == {"replica_0", "replica_1"}
    assert router.db_for_write(Issue) == "default"
    assert router.allow_migrate("default", "issues")
    assert not router.allow_migrate("replica_0", "issues")
    assert router.allow_relation(Issue(), Issue())


def test_without_replicas_everything_is_default(monkeypatch):
    monkeypatch.setattr(routers, "settings", SimpleNamespace(DATABASES={"default": {}}))
    assert ReplicaRouter().db_for_read(Issue) == "default"


def test_without_replica_urls_no_router_is_installed():
    if os.environ.get("DATABASE_REPLICA_URLS"):
        pytest.skip("this run has replicas")
    assert list(settings.DATABASES) == ["default"]
    assert not getattr(settings, "DATABASE_ROUTERS", [])


# Run in a fresh process, since settings read the environment once: the replica is
# the same database, as it would be right after a base backup.
SCRIPT = """
import json, django
django.setup()
from django.conf import settings
from django.db import connections
from issues.models import Issue
reads = Issue.objects.all()
print(json.dumps({
    "aliases": sorted(settings.DATABASES),
    "mirror": settings.DATABASES["replica_0"]["TEST"],
    "timeout": settings.DATABASES["replica_0"]["OPTIONS"]["options"],
    "routers": settings.DATABASE_ROUTERS,
    "read_db": reads.db,
    "count": reads.count(),
    "replica_db": connections["replica_0"].settings_dict["NAME"],
}))
"""


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_process_with_replica_urls_reads_from_the_replica():
    url = os.environ.get("DATABASE_URL")
    if not url:
        pytest.skip("needs DATABASE_URL (the replica is given as a URL too)")
    name = connection.settings_dict["NAME"]  # the test database
    test_url = url.rsplit("/", 1)[0] + f"/{name}"
    env = os.environ | {
        "DATABASE_URL": test_url,
        "DATABASE_REPLICA_URLS": test_url,
        "DJANGO_SETTINGS_MODULE": "archive.settings",
        "SECRET_KEY": "replica-test-" + "x" * 40,
    }
    Issue.objects.create(number=9001, title="Issue 9001", source_text="x", source_sha256="x")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["aliases"] == ["default", "replica_0"]
    assert seen["mirror"]["MIRROR"] == "default"  # tests use default's test database
    assert seen["timeout"].startswith("-c statement_timeout=")
    assert seen["routers"] == ["archive.routers.ReplicaRouter"]
    assert seen["read_db"] == "replica_0"
    assert seen["count"] == 1  # the issue written on default, read on the replica
    assert seen["replica_db"] == name
