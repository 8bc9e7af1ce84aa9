"""Serving the built site on loopback and driving Debian's Chromium, for the browser tests."""
from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

# Debian's headless build of Chromium (package chromium-headless-shell, which make test installs) as
# make pdf finds it: the same engine as the chromium package without the desktop browser around it,
# page loads and new pages cost about a third less processor time, which the suite's two cores feel
# (its page checks open every page twice).
from policy.committee.pdf import CHROMIUM

# As the machine's notes say: without these, Chromium keeps trying hosts this network refuses.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-default-apps",
        # Neither of V8's optimising compilers (TurboFan, Maglev): what they make of axe-core is
        # thrown away with each page the checks open, so they cost more than they saved. The page
        # checks: about a sixth less processor time without TurboFan; without Maglev too, another
        # 7-9 % (two runs side by side, so that both met the same load), in the same wall time.
        "--js-flags=--no-opt --no-maglev"]


# What a host serving the handbook may send: nothing but the site's own files, no inline script or
# style, no eval, no framing.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Content-Security-Policy", CSP)
        super().end_headers()


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A browser that drops a connection it no longer needs (a page left mid-load, the offline
        # test's server going away) is not an error of the site.
        import sys

        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def serve(folder: Path):
    """Start a threaded HTTP server on 127.0.0.1 with an OS-chosen port, sending the strict
    Content-Security-Policy above with every file; returns (server, base_url)."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = _QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def launch(playwright):
    """Chromium from Debian; a missing browser fails the run (never a skip)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium saknas ({CHROMIUM}). Installera Debian-paketet chromium-headless-shell: bash .ci/install-system")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
