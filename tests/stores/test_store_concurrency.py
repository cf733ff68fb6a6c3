"""Processes at once, and processes killed (issue 10): `query` processes started together on
a store that is out of date, with `build --force` among them, all answer rightly (the build
lock; readers never see a store half-published or pruned under them); `build`, `reason` and
cache writes killed with SIGKILL leave nothing that the next run does not clean."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from helpers import CLEAN


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "realpolitik", *args]


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".*") if p.name != ".lock")


def test_queries_and_builds_at_once_on_a_stale_store(tmp_path):
    kg = tmp_path / "kg"
    shutil.copytree(CLEAN, kg)
    store = tmp_path / "store"
    subprocess.run(command("build", "--kg", str(kg), "--store", str(store)), check=True, capture_output=True, timeout=120)
    facts = kg / "data" / "entities.trig"
    for round_ in range(4):
        # a new version: every process finds the store out of date
        facts.write_text(facts.read_text() + f"\n# round {round_}\n")
        processes = [subprocess.Popen(command("query", "which-states-are-nato-members", "--kg", str(kg), "--store", str(store), "--format", "csv"),
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
        processes.append(subprocess.Popen(command("build", "--force", "--kg", str(kg), "--store", str(store)),
                                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
        for process in processes:
            out, err = process.communicate(timeout=180)
            assert process.returncode == 0 and "Traceback" not in err, err
            if "query" in process.args:
                assert out.splitlines()[1:] == ["https://w3id.org/realpolitik/id/Turkey,Turkey"], (out, err)
    builds = [p for p in store.iterdir() if p.is_dir() and not p.name.startswith(".")]
    assert len(builds) <= 3 and hidden(store) == []


def test_killed_builds_reasonings_and_cache_writes_leave_nothing_behind(tmp_path):
    kg = tmp_path / "kg"
    shutil.copytree(CLEAN, kg)
    store, cache, out = tmp_path / "store", tmp_path / "cache", tmp_path / "out"
    out.mkdir()
    environment = {**os.environ, "REALPOLITIK_CACHE": str(cache)}
    generator = random.Random(10)
    runs = [command("build", "--force", "--kg", str(kg), "--store", str(store)),
            command("reason", "--kg", str(kg), "--output", str(out / "reasoned.nq")),
            command("stats", "--kg", str(kg))]
    for attempt in range(9):
        argv = runs[attempt % 3]
        if argv[3] == "stats":
            shutil.rmtree(cache, ignore_errors=True)  # so that it writes the cache
        process = subprocess.Popen(argv, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(generator.uniform(0.4, 1.6))
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
    for argv in runs:  # the next runs succeed, and clean what the killed ones left
        result = subprocess.run(argv, env=environment, capture_output=True, text=True, timeout=180)
        assert result.returncode == 0, result.stderr
    assert hidden(store) == [] and hidden(cache) == [] and hidden(out) == []
    assert sorted(p.name for p in out.iterdir()) == ["reasoned.nq"]
