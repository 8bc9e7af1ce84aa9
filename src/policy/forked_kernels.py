"""The worked examples' kernels forked from the build, instead of each starting a Python of its own.

A kernel started anew spends about half a second of processor time importing Python, ipykernel,
IPython and libraries the build has imported already; in a rule change the build then waits for
it. Here the build forks one helper, the *zygote*, while it still has a single thread (a fork with
other threads running can inherit a lock held forever). The zygote imports ipykernel as the
kernel's own command does, and forks one kernel for each notebook, which policy.fresh_interpreter
makes what a new `python -c` of that command would be. Each kernel is a session of its own, as
jupyter_client starts one, and stops when the zygote does (its parent is gone).

Used only for the kernel command this zygote was prepared for, on Linux, from a process with one
thread; otherwise, or if the zygote is gone, jupyter_client starts the kernel as usual."""
from __future__ import annotations

import contextlib
import gc
import os
import pickle
import select
import signal
import socket
import struct
import sys
import threading
import time

from policy import fresh_interpreter

_REPLY = struct.Struct("=cii")  # what the zygote says: b"p" started (pid), b"x" ended (pid, code), b"e" failed
_FDS = 2  # at most: the kernel's stdout and stderr, or a started kernel's pidfd


def preparation(argv: list[str]) -> str | None:
    """What the zygote runs of a kernel command `python -c CODE …` before forking kernels: CODE
    without its change to the import path and without starting the kernel. None if the command is
    not of that form."""
    if len(argv) < 3 or argv[1] != "-c":
        return None
    statements = [s.strip() for s in argv[2].split(";")]
    if not statements or statements[-1] != "kernelapp.launch_new_instance()":
        return None
    return "; ".join(s for s in statements[:-1] if s != "del sys.path[0]")


# What `ps` and /proc/<pid>/comm call them (the command line stays the build's, as after any fork).
ZYGOTE_NAME, KERNEL_NAME = "karnfabrik", "exempelkarna"


def _name(name: str) -> None:
    try:
        import ctypes

        ctypes.CDLL(None).prctl(15, name.encode(), 0, 0, 0)  # PR_SET_NAME
    except (OSError, AttributeError):
        pass


def _single_threaded() -> bool:
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


