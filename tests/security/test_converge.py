"""Derived tables converge: copy links left missing or wrong — by kill -9 while they were being
found, or by a writer that did not see another's documents — are recomputed by the next ingest,
even one that adds nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from charterwatch.pipeline import sample_news_folder
from charterwatch.workspace import Workspace
from tests.conftest import REPO, run_cli


def _links(url: str) -> set[tuple[str, str, str]]:
    """Copy links named by the documents' files (ids can differ between stores)."""
    with Workspace(url) as workspace:
        documents = workspace.documents(include_rejected=True)
        name = {d["id"]: d.get("path") or d.get("url") or str(d["id"]) for d in documents}
        return {(name[d["id"]], name[d["copy_of"]], d["copy_kind"]) for d in documents if d.get("copy_of")}


def test_copies_killed_midway_or_written_stale_are_recomputed_by_the_next_run(tmp_path):
    news = str(sample_news_folder())
    clean = f"sqlite:///{tmp_path / 'clean.db'}"
    run_cli("ingest", news, "--defer", db=clean, check=True, timeout=300)
    expected = _links(clean)
    assert expected
    with Workspace(clean) as workspace:
        total = len(workspace.documents(include_rejected=True))

    killed = f"sqlite:///{tmp_path / 'killed.db'}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHARTERWATCH_")}
    env.update({"CHARTERWATCH_DB": killed, "CHARTERWATCH_USER": "tester", "NO_COLOR": "1"})
    process = subprocess.Popen([sys.executable, "-m", "charterwatch", "ingest", news, "--defer"], cwd=REPO, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with Workspace(killed) as workspace:
                stored = len(workspace.documents(include_rejected=True))
        except Exception:       # the store may not exist yet, or be mid-migration
            stored = 0
        if stored == total:
            break
        time.sleep(0.05)
    assert process.poll() is None, "the ingest ended before it could be killed"
    process.send_signal(signal.SIGKILL)          # every document stored; copies not yet (or partly) found
    process.wait()
    assert _links(killed) != expected
    run_cli("ingest", news, "--defer", db=killed, check=True, timeout=300)      # adds nothing
    assert _links(killed) == expected

    # a second writer that had not seen the newest documents wrote its (partial) links last
    with Workspace(killed) as workspace:
        partial = [link for link in _copy_links(workspace)][: max(1, len(expected) // 2)]
        workspace.replace_copies(partial, basis=(total - 5, 1))
    assert _links(killed) != expected
    run_cli("ingest", news, "--defer", db=killed, check=True, timeout=300)
    assert _links(killed) == expected
    # and a current table is left alone: a run with nothing new does not recompute it
    with Workspace(killed) as workspace:
        assert not workspace.copies_stale()


def test_copies_found_by_older_copy_rules_are_recomputed_by_the_next_run(tmp_path):
    """A store whose copy table older rules wrote (no rules version recorded, or a lower one) is
    not current, though it covers every document: the next ingest, adding nothing, recomputes it."""
    from charterwatch.dedup.copies import COPY_RULES
    from charterwatch.store.schema import StoreStateRow

    news = str(sample_news_folder())
    url = f"sqlite:///{tmp_path / 'old.db'}"
    run_cli("ingest", news, "--defer", db=url, check=True, timeout=300)
    expected = _links(url)
    with Workspace(url) as workspace:
        documents = workspace.dedup_documents()
        basis = (len(documents), max(d.id for d in documents))
        workspace.replace_copies(list(_copy_links(workspace))[:1], basis=basis)
        with workspace.transaction() as session:                                # as older rules wrote it
            session.get(StoreStateRow, "copies_rules").value = COPY_RULES - 1
        assert workspace.copies_stale()
        workspace.replace_copies(list(_copy_links(workspace)), basis=basis)   # the running rules
        assert not workspace.copies_stale()
        workspace.replace_copies(list(_copy_links(workspace))[:1], basis=basis)
        with workspace.transaction() as session:                                # as a store from before versions
            session.delete(session.get(StoreStateRow, "copies_rules"))
        assert workspace.copies_stale()
    assert _links(url) != expected
    run_cli("ingest", news, "--defer", db=url, check=True, timeout=300)        # adds nothing
    assert _links(url) == expected


def _copy_links(workspace: Workspace):
    from charterwatch.dedup.copies import CopyLink

    for d in workspace.documents():
        if d.get("copy_of"):
            yield CopyLink(document_id=d["id"], original_id=d["copy_of"], kind=d["copy_kind"], score=d["copy_score"])


def test_two_ingests_at_once_whose_documents_copy_each_other_converge(tmp_path, database_url):
    """Half the sample news each, at the same time, into one store (copies and translations cross the
    halves): whatever the interleaving, the next ingest with nothing new leaves the clean run's links."""
    import shutil

    news = sample_news_folder()
    from charterwatch.ingest.files import expand_paths

    files = expand_paths([news])
    halves = [tmp_path / "a", tmp_path / "b"]
    for folder in halves:
        folder.mkdir()
    for index, path in enumerate(files):
        shutil.copy(path, halves[index % 2] / "_".join(path.relative_to(news).parts))
    clean = f"sqlite:///{tmp_path / 'clean.db'}"
    run_cli("ingest", str(halves[0]), str(halves[1]), "--defer", db=clean, check=True, timeout=300)
    expected = {(a.rsplit("/", 1)[-1], b.rsplit("/", 1)[-1], kind) for a, b, kind in _links(clean)}
    assert expected

    run_cli("agreement", "list", db=database_url, check=True)        # create the store before the race
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHARTERWATCH_")}
    env.update({"CHARTERWATCH_DB": database_url, "CHARTERWATCH_USER": "tester", "NO_COLOR": "1"})
    processes = [subprocess.Popen([sys.executable, "-m", "charterwatch", "ingest", str(folder), "--defer"], cwd=REPO,
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for folder in halves]
    for process in processes:
        _, errors = process.communicate(timeout=300)
        assert process.returncode == 0, errors.decode()
    run_cli("ingest", str(halves[0]), str(halves[1]), "--defer", db=database_url, check=True, timeout=300)
    got = {(a.rsplit("/", 1)[-1], b.rsplit("/", 1)[-1], kind) for a, b, kind in _links(database_url)}
    assert got == expected
