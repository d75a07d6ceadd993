"""Command line of the dashboard: `python -m dashboard deck …` prepares plenary decks without the app."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from loaders.errors import UserError
from loaders.outputs import write_whole


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description="Tableau de bord CLEFOP : diaporamas.")
    commands = parser.add_subparsers(dest="command", required=True)
    deck = commands.add_parser("deck", help="diaporama de plénière (.pptx) d'un territoire ou de tous")
    deck.add_argument("--maille", help="maille (identifiant ou nom ; par défaut celle du tableau de bord)")
    deck.add_argument("--territory", help="territoire (code ou nom)")
    deck.add_argument("--all", action="store_true", help="tous les territoires de la maille, dans un .zip")
    deck.add_argument("--reference", default="auto", help="référence « avant crise » : auto, fevrier_2020, "
                                                           "annee_precedente")
    deck.add_argument("--period", help="période affichée (ex. 2026-09 ; par défaut la dernière)")
    deck.add_argument("--date", type=date.fromisoformat, help="date de la plénière (AAAA-MM-JJ ; par défaut "
                                                                "aujourd'hui, ou celle de l'édition)")
    deck.add_argument("--output", type=Path, help="fichier ou dossier de sortie (par défaut le dossier courant)")
    deck.add_argument("--edition", help="numéro d'une édition : les données telles que présentées ce jour-là")
    return parser


def _choose(frame, column_code: str, column_name: str, wanted: str, what: str) -> str:
    for column in (column_code, column_name):
        found = frame[frame[column].astype(str).str.casefold() == wanted.casefold()]
        if len(found):
            return str(found[column_code].iloc[0])
    raise UserError(f"{what} « {wanted} » inconnu(e) : possibles : {', '.join(map(str, frame[column_name]))}.")


def run_deck(args: argparse.Namespace) -> int:
    from dashboard.build.indicators import REFERENCES
    from dashboard.data import queries
    from dashboard.data.scope import Scope
    from dashboard.deck import files
    from loaders.actions import editions
    from loaders.store.workspace import Workspace
    base = queries.current_data_dir()
    rev = queries.revision(base)
    edition = editions.find(Workspace(Path(base)).store, args.edition) if args.edition else None
    rev = queries.snapshot(rev, edition)
    args.date = args.date or (edition.plenary if edition else date.today())
    mailles = queries.mailles(base, rev)
    maille = _choose(mailles, "id", "label", args.maille, "Maille") if args.maille else mailles["id"].iloc[0]
    if args.reference not in REFERENCES:
        raise UserError(f"Référence « {args.reference} » inconnue : {', '.join(REFERENCES)}.")
    months = queries.months(base, rev) if args.period else []
    if args.period and args.period not in months:
        latest = f" ; la plus récente est {months[0]}" if months else " ; la base n'en a encore aucune"
        raise UserError(f"Période « {args.period} » inconnue : indiquez un mois de données au format AAAA-MM{latest}.")
    scope = Scope(base, rev, maille, None, args.period, args.reference)
    if args.all:
        content = files.every(scope, args.date, progress=lambda done, total: print(f"  {done}/{total}", flush=True))
        name = f"plenieres_CLEFOP_{maille}_{args.date.isoformat()}.zip"
    elif args.territory:
        territory = _choose(queries.territories(base, rev, maille), "code", "name", args.territory, "Territoire")
        content, name = files.one(scope.at(territory), args.date)
    else:
        raise UserError("Indiquez un territoire (--territory) ou tous (--all).")
    target = args.output or Path.cwd()
    target = target / name if target.is_dir() else target
    write_whole(target, lambda output: output.write(content))
    print(f"Diaporama écrit : {target}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return run_deck(args)
    except UserError as refused:
        print(refused, file=sys.stderr)
        return refused.exit_code


if __name__ == "__main__":
    sys.exit(main())