class Zygote:
    """The build's side: start(), spawn() a kernel, close(). Safe to call from any one thread."""

    def __init__(self, sock: socket.socket, pid: int, argv: list[str]) -> None:
        self._sock, self.pid, self._argv = sock, pid, argv
        self._lock = threading.Lock()
        self._ended: dict[int, int] = {}
        self.gone = False  # closed, or no longer answering: kernels are started as usual

    @classmethod
    def start(cls, argv: list[str]) -> Zygote | None:
        """Fork the zygote for kernels started with `argv` (the kernel spec's command, its
        connection file argument still a placeholder), or None where that is not safe."""
        prepared = preparation(argv)
        if prepared is None or sys.platform != "linux" or not hasattr(os, "pidfd_open") or not _single_threaded():
            return None
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        _flush()
        try:
            pid = os.fork()
        except OSError:
            ours.close()
            theirs.close()
            return None
        if pid == 0:  # the zygote: never returns
            code = 1
            try:
                ours.close()
                _serve(theirs, prepared)
                code = 0
            finally:
                os._exit(code)
        theirs.close()
        ours.settimeout(None)  # blocking, whatever socket.setdefaulttimeout says
        return cls(ours, pid, argv)

    def _message(self) -> tuple[bytes, int, int, list[int]]:
        data, fds, _, _ = socket.recv_fds(self._sock, _REPLY.size, _FDS)
        if not data:
            raise ConnectionError("the zygote has stopped")
        kind, pid, value = _REPLY.unpack(data)
        return kind, pid, value, fds

    def spawn(self, cmd: list[str], stdout=None, stderr=None, env: dict | None = None, cwd=None,
              independent: bool = False, stdin=None, **other) -> Forked | None:
        """A kernel forked for `cmd` with Popen's arguments as jupyter_client passes them; None
        where this zygote cannot start it exactly so (nothing was forked then). Once the zygote
        has the request, a failure is an error, never a second kernel on the same sockets."""
        fds = [_fd(s) for s in (stdout, stderr)]
        if (self.gone or other or independent or stdin is not None or any(f == -1 for f in fds)
                or len(cmd) < 3 or cmd[0] != sys.executable or cmd[1:3] != self._argv[1:3]):
            return None
        request = pickle.dumps((cmd, dict(os.environ if env is None else env), str(cwd or os.getcwd()),
                                [f is not None for f in fds]))
        with self._lock:
            try:
                socket.send_fds(self._sock, [request], [f for f in fds if f is not None])
            except OSError:  # the zygote is gone: nothing was forked
                self.gone = True
                return None
            try:
                while True:
                    kind, pid, value, got = self._message()
                    if kind == b"x":
                        self._ended[pid] = value
                    elif kind == b"e":
                        return None  # the zygote could not prepare or fork, and forked nothing
                    else:
                        self._ended.pop(pid, None)  # an earlier kernel's, if the number came round again
                        if not got:  # the build could not take the pidfd: stop what was forked
                            os.kill(pid, signal.SIGKILL)
                            raise OSError("inga fler fildeskriptorer för räkneexemplets kärna")
                        return Forked(self, pid, got[0])
            except (ConnectionError, struct.error) as exc:
                self.gone = True
                raise OSError("hjälpprocessen för räkneexemplens kärnor stannade") from exc

    def ended(self, pid: int) -> int | None:
        """The kernel's exit code once the zygote has seen it end (given once)."""
        with self._lock:
            while pid not in self._ended and not self.gone:
                try:
                    if not _readable(self._sock.fileno()):
                        break
                    kind, ended_pid, value, got = self._message()
                except (OSError, ConnectionError, ValueError, struct.error):
                    self.gone = True
                    break
                for fd in got:
                    os.close(fd)
                if kind == b"x":
                    self._ended[ended_pid] = value
            return self._ended.pop(pid, None)

    def close(self) -> None:
        """Stop the zygote (it ends when its socket closes) and collect it; one that does not end
        within two seconds is killed."""
        if self._sock.fileno() == -1:
            return
        self.gone = True
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)  # wakes a spawn() waiting in another thread
        self._sock.close()
        deadline = time.monotonic() + 2
        while True:
            try:
                if os.waitpid(self.pid, os.WNOHANG)[0]:
                    return
            except ChildProcessError:
                return
            if time.monotonic() > deadline:
                os.kill(self.pid, signal.SIGKILL)
                deadline = float("inf")
            time.sleep(0.01)


def _flush() -> None:
    """Nothing buffered in this process is written twice by a fork of it."""
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        with contextlib.suppress(AttributeError, OSError, ValueError):
            stream.flush()


def _readable(fd: int) -> bool:
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    return bool(poller.poll(0))


def _fd(stream) -> int | None:
    """A Popen stream argument as a file descriptor; -1 for what only Popen can make (PIPE, DEVNULL)."""
    if stream is None:
        return None
    if isinstance(stream, int):
        return stream if stream >= 0 else -1
    try:
        return stream.fileno()
    except (AttributeError, OSError, ValueError):
        return -1


class Forked:
    """A forked kernel as jupyter_client's provisioner uses a Popen: pid, poll, wait, signals.
    Its own signals go through a pidfd, never to another process that took the number later
    (jupyter_client signals the process group first: kernel_manager.ForkedProvisioner guards that)."""
    stdin = stdout = stderr = None

    def __init__(self, zygote: Zygote, pid: int, pidfd: int) -> None:
        self._zygote, self.pid, self._pidfd = zygote, pid, pidfd
        self._lock = threading.RLock()  # the pidfd is closed once and never used after, whichever thread
        self.returncode: int | None = None

    def poll(self) -> int | None:
        with self._lock:
            if self.returncode is None:
                self.returncode = self._zygote.ended(self.pid)
                if self.returncode is None and self._zygote.gone and _readable(self._pidfd):
                    self.returncode = 1  # ended after its zygote: the code is not known here
                if self.returncode is not None:
                    os.close(self._pidfd)
            return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                import subprocess
                raise subprocess.TimeoutExpired(["kernel"], timeout)
            time.sleep(0.01)
        return self.returncode

    def send_signal(self, sig: int) -> None:
        with self._lock:
            if self.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    signal.pidfd_send_signal(self._pidfd, sig)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


