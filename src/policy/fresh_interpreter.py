"""Making a forked process what `python -c CODE ARGS` would start as, so a kernel forked from the
build (policy.forked_kernels) runs a notebook as a kernel started on its own does.

What a new interpreter would not have is undone: the policy package (it reads the kernel's
environment as it is imported) and every module from outside the standard library and
site-packages are dropped, so the kernel imports them again from its own path; signal handlers,
warning filters for Python's own warnings, locale, tracing, hooks, the log handlers and the standard
streams are as at start; the forking process's exit handlers and pending clean-ups are dropped.
The standard library and site-packages stay imported: that is the time saved.

What acts only when an interpreter starts is the forking process's: the hash seed, -X and -W
options, PYTHONWARNINGS, .pth files (its flags must match a new interpreter's, forked_kernels
checks). Library warning filters stay (they name only that library's own warnings)."""
from __future__ import annotations

import atexit
import contextlib
import faulthandler
import gc
import importlib
import json
import locale
import logging
import os
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
import types
import warnings
import weakref


def interpreter_state() -> dict:
    """What a new interpreter starts with (its import path after the script's folder, its warning
    filters, builtins, collector thresholds and flags), asked of one: once per zygote, about 20 ms."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    # A filter's message and module are patterns, or plain text (Python's own defaults).
    code = ("import builtins, json, sys, warnings; p = lambda x: [getattr(x, 'pattern', x), hasattr(x, 'pattern')];"
            " print(json.dumps({'path': sys.path[1:], 'filters': [[f[0], *p(f[1]), f[2].__name__, *p(f[3]), f[4]]"
            " for f in warnings.filters], 'builtins': dir(builtins), 'gc': __import__('gc').get_threshold(),"
            " 'flags': list(sys.flags)}))")
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd="/", capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def _own_dirs() -> tuple[str, ...]:
    paths = sysconfig.get_paths()
    return tuple(os.path.join(os.path.realpath(paths[k]), "") for k in ("stdlib", "platstdlib", "purelib", "platlib"))


def _under(path: str, own: tuple[str, ...]) -> bool:
    return os.path.realpath(path).startswith(own)


def _class_is_own(cls: type, own: tuple[str, ...]) -> bool:
    module = sys.modules.get(cls.__module__)
    return module is not None and _module_is_own(module, own, check_type=False)


def _module_is_own(module, own: tuple[str, ...], check_type: bool = True) -> bool:
    if module is None:  # an import blocked by the forking process
        return False
    if check_type and type(module) is not types.ModuleType and not _class_is_own(type(module), own):
        return False
    file = getattr(module, "__file__", None)
    if isinstance(file, str):
        return _under(file, own)
    paths = getattr(module, "__path__", None)  # a namespace package
    if paths is not None:
        return all(_under(p, own) for p in list(paths))
    return True  # built in, or made by a library as it runs


def _shadowed(path: list[str]) -> set[str]:
    """Top-level names a folder on the kernel's own path provides: those it imports from there."""
    names = set()
    for folder in path:
        try:
            entries = os.listdir(folder or ".")
        except OSError:
            continue
        names.update(e.partition(".")[0] for e in entries if e.isidentifier() or e.endswith((".py", ".so", ".pyc")))
    return names


def _drop_foreign_modules(front: list[str]) -> None:
    # This package always: it reads the kernel's environment as it is imported (POLICY_TRACE),
    # wherever it is installed.
    own, shadowed = _own_dirs(), _shadowed(front) | {__name__.partition(".")[0]}
    for name, module in list(sys.modules.items()):
        if name in sys.builtin_module_names:
            continue
        if name.partition(".")[0] in shadowed or not _module_is_own(module, own):
            del sys.modules[name]
    sys.meta_path[:] = [f for f in sys.meta_path if _class_is_own(type(f) if not isinstance(f, type) else f, own)]
    sys.path_importer_cache.clear()
    importlib.invalidate_caches()


def _signals_as_at_start(before: dict[int, object]) -> None:
    """As exec leaves them (ignored stays ignored, a handler becomes the default), then as Python
    sets them: SIGPIPE and SIGXFSZ ignored, SIGINT raising KeyboardInterrupt unless ignored."""
    signal.set_wakeup_fd(-1)
    for sig in signal.valid_signals():
        if sig in (signal.SIGKILL, signal.SIGSTOP):
            continue
        try:
            handler = before.get(sig, signal.getsignal(sig))
            start = signal.SIG_IGN if handler == signal.SIG_IGN else signal.SIG_DFL
            if sig in (signal.SIGPIPE, signal.SIGXFSZ):
                start = signal.SIG_IGN
            elif sig == signal.SIGINT and start == signal.SIG_DFL:
                start = signal.default_int_handler
            signal.signal(sig, start)
        except (OSError, ValueError, RuntimeError):
            continue


