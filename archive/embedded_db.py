"""The embedded PostgreSQL server used when no DATABASE_URL is given.

pgserver keeps one server per data directory and hands its address to every
process that asks (runserver's reloader, each gunicorn worker, manage.py), so
they all share it. cleanup_mode=None leaves it running when a process exits:
the next process reuses it instead of paying a restart.
"""

from pathlib import Path


def embedded_database_url(data_dir: Path) -> str:
    import warnings

    # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers); its
    # fallback under /tmp is what pgserver needs anyway.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

        data_dir.mkdir(parents=True, exist_ok=True)
        server = pgserver.get_server(data_dir / "pgdata", cleanup_mode=None)
        return server.get_uri()


def stop_embedded_server(data_dir: Path) -> bool:
    """Stop the embedded server if it runs; True when one was stopped."""
    import os
    import subprocess
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pgserver._commands import pg_ctl

    pgdata = data_dir / "pgdata"
    if not (pgdata / "postmaster.pid").exists():
        return False
    # pgserver runs the server as its own system user when started by root.
    user = "pgserver" if os.geteuid() == 0 else None
    try:
        pg_ctl(["-w", "stop", "-m", "fast"], pgdata=pgdata, user=user)
    except subprocess.CalledProcessError:
        return False
    return True
