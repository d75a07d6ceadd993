"""Does an import cost more as the store grows? The same import and undo into an empty store and into a store
of about 2 million observations, side by side.

Usage: python bench/bench_growth.py [--months 96] [--repeat 15]
Prints the median seconds of each and the ratio large / empty (the target is at most 1,2).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_dashboard import fill  # noqa: E402

from loaders import actions  # noqa: E402
from loaders.actions import Workspace  # noqa: E402
from loaders.values.geography import builtin_territories  # noqa: E402


def extract(serial: int) -> bytes:
    """A 2 400-row long CSV of job seekers by zone d'emploi (23 zones × ~100 months), values varying by run."""
    zones = builtin_territories()
    zones = zones[zones["maille"] == "ze2020"]
    lines = ["Date;Code zone d'emploi;Zone d'emploi;Catégorie;Nombre de demandeurs d'emploi"]
    for month in range(105):
        period = f"{2017 + month // 12}-{month % 12 + 1:02d}"
        for i, (code, name) in enumerate(zip(zones["code"], zones["nom"])):
            lines.append(f"{period};{code};{name};A;{1000 + 10 * i + month + serial}")
    return ("\n".join(lines) + "\n").encode()


def one_round(workspace: Workspace, serial: int) -> tuple[float, float]:
    """Return the seconds of one import and of its undo."""
    content = extract(serial)
    start = time.perf_counter()
    report = actions.import_data_file(content, f"bench_{serial}.csv", who="bench", workspace=workspace)
    imported = time.perf_counter() - start
    assert report.ok, report.problems[:3]
    last = int(workspace.store.imports()["id"].max())
    start = time.perf_counter()
    actions.undo_import(last, "bench", workspace=workspace)
    return imported, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--months", type=int, default=96)
    parser.add_argument("--repeat", type=int, default=15)  # medians of 3 moved by ±20 % from run to run
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        empty, large = Workspace(Path(tmp) / "empty"), Workspace(Path(tmp) / "large")
        count = fill(large, args.months)
        print(f"grand magasin : {count:,} observations".replace(",", " "))
        timings = {"empty": [], "large": []}
        for serial in range(args.repeat):
            for name, workspace in (("empty", empty), ("large", large)):
                timings[name].append(one_round(workspace, serial))
        for step, index in (("import", 0), ("annulation", 1)):
            small = statistics.median(t[index] for t in timings["empty"])
            big = statistics.median(t[index] for t in timings["large"])
            print(f"{step:>10} : vide {small:.2f} s, 2 M {big:.2f} s, rapport {big / small:.2f}")


if __name__ == "__main__":
    main()
