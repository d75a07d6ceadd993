"""The cache of data reads, without importing Streamlit: the app installs Streamlit's own cache (shared by every
session, copies returned), the deck command keeps a memo of the same kind for its one process.

Every cached read is keyed on small values, the data's revision among them: a new import changes the key, so a
stale entry is never read, whichever cache holds it.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable

_BACKEND: list[Callable] = []  # the cache decorator installed by the app; a process memo otherwise


def use(decorator: Callable) -> None:
    """Make `decorator` (Streamlit's cache_data, applied like a decorator) the cache of every read from now on."""
    _BACKEND[:] = [decorator]


def _memo(function: Callable) -> Callable:
    entries: dict = {}

    @functools.wraps(function)
    def call(*args, **kwargs):
        key = (args, tuple(sorted(kwargs.items())))
        if key not in entries:
            entries[key] = function(*args, **kwargs)
        return copy.deepcopy(entries[key])  # as Streamlit's cache: a caller never changes what others read
    return call


def cached(function: Callable) -> Callable:
    """Cache a read function of small, hashable arguments in the cache in use when it is called."""
    wrappers: dict[object, Callable] = {}

    @functools.wraps(function)
    def call(*args, **kwargs):
        backend = _BACKEND[0] if _BACKEND else _memo
        if backend not in wrappers:
            wrappers[backend] = backend(function)
        return wrappers[backend](*args, **kwargs)
    return call
