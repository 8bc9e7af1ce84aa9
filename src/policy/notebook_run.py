"""Running the worked examples side by side: each notebook in its own kernel, as many at once as the
machine has cores. Kernels are separate processes, so the build reads its other pages while they run,
and `make notebooks` and `policy diff` wait for all of them at once instead of one after another.

A notebook that cannot run gives one Swedish line (its name, the error's name and first line), never
the kernel's coloured traceback."""
from __future__ import annotations

import asyncio
import atexit
import os
import re
import shutil
import tempfile
import threading
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

import nbformat

from policy.forked_kernels import Zygote

# nbclient and jupyter_client (policy.kernel_manager) are imported when a notebook runs: a build
# with nothing to run never imports them (myst-nb's own clients wait too, sphinxext/deferred.py).

TIMEOUT = 120  # seconds a cell may take; conf.py gives myst-nb the same (nb_execution_timeout)


@dataclass
class Ran:
    """A notebook after its run: its outputs filled in, or `error`, one Swedish line."""
    path: Path
    notebook: nbformat.NotebookNode | None
    error: str | None = None


def _plain(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", str(text)).strip().splitlines()[0] if str(text).strip() else ""


def failure(path: Path, exc: Exception, log: str = "") -> str:
    """The one line for a failed run; where the kernel itself failed (it would not start, it died),
    with the last line it wrote, which names the cause (a module missing, a broken launcher)."""
    try:
        from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
    except ImportError:  # nbclient itself is what failed: the last line below names it
        CellExecutionError = CellTimeoutError = DeadKernelError = ()

    if isinstance(exc, CellExecutionError):
        return f"Räkneexemplet {path.name} kan inte köras med de här reglerna: {exc.ename}: {_plain(exc.evalue)}"
    if isinstance(exc, CellTimeoutError):
        return f"Räkneexemplet {path.name} blev inte klart: en cell tog längre än den tillåtna tiden."
    last = next((line.strip() for line in reversed(log.splitlines()) if line.strip()), "")
    said = f" Kärnan skrev: {_plain(last)}" if last else ""
    if isinstance(exc, DeadKernelError):
        return f"Räkneexemplet {path.name} kunde inte köras: kärnan stannade mitt i körningen.{said}"
    return f"Räkneexemplet {path.name} kunde inte köras: {type(exc).__name__}: {_plain(exc)}{said}"


def _zygote() -> Zygote | None:
    """The zygote for the notebooks' kernel (they all name python3), forked now: call it while
    this process has one thread, before the runs' own thread or event loop starts."""
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        return Zygote.start(KernelSpecManager().get_kernel_spec("python3").argv)
    except Exception:  # no zygote: kernels start as usual
        return None


async def _run(path: Path, env: dict[str, str], timeout: int, limit: asyncio.Semaphore,
               shutdowns: set[asyncio.Task], zygote: Zygote | None = None) -> Ran:
    """One notebook's run. Its result is ready as soon as its last cell has run: the kernel is shut
    down after that, as a task of its own in `shutdowns` (about 0.2 s a build need not wait for),
    which whoever started the run awaits before it stops its event loop."""
    notebook, log = None, None
    try:
        notebook = nbformat.read(path, as_version=4)
        # As jupyter-cache runs a notebook for myst-nb: its metadata may set the time limit.
        timeout = notebook.metadata.get("execution", {}).get("timeout", timeout)
        async with limit:
            sockets, client = tempfile.mkdtemp(prefix="rakneexempel-"), None
            log = Path(sockets, "karnan.log")
            try:
                from policy.kernel_manager import Client, sockets_in

                client = Client(notebook, timeout=timeout, allow_errors=False, record_timing=False,
                                resources={"metadata": {"path": str(path.parent)}},
                                kernel_manager_class=sockets_in(sockets, zygote))
                # The kernel is left running. Its own log goes to a file, not the build's output:
                # a notice it prints as it stops (tornado's "Exception in callback", in English,
                # with a traceback) says nothing about the example. A failing cell comes back
                # through the kernel's messages; a kernel that fails itself, with the log's last line.
                with log.open("w", encoding="utf-8") as stderr:
                    await client.async_execute(env=env, cleanup_kc=False, stderr=stderr)
            except Exception as exc:
                said = log.read_text(encoding="utf-8", errors="replace") if log.is_file() else ""
                return Ran(path, notebook, failure(path, exc, said))
            finally:
                task = asyncio.ensure_future(_shut_down(client, sockets))
                shutdowns.add(task)
                task.add_done_callback(shutdowns.discard)
    except Exception as exc:  # every way a run can fail becomes the one line
        return Ran(path, notebook, failure(path, exc))
    return Ran(path, notebook)


async def _shut_down(client, sockets: str) -> None:
    """What nbclient does after the last cell (stop the kernel and free what it held, close the
    client's channels), and the kernel's socket folder removed. A kernel already gone is no error."""
    try:
        if client is not None and client.km is not None:
            if await client.km.is_alive():
                await client.km.shutdown_kernel()  # frees the kernel's resources too
            else:
                await client.km.cleanup_resources()
    except Exception:  # the run's result stands either way
        pass
    finally:
        try:
            if client is not None and client.kc is not None:
                client.kc.stop_channels()
        finally:
            shutil.rmtree(sockets, ignore_errors=True)


def _limit() -> asyncio.Semaphore:
    return asyncio.Semaphore(max(1, os.cpu_count() or 1))


def run_all(jobs: list[tuple[Path, dict[str, str]]], timeout: int = TIMEOUT) -> list[Ran]:
    """Run every (notebook, environment) pair, side by side; the results in the same order."""
    async def every():
        limit, shutdowns = _limit(), set()
        try:
            return await asyncio.gather(*(_run(path, env, timeout, limit, shutdowns, zygote) for path, env in jobs))
        finally:
            await asyncio.gather(*list(shutdowns), return_exceptions=True)

    if not jobs:
        return []
    zygote = _zygote()
    try:
        return list(asyncio.run(every()))
    finally:
        if zygote is not None:
            zygote.close()


class Background:
    """Notebooks started now and collected later (the build starts them before it reads any page)."""

    def __init__(self) -> None:
        self._zygote = _zygote()  # before the thread below starts
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="räkneexempel", daemon=True)
        self._thread.start()
        self._limit = _limit()  # bound to the loop that first waits on it: the thread's
        self._shutdowns: set[asyncio.Task] = set()
        self._runs: set[asyncio.Task] = set()
        self._closed = False
        # A build stopped before it could close this (Ctrl-C, an error while Sphinx starts) still
        # stops its kernels and removes their folders as the process ends.
        atexit.register(self.close)

    def start(self, path: Path, env: dict[str, str], timeout: int = TIMEOUT) -> Future:
        return asyncio.run_coroutine_threadsafe(self._tracked(_run(path, env, timeout, self._limit, self._shutdowns,
                                                                 self._zygote)),
                                                self._loop)

    async def _tracked(self, run):
        task = asyncio.current_task()
        self._runs.add(task)
        try:
            return await run
        finally:
            self._runs.discard(task)

    def close(self) -> None:
        """Cancel the runs still going, wait until every kernel has stopped, then stop the loop.
        (Only runs are cancelled: a shutdown's own tasks, such as its wait for the kernel to exit,
        are left to finish.) Closing again does nothing."""
        if self._closed:
            return
        self._closed = True
        atexit.unregister(self.close)

        async def stop_all():
            runs = list(self._runs)
            for task in runs:
                task.cancel()
            await asyncio.gather(*runs, return_exceptions=True)
            await asyncio.gather(*list(self._shutdowns), return_exceptions=True)
            rest = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in rest:
                task.cancel()
            await asyncio.gather(*rest, return_exceptions=True)

        try:
            asyncio.run_coroutine_threadsafe(stop_all(), self._loop).result(timeout=30)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=5)
            if not self._thread.is_alive():
                self._loop.close()
            if self._zygote is not None:
                self._zygote.close()
