"""The dashboard: pure builders, cached data access, the plenary deck and the Streamlit furniture."""

import loaders  # noqa: F401 - first, for its settings made before numpy loads
