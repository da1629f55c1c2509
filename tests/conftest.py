"""Shared fixtures: real databases (SQLite files, and PostgreSQL when one is configured),
the shared facts folder, and a way to run the real ``charterwatch`` command."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

#: URL of a PostgreSQL server where the tests may create and drop databases
#: (``.ci/run`` starts one and sets it). Without it the PostgreSQL cases skip, except in CI.
POSTGRES_ENV = "CHARTERWATCH_TEST_POSTGRES"


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.db'}"


def _postgres_url() -> str:
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        if os.environ.get("CI"):
            pytest.fail(f"{POSTGRES_ENV} is not set in CI: .ci/run must start PostgreSQL")
        pytest.skip(f"{POSTGRES_ENV} not set: no PostgreSQL server to test against")
    return base


@contextmanager
def fresh_postgres() -> Iterator[str]:
    """A new, empty PostgreSQL database (its URL), dropped afterwards."""
    base = make_url(_postgres_url())
    name = f"cw_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def postgres_url():
    """A fresh, empty PostgreSQL database, dropped afterwards."""
    with fresh_postgres() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request) -> str:
    """Each test using this runs once on SQLite and once on PostgreSQL."""
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "postgres_url")


@pytest.fixture
def shared_charter() -> Path:
    folder = SHARED / "charter"
    if not folder.is_dir():
        pytest.skip("../shared/charter is not beside the repository")
    return folder


class FixedClock:
    """A clock for record history that tests can read and move."""

    def __init__(self, start: dt.datetime = dt.datetime(2026, 5, 10, 9, 0, tzinfo=dt.UTC)):
        self.now = start

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(minutes=1)
        return self.now


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


def run_cli(*args: str, db: str | None = None, env: dict | None = None, check: bool = False,
            timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the installed command as a user would (a real process, real exit code, real stderr)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CHARTERWATCH_")}
    environment.update({"CHARTERWATCH_USER": "tester", "COLUMNS": "200", "NO_COLOR": "1"})
    if db:
        environment["CHARTERWATCH_DB"] = db
    if "XDG_DATA_HOME" not in (env or {}):   # keep the main job's briefings out of the user's data dir
        environment["CHARTERWATCH_BRIEFINGS"] = str(Path(tempfile.gettempdir()) / "charterwatch-test-briefings")
    environment.update(env or {})
    result = subprocess.run([sys.executable, "-m", "charterwatch", *args], capture_output=True, text=True,
                            env=environment, timeout=timeout, cwd=REPO)
    if check and result.returncode != 0:
        raise AssertionError(f"charterwatch {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
    return result


@pytest.fixture(scope="session")
def shared_seeds() -> dict[str, Path]:
    """The five real articles in ../shared/seeds, by their number ("000".."004")."""
    folder = SHARED / "seeds"
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if not files:
        pytest.skip("../shared/seeds is not beside the repository")
    return {f.name[:3]: f for f in files}


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> Path:
    """A SQLite store with both bundled agreements and the bundled sample news understood (built once).

    Copy it (``sample_store_copy``) before writing to it.
    """
    from charterwatch.dedup.embedding import PassageEmbedder
    from charterwatch.pipeline import run_main_job
    from charterwatch.text.language import LanguageIdentifier
    from charterwatch.workspace import Workspace

    path = tmp_path_factory.mktemp("sample-store") / "sample.db"
    with Workspace(f"sqlite:///{path}") as ws:
        run_main_job(ws, agreement_ref=None, as_of=dt.date(2026, 11, 25),
                     identifier=LanguageIdentifier(), embed=PassageEmbedder())
    return path


@pytest.fixture(scope="module")
def sample_workspace(sample_store, tmp_path_factory):
    """A workspace over this test module's own copy of the sample store (its writes stay in the module)."""
    from charterwatch.workspace import Workspace

    with Workspace(copy_store(sample_store, tmp_path_factory.mktemp("sample-copy"))) as workspace:
        yield workspace


def copy_store(sample_store: Path, folder: Path) -> str:
    """A private copy of the sample store; returns its URL."""
    import shutil

    target = folder / "store.db"
    shutil.copy(sample_store, target)
    return f"sqlite:///{target}"


@contextmanager
def served(app) -> Iterator[str]:
    """``app`` served by a real uvicorn server on a free loopback port; yields its base URL."""
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(200):
            if server.started:
                break
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