def _warning_filters(fresh: list[list]) -> None:
    """Python's own warnings filtered as in a new interpreter; a library's filters for its own
    warning classes kept, those it put first still first."""
    import builtins
    import re

    current = list(warnings.filters)
    first = next((i for i, f in enumerate(current) if f[2].__module__ == "builtins"), len(current))
    library = [(i < first, f) for i, f in enumerate(current) if f[2].__module__ != "builtins"]
    made = [(action, re.compile(message, re.I) if message_is_pattern else message, getattr(builtins, category),
             re.compile(module) if module_is_pattern else module, lineno)
            for action, message, message_is_pattern, category, module, module_is_pattern, lineno in fresh]
    warnings.filters[:] = [f for ahead, f in library if ahead] + made + [f for ahead, f in library if not ahead]
    # Python's defaults hold plain text where filterwarnings() would compile a pattern, so the list
    # is set as a whole; the warnings module is then told it changed, as filterwarnings() does.
    warnings._filters_mutated()


def _logging_as_at_start() -> None:
    """No handler of the build's (they write to its files, whose descriptors the kernel has
    closed and may reuse): only the NullHandlers libraries add as they are imported stay, and the
    root logger is as at start. logging.shutdown() walks logging._handlerList: emptied of the rest."""
    logging.captureWarnings(False)
    root = logging.getLogger()
    for logger in [root, *(x for x in logging.Logger.manager.loggerDict.values() if isinstance(x, logging.Logger))]:
        for handler in list(logger.handlers):
            if type(handler) is not logging.NullHandler:
                logger.removeHandler(handler)
    root.setLevel(logging.WARNING)
    logging._handlerList[:] = [ref for ref in logging._handlerList if type(ref()) is logging.NullHandler]


def _streams() -> None:
    """Standard streams made as the interpreter makes them, with the same settings as this one's."""
    for fd, name, mode in ((0, "stdin", "r"), (1, "stdout", "w"), (2, "stderr", "w")):
        old = getattr(sys, f"__{name}__", None)
        stream = open(fd, mode, closefd=False, encoding=getattr(old, "encoding", None) or "utf-8",  # noqa: SIM115
                         errors=getattr(old, "errors", None))
        if old is not None:
            stream.reconfigure(line_buffering=old.line_buffering, write_through=old.write_through)
        setattr(sys, name, stream)
        setattr(sys, f"__{name}__", stream)


def exit_code(run) -> int:
    """Run `run()` as Python runs a program: its exit code, a SystemExit's message or an
    exception's traceback on stderr."""
    try:
        run()
    except SystemExit as stop:
        if not isinstance(stop.code, (int, type(None))):
            print(stop.code, file=sys.stderr)
        return stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except BaseException:
        import traceback

        traceback.print_exc()
        return 1
    return 0


def become(cmd: list[str], env: dict[str, str], cwd: str, state: dict, signals_before: dict[int, object]) -> int:
    """Turn this (forked, single-threaded) process into `cmd` = [python, "-c", code, *args] run in
    `cwd` with `env`, run it, and give its exit code. The caller ends the process with os._exit."""
    _signals_as_at_start(signals_before)
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    front = [os.path.abspath(p) for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    sys.path[:] = ["", *dict.fromkeys([*front, *state["path"]])]  # as site.py: each folder once, first place
    _drop_foreign_modules(front)
    sys.argv = ["-c", *cmd[3:]]
    sys.orig_argv = list(cmd)
    _warning_filters(state["filters"])
    _logging_as_at_start()
    locale.setlocale(locale.LC_ALL, "C")
    locale.setlocale(locale.LC_CTYPE, "")
    sys.setrecursionlimit(1000)
    socket.setdefaulttimeout(None)
    gc.set_threshold(*state["gc"])
    import builtins
    for name in set(dir(builtins)) - set(state["builtins"]):
        delattr(builtins, name)
    sys.excepthook, sys.displayhook = sys.__excepthook__, sys.__displayhook__
    sys.breakpointhook, sys.unraisablehook = sys.__breakpointhook__, sys.__unraisablehook__
    threading.excepthook = threading.__excepthook__
    if faulthandler.is_enabled() and not env.get("PYTHONFAULTHANDLER"):
        faulthandler.disable()
    sys.settrace(None)
    sys.setprofile(None)
    threading.settrace(None)
    threading.setprofile(None)
    time.tzset()
    tempfile.tempdir = None
    # The build's exit handlers and pending clean-ups (a temporary folder policy diff still reads)
    # are not the kernel's: dropped, never run here (atexit has no public way to drop them). The
    # standard library's own that a new interpreter would have by now are registered again.
    atexit._clear()
    for pending in list(weakref.finalize._registry):
        pending.detach()
    weakref.finalize._registered_with_atexit = False
    atexit.register(logging.shutdown)
    _streams()
    main = types.ModuleType("__main__")
    main.__dict__.update(__builtins__=sys.modules["builtins"], __annotations__={}, __spec__=None,
                         __package__=None, __loader__=sys.modules["builtins"].__loader__)
    sys.modules["__main__"] = main
    code = exit_code(lambda: exec(compile(cmd[2], "<string>", "exec"), main.__dict__))
    # As the interpreter ends (Py_FinalizeEx, which the caller's os._exit skips): wait for the
    # threads that are not daemons, then run the exit handlers. No public API does either.
    threading._shutdown()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    return code
