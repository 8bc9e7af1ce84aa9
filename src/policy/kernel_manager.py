"""nbclient's and jupyter_client's side of running a worked example: the notebook client, the kernel
manager (Unix sockets, a kernel forked by the zygote where it can), its client, and the
provisioner that launches through the zygote (policy.notebook_run runs the notebooks with them)."""
from __future__ import annotations

import os
import time
import uuid
from pathlib import Path
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner
from nbclient import NotebookClient

from policy.forked_kernels import Forked, Zygote


class _Ready(AsyncKernelClient):
    """jupyter_client's client, started without its last pause: after the kernel's first reply it
    waits for 0.2 s of silence on IOPub to drain that reply's status messages, and every build
    after a rule change waited so for its kernels. nbclient skips any IOPub message that does not
    answer its own request, so those need no draining. The rest is jupyter_client's handshake."""

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (timeout if timeout is not None else float("inf"))
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                reply = None
            if reply is not None and reply["msg_type"] == "kernel_info_reply":
                try:
                    await self.iopub_channel.get_msg(timeout=0.2)  # IOPub is connected too
                except Empty:
                    pass
                else:
                    self._handle_kernel_info_reply(reply)
                    return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout} seconds")


class Client(NotebookClient):
    """nbclient's client without its exit handler. That handler stops the kernel from the main
    thread as the process ends, while the runner's thread may still be talking to it (zmq sockets
    are not thread-safe: libzmq aborted the process now and then, "Assertion failed: pfd.revents &
    POLLIN"). The runner stops its kernels itself: after each run, and as the process ends
    (notebook_run.Background.close)."""

    def _cleanup_kernel(self) -> None:
        pass


def sockets_in(folder: str, zygote: Zygote | None) -> type[AsyncKernelManager]:
    """A kernel manager whose kernel talks over Unix sockets in `folder`, not TCP ports. A port is
    picked, let go and only then bound by the kernel, and another process starting a kernel at that
    moment can take it (jupyter_client#276, papermill#511): with many kernels at once, as here and
    in the test suite, a run could fail now and then. The kernel is forked by `zygote` where it can."""
    class Sockets(AsyncKernelManager):
        def __init__(self, **kwargs):
            super().__init__(transport="ipc", ip=os.path.join(folder, "k"), client_factory=_Ready, **kwargs)
            # A kernel asked to stop exits in about 0.2 s, but about one in fifteen lingers for 3 s
            # (ipykernel's own shutdown; measured with the stock launcher too), and the build waits
            # for it. Its results are in by then: after 0.5 s it gets SIGTERM, 0.5 s later SIGKILL
            # (jupyter_client waits half of this time for each).
            self.shutdown_wait_time = 1.0

        async def _async_pre_start_kernel(self, **kw):
            # Our provisioner, not the one jupyter_client's factory would take from the kernel
            # spec (the handbook's kernel names none).
            if self.provisioner is None and zygote is not None:
                self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
                self.provisioner = ForkedProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self)
                self.provisioner.zygote = zygote
            return await super()._async_pre_start_kernel(**kw)

    return Sockets


class ForkedProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, launching through a zygote when one can start the kernel."""
    zygote: Zygote | None = None

    async def launch_kernel(self, cmd: list[str], **kwargs):
        forked = self.zygote.spawn(cmd, **LocalProvisioner._scrub_kwargs(kwargs)) if self.zygote else None
        if forked is None:
            return await super().launch_kernel(cmd, **kwargs)
        # Its own session, so its process group is its pid (the zygote waited for setsid).
        self.process, self.pid, self.pgid = forked, forked.pid, forked.pid
        self.cwd = kwargs.get("cwd", Path.cwd())
        return self.connection_info

    async def send_signal(self, signum: int) -> None:
        # jupyter_client signals the process group first. The zygote collects an ended kernel at
        # once, so its number may be another's by now: an ended kernel gets no signal.
        if isinstance(self.process, Forked) and self.process.poll() is not None:
            return
        await super().send_signal(signum)
