"""The domain catalogue, declared once: each source, its indicators and breakdowns, and the headline series.

What a source measures, the headers and value spellings that announce it, which value of a breakdown is
its total and which the dashboard shows first, the labels shown, whether a rise is bad news, the rounding
and the phrasing of the faits saillants. Adding a column synonym, a value spelling or a category is a
one-line change here. Matching ignores case, accents, spaces, apostrophes, line breaks and plurals (see
loaders.values.textnorm and loaders.tables.columns). Observations are checked against it before commit
(loaders.planning.validate).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from loaders.domain.reference import a17_sectors
from loaders.domain.schema import TOTAL, Role


@dataclass(frozen=True)
class Indicator:
    """A measured quantity and the headers that announce its value column."""

    code: str
    label: str
    synonyms: tuple[str, ...]
    unit: str = "personnes"


@dataclass(frozen=True)
class Dimension:
    """A breakdown: its store column, the headers naming it and the spellings of its values."""

    name: str
    label: str
    synonyms: tuple[str, ...]
    values: dict[str, tuple[str, ...]] = field(default_factory=dict)
    free: bool = False  # values outside `values` are kept as written (codes such as ROME)
    total: str = TOTAL  # the value of a row not broken down (« ABC » for job-seeker categories)
    labels: dict[str, str] = field(default_factory=dict)  # the values shown in the breakdown panels, in order
    bands: dict[str, str] = field(default_factory=dict)  # finer published values, in a panel of their own
    bands_title: str = ""


@dataclass(frozen=True)
class Source:
    """A family of data: what it measures and how it is broken down."""

    id: str
    label: str
    indicators: tuple[Indicator, ...]
    dimensions: tuple[Dimension, ...]
    keywords: tuple[str, ...]
    adjustment: str | None = None  # set only when the producer publishes the source in one form
    generic: tuple[str, ...] = ()  # synonyms that name the source, not one of its indicators
    producer: str = ""  # the name given in the sources of every page and slide
    rounding: str | None = None  # said beside every figure of the source
    adjusted: bool = False  # published raw and seasonally adjusted: the figures say which
    breaks: bool = False  # its series cross the producer's changes of procedure (charts mark them)

    def has(self, dimension: str) -> bool:
        """Return True when the source is broken down by that dimension."""
        return any(d.name == dimension for d in self.dimensions)

    def roles(self) -> list[Role]:
        """Return the header roles of this source's indicators and dimensions."""
        return ([Role(i.code, i.synonyms) for i in self.indicators]
                + [Role(d.name, d.synonyms) for d in self.dimensions])


TOTAL_WORDS = ("total", "ensemble", "tous", "toutes", "tout", "total general", "ensemble des", "tous ages",
               "toutes categories", "tous secteurs", "ensemble des secteurs", "tous types", "total region")

CATEGORY = Dimension("category", "Catégorie", ("categorie", "cat", "categorie de demandeurs"), {
    "A": ("a", "cat a", "categorie a", "defm a"), "B": ("b", "cat b", "categorie b", "defm b"),
    "C": ("c", "cat c", "categorie c", "defm c"),
    "ABC": ("abc", "a b c", "cat abc", "categorie abc", "categories abc", "categories a b c", "defm abc"),
    "D": ("d", "cat d", "categorie d", "defm d"), "E": ("e", "cat e", "categorie e", "defm e"),
    "ABCDE": ("abcde", "categorie abcde", "categories abcde", "categories a b c d e", "cat abcde", "defm abcde"),
}, total="ABC", labels={"A": "A", "B": "B", "C": "C", "ABC": "A, B, C"})


def category_order(category: str) -> int:
    """Return the published order of job-seeker categories: A, B, C, ABC, D, E, ABCDE, then others."""
    order = list(CATEGORY.values)
    return order.index(category) if category in order else len(order)


