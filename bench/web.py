"""Full HTTP requests through gunicorn (2 workers) on loopback: bounded loops, no external host."""

import hashlib
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with `workers` sync workers on 127.0.0.1, stopped on exit."""

    def __init__(self, env: dict, workers: int = 2):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = env | {
            "DEBUG": "0",
            "SECRET_KEY": env.get("SECRET_KEY") or secrets.token_urlsafe(50),
            "API_ANON_RATE": "none",
            "AXES_ENABLED": "0",
            "LOG_LEVEL": "ERROR",
        }
        self.workers = workers

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "archive.wsgi",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
        )
        for _ in range(150):
            try:
                urllib.request.urlopen(self.base + "/static/css/search.css", timeout=5)  # noqa: S310
                return self
            except (OSError, urllib.error.URLError):
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=20)

    def worker_rss_mb(self) -> list[float]:
        """Resident memory of each worker process (the master is not serving)."""
        sizes = []
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        for pid in children.read_text().split():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(round(int(line.split()[1]) / 1024, 1))
        return sizes


def fetch(url: str) -> tuple[float, int]:
    began = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (loopback http)
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        error.read()
        status = error.code
    return (time.perf_counter() - began) * 1000, status


def load(urls: list[str], concurrency: int) -> dict:
    """Fetch every url once with `concurrency` clients; latencies and throughput."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def one(url):
        ms, status = fetch(url)
        with lock:
            latencies.append(ms)
            statuses[status] = statuses.get(status, 0) + 1

    began = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, urls))
    elapsed = time.perf_counter() - began
    return {
        "latencies": latencies,
        "statuses": statuses,
        "requests_per_s": round(len(urls) / elapsed, 1),
    }


def url(base: str, path: str, params: dict) -> str:
    return f"{base}{path}?{urllib.parse.urlencode(params)}" if params else base + path


def server_env(database_url: str, redis_url: str | None, cache_pages: bool = True) -> dict:
    """The server's environment: Redis at redis_url, else each worker's memory, or no
    page cache at all."""
    env = dict(os.environ) | {"DATABASE_URL": database_url, "CACHE_PAGES": str(int(cache_pages))}
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


# The benchmark's own Redis database, unless REDIS_URL names one.
BENCH_REDIS = "redis://127.0.0.1:6379/14"


def redis_url() -> str | None:
    """REDIS_URL, or the local Redis the project's machines run, if it answers."""
    url = os.environ.get("REDIS_URL") or BENCH_REDIS
    try:
        redis.Redis.from_url(url, socket_timeout=1).ping()
    except redis.RedisError:
        return None
    return url


def bump_redis_version(url: str, database_url: str) -> None:
    """What issues.cache.bump_version() does, from outside the app.

    The key as Django's RedisCache makes it, with the settings' per-database prefix.
    """
    prefix = "archive-" + hashlib.sha256(database_url.encode()).hexdigest()[:12]
    redis.Redis.from_url(url).incr(f"{prefix}:1:archive-version")
