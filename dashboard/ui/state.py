"""Names of the URL query parameters and widget keys, declared once."""

from loaders.domain.territory import WHOLE_REGION_LABEL

MAILLE = "maille"
TERRITORY = "territoire"
REGION_CHOICE = "__region__"
REGION_LABEL = WHOLE_REGION_LABEL
REFERENCE = "reference"
PERIOD = "periode"
LATEST = "__latest__"
LATEST_LABEL = "Dernière disponible"
FAMILY = "indicateur"
MEASURE = "mesure"
MAP_KEY = "carte"
EDITION = "edition"
CURRENT = "__current__"
CURRENT_LABEL = "Données actuelles"