SEX = Dimension("sex", "Sexe", ("sexe", "genre"), {
    "F": ("f", "femme", "femmes", "feminin"), "H": ("h", "m", "homme", "hommes", "masculin"),
}, labels={"F": "Femmes", "H": "Hommes"})
AGE = Dimension("age", "Âge", ("tranche d age", "age", "classe d age", "tranche age"), {
    "moins_25": ("moins de 25 ans", "25 ans", "moins 25 ans", "de moins de 25 ans", "15 24 ans", "jeunes"),
    "25_49": ("25 49 ans", "25 a 49 ans", "de 25 a 49 ans", "entre 25 et 49 ans"),
    "50_plus": ("50 ans ou plus", "50 ans et plus", "50 ans", "plus de 50 ans", "50 ans et", "seniors"),
}, labels={"moins_25": "Moins de 25 ans", "25_49": "25 à 49 ans", "50_plus": "50 ans ou plus"})
SENIORITY = Dimension("seniority", "Ancienneté d'inscription", ("anciennete", "anciennete d inscription",
                                                                 "duree d inscription"), {
    "moins_1an": ("moins d un an", "moins de 1 an", "1 an", "moins d 1 an", "inscrits depuis moins d un an"),
    "1an_plus": ("1 an ou plus", "un an ou plus", "plus d un an", "1 an et plus", "deld", "longue duree",
                 "inscrits depuis un an ou plus"),
    "moins_3mois": ("moins de 3 mois",),
    "3_5mois": ("de 3 a 5 mois", "3 a 5 mois", "de 3 mois a moins de 6 mois", "de 3 a moins de 6 mois"),
    "6_11mois": ("de 6 a 11 mois", "6 a 11 mois", "de 6 mois a moins d un an", "de 6 mois a moins de 1 an",
                 "de 6 a moins de 12 mois", "de 6 mois a moins de 12 mois"),
    "12_23mois": ("de 12 a 23 mois", "12 a 23 mois", "de 1 an a moins de 2 ans", "de 12 mois a moins de 24 mois"),
    "24_35mois": ("de 24 a 35 mois", "24 a 35 mois", "de 2 ans a moins de 3 ans", "de 24 mois a moins de 36 mois"),
    "36mois_plus": ("a partir de 36 mois et plus", "36 mois et plus", "36 mois ou plus", "3 ans ou plus",
                    "3 ans et plus"),
}, labels={"moins_1an": "Moins d'un an", "1an_plus": "Un an ou plus (DELD)"},
   bands={"moins_3mois": "Moins de 3 mois", "3_5mois": "3 à 5 mois", "6_11mois": "6 à 11 mois",
          "12_23mois": "1 an à moins de 2 ans", "24_35mois": "2 ans à moins de 3 ans", "36mois_plus": "3 ans ou plus"},
   bands_title="Ancienneté d'inscription (tranches publiées)")
OFFER_TYPE = Dimension("offer_type", "Type d'offre", ("type d offre", "type de contrat", "duree de l offre",
                                                       "type"), {
    "A": ("a", "durable", "durables", "offres durables", "plus de 6 mois", "a durable", "a durables",
          "emplois durables"),
    "B": ("b", "temporaire", "temporaires", "offres temporaires", "1 a 6 mois", "b temporaire"),
    "C": ("c", "occasionnel", "occasionnelles", "occasionnels", "moins d un mois", "c occasionnel"),
    "cdi": ("cdi", "contrat a duree indeterminee"), "cdd_6plus": ("cdd de plus de 6 mois",),
    "cdd_1a6": ("cdd de 1 a 6 mois",), "cdd_moins1": ("cdd de moins d un mois",),
    "autres": ("autres contrats", "autres contrats interim saisonniers"),
}, labels={"A": "Durables (plus de 6 mois)", "B": "Temporaires (1 à 6 mois)", "C": "Occasionnelles (moins d'un mois)"})
DOMAIN = Dimension("domain", "Métier ou domaine", ("code rome", "rome", "domaine professionnel", "metier",
                                                   "domaine"), free=True)
SECTOR = Dimension("sector", "Secteur (A17)", ("a17", "secteur", "code a17", "secteur d activite",
                                                "code section nace17", "section nace17", "libelle section nace17",
                                                "nace17"),
                   {row.code_a17: (row.libelle, row.libelle_dares) for row in a17_sectors().itertuples()},
                   free=True)

# Columns read but not stored: shares, rates and changes are computed from counts, and breakdowns the
# store does not hold (diploma…) would otherwise be taken for totals. Each is said in the report.
IGNORED_COLUMNS = ("part", "parts", "evolution", "taux", "variation", "ecart", "difference", "moyenne",
                   "nationalite", "qualification", "indice")


@dataclass(frozen=True)
class NotKept:
    """A breakdown producers publish that the dashboard does not keep: its columns are set aside by name."""

    label: str
    spellings: tuple[str, ...]  # normalised phrases found in a column's header
    band: str = ""  # a regular expression on the normalised header (« de 79 a 150 heures »)


NOT_KEPT = (
    NotKept("nombre d'heures travaillées", ("heures travaillees", "activite reduite"), r"\b\d+ heures?\b"),
    NotKept("motif d'inscription", ("motif d inscription", "motif d entree", "fin de contrat", "fin de mission",
                                    "licenciement", "demission", "rupture conventionnelle", "premiere entree",
                                    "reprise d activite", "entrees")),
    NotKept("motif de sortie", ("motif de sortie", "motif d annulation", "reprise d emploi", "entree en stage",
                                "entree en formation", "arret de recherche", "defaut d actualisation", "radiation",
                                "sorties")),
    NotKept("niveau de diplôme", ("niveau de diplome", "diplome", "cap bep", "cap ou bep", "baccalaureat", "bac",
                                  "bepc", "niveau de formation")),
)

RAW, ADJUSTED = "brut", "cvs"  # the two forms of a series: raw, and seasonally and working-day adjusted
PARTIAL_ACTIVITY = "activite_partielle"  # the source read by sector

