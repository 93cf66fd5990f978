import random

from django.conf import settings


class ReplicaRouter:
    """Send reads to a random replica from DATABASE_REPLICA_URLS, writes to default."""

    def db_for_read(self, model, **hints):
        replicas = [alias for alias in settings.DATABASES if alias.startswith("replica_")]
        return random.choice(replicas) if replicas else "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
