"""A new build without a restart. `build` writes the new warehouse next to the old one and
renames it over the old name in one step (warehouse/build.py). Each worker process checks, at
most once a second and only when requests come in, whether the file under that name changed
(another inode, size or modification time: one `stat`). When it did, a background thread opens
the new build completely (index, precomputed benchmarks, templates: the same work as starting a
worker) and the worker switches to it with one assignment.

A request runs wholly on the app it started on. The old app keeps reading the file it opened
(a file renamed over stays readable while it is open), so no request sees half of each build
and none fails while the new one loads; until then the previous build answers. An unreadable
new file is logged and the previous build keeps answering.
"""

import gc
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from sociale_staat.web.http import ASGIApp, Receive, Scope, Send

log = logging.getLogger("sociale_staat.web")

Signature = tuple[int, int, int, int]
INTERVAL = 1.0  # seconds between two checks of the warehouse file
# Requests that started on the old app end within the request timeout (web/app.py: 10 s);
# after that nothing refers to it any more and its memory is given back.
GRACE = 15.0


def signature(path: Path) -> Signature | None:
    """What changes when `build` swaps in a new file (None: there is no file)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size)


class Reloading:
    """The ASGI app of one worker: forwards to the current app, and opens a new one after a
    new build (`make(path)` builds a complete app over the warehouse at `path`)."""

    def __init__(
        self,
        make: Callable[[Path], ASGIApp],
        path: Path,
        interval: float = INTERVAL,
        grace: float = GRACE,
        prepare: Callable[[ASGIApp], None] = lambda app: None,
    ) -> None:
        self.make, self.path, self.interval, self.grace = make, path, interval, grace
        self.prepare = prepare  # run on a new app before it answers (web/warm.py)
        self.seen = signature(path)
        self.app = make(path)
        self.generation = 0  # how many new builds this worker switched to
        self.loading = False
        self.next_check = time.monotonic() + interval

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            now = time.monotonic()
            if now >= self.next_check:
                self.next_check = now + self.interval
                self.check()
        await self.app(scope, receive, send)

    def check(self) -> bool:
        """Start opening the new build when the file changed; True when a load was started."""
        current = signature(self.path)
        if current is None or current == self.seen or self.loading:
            return False
        self.loading = True
        threading.Thread(
            target=self._load, args=(current,), name="nieuwe-build", daemon=True
        ).start()
        return True

    def _load(self, current: Signature) -> None:
        # `current` was read before opening: if the file changes again meanwhile, the next
        # check sees a difference and opens it once more.
        try:
            fresh = self.make(self.path)
            self.prepare(fresh)
        except Exception:  # whatever the new file did, the old build answers on
            log.exception("nieuwe build %s niet te openen; de vorige blijft in gebruik", self.path)
            self.seen = current  # not again every second: only when the file changes again
            self.loading = False
            return
        self.app = fresh  # one assignment: a request starts on the old app or on the new one
        self.seen = current
        self.generation += 1
        self.loading = False
        log.warning("nieuwe build in gebruik (%s, keer %d)", self.path, self.generation)
        time.sleep(self.grace)
        # The app makes its long-lived objects permanent (gc.freeze); the old one can only be
        # collected after thawing them. Refreeze what is left: the new app.
        gc.unfreeze()
        gc.collect()
        gc.freeze()
