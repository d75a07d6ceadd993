"""A plenary room opening the dashboard at once, measured without browsers.

Usage: python bench/bench_viewers.py [--viewers 1 10 30] [--switches 5] [--arrival 10] [--think 10]
                                     [--page mon_territoire] [--import-between FILE]

Starts the dashboard on its demo data, then drives simulated viewers through Streamlit's own websocket protocol:
each sends what a browser sends when it opens a link (a rerun of the page with its query string), then changes
the « Territoire » select box a few times (a rerun carrying the widget's new value). The room opens the link
within `--arrival` seconds, and each viewer reads the page between two clicks for half to one and a half times
`--think` seconds (seeded draws). A run ends when the server says the script finished; each switch is checked to
show the chosen territory's name. Printed: p50/p95 of the first page and of the switches, and the server's CPU
over the run (cores used), for each number of viewers side by side.

With `--import-between FILE`, the file is imported between two rooms of viewers (the largest), to show what the
cache keeps: an import of partial activity leaves the other sources' reads cached.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

PROJECT = Path(__file__).resolve().parent.parent
TERRITORY_LABEL = "Territoire"
TEXT_KINDS = ("markdown", "heading", "alert")


@dataclass
class Run:
    """What one script run sent back: its select boxes, its texts, its errors."""

    seconds: float
    selects: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # label → (widget id, options)
    texts: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class Viewer:
    """One browser tab, as the server sees it: a websocket session sending reruns."""

    def __init__(self, url: str, page: str) -> None:
        self.url, self.page = url, page
        self.socket = None
        self.states: dict[str, str] = {}

    async def open(self, query: str) -> Run:
        self.socket = await websockets.connect(self.url, subprotocols=["streamlit"], max_size=None,
                                               open_timeout=120, ping_interval=None)
        return await self._rerun(query)

    async def choose(self, widget_id: str, value: str, query: str) -> Run:
        self.states[widget_id] = value
        return await self._rerun(query)

    async def close(self) -> None:
        await self.socket.close()

    async def _rerun(self, query: str) -> Run:
        message = BackMsg()
        message.rerun_script.query_string = query
        message.rerun_script.page_name = self.page
        for widget_id, value in self.states.items():
            widget = message.rerun_script.widget_states.widgets.add()
            widget.id, widget.string_value = widget_id, value
        start = time.perf_counter()
        await self.socket.send(message.SerializeToString())
        run = Run(0.0)
        while True:
            reply = ForwardMsg()
            reply.ParseFromString(await self.socket.recv())
            kind = reply.WhichOneof("type")
            if kind == "delta" and reply.delta.WhichOneof("type") == "new_element":
                _read_element(reply.delta.new_element, run)
            elif kind == "script_finished" and reply.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                run.seconds = time.perf_counter() - start
                if reply.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                    run.errors.append(f"fin du script : {reply.script_finished}")
                return run


def _read_element(element, run: Run) -> None:
    kind = element.WhichOneof("type")
    if kind == "selectbox":
        run.selects[element.selectbox.label] = (element.selectbox.id, list(element.selectbox.options))
    elif kind == "exception":
        run.errors.append(f"{element.exception.type}: {element.exception.message}")
    elif kind in TEXT_KINDS:
        run.texts.append(getattr(element, kind).body)


@dataclass
class Room:
    """The figures of one room of viewers."""

    viewers: int
    first: list[float] = field(default_factory=list)
    switches: list[float] = field(default_factory=list)
    cold: list[float] = field(default_factory=list)  # the switches to a territory nobody in the room had asked for
    errors: list[str] = field(default_factory=list)
    cpu: float = 0.0
    asked: set[str] = field(default_factory=set)


async def viewer_journey(url: str, args: argparse.Namespace, seed: int, room: Room) -> None:
    """Open the page, then switch territory `switches` times, checking each run shows the chosen name."""
    rng = random.Random(seed)
    viewer = Viewer(url, args.page)
    await asyncio.sleep(rng.uniform(0, args.arrival))
    run = await viewer.open(args.query)
    room.first.append(run.seconds)
    room.errors += run.errors
    widget_id, options = run.selects[TERRITORY_LABEL]
    for _ in range(args.switches):
        await asyncio.sleep(rng.uniform(args.think / 2, args.think * 1.5))
        name = rng.choice(options[1:])
        first = name not in room.asked
        room.asked.add(name)
        run = await viewer.choose(widget_id, name, args.query)
        room.switches.append(run.seconds)
        if first:
            room.cold.append(run.seconds)
        room.errors += run.errors
        if not any(name in text for text in run.texts):
            room.errors.append(f"le changement vers « {name} » ne l'a pas affiché")
    await viewer.close()


def cpu_seconds(pid: int) -> float:
    """Return the CPU time a process used so far (user and system, threads included)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def room(url: str, pid: int, args: argparse.Namespace, viewers: int, seed: int) -> Room:
    """Run `viewers` journeys at once; return their figures and the server's CPU over them."""
    result = Room(viewers)
    cpu, start = cpu_seconds(pid), time.perf_counter()

    async def everyone() -> None:
        await asyncio.gather(*(viewer_journey(url, args, seed * 1000 + n, result) for n in range(viewers)))

    asyncio.run(everyone())
    result.cpu = (cpu_seconds(pid) - cpu) / (time.perf_counter() - start)
    return result


