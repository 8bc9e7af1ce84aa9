"""Python's cycle collector during a build.

A build is a short-lived process whose start (imports, the extensions, the saved environment) makes
hundreds of thousands of objects that live until it ends. With the collector's defaults every full
collection walks all of them again, and the interpreter walks them once more on exit: about a
quarter of a build with nothing to read. So the collector is off while the build starts (conf.py turns
it off before its first import), what the start made is frozen out of its reach when the builder is
ready, and it runs as usual on the pages' own objects. At the end the rest is frozen too: the process
exits. Nothing else changes: the same objects are made and kept; memory use is the same."""
from __future__ import annotations

import gc

from sphinx.application import Sphinx


def _resume(app: Sphinx) -> None:
    gc.freeze()
    gc.enable()


def _exit_without_walk(app: Sphinx, exception) -> None:
    gc.freeze()


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _resume, priority=0)
    app.connect("build-finished", _exit_without_walk, priority=1000)
