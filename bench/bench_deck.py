"""Plenary decks: one territory, then every territory of the default maille, on the demo data.

Usage: python bench/bench_deck.py [--repeat 3]
Each run is a fresh process (`python -m dashboard deck`), as an animator's command would be; the figures are
the median wall time and the peak memory, against the targets (one deck ≤ 3 s, all 23 ≤ 30 s).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(args: list[str], env: dict) -> tuple[float, float]:
    """Return the wall time and peak resident memory (MB) of `python -m dashboard deck …`."""
    wrapper = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
               "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); d = time.perf_counter() - t; "
               "print(d, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, r.returncode)")
    out = subprocess.run([sys.executable, "-c", wrapper, sys.executable, "-m", "dashboard", "deck", *args],
                         capture_output=True, text=True, env=env, cwd=ROOT, check=True).stdout.split()
    if out[-1] != "0":
        raise SystemExit("échec de python -m dashboard deck " + " ".join(args))
    return float(out[-3]), float(out[-2])


IN_PROCESS = r'''
import logging, sys, time
from datetime import date
sys.path.insert(0, sys.argv[1])
logging.disable(logging.WARNING)
from dashboard.deck import files
from dashboard.data import queries
from dashboard.data.scope import Scope
base = queries.current_data_dir()
rev = queries.revision(base)
code = dict(zip(queries.territories(base, rev, "ze2020")["name"], queries.territories(base, rev, "ze2020")["code"]))
start = time.perf_counter()
files.one(Scope(base, rev, "ze2020", code["Cholet"]), date(2026, 12, 15))
print(time.perf_counter() - start)
'''


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "CLEFOP_DATA_DIR": str(Path(tmp) / "data"), "CLEFOP_DEMO": "0"}
        subprocess.run([sys.executable, "-m", "loaders", "demo"], env=env, cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        runs = {"un territoire": ["--territory", "Cholet"], "tous (23)": ["--all"]}
        for label, extra in runs.items():
            results = [timed([*extra, "--output", tmp], env) for _ in range(args.repeat)]
            seconds = statistics.median(r[0] for r in results)
            peak = max(r[1] for r in results)
            target = 3 if label == "un territoire" else 30
            print(f"{label:>14} : {seconds:5.1f} s (cible ≤ {target} s), pic mémoire {peak:4.0f} Mo")
        warm = [float(subprocess.run([sys.executable, "-c", IN_PROCESS, str(ROOT)], env=env, capture_output=True,
                                     text=True, check=True).stdout.split()[-1]) for _ in range(args.repeat)]
        print(f"{'un territoire, modules déjà chargés (comme dans l’application)':>14} : "
              f"{statistics.median(warm):5.1f} s")


if __name__ == "__main__":
    main()
