"""Import speed: our full import against a bare python-calamine parse and pandas+openpyxl, side by side.

Usage: python bench/bench_import.py [--rows 100000] [--repeat 3]
Each measurement runs in its own process, so peak memory (max RSS) is that measurement's alone.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

MEASURE = r'''
import io, json, resource, sys, time
sys.path.insert(0, {root!r})
kind, path, data_dir = sys.argv[1], sys.argv[2], sys.argv[3]
content = open(path, "rb").read()
import os
os.environ["CLEFOP_DATA_DIR"] = data_dir
import python_calamine
import pandas as pd
from loaders.pipeline import Workspace, import_data_file
Workspace().store.imports()  # the store exists before timing, as it does in the app
start = time.perf_counter()
if kind == "calamine":
    wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
    rows = sum(len(wb.get_sheet_by_name(n).to_python()) for n in wb.sheet_names)
elif kind == "openpyxl":
    rows = sum(len(f) for f in pd.read_excel(io.BytesIO(content), sheet_name=None, engine="openpyxl").values())
else:
    report = import_data_file(content, "bench.xlsx", who="bench")
    assert report.ok, report.problems[:3]
    rows = len(report.observations)
elapsed = time.perf_counter() - start
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({{"seconds": elapsed, "rows": rows, "peak_mb": peak / 1024}}))
'''


def long_workbook(rows: int) -> bytes:
    """A DARES-like long workbook of about `rows` rows by commune and month."""
    import openpyxl

    from loaders import geography
    from loaders.workbooks import workbook_bytes
    rng = random.Random(1)
    communes = list(geography.communes()["code_commune"])
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Données")
    ws.append(["Extraction demandeurs d'emploi par commune"])
    ws.append(["Mois", "Code commune", "Catégorie", "Sexe", "Tranche d'âge", "Type de données",
               "Nombre de demandeurs d'emploi"])
    months = [f"{y}-{m:02d}" for y in range(2017, 2026) for m in range(1, 13)]
    written = 0
    for month in months:
        for code in communes:
            for sex in ("Ensemble", "Femmes"):
                ws.append([month, code, "A", sex, "Ensemble", "Brutes", rng.randint(0, 3000)])
                written += 1
                if written >= rows:
                    return workbook_bytes(wb)
    return workbook_bytes(wb)


def wide_workbook(rows: int) -> bytes:
    """A wide workbook: communes in rows, one column per month, a title row and notes."""
    import openpyxl

    from loaders import geography
    from loaders.workbooks import workbook_bytes
    rng = random.Random(2)
    communes = list(geography.communes()["code_commune"])
    months = [f"{y}-{m:02d}" for y in range(2017, 2026) for m in range(1, 13)][: max(2, rows // len(communes))]
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Tableau")
    ws.append(["Demandeurs d'emploi de catégorie A par commune, données brutes"])
    ws.append(["Code commune", *months])
    for code in communes:
        ws.append([code, *[rng.randint(0, 3000) for _ in months]])
    ws.append(["Source : France Travail (fictif)."])
    return workbook_bytes(wb)




def measure(kind: str, path: Path, repeat: int) -> dict:
    """Run one kind of reading `repeat` times in fresh processes; keep the fastest run."""
    root = str(Path(__file__).resolve().parent.parent)
    runs = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as data_dir:
            out = subprocess.run([sys.executable, "-c", MEASURE.format(root=root), kind, str(path), data_dir],
                                 capture_output=True, text=True, check=True, env={"CLEFOP_DEMO": "0", "PATH": ""})
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return min(runs, key=lambda r: r["seconds"])


def main() -> None:
    """Generate the workbooks, measure, print a table with ratios."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for name, build in (("long", long_workbook), ("large", wide_workbook)):
            path = Path(tmp) / f"{name}.xlsx"
            path.write_bytes(build(args.rows))
            results = {kind: measure(kind, path, args.repeat) for kind in ("calamine", "openpyxl", "ours")}
            base, slow, ours = results["calamine"], results["openpyxl"], results["ours"]
            print(f"\n{name}: {path.stat().st_size / 1e6:.1f} Mo, {ours['rows']} observations")
            for kind, result in results.items():
                print(f"  {kind:9s} {result['seconds']:7.2f} s   pic mémoire {result['peak_mb']:7.0f} Mo")
            print(f"  ours / calamine = {ours['seconds'] / base['seconds']:.2f} (cible ≤ 1,5)   "
                  f"ours / openpyxl = {ours['seconds'] / slow['seconds']:.2f} (cible ≤ 0,2)")


if __name__ == "__main__":
    main()
