"""Issue 12 point 7: the embedded PostgreSQL comes up after any abrupt stop — a process killed
while starting or using it, or a pid list left empty or half-written."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
START = (
    "import sys, time; sys.path.insert(0, {root!r}); from pathlib import Path;"
    "from common.embedded_db import embedded_database_url;"
    "import psycopg; url = embedded_database_url(Path({base!r}));"
    "psycopg.connect(url).execute('select 1'); print('up', flush=True); time.sleep({sleep})"
)


def _start(base: Path, sleep: float = 0) -> subprocess.Popen:
    code = START.format(root=str(ROOT), base=str(base), sleep=sleep)
    return subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _stop_server(base: Path) -> None:
    pid_file = base / ".pgdata" / "postmaster.pid"
    if pid_file.exists():
        pid = int(pid_file.read_text().split()[0])
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        for _ in range(100):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)


def test_twenty_abrupt_stops_in_a_row_each_restart_comes_up(tmp_path):
    base = tmp_path / "project"
    base.mkdir()
    first = _start(base)
    out, err = first.communicate(timeout=300)
    assert "up" in out, err
    handle_list = base / ".pgdata" / ".handle_pids.json"
    rng = random.Random(12)
    try:
        for round_ in range(20):
            process = _start(base, sleep=5)
            time.sleep(rng.uniform(0.05, 1.2))
            process.kill()  # like a terminated `make run` process group
            process.wait(timeout=30)
            if round_ % 4 == 0:
                handle_list.write_text("")  # what an interrupted write left behind
            elif round_ % 4 == 2:
                handle_list.write_text("[12, 3")
            check = _start(base)
            out, err = check.communicate(timeout=120)
            assert "up" in out, f"round {round_}: {err[-2000:]}"
        assert isinstance(json.loads(handle_list.read_text()), list)
    finally:
        _stop_server(base)