def quantile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q * 100) - 1] if len(values) > 1 else values[0]


def print_rooms(rooms: list[Room]) -> None:
    print(f"{'spectateurs':>12} | {'1re page p50':>12} {'p95':>7} | {'changement p50':>14} {'p95':>7} | "
          f"{'dont 1re demande p50':>20} {'p95':>6} | {'CPU serveur':>11} | erreurs")
    for r in rooms:
        print(f"{r.viewers:>12} | {quantile(r.first, .5):>11.2f}s {quantile(r.first, .95):>6.2f}s | "
              f"{quantile(r.switches, .5):>13.2f}s {quantile(r.switches, .95):>6.2f}s | "
              f"{quantile(r.cold, .5):>19.2f}s {quantile(r.cold, .95):>5.2f}s | "
              f"{r.cpu:>6.2f} cœur | {len(r.errors)}")
    for error in sorted({e for r in rooms for e in r.errors})[:10]:
        print("  erreur :", error)


def start_server(data: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "CLEFOP_DATA_DIR": str(data)}
    process = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                                "--server.address", "127.0.0.1", "--server.headless", "true"],
                               cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("le serveur n'a pas démarré")


def loaders(data: Path, *arguments: str) -> None:
    subprocess.run([sys.executable, "-m", "loaders", *arguments], cwd=PROJECT, check=True,
                   env={**os.environ, "CLEFOP_DATA_DIR": str(data)}, stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--viewers", type=int, nargs="+", default=[1, 10, 30])
    parser.add_argument("--switches", type=int, default=5)
    parser.add_argument("--arrival", type=float, default=10.0, help="la salle ouvre le lien dans ce délai (s)")
    parser.add_argument("--think", type=float, default=10.0, help="temps moyen de lecture entre deux clics (s)")
    parser.add_argument("--page", default="mon_territoire")
    parser.add_argument("--query", default="", help="le lien ouvert, ex. « maille=… » (défaut : la maille par défaut)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--import-between", type=Path, help="fichier importé entre deux salles")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-viewers-"))
    data = folder / "data"
    try:
        loaders(data, "demo")
        print(f"page « {args.page} » : la salle ouvre le lien en {args.arrival:g} s, puis chacun change "
              f"{args.switches} fois de territoire, {args.think:g} s de lecture en moyenne entre deux clics "
              f"(graine {args.seed}) ; chaque salle sur un serveur qui vient de démarrer")
        print_rooms([served(data, args, lambda url, pid, n=n: [room(url, pid, args, n, args.seed)])[0]
                     for n in args.viewers])
        if args.import_between:
            def before_and_after(url: str, pid: int) -> list[Room]:
                warm = room(url, pid, args, args.viewers[-1], args.seed)
                loaders(data, "import", str(args.import_between))
                return [warm, room(url, pid, args, args.viewers[-1], args.seed + 1)]
            print(f"la même salle, puis une autre après l'import de {args.import_between.name} :")
            print_rooms(served(data, args, before_and_after))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def served(data: Path, args: argparse.Namespace, work: Callable[[str, int], list[Room]]) -> list[Room]:
    """Start a dashboard on the data folder, do `work(websocket address, server pid)`, stop it."""
    server = start_server(data, args.port)
    try:
        return work(f"ws://127.0.0.1:{args.port}/_stcore/stream", server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)

if __name__ == "__main__":
    main()
