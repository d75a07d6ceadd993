"""The cache of data reads, without importing Streamlit: the app installs Streamlit's own caches (shared by every
session), the deck command keeps memos of the same kinds for its one process.

A read's result is copied for each caller; a shared result (a chart, never changed once built) is handed to every
caller as it is, which saves rebuilding it from a copy on each page run.

Every cached read is keyed on small values, the data's revision among them: a new import changes the key, so a
stale entry is never read, whichever cache holds it.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable

_BACKENDS: dict[bool, Callable] = {}  # shared? → the cache decorator installed by the app; process memos otherwise


def use(copied: Callable, shared: Callable) -> None:
    """Make `copied` (Streamlit's cache_data, applied like a decorator) the cache of every read from now on, and
    `shared` (its cache_resource) the cache of shared results."""
    _BACKENDS.update({False: copied, True: shared})


def _memo(shared: bool) -> Callable:
    def decorate(function: Callable) -> Callable:
        entries: dict = {}

        @functools.wraps(function)
        def call(*args, **kwargs):
            key = (args, tuple(sorted(kwargs.items())))
            if key not in entries:
                entries[key] = function(*args, **kwargs)
            return entries[key] if shared else copy.deepcopy(entries[key])  # a caller never changes what others read
        return call
    return decorate


_MEMOS = {False: _memo(False), True: _memo(True)}


def cached(function: Callable, shared: bool = False) -> Callable:
    """Cache a read function of small, hashable arguments in the cache in use when it is called; a `shared` result
    is never copied, so it must never be changed by whoever receives it."""
    wrappers: dict[object, Callable] = {}

    @functools.wraps(function)
    def call(*args, **kwargs):
        backend = _BACKENDS.get(shared) or _MEMOS[shared]
        if backend not in wrappers:
            wrappers[backend] = backend(function)
        return wrappers[backend](*args, **kwargs)
    return call
