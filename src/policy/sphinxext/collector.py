"""Python's cycle collector during a build.

A build is a short-lived process whose start (imports, the extensions, the saved environment) makes
hundreds of thousands of objects that live until it ends. With the collector's defaults every full
collection walks all of them again, and the interpreter walks them once more on exit: about a fifth
of a build with nothing to read. So the collector is off while the build starts (conf.py turns it
off before its first import); when the builder is ready, what the start made is frozen out of its
reach and the collector runs as usual on the pages' own objects; on exit the rest is frozen too.
What became garbage during the start is kept with what the start keeps: the build's peak memory
measured the same (122 MB with nothing to read).

A build that stops before its builder is ready leaves the collector off in its process; sphinx-build
is a process of its own, which then ends."""
from __future__ import annotations

import atexit
import gc

from sphinx.application import Sphinx


def _resume(app: Sphinx) -> None:
    gc.freeze()
    gc.enable()
    atexit.register(gc.freeze)  # at exit only: a process that goes on to other work keeps collecting


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _resume, priority=0)
