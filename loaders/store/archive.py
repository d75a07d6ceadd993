"""Content-addressed archive of uploaded files and the journal of what was done with them.

The journal (one JSON object per line) is enough, with the archived files, to rebuild the store.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from pathlib import Path

import pyarrow as pa

from loaders.errors import UserError
from loaders.store import disk_errors
from loaders.store.records import JournalDamaged, unlinked, writable

DIGEST = re.compile(r"[0-9a-f]{64}")


def _write_then_move(fd: int, tmp: str, target: Path, chunks: list[bytes]) -> None:
    """Write a temporary file to disk, then move it into place; on any failure (a full disk) remove it."""
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class _Digest:
    """A file-like sink that only hashes what is written to it (an Arrow table's file form, never kept whole)."""

    closed = False

    def __init__(self) -> None:
        self.digest = hashlib.sha256()

    def write(self, data) -> int:
        self.digest.update(data)
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True

    def writable(self) -> bool:
        return True


def table_digest(table: pa.Table) -> str:
    """Return the SHA-256 of a table's Arrow file form (as a kept plan writes its tables), never held whole."""
    sink = _Digest()
    with pa.ipc.new_file(pa.PythonFile(sink, mode="w"), table.schema) as writer:
        writer.write_table(table)
    return sink.digest.hexdigest()


def file_digest(path: Path) -> str:
    """Return the SHA-256 of a file, read by blocks."""
    hashed = hashlib.sha256()
    with open(path, "rb") as reader:
        for block in iter(lambda: reader.read(1 << 20), b""):
            hashed.update(block)
    return hashed.hexdigest()


class Archive:
    """Uploaded files kept untouched under their SHA-256, and an append-only journal."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.journal_path = root / "journal.jsonl"

    def put(self, content: bytes) -> str:
        """Store bytes under their SHA-256 (atomically, once) and return the digest."""
        digest = hashlib.sha256(content).hexdigest()
        target = self.path(digest)
        if not target.exists():
            writable(self.root)
            target.parent.mkdir(parents=True, exist_ok=True)
            with disk_errors(self.root):
                fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
                _write_then_move(fd, tmp, target, [content])
        return digest

    def adopt(self, source: Path, digest: str) -> str:
        """Keep a file already on disk (a checked upload) under its digest, linked rather than copied."""
        target = self.path(digest)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            with disk_errors(self.root):
                try:
                    os.link(source, target)
                except FileExistsError:
                    pass
                except OSError:
                    return self.put(source.read_bytes())
        return digest

    def path(self, digest: str) -> Path:
        """Return where the file of a digest is kept (a digest is 64 hex digits, never a path; never a link)."""
        if not DIGEST.fullmatch(str(digest)):
            raise UserError(f"« {str(digest)[:80]} » n'est pas une empreinte SHA-256 : rien n'a été lu ni écrit.")
        return unlinked(self.root / "objects" / digest[:2] / digest, self.root)

    def read(self, digest: str) -> bytes:
        """Return the archived bytes of a digest."""
        return self.path(digest).read_bytes()

    def append(self, event: dict) -> None:
        """Append one event to the journal and flush it to disk; refused (nothing written) after a torn last line,
        which only recover() repairs: sealed under a new line, it would become a damaged line of the journal."""
        writable(self.journal_path)
        self.root.mkdir(parents=True, exist_ok=True)
        line = json.dumps(event, ensure_ascii=False, sort_keys=True, default=str)
        with open(unlinked(self.journal_path, self.root), "a+b") as handle:
            handle.seek(0, os.SEEK_END)
            if handle.tell():
                handle.seek(-1, os.SEEK_END)
                if handle.read(1) != b"\n":
                    raise JournalDamaged(
                        f"La dernière ligne du journal des imports ({self.journal_path}) est coupée (un arrêt brutal "
                        "pendant son écriture) : rien n'a été écrit. Une commande « python -m loaders history » ou "
                        "un redémarrage du tableau de bord la répare ; recommencez ensuite.")
                handle.seek(0, os.SEEK_END)
            handle.write((line + "\n").encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())

    def rewrite(self, events: list[dict]) -> None:
        """Replace the journal atomically (used only to drop what a crash left uncommitted)."""
        fd, tmp = tempfile.mkstemp(dir=unlinked(self.journal_path, self.root).parent, prefix=".journal-")
        lines = [(json.dumps(event, ensure_ascii=False, sort_keys=True, default=str) + "\n").encode()
                 for event in events]
        _write_then_move(fd, tmp, self.journal_path, lines)

    def events(self) -> list[dict]:
        """Return the journal's events in order, skipping a torn last line left by a crash (a last line without
        its end of line); any other line that does not read is a damaged journal (JournalDamaged)."""
        if not unlinked(self.journal_path, self.root).exists():
            return []
        raw = self.journal_path.read_bytes()
        lines = raw.split(b"\n")
        torn = lines.pop()  # b"" when the journal ends with its end of line
        events = [self._event(line, number) for number, line in enumerate(lines, start=1)]
        if torn:
            with contextlib.suppress(JournalDamaged):  # a crash while writing it: recover() writes it again
                events.append(self._event(torn, len(lines) + 1))
        return events

    def _event(self, line: bytes, number: int) -> dict:
        try:
            event = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError):
            event = None
        if not isinstance(event, dict) or not isinstance(event.get("event"), str):
            raise JournalDamaged(
                f"Le journal des imports ({self.journal_path}) est abîmé à la ligne {number} : elle ne se lit pas. "
                "Rien n'a été écrit. Remettez cette ligne depuis une sauvegarde du dossier de données, ou retirez-la "
                "si l'opération qu'elle décrit doit disparaître, puis relancez la commande.")
        return event
