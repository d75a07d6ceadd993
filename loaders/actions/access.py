"""Analyst passwords: salted hashes compared in constant time, a delay after failures, a generated first one."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import threading
import time
import tomllib
from pathlib import Path

from loaders.settings import PROJECT_DIR, data_dir
from loaders.store.records import writable

SCHEME = "pbkdf2_sha256"
ITERATIONS = 600_000
HASH_FILE = "mot_de_passe_analyste.hash"
MAX_DELAY = 8.0

WINDOW = 900.0  # failures older than a quarter of an hour are forgotten
MAX_KEYS = 10_000  # clients and names whose failures are kept at most (the least recent forgotten first)
NAME_KEPT = 64  # characters of a name that count as its key
LOOPBACK = "127.0.0.1"  # the peer Streamlit does not name (it gives no address for the loopback)
SHARED = "sans-adresse"  # the one key of every attempt whose address is not known

_failures: dict[str, list[float]] = {}  # key (« client:… », « name:… ») → times of its recent failures
_client_locks: dict[str, threading.Lock] = {}
_state_lock = threading.Lock()
_hashing = threading.BoundedSemaphore(2)  # password hashes computed at once, however many attempts wait


def throttle_key(peer: str | None, forwarded: str | None, trusted: str) -> str:
    """Return whose attempts count together: the peer's address, or the address a proxy named in `trusted`
    (comma-separated addresses) saw, from its X-Forwarded-For; never a value a client alone chooses. Attempts
    without an address (a proxy not named) share one key."""
    peer = peer or LOOPBACK
    proxies = {address.strip() for address in trusted.split(",") if address.strip()}
    if peer in proxies:
        seen = (forwarded or "").split(",")[-1].strip()
        return seen[:64] or SHARED
    return SHARED if peer == LOOPBACK else peer


def hash_password(password: str, salt: bytes | None = None, iterations: int = ITERATIONS) -> str:
    """Return « pbkdf2_sha256$iterations$salt$hash » for a password (random 16-byte salt)."""
    salt = salt or os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return f"{SCHEME}${iterations}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    """Return True when the password matches the stored hash (constant-time comparison)."""
    try:
        scheme, iterations, salt, expected = stored.strip().split("$")
        if scheme != SCHEME:
            return False
        digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), bytes.fromhex(salt), int(iterations))
    except ValueError:
        return False
    return hmac.compare_digest(digest.hex(), expected)


def check_with_delay(password: str, stored: str, client: str = "", name: str = "", sleep=time.sleep,
                     clock=time.monotonic) -> bool:
    """Verify a password; a wrong one is answered after 1, 2, 4… up to 8 s, counted per client and per name.

    A right password is answered at once and clears only its own client's and name's failures. The attempts
    of one client wait for each other, so parallel guesses are as slow as successive ones; another client,
    or another analyst's name, keeps its own count: nobody can keep the analysts out.
    """
    keys = [f"client:{client}", f"name:{name.strip().lower()[:NAME_KEPT]}"]
    with _state_lock:
        _forget_old(clock())
        lock = _client_locks.setdefault(keys[0], threading.Lock())
    with lock:
        with _hashing:
            right = verify_password(password, stored)
        if right:
            with _state_lock:
                for key in keys:
                    _failures.pop(key, None)
            return True
        now = clock()
        with _state_lock:
            counts = []
            for key in keys:
                recent = [t for t in _failures.get(key, []) if now - t < WINDOW] + [now]
                _failures[key] = recent
                counts.append(len(recent))
        sleep(min(2 ** (max(counts) - 1), MAX_DELAY))
    return False


def _forget_old(now: float) -> None:
    """Keep the failure records bounded: drop those older than WINDOW, then the least recent over MAX_KEYS."""
    for key in [k for k, times in _failures.items() if now - times[-1] >= WINDOW]:
        del _failures[key]
    for key in sorted(_failures, key=lambda k: _failures[k][-1])[:max(0, len(_failures) - MAX_KEYS)]:
        del _failures[key]
    for key in [k for k, lock in _client_locks.items() if k not in _failures and not lock.locked()]:
        del _client_locks[key]


def hash_file(base: Path | None = None) -> Path:
    """Return where the data folder keeps the analyst password's hash."""
    return (base or data_dir()) / HASH_FILE


def stored_hash(base: Path | None = None) -> str | None:
    """Return the hash kept in the data folder, if any."""
    path = hash_file(base)
    return path.read_text(encoding="utf-8").strip() if path.exists() else None


def set_password(password: str, base: Path | None = None) -> None:
    """Keep the hash of a new analyst password in the data folder (with the folder's own access, see
    workspace.prepare)."""
    path = writable(hash_file(base))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(hash_password(password) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def generate_password(base: Path | None = None) -> str:
    """Create a random analyst password, keep only its hash, and return it (to be shown once)."""
    password = secrets.token_urlsafe(12)
    set_password(password, base)
    return password


def configured_in_secrets(project: Path = PROJECT_DIR) -> bool:
    """Return True when `.streamlit/secrets.toml` sets analyst access (a password hash or an [auth] section)."""
    path = project / ".streamlit" / "secrets.toml"
    try:
        secrets = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except (tomllib.TOMLDecodeError, OSError):
        return False
    return "auth" in secrets or bool(secrets.get("analysts", {}).get("password_hash"))


def ensure_first_password(base: Path | None = None) -> str | None:
    """On a first start with no analyst access configured, generate the password and return it (else None)."""
    if configured_in_secrets() or stored_hash(base) is not None:
        return None
    return generate_password(base)


def first_start_banner(password: str, base: Path | None = None) -> str:
    """Return the text printed once in the terminal when a password was generated."""
    line = "=" * 72
    return (f"\n{line}\nTableau de bord CLEFOP — accès analyste\n"
            f"Mot de passe analyste généré : {password}\n"
            f"Il n'est affiché qu'une fois ; seule son empreinte est gardée dans {hash_file(base)}.\n"
            "Pour en choisir un autre : python -m loaders password\n"
            f"{line}\n")
