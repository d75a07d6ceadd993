"""Cached read queries of the app, keyed on small values (data folder, maille, revision).

The revision says which state of the data is read: the journal's token for the data as they are now, followed
by « |edition=N » for an édition (`snapshot`). Every query reads through `_store`, so a page shows an
édition without knowing it.

A read that depends on some parts of the data only (a source, a maille, the priorities) is cached on the tokens
of those parts instead of the revision (`depends`): an import of partial activity keeps the job seekers' reads,
and a read as of an édition, whose data never change, is kept whatever is imported since.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from dashboard.build.fmt import plain
from dashboard.build.indicators import FAMILY_BY_ID
from dashboard.data.cache import cached
from loaders.domain.schema import DATA
from loaders.domain.sources import PARTIAL_ACTIVITY, RAW
from loaders.planning import roadmap
from loaders.samples import DEMO_USER
from loaders.settings import archive_dir, data_dir
from loaders.store import Store
from loaders.store.editions import Edition
from loaders.store.reads import CATALOGUE_PART, DATA_PART, MAILLES_PART, PRIORITIES_PART, data_part, maille_part
from loaders.store.workspace import Workspace
from loaders.values import geography


def current_data_dir() -> str:
    """Return the data folder in use, as the text key of every cached query."""
    return str(data_dir())


def revision(base: str) -> str:
    """Return a token that changes whenever an import or an undo is journaled."""
    journal = archive_dir(Path(base)) / "journal.jsonl"
    stat = journal.stat() if journal.exists() else None
    return f"{stat.st_mtime_ns}-{stat.st_size}" if stat else "0"


EDITION_MARK = "|edition="


def snapshot(rev: str, edition: Edition | None) -> str:
    """Return the revision of an édition's data (or of the current data, without an édition)."""
    return f"{rev}{EDITION_MARK}{edition.id}" if edition else rev


@cached
def editions(base: str, rev: str) -> list[Edition]:
    """Return every édition of the store, the newest first."""
    return Workspace(Path(base)).store.editions()


def edition_of(base: str, rev: str) -> Edition | None:
    """Return the édition a revision reads, or None for the current data."""
    if EDITION_MARK not in rev:
        return None
    journal, number = rev.split(EDITION_MARK)
    return next(e for e in editions(base, journal) if e.id == int(number))


FROZEN_MARK = "edition-figee:"  # the key of a read as of an édition: its id and when it was made


@cached
def _parts(base: str, rev: str) -> dict[str, str]:
    return Workspace(Path(base)).store.parts()


def _key(base: str, rev: str, parts: Iterable[str]) -> str:
    """Return what a read of `parts` is cached on: their tokens now, or the édition the revision reads (a read made
    inside another one is given that one's key: an édition's is kept as it is)."""
    if rev.startswith(FROZEN_MARK):
        return rev
    edition = edition_of(base, rev)
    if edition is not None:
        return f"{FROZEN_MARK}{edition.id}@{edition.created_at.isoformat()}"  # read back by _edition
    tokens = _parts(base, rev)
    return "&".join(f"{part}={tokens.get(part, '')}" for part in sorted(set(parts)))


def depends(parts: Callable[..., Iterable[str]], shared: bool = False) -> Callable:
    """Cache a read of (base, rev, *args) on the tokens of the parts of the data `parts(*args)` names (a `shared`
    result is handed over uncopied: see cache.cached)."""
    def decorate(function: Callable) -> Callable:
        read = cached(function, shared)

        def key(base: str, rev: str, *args) -> str:
            return _key(base, rev, parts(*args))

        @functools.wraps(function)
        def call(base: str, rev: str, *args):
            return read(base, key(base, rev, *args), *args)
        call.key = key  # what the read is cached on
        return call
    return decorate


def _edition(base: str, key: str) -> Edition | None:
    """Return the édition a key or a revision reads (None: the current data)."""
    if key.startswith(FROZEN_MARK):
        return Workspace(Path(base)).store.edition(int(key[len(FROZEN_MARK):].split("@")[0]))
    return edition_of(base, key)


def _store(base: str, key: str) -> Store:
    """Return the store a read reads: as of the édition a key or revision names, or as it is now."""
    return Workspace(Path(base)).store.as_of(_edition(base, key))


def _maille(maille: str, *_) -> tuple[str]:
    return (maille_part(maille),)


def _family(maille: str, family_id: str, *_) -> tuple[str, str]:
    return maille_part(maille), data_part(FAMILY_BY_ID[family_id].source)


def _partial(maille: str, *_) -> tuple[str, str]:
    return maille_part(maille), data_part(PARTIAL_ACTIVITY)


@cached
def changes(base: str, rev: str, edition_id: int) -> dict[str, pd.DataFrame]:
    """Return what changed between an édition and the current data (see Store.changes)."""
    store = Workspace(Path(base)).store
    return store.changes(store.edition(edition_id))


def _data_imports(base: str, rev: str) -> pd.DataFrame:
    imports = _store(base, rev).imports()
    return imports[(imports["kind"] == DATA) & (imports["status"] == "active")]


@depends(lambda: (DATA_PART,))
def is_demo(base: str, rev: str) -> bool:
    """Return True while every active data import is a demo one."""
    data = _data_imports(base, rev)
    return bool(len(data)) and bool((data["imported_by"] == DEMO_USER).all())


