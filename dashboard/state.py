"""Names of the URL query parameters and widget keys, declared once."""

MAILLE = "maille"
TERRITORY = "territoire"
REGION_CHOICE = "__region__"
REGION_LABEL = "Toute la région"
