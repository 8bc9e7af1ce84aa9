"""The site's root: the start page lives at handbook/index.html, so the root gets a page that sends
the reader there (a plain link as well, for a browser that does not follow the refresh)."""
from __future__ import annotations

from html import escape
from pathlib import Path

PAGE = """<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="_static/favicon.svg">
<meta http-equiv="refresh" content="0; url={target}">
<link rel="canonical" href="{target}">
</head>
<body>
<main>
<h1>{title}</h1>
<p><a href="{target}">Till handbokens startsida</a></p>
</main>
</body>
</html>
"""


def write_root(app, exception) -> None:
    if exception or app.builder.format != "html" or app.config.root_doc == "index":
        return
    target = app.builder.get_target_uri(app.config.root_doc)
    Path(app.builder.outdir, "index.html").write_text(
        PAGE.format(title=escape(app.config.html_title or app.config.project), target=escape(target)),
        encoding="utf-8")


def setup(app) -> None:
    app.connect("build-finished", write_root)
