"""myst-nb loads without jupyter-cache and SQLAlchemy, nbclient and jupyter_client
(sphinxext/deferred.py, called by conf.py), and its clients for the "force", "cache" and "inline"
modes are still its own, imported when first made: the "force" client runs a notebook through
jupyter-cache as before. (The suite's builds run in a fork
of a process that has imported myst-nb already, tests/forked.py, so they do not go through this.)"""
from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import sys
    from policy.sphinxext.deferred import defer
    if "{mode}" != "none":
        defer()
    import myst_nb.sphinx_ext  # what Sphinx imports for the extension
    import policy.sphinxext, policy.notebook_run  # and the handbook's own, which run the notebooks
    print("loaded", sorted(m for m in ("sqlalchemy", "jupyter_cache", "nbclient", "jupyter_client") if m in sys.modules))
    import logging
    from pathlib import Path
    import nbformat
    from myst_nb.core.config import NbParserConfig
    from myst_nb.core.execute import NotebookClientBase, create_client
    import myst_nb.core.execute as execute
    for mode in ("force", "cache", "inline"):
        client = create_client(nbformat.v4.new_notebook(), Path('prov.ipynb'), NbParserConfig(execution_mode=mode),
                               logging.getLogger("test"))
        module = sys.modules[type(client).__module__]
        print(mode, type(client).__name__, isinstance(client, NotebookClientBase), type(module).__name__,
              getattr(execute, type(client).__name__) is type(client))
    import tempfile
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(6 * 7)")])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "prov.ipynb")
        nbformat.write(notebook, path)
        with create_client(notebook, path, NbParserConfig(execution_mode="force"), logging.getLogger("test")) as client:
            print("ran", client.notebook.cells[0].outputs[0]["text"].strip())
""")


def run(mode: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", SCRIPT.format(mode=mode)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.splitlines()


def test_myst_nb_loads_without_jupyter_cache_and_its_clients_are_its_own():
    assert run("defer") == ["loaded []",
                            "force NotebookClientDirect True module True",
                            "cache NotebookClientCache True module True",
                            "inline NotebookClientInline True module True",
                            "ran 42"]


def test_without_the_deferral_myst_nb_imports_sqlalchemy_and_nbclient():
    # What the deferral saves; if myst-nb stops importing them, deferred.py can go.
    assert run("none")[0] == "loaded ['jupyter_cache', 'jupyter_client', 'nbclient', 'sqlalchemy']"
