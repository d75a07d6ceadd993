"""The command line, a stable contract for scripts and schedulers."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from loaders import geography
from loaders.errors import ERROR
from loaders.pipeline import Workspace, import_referential, rebuild, undo_import
from loaders.store import StoreBusy

EXIT_OK, EXIT_REFUSED, EXIT_BUSY = 0, 1, 3


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of every sub-command."""
    parser = argparse.ArgumentParser(prog="python -m loaders", description="Tableau de bord CLEFOP : imports et base.")
    commands = parser.add_subparsers(dest="command", required=True)
    referential = commands.add_parser("referential", help="référentiel des territoires EFOP")
    ref_commands = referential.add_subparsers(dest="action", required=True)
    ref_import = ref_commands.add_parser("import", help="importer le référentiel officiel (CSV ou Excel)")
    ref_import.add_argument("file", type=Path)
    ref_import.add_argument("--name", default=geography.EFOP_LABEL, help="nom de la maille")
    ref_import.add_argument("--dry-run", action="store_true", help="vérifier sans rien écrire")
    ref_import.add_argument("--json", action="store_true", help="sortie JSON")
    commands.add_parser("rebuild", help="reconstruire la base à partir de l'archive")
    undo = commands.add_parser("undo", help="annuler un import")
    undo.add_argument("import_id", type=int)
    commands.add_parser("history", help="historique des imports")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command and return its exit code."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "referential":
            return run_referential_import(args)
        if args.command == "rebuild":
            print(f"Base reconstruite : {rebuild()} import(s) rejoué(s).")
        elif args.command == "undo":
            undo_import(args.import_id)
            print(f"Import n° {args.import_id} annulé.")
        elif args.command == "history":
            print(Workspace().store.imports()[["id", "kind", "source", "filename", "imported_at",
                                               "imported_by", "status"]].to_string(index=False))
    except StoreBusy as busy:
        print(busy, file=sys.stderr)
        return EXIT_BUSY
    except (KeyError, ValueError) as exc:
        print(exc.args[0] if exc.args else exc, file=sys.stderr)
        return EXIT_REFUSED
    return EXIT_OK


def run_referential_import(args: argparse.Namespace) -> int:
    """Import (or check) a referential file and print its report."""
    if not args.file.is_file():
        print(f"Fichier introuvable : {args.file}", file=sys.stderr)
        return EXIT_REFUSED
    report = import_referential(args.file.read_bytes(), args.file.name, name=args.name, dry_run=args.dry_run)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        print(format_referential_report(report.to_dict(), report.problems, args.dry_run))
    return EXIT_OK if report.ok else EXIT_REFUSED


def format_referential_report(data: dict, problems, dry_run: bool) -> str:
    """Return the French text report of a referential import."""
    verdict = {("ok", True): "importable (rien n'a été écrit)", ("ok", False): "importé",
               ("error", True): "refusé", ("error", False): "refusé"}[(data["status"], dry_run)]
    lines = [f"Référentiel « {data['file']} » : {verdict}.",
             f"  {len(data['territories'])} territoire(s), {data['communes']} commune(s) rattachée(s), "
             f"{len(data['missing'])} sans territoire."]
    for problem in problems:
        label = "ERREUR" if problem.severity == ERROR else "attention"
        where = problem.where()
        lines.append(f"  {label} : {problem.message}" + (f" ({where})" if where else ""))
    return "\n".join(lines)
