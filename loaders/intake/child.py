"""The child side of the bounded read: cap the address space, parse the workbook, write the pickled outcome.

Run as `python -m loaders.intake.child FILENAME MEMORY_MB [DELAY]` by loaders.intake.sandbox, the file on standard
input.
"""

from __future__ import annotations

import marshal
import pickle
import resource
import sys
import time
from dataclasses import replace

from loaders.errors import ImportRefused
from loaders.intake.reading import read_workbook
from loaders.intake.sandbox import OK, REFUSED


def main(filename: str, memory_mb: str, delay: str = "0") -> None:
    """Child side: cap the address space as a backstop, read the sheets, write the pickled outcome."""
    backstop = (2 * int(memory_mb) + 512) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (backstop, backstop))
    time.sleep(float(delay))
    try:
        outcome = (OK, read_workbook(sys.stdin.buffer.read(), filename))
    except ImportRefused as refused:
        outcome = (REFUSED, refused.problems)
    sys.stdout.buffer.write(_encoded(outcome))


def _encoded(outcome: tuple) -> bytes:
    status, payload = outcome
    if status == OK:
        payload = [(_cells(sheet.rows), replace(sheet, rows=[])) for sheet in payload]
    return pickle.dumps((status, payload), protocol=pickle.HIGHEST_PROTOCOL)


def _cells(rows: list[list[object]]) -> bytes | list[list[object]]:
    try:
        return marshal.dumps(rows)
    except ValueError:  # a date or a time: the sheet's cells are pickled with the rest
        return rows


if __name__ == "__main__":
    main(*sys.argv[1:4])