SOURCES = {
    "demandeurs_emploi": Source(
        "demandeurs_emploi", "Demandeurs d'emploi",
        (Indicator("demandeurs", "Demandeurs d'emploi", (
            "nombre de demandeurs d emploi", "demandeurs d emploi", "nombre de demandeurs", "defm", "nombre de de",
            "demandeurs", "nb de demandeurs", "de inscrits")),),
        (CATEGORY, SEX, AGE, SENIORITY),
        ("demandeur", "defm", "categorie", "anciennete", "inscrit"), producer="France Travail – DARES, STMT",
        adjusted=True, breaks=True),
    "offres_emploi": Source(
        "offres_emploi", "Offres d'emploi",
        (Indicator("offres_collectees", "Offres d'emploi collectées", (
            "offres collectees", "offres d emploi collectees", "nombre d offres collectees", "offres enregistrees",
            "oee", "nombre d offres", "offres d emploi", "offres"), "offres"),
         Indicator("offres_diffusees", "Offres d'emploi diffusées", (
             "offres diffusees", "offres d emploi diffusees", "nombre d offres diffusees"), "offres")),
        (OFFER_TYPE, DOMAIN),
        ("offre", "oee", "rome"), generic=("offres", "offres d emploi", "nombre d offres"), producer="France Travail"),
    PARTIAL_ACTIVITY: Source(
        PARTIAL_ACTIVITY, "Activité partielle",
        (Indicator("dap_demandes", "Demandes d'autorisation déposées", (
            "nombre de demandes deposees", "demandes deposees", "nombre de dap", "demandes d autorisation",
            "nombre de demandes"), "demandes"),
         Indicator("dap_etablissements", "Établissements concernés (autorisations)", (
             "nombre d etablissements concernes", "etablissements concernes", "nombre d etablissements"),
             "établissements"),
         Indicator("dap_salaries", "Salariés concernés (autorisations)", (
             "nombre de salaries concernes", "salaries concernes", "effectifs concernes", "salaries"), "salariés"),
         Indicator("dap_heures", "Heures demandées (autorisations)", (
             "nombre d heures demandees", "heures demandees", "volume d heures demandees", "heures autorisees"),
             "heures"),
         Indicator("di_demandes", "Demandes d'indemnisation", (
             "nombre de di", "demandes d indemnisation", "nb di", "nombre de demandes d indemnisation"), "demandes"),
         Indicator("di_salaries", "Salariés placés en activité partielle (indemnisation)", (
             "effectif en di", "salaries en di", "effectifs indemnises", "salaries indemnises",
             "salaries effectivement places"), "salariés"),
         Indicator("di_heures", "Heures indemnisées", (
             "heures en di", "heures indemnisees", "nombre d heures indemnisees", "heures chomees"), "heures")),
        (SECTOR,),
        ("activite partielle", "dap", "di", "a17", "heures", "nace17", "indemnisation", "autorisation"),
        producer="ASP – DARES – DGEFP, SI activité partielle", rounding="données arrondies à 5", adjustment=RAW),
}

# The indicators an analyst may have to state: those of a source whose files often name it in general words only
STATED_INDICATORS = {i.code: i.label for s in SOURCES.values() if s.generic for i in s.indicators}

ADJUSTMENT = Dimension("adjustment", "Correction", ("type de donnees", "donnees", "correction",
                                                    "type de correction", "cvs"), {
    RAW: ("brut", "brutes", "donnees brutes", "non corrigees", "nsa"),
    ADJUSTED: ("cvs", "cvs cjo", "cvs-cjo", "donnees cvs", "corrigees des variations saisonnieres", "sa", "cjo cvs"),
}, labels={RAW: "données brutes", ADJUSTED: "données CVS-CJO"})

DIMENSION_BY_NAME = {d.name: d for d in (CATEGORY, SEX, AGE, SENIORITY, OFFER_TYPE, DOMAIN, SECTOR)}


def total_of(dimension: str) -> str:
    """Return the value a row not broken down holds on a dimension (« ABC » for categories)."""
    found = DIMENSION_BY_NAME.get(dimension)
    return found.total if found else TOTAL


@dataclass(frozen=True)
class Family:
    """A headline series, as every page, sentence and slide shows it."""

    id: str
    label: str
    short: str
    source: str
    indicator: str
    unit: str
    breakdown: dict[str, str] = field(default_factory=dict)  # the values shown first (category A)
    subject: str = ""  # « le nombre de … » in the faits saillants
    group: str = ""  # « les … » in the faits saillants
    rise_is_bad: bool = True  # a rise of job seekers or partial activity is bad news, of offers good news

    @property
    def origin(self) -> str:
        return SOURCES[self.source].producer


FAMILIES = (
    Family("demandeurs", "Demandeurs d'emploi de catégorie A", "Demandeurs d'emploi (cat. A)", "demandeurs_emploi",
           "demandeurs", "demandeurs", {"category": "A"}, "le nombre de demandeurs d'emploi de catégorie A",
           "les demandeurs d'emploi de catégorie A"),
    Family("offres", "Offres d'emploi collectées", "Offres d'emploi collectées", "offres_emploi",
           "offres_collectees", "offres", {}, "le nombre d'offres d'emploi collectées",
           "les offres d'emploi collectées", rise_is_bad=False),
    Family("activite_partielle", "Salariés placés en activité partielle", "Activité partielle (salariés)",
           "activite_partielle", "di_salaries", "salariés", {}, "le nombre de salariés placés en activité partielle",
           "les salariés placés en activité partielle"),
)
