"""Import speed and memory against a bare python-calamine parse of the same workbook, run side by side.

Usage: python bench/bench_import.py [--rows 120000] [--pairs 3] [--against REV]

1. Whole process: `python -m loaders import FILE` into an empty data folder against a process that imports
   pandas and parses the workbook with python-calamine, run in alternating pairs; the median ratio is kept.
2. In process: the import's own parse (our bounded reader) timed apart from the rest (detection, extraction,
   checks, commit), in seconds per 100 000 observations: for the first import of the process, and the median of
   three more of the same file into other empty stores (a long-running app's imports, its caches warm).
3. Confirmer after a check: the commit of the kept plan alone.
4. Peak memory of the import process above its start, against the parsed sheet's (the calamine process's
   peak above its start).
5. With --against REV: the in-process measures of 2 and 3 for the code of REV (a git worktree made for the run)
   and for this tree, in alternating processes, `--pairs` times each; the medians and their ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))



def commune_workbook(rows: int) -> bytes:
    """A DARES-like long workbook of about `rows` rows: commune × month × sex, a title row above the header."""
    import random

    import openpyxl

    from loaders.samples.workbooks import workbook_bytes
    from loaders.values import geography
    rng = random.Random(1)
    communes = list(geography.communes()["code_commune"])
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Données")
    ws.append(["Extraction demandeurs d'emploi par commune"])
    ws.append(["Mois", "Code commune", "Catégorie", "Sexe", "Tranche d'âge", "Type de données",
               "Nombre de demandeurs d'emploi"])
    written = 0
    for month in [f"{y}-{m:02d}" for y in range(2017, 2026) for m in range(1, 13)]:
        for code in communes:
            for sex in ("Ensemble", "Femmes"):
                ws.append([month, code, "A", sex, "Ensemble", "Brutes", rng.randint(0, 3000)])
                written += 1
                if written >= rows:
                    return workbook_bytes(wb)
    return workbook_bytes(wb)

PARSE = r'''
import io, json, resource, sys, time
start = time.perf_counter()
import pandas, python_calamine
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(open(sys.argv[1], "rb").read()))
rows = [wb.get_sheet_by_name(n).to_python() for n in wb.sheet_names]
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": time.perf_counter() - start, "sheet_mb": (peak - base) / 1024}))
'''

STAGES = r'''
import json, os, resource, sys, time
IMPORTS = 4
sys.path.insert(0, sys.argv[3])
os.environ["CLEFOP_DATA_DIR"] = sys.argv[2]
try:
    from loaders import actions
except ImportError:  # a revision from before loaders.actions
    from loaders import pipeline as actions
from loaders.planning import ingest
from loaders.planning.kinds import DATA
content = open(sys.argv[1], "rb").read()
workspace = actions.Workspace()
workspace.store.imports()
parses = []
def timed_read(*args, read=ingest.read_sheets):
    begin = time.perf_counter()
    sheets = read(*args)
    parses.append(time.perf_counter() - begin)
    return sheets
ingest.read_sheets = timed_read  # the import's own parse, timed apart from the rest
rests = []
for run in range(IMPORTS):  # the first import of the process, then the same file into other empty stores
    if run:
        workspace = actions.Workspace(__import__("pathlib").Path(f"{sys.argv[2]}-{run}"))
        workspace.store.imports()
    start = time.perf_counter()
    plan = actions.import_file(DATA, content, "bench.xlsx", {"source": None, "overrides": {}}, who="bench",
                                workspace=workspace)
    rests.append(time.perf_counter() - start - parses[-1])
    assert plan.ok and len(parses) == run + 1, plan.problems[:3]
parse = parses[0]
other = actions.Workspace(__import__("pathlib").Path(sys.argv[2] + "-confirm"))
other.store.imports()
checked = actions.check_file(DATA, content, "bench.xlsx", {"source": None, "overrides": {}}, other)
start = time.perf_counter()
actions.confirm([checked.id], "bench", other)
confirm = time.perf_counter() - start
print(json.dumps({"parse": parse, "rests": rests, "confirm": confirm, "observations": len(plan.observations)}))
'''


def timed(command: list[str], env: dict) -> tuple[float, float]:
    """Run a command; return its wall time and its peak resident memory in MB (from the kernel's accounting)."""
    wrapped = [sys.executable, "-c", "import resource, subprocess, sys, time; t = time.perf_counter(); "
               "r = subprocess.run(sys.argv[1:]); d = time.perf_counter() - t; "
               "print(d, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, r.returncode)", *command]
    out = subprocess.run(wrapped, capture_output=True, text=True, env=env, cwd=ROOT, check=True)
    seconds, peak, code = out.stdout.split()[-3:]
    if code != "0":
        raise SystemExit(f"échec de {' '.join(command)}")
    return float(seconds), float(peak)


def stages(path: Path, data_dir: Path, root: Path, env: dict) -> dict:
    """Run the in-process measures of one import with the code of `root`."""
    out = subprocess.run([sys.executable, "-c", STAGES, str(path), str(data_dir), str(root)], capture_output=True,
                         text=True, check=True, env=env).stdout
    return json.loads(out.strip().splitlines()[-1])


def per_100k(seconds: float, observations: int) -> float:
    return seconds / observations * 100_000


def against(rev: str, path: Path, tmp: Path, pairs: int, env: dict) -> None:
    """Print the in-process measures of REV's code and of this tree's, run in alternating processes."""
    base = tmp / "baseline"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(base), rev], check=True)
    try:
        runs: dict[str, list[dict]] = {rev: [], "ici": []}
        for pair in range(pairs):
            for name, root in ((rev, base), ("ici", ROOT)):
                runs[name].append(stages(path, tmp / f"vs-{name}-{pair}", root, env))
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)], check=True)
    print(f"Côte à côte, {pairs} paires de processus alternés, secondes pour 100 000 observations (médianes) :")
    medians = {}
    for name, found in runs.items():
        n = found[0]["observations"]
        medians[name] = {"le reste (suivants)": statistics.median(per_100k(statistics.median(r["rests"][1:]), n)
                                                                   for r in found),
                         "le reste (premier)": statistics.median(per_100k(r["rests"][0], n) for r in found),
                         "Confirmer": statistics.median(per_100k(r["confirm"], n) for r in found),
                         "lecture": statistics.median(per_100k(r["parse"], n) for r in found)}
    for measure in medians[rev]:
        ours, theirs = medians["ici"][measure], medians[rev][measure]
        print(f"  {measure:22} {rev[:10]:>10} {theirs:5.2f}   ici {ours:5.2f}   rapport {ours / theirs:4.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=120_000)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--against", metavar="REV", help="révision comparée côte à côte (en processus)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "communes.xlsx"
        path.write_bytes(commune_workbook(args.rows))
        env = {**os.environ, "CLEFOP_DEMO": "0"}
        if args.against:
            against(args.against, path, Path(tmp), args.pairs, env)
            return
        ratios, ours, bare = [], [], []
        for pair in range(args.pairs):
            base_s, base_mb = timed([sys.executable, "-c", PARSE, str(path)], env)
            data_dir = Path(tmp) / f"cli-{pair}"
            our_s, our_mb = timed([sys.executable, "-m", "loaders", "import", str(path)],
                                  {**env, "CLEFOP_DATA_DIR": str(data_dir)})
            ratios.append(our_s / base_s)
            ours.append((our_s, our_mb))
            bare.append((base_s, base_mb))
        sheet = json.loads(subprocess.run([sys.executable, "-c", PARSE, str(path)], capture_output=True, text=True,
                                          check=True).stdout)["sheet_mb"]
        start_mb = timed([sys.executable, "-m", "loaders", "history"],
                         {**env, "CLEFOP_DATA_DIR": str(Path(tmp) / "e")})[1]
        measured = stages(path, Path(tmp) / "stages", ROOT, env)
    n = measured["observations"]
    first, *others = measured["rests"]
    rest, steady = per_100k(first, n), per_100k(statistics.median(others), n)
    peak = statistics.median(m for _, m in ours)
    print(f"Classeur long par commune : {args.rows} lignes, {n} observations")
    for (b, bm), (o, om), r in zip(bare, ours, ratios):
        print(f"  calamine seul {b:5.2f} s ({bm:4.0f} Mo)   python -m loaders import {o:5.2f} s ({om:4.0f} Mo)   "
              f"rapport {r:4.2f}")
    print(f"  rapport médian {statistics.median(ratios):.2f} (cible ≤ 1,8)")
    print(f"  en processus : lecture {measured['parse']:.2f} s, le reste {first:.2f} s = {rest:.2f} s pour 100 000 "
          f"observations au premier import du processus, {steady:.2f} s aux suivants (médiane de "
          f"{len(others)}) (cible ≤ 0,5)")
    print(f"  Confirmer après vérification : {measured['confirm']:.2f} s = "
          f"{per_100k(measured['confirm'], n):.2f} s pour 100 000 observations (cible ≤ 0,3)")
    print(f"  mémoire : pic de l'import {peak:.0f} Mo, dont {peak - start_mb:.0f} Mo au-delà du démarrage "
          f"({start_mb:.0f} Mo) ; feuille lue en mémoire {sheet:.0f} Mo ; rapport "
          f"{(peak - start_mb) / sheet:.1f} (cible ≤ 3)")


if __name__ == "__main__":
    main()
