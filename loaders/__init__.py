"""Data of the CLEFOP dashboard: reading extracts, the store and its command line (`python -m loaders`)."""

import os

# numpy's linear algebra library (OpenBLAS) starts one thread per core as it loads, and each spins a moment: about
# 0.2 s of CPU at every command and every server start on two cores, more on bigger machines, for no use here (the
# dashboard does no linear algebra). One thread, unless the environment asks otherwise; set before numpy loads.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
