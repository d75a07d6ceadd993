"""The territorial vocabulary, declared once: the region, France, the mailles and the level each is made of."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    """The region the dashboard serves."""

    code: str
    name: str
    departements: tuple[str, ...]
    color: str  # on every chart, beside its territories


REGION = Region("52", "Pays de la Loire", ("44", "49", "53", "72", "85"), "#7f7f7f")
WHOLE_REGION_LABEL = "Toute la région"  # the territory filter's choice of the whole region (no territory's name)
NAME_MAX_LENGTH = 80  # a territory's name, as the filter, the tables and a deck's cover show it whole
FRANCE_LEVEL, FRANCE_CODE = "france", "FR"  # France kept as a comparison level, never as the region
FRANCE_METRO = "FRM"  # France métropolitaine, beside France entière in national series
FRANCE_NAME, FRANCE_SHORT_NAME = "France entière", "France"  # in tables; on charts beside the territories
FRANCE_METRO_NAME = "France métropolitaine"
FRANCE_WHOLE_NAMES = ("France entière", "Champ : France", "France hors Mayotte", "France y compris Mayotte",
                      "Ensemble de la France")  # what a title says of a table on France entière


@dataclass(frozen=True)
class LevelIds:
    """The id of each level of observations (their `level` column), for code that names one."""

    commune: str = "commune"
    epci: str = "epci"
    zone_emploi: str = "zone_emploi"
    cle: str = "cle"
    territoire: str = "territoire"
    departement: str = "departement"
    region: str = "region"


LEVEL = LevelIds()


@dataclass(frozen=True)
class Level:
    """A geographic level of observations: its code width, the headers of its code and name columns, and the
    words that name it in a title (which settle a column of names that several levels share)."""

    id: str
    label: str
    header: str  # the header of its name column, as a message or the Excel model writes it
    code_header: str
    width: int | None
    code_synonyms: tuple[str, ...]
    name_synonyms: tuple[str, ...]
    title_words: tuple[str, ...] = ()


LEVELS = (
    Level(LEVEL.commune, "communes", "Commune", "Code commune", 5,
          ("code commune", "code insee", "codgeo", "depcom", "code geo", "insee", "commune code",
           "code insee commune"),
          ("commune", "libelle commune", "nom commune", "nom de la commune"), ("commune", "communes")),
    Level(LEVEL.epci, "EPCI", "EPCI", "SIREN EPCI", 9, ("siren epci", "code epci", "epci siren", "siren", "epci code"),
          ("epci", "nom epci", "libelle epci", "intercommunalite"), ("epci", "intercommunalite", "intercommunalites")),
    Level(LEVEL.zone_emploi, "zones d'emploi", "Zone d'emploi", "Code zone d'emploi", 4,
          ("code zone d emploi", "code ze", "ze2020", "code ze2020", "zone d emploi code", "code zone emploi",
           "code zone"),
          ("zone d emploi", "libelle zone d emploi", "nom zone d emploi", "ze", "bassin d emploi", "zone emploi"),
          ("zone d emploi", "zones d emploi", "bassin d emploi", "bassins d emploi")),
    Level(LEVEL.cle, "comités locaux pour l'emploi", "Comité local pour l'emploi", "Code CLPE", None,
          ("code clpe", "clpe", "c territoire id", "code cle", "code comite local pour l emploi", "id clpe",
           "code territoire clpe"),
          ("comite local pour l emploi", "comites locaux pour l emploi", "cle", "libelle cle", "nom cle",
           "c lblterritoire", "libelle comite local pour l emploi", "territoire clpe", "libelle clpe"),
          ("comite local pour l emploi", "comites locaux pour l emploi", "cle", "clpe")),
    Level(LEVEL.territoire, "territoires EFOP", "Territoire EFOP", "Code territoire", None,
          ("code territoire", "code efop", "code clefop"),
          ("territoire", "territoire efop", "clefop", "efop", "nom territoire"), ("territoire efop", "efop")),
    Level(LEVEL.departement, "départements", "Département", "Code département", 2,
          ("code departement", "code du departement", "departement code", "code dep", "dep", "code dept", "dept"),
          ("departement", "libelle departement", "nom departement", "nom du departement"),
          ("departement", "departements")),
    Level(LEVEL.region, "région", "Région", "Code région", 2, ("code region", "reg", "code reg", "region code"),
          ("region", "libelle region", "nom region")),
)


@dataclass(frozen=True)
class Maille:
    """A set of territories, each a group of communes, and the level of observations its territories are."""

    id: str
    label: str
    short_label: str
    level: str
    column: str | None = None  # the column of the committed commune table that gives each commune's territory
    former_labels: tuple[str, ...] = ()  # labels that links made by earlier versions carry
    town_named: bool = False  # its territories are named after their main town (« À Cholet, … »)


CLE = Maille("cle", "Comités locaux pour l'emploi (périmètres des CLEFOP)", "Comités locaux pour l'emploi", LEVEL.cle,
             "code_cle")
ZONES_EMPLOI = Maille("ze2020", "Zones d'emploi 2020 (INSEE)", "Zones d'emploi 2020", LEVEL.zone_emploi, "code_ze2020",
                      ("Zones d'emploi 2020 (découpage par défaut, en attendant le référentiel EFOP officiel)",),
                      town_named=True)
DEPARTEMENTS = Maille("departement", "Départements", "Départements", LEVEL.departement, "code_departement")
EPCI = Maille("epci", "EPCI (intercommunalités)", "EPCI", LEVEL.epci, "code_epci")
REGION_MAILLE = Maille("region", "Région", "Région", LEVEL.region, "code_region")
EFOP = Maille("efop", "Territoires EFOP", "Territoires EFOP", LEVEL.territoire, town_named=True)  # imported
BUILTIN_MAILLES = (CLE, ZONES_EMPLOI, DEPARTEMENTS, EPCI, REGION_MAILLE)
DEFAULT_BUILTIN = CLE.id  # the official grid since 2025; an imported EFOP referential comes before it
MAILLE_LEVELS = {m.id: m.level for m in (*BUILTIN_MAILLES, EFOP)}
MAILLE_BY_ID = {m.id: m for m in (*BUILTIN_MAILLES, EFOP)}


def town_named(maille_id: str) -> bool:
    """Return True when a maille's territories are named after their main town."""
    return maille_id in MAILLE_BY_ID and MAILLE_BY_ID[maille_id].town_named
# A territory centred outside the region (CLE Redon, zone d'emploi 0051…) is described by its regional part only.
PARTIAL_SUFFIX = " (partie régionale)"
CLE_SOURCE = "Périmètres des comités locaux pour l'emploi : France Travail – Réseau pour l'emploi"
