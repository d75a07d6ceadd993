"""The command line, a stable contract for scripts and schedulers."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from datetime import date
from pathlib import Path

from loaders import actions
from loaders.actions import Workspace, access, backup, editions, import_demo, prepare, recover, restore, undo_import
from loaders.cli import territories as territories_cli
from loaders.cli.reports import format_report
from loaders.domain.sources import ADJUSTMENT, CATEGORY, SOURCES, STATED_INDICATORS
from loaders.domain.territory import FRANCE_LEVEL, LEVEL
from loaders.errors import ImportRefused, UserError
from loaders.intake.guard import check_size
from loaders.outputs import write_whole
from loaders.planning.kinds import CATALOGUE, DATA, REFERENTIAL
from loaders.planning.sheet_choice import SKIP_SHEETS
from loaders.settings import data_dir
from loaders.store import StoreUnreadable
from loaders.values import geography
from loaders.values.textnorm import visible

EXIT_OK, EXIT_REFUSED, EXIT_BUSY = 0, 1, 3
DRY_RUN = "vérifier sans rien importer ; la vérification est gardée pour « confirm »"


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of every sub-command."""
    parser = argparse.ArgumentParser(prog="python -m loaders", description="Tableau de bord CLEFOP : imports et base.")
    commands = parser.add_subparsers(dest="command", required=True)
    referential = commands.add_parser("referential", help="référentiel des territoires EFOP")
    ref_commands = referential.add_subparsers(dest="action", required=True)
    ref_import = ref_commands.add_parser("import", help="importer le référentiel officiel (CSV ou Excel)")
    ref_import.add_argument("file", type=Path)
    ref_import.add_argument("--name", default=geography.EFOP_LABEL, help="nom de la maille")
    ref_import.add_argument("--dry-run", action="store_true", help=DRY_RUN)
    ref_import.add_argument("--json", action="store_true", help="sortie JSON")
    data = commands.add_parser("import", help="importer des extraits (demandeurs, offres, activité partielle)")
    data.add_argument("files", type=Path, nargs="+")
    data.add_argument("--source", choices=sorted(SOURCES), help="source (détectée sinon)")
    data.add_argument("--period", help="période quand le fichier ne la dit pas (ex. 2016-12, 2020-T2)")
    data.add_argument("--adjustment", choices=list(ADJUSTMENT.values),
                      help="données brutes ou CVS-CJO, quand le fichier ne le dit pas")
    data.add_argument("--category", choices=list(CATEGORY.values),
                      help="catégorie de demandeurs d'emploi quand le fichier ne la dit pas (ABCDE : A à E ensemble)")
    data.add_argument("--indicator", choices=list(STATED_INDICATORS),
                      help="offres collectées ou diffusées, quand le fichier ne dit que « Offres »")
    data.add_argument("--territory", choices=[LEVEL.region, FRANCE_LEVEL],
                      help="territoire couvert quand le fichier ne le dit pas : region (toute la région) ou france "
                           "(gardé comme niveau de comparaison France, jamais comme la région)")

    data.add_argument("--skip-sheet", action="append", dest=SKIP_SHEETS, metavar="FEUILLE",
                      help="laisser de côté une feuille du classeur (répétable) ; le rapport la nomme")
    data.add_argument("--dry-run", action="store_true", help=DRY_RUN)
    data.add_argument("--json", action="store_true", help="une ligne JSON par fichier")
    export = commands.add_parser("export", help="exporter les observations en vigueur (CSV)")
    export.add_argument("--source", choices=sorted(SOURCES))
    export.add_argument("--output", type=Path, help="fichier de sortie (sinon la sortie standard)")
    demo = commands.add_parser("demo", help="importer les données de démonstration")
    demo.add_argument("--first-start", action="store_true",
                      help="seulement si rien n'a jamais été importé dans ce dossier (et CLEFOP_DEMO vaut 1)")
    commands.add_parser("rebuild", help="reconstruire la base à partir de l'archive")
    save = commands.add_parser("backup", help="sauvegarder le dossier de données (même pendant que le tableau de "
                                              "bord tourne)")
    save.add_argument("destination", type=Path, help="nouveau dossier (ou dossier vide) de la sauvegarde")
    back = commands.add_parser("restore", help="vérifier une sauvegarde et en refaire un dossier de données")
    back.add_argument("source", type=Path, help="dossier d'une sauvegarde faite par « backup »")
    back.add_argument("--into", type=Path, required=True, help="nouveau dossier de données (ou dossier vide)")
    undo = commands.add_parser("undo", help="annuler un import")
    undo.add_argument("import_id", type=int)
    catalogue = commands.add_parser(CATALOGUE, help="importer l'offre de services des partenaires")
    catalogue.add_argument("file", type=Path)
    catalogue.add_argument("--dry-run", action="store_true", help=DRY_RUN)
    confirm = commands.add_parser("confirm", help="importer des fichiers vérifiés (--dry-run), tels que vérifiés")
    confirm.add_argument("plans", nargs="+", help="numéros de vérification affichés par --dry-run")
    commands.add_parser("history", help="historique des imports")
    grid = commands.add_parser("territories", help="mailles et territoires (code, communes, population)")
    grid.add_argument("--maille", help="une seule maille (identifiant ou libellé)")
    grid.add_argument("--json", action="store_true", help="sortie JSON")
    edition = commands.add_parser("edition", help="éditions : l'état des données présenté à une plénière")
    edition_commands = edition.add_subparsers(dest="edition_command", required=True)
    edition_commands.add_parser("list", help="lister les éditions")
    freeze = edition_commands.add_parser("freeze", help="figer l'état actuel des données")
    freeze.add_argument("--name", help="nom (par défaut « Plénière CLEFOP du JJ/MM/AAAA »)")
    freeze.add_argument("--date", type=date.fromisoformat, default=date.today(), help="date de la plénière")
    freeze.add_argument("--maille", help="maille en vigueur (par défaut celle du tableau de bord)")
    rename = edition_commands.add_parser("rename", help="renommer une édition")
    rename.add_argument("edition_id", type=int)
    rename.add_argument("name")
    password = commands.add_parser("password", help="mot de passe analyste du tableau de bord")
    password.add_argument("--generate", action="store_true", help="en tirer un au hasard et l'afficher une fois")
    password.add_argument("--first-start", action="store_true",
                          help="au premier démarrage sans accès configuré : en tirer un et l'afficher une fois")
    password.add_argument("--hash", action="store_true",
                          help="afficher seulement l'empreinte, à copier dans .streamlit/secrets.toml")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command and return its exit code."""
    args = build_parser().parse_args(argv)
    prepare(data_dir())
    try:
        if args.command == "rebuild":
            print(f"Base reconstruite : {restore()} import(s) rejoué(s).")
            return EXIT_OK
        if args.command == "password":
            return run_password(args)
        if args.command == "restore":
            count = backup.restore_backup(args.source, args.into)
            print(f"Sauvegarde vérifiée et restaurée dans {args.into} : {count} import(s) rejoué(s).")
            return EXIT_OK
        recover()
        if args.command == "referential":
            return run_referential_import(args)
        if args.command == "import":
            return run_data_import(args)
        if args.command == CATALOGUE:
            return run_catalogue_import(args)
        if args.command == "backup":
            made = backup.backup(args.destination)
            print(f"Sauvegarde écrite dans {args.destination} : {made['operations']} opération(s), "
                  f"{len(made['files'])} fichier(s), manifeste {backup.MANIFEST}.")
            return EXIT_OK
        if args.command == "confirm":
            for plan in actions.confirm(args.plans):
                print(f"« {visible(plan.filename)} » importé, tel que vérifié.")
            return EXIT_OK
        if args.command == "export":
            frame = Workspace().store.export(args.source)
            if args.output:
                write_whole(args.output, lambda output: frame.to_csv(output, index=False))
            else:
                frame.to_csv(sys.stdout, index=False)
        elif args.command == "demo":
            run_demo(args.first_start)
        if args.command == "undo":
            undo_import(args.import_id)
            print(f"Import n° {args.import_id} annulé.")
        elif args.command == "edition":
            run_edition(args)
        elif args.command == "territories":
            print(territories_cli.render(territories_cli.listing(Workspace().store, args.maille), args.json))
        elif args.command == "history":
            print(Workspace().store.imports()[["id", "kind", "source", "filename", "imported_at",
                                               "imported_by", "status"]].to_string(index=False))
    except UserError as refused:
        print(refused, file=sys.stderr)
        if isinstance(refused, StoreUnreadable):
            print("Reconstruisez-la à partir de l'archive : python -m loaders rebuild", file=sys.stderr)
        return refused.exit_code
    return EXIT_OK


def run_edition(args: argparse.Namespace) -> None:
    workspace = Workspace()
    who = actions.command_line_user()
    if args.edition_command == "freeze":
        maille = args.maille or workspace.store.default_maille()
        if maille not in set(workspace.store.mailles()["id"]):
            raise UserError(f"Maille « {maille} » inconnue : rien n'a été figé.")
        frozen = editions.freeze(args.name or editions.default_name(args.date), args.date, maille, who, workspace)
        print(f"Édition n° {frozen.id} figée : « {visible(frozen.name)} » ({len(frozen.imports)} import(s) en "
              f"vigueur). Lien : ajoutez ?edition={frozen.id} à l'adresse d'une page du tableau de bord.")
    elif args.edition_command == "rename":
        editions.rename(args.edition_id, args.name, who, workspace)
        print(f"Édition n° {args.edition_id} renommée.")
    else:
        for found in workspace.store.editions():
            print(f"{found.id:>4}  {found.plenary:%d/%m/%Y}  {visible(found.name)}  ({found.maille}, "
                  f"{len(found.imports)} import(s), figée par {visible(found.created_by)})")


def not_a_file(path: Path) -> str:
    """Say in French why a path cannot be imported (it is never opened: a pipe would block the import)."""
    if not path.exists():
        return f"Fichier introuvable : {path}"
    if path.is_dir():
        return f"« {path} » est un dossier, pas un fichier : indiquez les fichiers à importer."
    return f"« {path} » n'est pas un fichier ordinaire (tube, périphérique…) : il n'a pas été lu."


def run_demo(first_start: bool) -> None:
    """Import the demo data; with --first-start, only into a data folder that never imported anything."""
    workspace = Workspace()
    if first_start and not actions.demo_wanted(workspace):
        return
    print("Préparation des données de démonstration…", flush=True)
    reports = import_demo(workspace, progress=lambda done, total: print(f"  {done}/{total}", flush=True))
    print(f"Données de démonstration importées : {len(reports)} fichier(s).")


def run_password(args: argparse.Namespace) -> int:
    """Set the analyst password of the data folder, or print a hash for the Streamlit secrets."""
    if args.generate or args.first_start:
        password = access.generate_password() if args.generate else access.ensure_first_password()
        if password:
            print(access.first_start_banner(password))
        return EXIT_OK
    first = getpass.getpass("Nouveau mot de passe analyste : ") if sys.stdin.isatty() else sys.stdin.readline()
    second = getpass.getpass("Encore une fois : ") if sys.stdin.isatty() else first
    first, second = first.strip("\n"), second.strip("\n")
    if len(first) < 10 or first != second:
        print("Mot de passe refusé : au moins 10 caractères, deux fois le même.", file=sys.stderr)
        return EXIT_REFUSED
    if args.hash:
        print(f'[analysts]\npassword_hash = "{access.hash_password(first)}"')
    else:
        access.set_password(first)
        print(f"Mot de passe analyste enregistré (empreinte dans {access.hash_file()}).")
    return EXIT_OK


def run_data_import(args: argparse.Namespace) -> int:
    """Import (or check) data files one by one; exit non-zero when any is refused."""
    overrides = {k: getattr(args, k) for k in ("period", "adjustment", "category", "indicator", "territory",
                                               SKIP_SHEETS)
                 if getattr(args, k)}
    return run_import(DATA, args.files, {"source": args.source, "overrides": overrides}, args)


def run_referential_import(args: argparse.Namespace) -> int:
    """Import (or check) a referential file and print its report."""
    return run_import(REFERENTIAL, [args.file], {"name": args.name}, args)


def run_catalogue_import(args: argparse.Namespace) -> int:
    """Import (or check) a service-offer catalogue and print its report."""
    return run_import(CATALOGUE, [args.file], {}, args)


def run_import(kind: str, paths: list[Path], options: dict, args: argparse.Namespace) -> int:
    """The one import of the command line, for every kind: check (and keep the plan) or import each file."""
    code = EXIT_OK
    for path in paths:
        if not path.is_file():
            print(not_a_file(path), file=sys.stderr)
            code = EXIT_REFUSED
            continue
        try:
            check_size(path.stat().st_size, path.name)
        except ImportRefused as refused:
            print(refused.summary(), file=sys.stderr)
            code = EXIT_REFUSED
            continue
        content = path.read_bytes()
        plan = (actions.check_file(kind, content, path.name, options) if args.dry_run
                else actions.import_file(kind, content, path.name, options))
        print(json.dumps(plan.to_dict(), ensure_ascii=False, default=str) if getattr(args, "json", False)
              else format_report(plan.report(), args.dry_run))
        if not plan.ok:
            code = EXIT_REFUSED
    return code
