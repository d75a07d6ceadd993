"""Reading a workbook in a child process bounded in time and memory.

The child (loaders.intake.child) reads the file from standard input and writes back, pickled, either the sheets
or the problems; each sheet's cells are marshalled when they can be (no dates or times), which both ends do ten
times faster.
The parent watches its clock and its resident memory, and kills it past either limit. The peak resident
memory the kernel reports once the child has ended is checked too, so that a read that goes over the
limit between two looks is refused all the same, whatever the machine's speed.
"""

from __future__ import annotations

import gc
import marshal
import os
import pickle
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from dataclasses import replace

from loaders.errors import ImportRefused
from loaders.intake.guard import refusal
from loaders.settings import PROJECT_DIR, setting
from loaders.values.numbers import french_decimal

OK, REFUSED = "ok", "refused"
PAGE = os.sysconf("SC_PAGE_SIZE")


class BoundedRead:
    """A workbook being parsed by its child process, started at once; `result()` waits for it."""

    def __init__(self, content: bytes, filename: str) -> None:
        self.filename = filename
        self.timeout = float(setting("CLEFOP_READ_TIMEOUT"))
        self.memory = int(setting("CLEFOP_READ_MEMORY_MB"))
        delay = float(setting("CLEFOP_READ_TEST_DELAY"))
        command = [sys.executable, "-m", "loaders.intake.child", filename, str(self.memory), str(delay)]
        self.files = ExitStack()  # the read outlives this call: its files are closed by close()
        self.given = self.files.enter_context(tempfile.TemporaryFile())  # noqa: SIM115
        self.answer = self.files.enter_context(tempfile.TemporaryFile())  # noqa: SIM115
        self.given.write(content)
        self.given.seek(0)
        self.deadline = time.monotonic() + self.timeout
        self.child = subprocess.Popen(command, stdin=self.given, stdout=self.answer, stderr=subprocess.DEVNULL,
                                      cwd=PROJECT_DIR)

    def result(self) -> list:
        """Return the sheets; refuse when the child ran out of time or memory, or refused the file."""
        try:
            exceeded = _watch(self.child, self.deadline, self.memory * 1024 * 1024)
            self.answer.seek(0)
            outcome = None if exceeded else _outcome(self.child.returncode, self.answer.read())
        finally:
            self.close()
        if exceeded == "time":
            raise refusal(self.filename, f"La lecture du classeur a dépassé {french_decimal(self.timeout, 'g')}"
                          " s et a été interrompue : le fichier est trop lourd ou piégé.")
        if outcome is None:
            raise refusal(self.filename, f"La lecture du classeur a demandé plus de {self.memory} Mo de mémoire et "
                                         "a été interrompue : le fichier est trop lourd ou piégé.")
        status, payload = outcome
        if status == REFUSED:
            raise ImportRefused(self.filename, payload)
        return payload

    def close(self) -> None:
        """Stop the child if it still runs and let its files go (any number of times)."""
        if self.child.poll() is None:
            self.child.kill()
            self.child.wait()
        self.files.close()


def _watch(child: subprocess.Popen, deadline: float, limit: int) -> str | None:
    """Wait for the child; kill it and say why when it runs past its deadline or holds too much memory."""
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            child.returncode = os.waitstatus_to_exitcode(status)
            return "memory" if usage.ru_maxrss * 1024 > limit else None
        exceeded = "time" if time.monotonic() > deadline else "memory" if _resident(child.pid) > limit else None
        if exceeded:
            child.kill()
            child.wait()
            return exceeded
        time.sleep(0.01)


def _resident(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _outcome(returncode: int, data: bytes) -> tuple | None:
    if returncode != 0 or not data:
        return None
    try:
        with _collector_paused():
            status, payload = pickle.loads(data)
            if status == OK:
                payload = [replace(sheet, rows=marshal.loads(cells) if isinstance(cells, bytes) else cells)
                           for cells, sheet in payload]
            return status, payload
    except (pickle.UnpicklingError, EOFError, MemoryError, ValueError):
        return None


@contextmanager
def _collector_paused():
    """Pause the garbage collector while a million cells are made at once: it would scan them again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
