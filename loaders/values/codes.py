"""The integer codes of a frame's columns: each column factorised once, then shared by the checks across rows,
the catalogue check and the store's row order."""

from __future__ import annotations

import numpy as np
import pandas as pd


class KeyCodes:
    """The integer codes of a frame's columns, each column factorised once, combined into row keys on demand."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self._columns: dict[str, tuple[np.ndarray, object]] = {}

    @classmethod
    def of(cls, frame: pd.DataFrame, known: KeyCodes | None) -> KeyCodes:
        """Return the codes of a frame: the ones known when they are its own, else new ones."""
        return known if known is not None and known.frame is frame else cls(frame)

    def column(self, name: str) -> tuple[np.ndarray, int]:
        """Return the code of each row's value in a column (a missing value is a value too), and how many."""
        codes, uniques = self.coded(name)
        return codes, len(uniques)

    def isin(self, name: str, values) -> np.ndarray:
        """Return which rows of a column take one of `values` (a missing value takes none), tested once per
        distinct value."""
        codes, uniques = self.coded(name)
        return pd.Index(uniques).isin(list(values))[codes]

    def ranked(self, name: str) -> tuple[np.ndarray, int]:
        """Return the rank of each row's value among the column's sorted values (missing last), and how many."""
        codes, uniques = self.coded(name)
        order, values = pd.factorize(uniques, sort=True)  # the few distinct values sorted, a missing one as -1
        return np.where(order < 0, len(values), order)[codes], len(uniques)

    def listed(self, name: str) -> tuple[list, bool]:
        """Return the values a column takes, missing ones left out, and whether one is missing."""
        return present(self.coded(name)[1])

    def coded(self, name: str) -> tuple[np.ndarray, object]:
        """Return the code of each row's value in a column and the distinct values the codes point to."""
        if name not in self._columns:
            column = self.frame[name]
            if _constant(column):  # most columns of a file (source, level, breakdowns): one comparison, no hashing
                codes = np.zeros(len(column), dtype=np.int64)
                uniques = pd.factorize(column.iloc[:1], use_na_sentinel=False)[1]
            else:
                codes, uniques = pd.factorize(column, use_na_sentinel=False)  # Arrow text: dictionary-encoded
            self._columns[name] = (codes.astype(np.int64), uniques)
        return self._columns[name]

    def keys(self, columns) -> np.ndarray:
        """Return one integer per row identifying its values in `columns`."""
        key, bound = np.zeros(len(self.frame), dtype=np.int64), 1
        for name in columns:
            codes, count = self.column(name)
            if count > 1:  # a column constant over the file (source, level, most breakdowns) adds nothing
                key, bound = key * count + codes, bound * count
                if bound > 2 ** 40:  # renumber before the product could overflow
                    key = pd.factorize(key)[0].astype(np.int64)
                    bound = int(key.max()) + 1
        return key


def _constant(column: pd.Series) -> bool:
    """Return True when a text column holds one value in every row, or a column is missing in every row."""
    if not len(column):
        return False
    first = column.iloc[0]
    if pd.isna(first):
        return bool(column.isna().all())
    if not isinstance(column.dtype, pd.StringDtype):
        return False
    if first != column.iloc[-1] or first != column.iloc[len(column) // 2]:
        return False
    return bool((column == first).all())  # a missing value compares unequal


def present(uniques) -> tuple[list, bool]:
    """Return the distinct values of a column that are not missing, and whether one is missing."""
    missing = pd.isna(uniques)
    return [value for value, absent in zip(uniques, missing) if not absent], bool(missing.any())
