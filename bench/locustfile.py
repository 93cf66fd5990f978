"""The load mix of `make loadtest`: readers browsing, searching and using the API.

Targets (issue numbers, tag slugs, search words) come from the file named by
LOADTEST_TARGETS, written by bench/loadtest.py from the database under test.
"""

import json
import os
import random

from locust import HttpUser, between, task

TARGETS = json.loads(open(os.environ["LOADTEST_TARGETS"]).read())  # noqa: SIM115


class Reader(HttpUser):
    wait_time = between(0, 0.05)

    def _get(self, path: str, name: str) -> None:
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code >= 500:
                response.failure(f"{response.status_code} on {path}")
            elif response.status_code >= 400:
                response.failure(f"unexpected {response.status_code} on {path}")
            else:
                response.success()

    @task(3)
    def home(self):
        self._get("/", "home")

    @task(4)
    def issue(self):
        self._get(f"/issues/{random.choice(TARGETS['issues'])}/", "issue")

    @task(2)
    def tag(self):
        self._get(f"/tags/{random.choice(TARGETS['tags'])}/", "tag")

    @task(4)
    def search(self):
        self._get(f"/search/?q={random.choice(TARGETS['words'])}", "search")

    @task(2)
    def api_items(self):
        self._get(f"/api/items/?q={random.choice(TARGETS['words'])}", "api items search")

    @task(1)
    def api_issue(self):
        self._get(f"/api/issues/{random.choice(TARGETS['issues'])}/", "api issue")
