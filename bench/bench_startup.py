"""Start-up benchmark of the desk application with 10,000 dossiers in the local store.

Prints the time from process start to an interactive main window (shown, event loop
turning), the time until every work list is filled, and the peak memory (max RSS).
The officer is logged in directly (no login dialog) on a local portal stand-in; the
sync layer's modules are imported so their cost is counted.
Target on the 2-core reference machine: ≤ 1.5 s and ≤ 250 MiB.

`--encryption both` (the default) measures the plain store and the store encrypted at
rest (SQLCipher, issue 15) the way the application opens it (`open_session`: key file,
key from the keyring, blob key). The child's keyring is the in-memory back end holding
the key (bench only: no OS keychain here), so a real keychain's lookup is not counted.

    .venv/bin/python bench/bench_startup.py [--dossiers 10000] [--runs 3]
                                            [--encryption on|off|both]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import os, sys, time, resource
t0 = float(sys.argv[2])
from pathlib import Path
data = Path(sys.argv[1])
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from ui import demo_data, threads
from ui.app import open_session
import sync.client, sync.engine  # what the real link loads, counted in the start-up
from ui.portal import PortalLink
from ui.settings import Settings
from ui.main_window import MainWindow
link = PortalLink(demo_data.OFFICERS, (demo_data.DISTRICT,), demo_data.DEMO_PASSWORD)
if os.environ.get("BENCH_STORE_KEY"):  # encrypted: the application's own way in
    import keyring
    from sync.keyring_memory import MemoryKeyring
    ring = MemoryKeyring()
    store_id, key_hex = os.environ["BENCH_STORE_KEY"].split(":")
    ring.set_password("desk-app.store", store_id, key_hex)
    keyring.set_keyring(ring)
    session = open_session(data, link, Settings(portal_url="http://127.0.0.1"))
else:  # plain: the store as it was before encryption
    from desk_app.store import BlobStore, Store
    from ui.session import Session
    session = Session(store=Store(data / "desk.sqlite3"), blobs=BlobStore(data / "blobs"),
                      link=link, settings=Settings(portal_url="http://127.0.0.1"),
                      data_dir=data)
session.log_in(link.login(sys.argv[3], demo_data.DEMO_PASSWORD))
w = MainWindow(session)
w.show()
marks = {}
def interactive():
    marks["interactive"] = time.time() - t0
def check():
    if threads.active_count() == 0 and all(ws.loaded for ws in w.workspaces):
        marks["lists"] = time.time() - t0
        marks["rows"] = sum(wl.count() for ws in w.workspaces for wl in ws.lists.values())
        marks["max_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print("RESULT " + __import__("json").dumps(marks), flush=True)
        app.quit()
        return
    QTimer.singleShot(5, check)
QTimer.singleShot(0, interactive)
QTimer.singleShot(0, check)
app.exec()
threads.wait_idle(2000)
"""


def prepare(folder: Path, dossiers: int) -> None:
    sys.path.insert(0, str(ROOT))
    from desk_app.store import Store
    from ui.demo_data import seed_store

    store = Store(folder / "desk.sqlite3")
    seed_store(store, dossiers)
    store.close()


def encrypt(plain: Path, folder: Path) -> str:
    """A copy of the prepared store encrypted as the application does; "id:key" for the
    child's keyring."""
    import keyring

    from desk_app.store import crypto
    from desk_app.store.cli import open_desk_data
    from sync.keyring_memory import MemoryKeyring

    shutil.copytree(plain, folder)
    keyring.set_keyring(MemoryKeyring())
    store, _ = open_desk_data(folder)
    store.close()
    made = crypto.load_key(folder / "desk.sqlite3")
    return f"{made.store_id}:{made.key.hex()}"


def run_once(folder: Path, officer: str, key: str = "") -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "DESK_APP_CONFIG_DIR": str(folder / "config"), "PYTHONPATH": str(ROOT),
           "BENCH_STORE_KEY": key}
    start = time.time()
    out = subprocess.run([sys.executable, "-c", CHILD, str(folder), repr(start), officer],
                         capture_output=True, text=True, env=env, timeout=120, check=True)
    line = next(ln for ln in out.stdout.splitlines() if ln.startswith("RESULT "))
    return json.loads(line[len("RESULT "):])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--officer", default="motcua", help="motcua, chuyenvien, lanhdao…")
    parser.add_argument("--encryption", choices=("on", "off", "both"), default="both",
                        help="the store plain, encrypted, or both one after the other")
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        plain = Path(tmp) / "plain"
        prepare(plain, args.dossiers)
        modes = ["off", "on"] if args.encryption == "both" else [args.encryption]
        for mode in modes:
            folder, key = plain, ""
            if mode == "on":
                folder = Path(tmp) / "encrypted"
                key = encrypt(plain, folder)
            run_once(folder, args.officer, key)  # warm the OS file cache, as a desk that ran
            results = [run_once(folder, args.officer, key) for _ in range(args.runs)]
            ok = report(results, args, mode) and ok
    return 0 if ok else 1


def report(results: list[dict], args: argparse.Namespace, mode: str) -> bool:
    best = min(results, key=lambda r: r["interactive"])
    worst_rss = max(r["max_rss_mib"] for r in results)
    print(f"[encryption {mode}] dossiers in the local store: {args.dossiers}; officer: "
          f"{args.officer}; rows listed: {best['rows']}")
    for i, r in enumerate(results, 1):
        print(f"[encryption {mode}] run {i}: interactive {r['interactive']:.3f} s, lists "
              f"filled {r['lists']:.3f} s, peak memory {r['max_rss_mib']:.0f} MiB")
    print(f"[encryption {mode}] time to interactive main window: {best['interactive']:.3f} s "
          "(target ≤ 1.5 s)")
    print(f"[encryption {mode}] time until the work lists are filled: {best['lists']:.3f} s")
    print(f"[encryption {mode}] peak memory: {worst_rss:.0f} MiB (target ≤ 250 MiB)")
    ok = best["interactive"] <= 1.5 and worst_rss <= 250
    print("OK" if ok else "OVER TARGET")
    return bool(ok)


if __name__ == "__main__":
    sys.exit(main())