# --- the zygote's side ---------------------------------------------------------------------------

def _serve(sock: socket.socket, prepared: str) -> None:
    """Prepare once, then fork a kernel for each request until the build closes the socket; say
    when each kernel ends. A request that cannot be served is answered "e" and nothing runs."""
    sock.settimeout(None)
    _name(ZYGOTE_NAME)
    changed = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGCHLD)}
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's; the zygote ends with it
    gc.freeze()  # what the build left behind is never collected (or its files closed) here
    state = _prepare(prepared)
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    while True:
        ready = select.select([sock, wake_r], [], [])[0]
        if wake_r in ready:
            os.read(wake_r, 512)
            _report_ended(sock)
        if sock in ready:
            try:
                data, fds, _, _ = socket.recv_fds(sock, 1 << 20, _FDS)
            except ConnectionError:
                return
            if not data:
                return
            try:
                if state is None:
                    raise OSError("not prepared")
                _fork_kernel(sock, pickle.loads(data), fds, state, changed)
            except Exception:
                sock.send(_REPLY.pack(b"e", 0, 0))
            finally:
                for fd in fds:
                    with contextlib.suppress(OSError):
                        os.close(fd)


def _prepare(prepared: str) -> dict | None:
    """Import what the kernel command imports, as it would; None where forked kernels would not
    be what it starts: ipykernel imported already (it reads its parent's pid as it is imported),
    or this interpreter's flags (-O and the like) not a new one's."""
    if "ipykernel.kernelapp" in sys.modules:
        return None
    # ipykernel reads this as it is imported (its parent_handle): the kernels' parent is the zygote.
    os.environ["JPY_PARENT_PID"] = str(os.getpid())
    try:
        exec(prepared, {"__name__": "__zygote__"})
        state = fresh_interpreter.interpreter_state()
    except Exception:
        return None
    return state if state["flags"] == list(sys.flags) else None


def _report_ended(sock: socket.socket) -> None:
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        sock.send(_REPLY.pack(b"x", pid, os.waitstatus_to_exitcode(status)))


def _fork_kernel(sock, request, fds: list[int], state: dict, changed: dict) -> None:
    cmd, env, cwd, given = request
    ready_r, ready_w = os.pipe()
    try:
        _flush()
        pid = os.fork()
    except OSError:
        os.close(ready_r)
        os.close(ready_w)
        raise
    if pid == 0:
        code = 1
        try:
            os.setsid()
            _name(KERNEL_NAME)
            os.close(ready_r)
            os.write(ready_w, b"1")
            os.close(ready_w)
            streams = iter(fds)
            stdin, writer = os.pipe()  # as jupyter_client gives a kernel: a pipe already closed
            os.close(writer)
            os.dup2(stdin, 0)
            for target, passed in zip((1, 2), given):
                if passed:
                    os.dup2(next(streams), target)
            sock.close()
            os.closerange(3, os.sysconf("SC_OPEN_MAX"))  # as Popen's close_fds: only 0, 1 and 2
            env = dict(env, JPY_PARENT_PID=str(os.getppid()))  # the kernel stops if the zygote does
            code = fresh_interpreter.become(cmd, env, cwd, state, changed)
        except BaseException:
            import traceback

            traceback.print_exc()
        finally:
            os._exit(code)
    os.close(ready_w)
    os.read(ready_r, 1)  # setsid done (or the child is gone): its process group is its own now
    os.close(ready_r)
    try:
        pidfd = os.pidfd_open(pid)  # the child is not collected yet, so this holds even if it ended
    except OSError:
        os.kill(pid, signal.SIGKILL)  # not collected yet: the number is still the child's
        raise
    try:
        socket.send_fds(sock, [_REPLY.pack(b"p", pid, 0)], [pidfd])
    except OSError:
        os.kill(pid, signal.SIGKILL)  # the build never heard of it
        raise
    finally:
        os.close(pidfd)
