"""The first extension conf.py loads: it starts the worked examples whose inputs changed since the
last build (policy.sphinxext.notebooks.prestart) before the other extensions are imported and the
saved environment is loaded, which take about as long as a kernel takes to start."""
from __future__ import annotations

from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict:
    from .notebooks import prestart

    prestart(app)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