@depends(lambda: (DATA_PART,))
def has_data(base: str, rev: str) -> bool:
    """Return True when an active data import kept some observations (of any period type)."""
    return bool((_data_imports(base, rev)["rows_kept"] > 0).any())


@depends(lambda: (MAILLES_PART,))
def mailles(base: str, rev: str) -> pd.DataFrame:
    """Return the mailles in use (id, label, short label), the default one first (an édition's own maille)."""
    store = _store(base, rev)
    frame = store.mailles()
    edition = _edition(base, rev)
    default = edition.maille if edition and edition.maille in set(frame["id"]) else store.default_maille()
    return pd.concat([frame[frame["id"] == default], frame[frame["id"] != default]], ignore_index=True)


@depends(_maille)
def territories(base: str, rev: str, maille: str) -> pd.DataFrame:
    """Return code and name of the territories of a maille."""
    return _store(base, rev).territories(maille)


@depends(_maille)
def maille_geojson(base: str, rev: str, maille: str) -> dict:
    """Return the parsed GeoJSON of a maille."""
    return json.loads(_store(base, rev).geojson(maille))


@depends(_maille)
def grid(base: str, rev: str, maille: str) -> pd.DataFrame:
    """Return each territory of a maille with its code, communes, population and regional-part flag."""
    return _store(base, rev).grid(maille)


@depends(_maille)
def membership(base: str, rev: str, maille: str) -> pd.DataFrame:
    """Return code_commune → territory for a maille."""
    return _store(base, rev).membership(maille)


@depends(_family)
def family_values(base: str, rev: str, maille: str, family_id: str, adjustment: str = RAW) -> pd.DataFrame:
    """Return one family's values per territory and period for a maille (the region: maille « region »)."""
    family = FAMILY_BY_ID[family_id]
    return _store(base, rev).territory_values(maille, family.source, family.indicator, adjustment,
                                                       family.breakdown)


@depends(lambda family_id, *_: (data_part(FAMILY_BY_ID[family_id].source),))
def france_values(base: str, rev: str, family_id: str, adjustment: str = RAW) -> pd.DataFrame:
    """Return one family's values for France (a comparison level), empty when no file gave them."""
    family = FAMILY_BY_ID[family_id]
    return _store(base, rev).france_values(family.source, family.indicator, adjustment, family.breakdown)


@depends(_maille)
def population(base: str, rev: str, maille: str) -> pd.Series:
    """Return the population of each territory of a maille (INSEE, populations de référence 2023)."""
    members = _store(base, rev).membership(maille)
    people = geography.communes().set_index("code_commune")["population"]
    return members.assign(population=members["code_commune"].map(people)).groupby("territory")["population"].sum()


@cached
def imports(base: str, rev: str) -> pd.DataFrame:
    """Return the history of imports."""
    return _store(base, rev).imports()


@depends(lambda: (DATA_PART,))
def months(base: str, rev: str) -> list[str]:
    """Return the months with data, newest first."""
    return _store(base, rev).months()


@depends(_partial)
def sector_values(base: str, rev: str, maille: str, indicator: str) -> pd.DataFrame:
    """Return partial-activity values per territory, period and A17 sector (column `detail`)."""
    return _store(base, rev).territory_values(maille, PARTIAL_ACTIVITY, indicator, by="sector")


@depends(_family)
def detail_values(base: str, rev: str, maille: str, family_id: str, dimension: str) -> pd.DataFrame:
    """Return a family's values per territory, period and detail value of one dimension (column `detail`)."""
    family = FAMILY_BY_ID[family_id]
    fixed = {k: v for k, v in family.breakdown.items() if k != dimension}
    return _store(base, rev).territory_values(maille, family.source, family.indicator, RAW, fixed,
                                                       by=dimension)


@depends(_partial)
def family_indicator(base: str, rev: str, maille: str, indicator: str) -> pd.DataFrame:
    """Return a partial-activity indicator's values (all sectors) per territory and period."""
    return _store(base, rev).territory_values(maille, PARTIAL_ACTIVITY, indicator)


@depends(lambda: (CATALOGUE_PART,))
def catalogue(base: str, rev: str) -> tuple[pd.DataFrame, str]:
    """Return the service-offer catalogue in force and where it comes from, in French."""
    items, import_id = _store(base, rev).catalogue()
    if import_id is None:
        return roadmap.default_catalogue(), "catalogue par défaut du tableau de bord"
    record = _store(base, rev).imports().set_index("id").loc[import_id]
    return items, f"catalogue importé le {record['imported_at']:%d/%m/%Y} par {plain(record['imported_by'])}"


@depends(lambda *_: (PRIORITIES_PART,))
def priorities(base: str, rev: str, maille: str, territory: str) -> pd.DataFrame:
    """Return the priorities recorded for a territory, newest first."""
    return _store(base, rev).priorities(maille, territory)


@depends(lambda *_: (PRIORITIES_PART,))
def latest_priorities(base: str, rev: str, maille: str) -> pd.DataFrame:
    """Return the priorities in force for every territory of a maille that recorded some."""
    return _store(base, rev).latest_priorities(maille)
