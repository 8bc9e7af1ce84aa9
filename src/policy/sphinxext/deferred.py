"""jupyter-cache and nbclient imported only when a notebook runs, not on every build.

myst-nb imports jupyter-cache as it loads, and with it SQLAlchemy and jupyter-cache's database
tables: about 0.3 s of every build, a tenth of a rule change's; and nbclient with jupyter_client,
about 0.08 s more. The handbook never uses that cache (nb_execution_mode is "force"), and the
worked examples run in policy.notebook_run, which imports nbclient when one runs. myst-nb runs
them itself, through jupyter-cache, only in a build with policy_notebooks_side_by_side=0 or -j N
(each of Sphinx's forked workers then imports it once).

So the three modules of myst-nb that import them, its clients for the "cache", "force" and
"inline" modes, are stood in for by modules that import the real one the first time a client is
made: `myst_nb.core.execute.cache`, `.direct` and `.inline`. The one name myst-nb takes
from each as it loads is a class whose instances are the real class's; any other name is looked up
in the real module. conf.py calls `defer()` before Sphinx loads myst-nb; where myst-nb is loaded
already, nothing is stood in for.
"""
from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys
import types

# The module stood in for, and the one name myst-nb takes from it as it loads (execute/__init__.py).
STAND_INS = {"myst_nb.core.execute.cache": "NotebookClientCache",
             "myst_nb.core.execute.direct": "NotebookClientDirect",
             "myst_nb.core.execute.inline": "NotebookClientInline"}


def defer() -> None:
    if any(name in sys.modules for name in STAND_INS) or any(isinstance(f, _Finder) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _Finder())


def real(name: str) -> types.ModuleType:
    """The module itself, imported now if only its stand-in is loaded. The package's names for the
    module and its class then lead to the real ones too (myst-nb's create_client uses the latter)."""
    module = sys.modules.get(name)
    if module is not None and not isinstance(module, _StandIn):
        return module
    parent_name, _, child = name.rpartition(".")
    parent = importlib.import_module(parent_name)
    spec = importlib.machinery.PathFinder.find_spec(name, parent.__path__)
    loaded = importlib.util.module_from_spec(spec)
    sys.modules[name] = loaded
    try:
        spec.loader.exec_module(loaded)
    except BaseException:
        if module is None:
            sys.modules.pop(name, None)
        else:
            sys.modules[name] = module
        raise
    setattr(parent, child, loaded)
    taken = STAND_INS[name]
    if module is not None and getattr(parent, taken, None) is getattr(module, taken, None):
        setattr(parent, taken, getattr(loaded, taken))
    return loaded


class _StandIn(types.ModuleType):
    def __getattr__(self, attr: str):
        if attr.startswith("__"):  # the import system asks for __path__ and the like: not the real module's
            raise AttributeError(attr)
        return getattr(real(self.__name__), attr)


def _stand_in(name: str) -> types.ModuleType:
    module = _StandIn(name)
    taken = STAND_INS[name]

    def made_by_the_real_class(cls, *args, **kwargs):
        return getattr(real(name), taken)(*args, **kwargs)

    setattr(module, taken, type(taken, (), {"__new__": made_by_the_real_class, "__module__": name}))
    return module


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, fullname, path=None, target=None):
        if fullname in STAND_INS and fullname not in sys.modules:
            return importlib.machinery.ModuleSpec(fullname, self)
        return None

    def create_module(self, spec):
        return _stand_in(spec.name)

    def exec_module(self, module):
        pass
