"""Paths and settings of the dashboard, declared once."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from loaders.domain.reference import GEO_DIR, PROJECT_DIR, REFERENCE_DIR

DEFAULT_DATA_DIR = PROJECT_DIR / "data" / "local"
DATA_DIR_ENV = "CLEFOP_DATA_DIR"

__all__ = ["GEO_DIR", "PROJECT_DIR", "REFERENCE_DIR"]


@dataclass(frozen=True)
class Setting:
    """One configurable value: its name, default and the help shown to users."""

    name: str
    default: object
    help: str


SETTINGS = (
    Setting("CLEFOP_DATA_DIR", str(DEFAULT_DATA_DIR),
            "Dossier des données locales : base DuckDB et archive des fichiers importés."),
    Setting("CLEFOP_DEMO", 1,
            "1 : au premier démarrage d'une base vide, importer les données de démonstration ; 0 : ne pas le faire."),
    Setting("CLEFOP_LOCK_TIMEOUT", 30.0,
            "Délai d'attente (secondes) quand un autre processus écrit dans la base."),
    Setting("CLEFOP_MAX_UPLOAD_MB", 50,
            "Taille maximale (Mo) d'un fichier importé, vérifiée avant toute lecture."),
    Setting("CLEFOP_MAX_EXPANDED_MB", 300,
            "Taille décompressée maximale (Mo) d'un classeur xlsx, xlsm ou ods (protection contre les bombes zip)."),
    Setting("CLEFOP_READ_TIMEOUT", 120.0,
            "Durée maximale (secondes) de lecture d'un classeur, faite dans un processus séparé."),
    Setting("CLEFOP_READ_MEMORY_MB", 2048,
            "Mémoire maximale (Mo) du processus qui lit un classeur."),
    Setting("CLEFOP_TRUSTED_PROXIES", "",
            "Adresses (séparées par des virgules) des mandataires inverses dont l'en-tête X-Forwarded-For est cru "
            "pour compter les essais de mot de passe par client ; vide : aucun."),
    Setting("CLEFOP_READ_TEST_DELAY", 0.0,
            "Pour les tests seulement : attente (secondes) du processus de lecture avant de lire le classeur, "
            "afin d'éprouver la durée maximale sans dépendre de la vitesse de la machine. 0 en service."),
)


def setting(name: str) -> object:
    """Return a setting's value from the environment, or its default."""
    spec = next(s for s in SETTINGS if s.name == name)
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return spec.default
    return type(spec.default)(raw)


def data_dir() -> Path:
    """Return the data folder (store and archive), honouring CLEFOP_DATA_DIR."""
    return Path(str(setting(DATA_DIR_ENV))).expanduser().resolve()


def database_path(base: Path | None = None) -> Path:
    """Return the DuckDB file of a data folder."""
    return (base or data_dir()) / "clefop.duckdb"


def archive_dir(base: Path | None = None) -> Path:
    """Return the archive folder of a data folder."""
    return (base or data_dir()) / "archive"


def plans_dir(base: Path | None = None) -> Path:
    """Return the folder of the import plans checked and not yet confirmed."""
    return (base or data_dir()) / "plans"
