"""Sphinx configuration: the handbook in handbook/, worked examples in notebooks/."""
import gc

gc.disable()  # until the build has started, then frozen: src/policy/sphinxext/collector.py says why

import os  # noqa: E402
from urllib.parse import urlparse  # noqa: E402
from datetime import date, datetime, UTC  # noqa: E402

project = "Handbok om avstämningsmöte"
# Who publishes the handbook is the publisher's setting (src/policy/settings.yaml), not a source's:
# left empty, no publisher or copyright line is shown.
from policy import PolicyError  # noqa: E402
from policy.loader import load as _load  # noqa: E402
from policy.committee.kernel import quiet_kernels  # noqa: E402
from policy.notebook_run import TIMEOUT as _CELL_TIMEOUT  # noqa: E402
from policy.sphinxext.deferred import defer as _defer_notebook_clients  # noqa: E402

quiet_kernels()  # the worked examples' kernel, without its English log warnings in the build output
_defer_notebook_clients()  # jupyter-cache and nbclient imported only when a notebook runs (0.4 s a build)

try:
    _publisher = _load().settings.publisher.name
except PolicyError:  # the extension stops the build with the loader's Swedish message
    _publisher = None
author = _publisher or ""
copyright = _publisher or ""
html_show_copyright = bool(_publisher)
language = "sv"
root_doc = "handbook/index"
include_patterns = ["handbook/**", "notebooks/**"]
exclude_patterns = ["_build", ".venv", "**/.ipynb_checkpoints", "handbook/_*", "notebooks/_kernel"]

extensions = ["policy.sphinxext.prestart", "myst_nb", "sphinx_design", "policy.sphinxext", "notfound.extension"]

# The published address, when the publisher gives it (the publish workflow passes SITE_URL): the
# sitemap needs it, and the Swedish 404 page builds its links from its path.
_site_url = (os.environ.get("SITE_URL") or "").rstrip("/")
if _site_url:
    html_baseurl = _site_url + "/"
    extensions.append("sphinx_sitemap")
    sitemap_url_scheme = "{link}"
    sitemap_excludes = ["404.html", "search.html"]
notfound_urls_prefix = (urlparse(_site_url).path.rstrip("/") + "/") if _site_url else "/"
notfound_context = {
    "title": "Sidan finns inte",
    "body": ("<h1>Sidan finns inte</h1><p>Sidan du försökte öppna finns inte i handboken, eller så har den "
             f"flyttats. Börja på <a href=\"{notfound_urls_prefix}handbook/index.html\">startsidan</a> eller "
             "sök i handboken.</p>"),
}

# The date the pages show values for, as ÅÅÅÅ-MM-DD: `make html DATE=2028-05-01` passes it with
# -D policy_build_date=…; otherwise SOURCE_DATE_EPOCH (reproducible builds) or today.
policy_build_date = (datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), UTC).date()
                     if os.environ.get("SOURCE_DATE_EPOCH") else date.today()).isoformat()

myst_enable_extensions = ["colon_fence", "deflist", "substitution", "attrs_inline", "tasklist"]
myst_heading_anchors = 3

# Notebooks are executed on every read, and the extension makes a rule change re-read them,
# so no stored output can be older than the rules. A failing cell fails the build.
nb_execution_mode = "force"
nb_execution_raise_on_error = True
nb_execution_timeout = _CELL_TIMEOUT  # the same limit as make notebooks and policy diff
nb_merge_streams = True
# Worked examples for staff: the code is collapsed (cell tag hide-input) behind a Swedish control.
nb_code_prompt_show = "Visa koden"
nb_code_prompt_hide = "Dölj koden"

# Furo: accessible, light (about 60 KB of CSS and JS), no web fonts or icon fonts to load.
html_theme = "furo"
html_title = "Handbok om avstämningsmöte"
templates_path = ["handbook/_templates"]
html_static_path = ["handbook/_static"]
html_css_files = ["handbok.css"]
html_favicon = "handbook/_static/favicon.svg"
html_last_updated_fmt = None
html_show_sourcelink = False
html_copy_source = False
html_show_sphinx = False
# No generated index page (the handbook has a glossary and search; the index page needs inline styles).
html_use_index = False
# Staff pages first in search results.
html_search_scorer = "handbook/_static/scorer.js"
html_theme_options = {
    "navigation_with_keys": False,
    "top_of_page_buttons": [],
    # The region's blue, dark enough for text contrast (WCAG AA) on white.
    "light_css_variables": {"color-brand-primary": "#0b4f8a", "color-brand-content": "#0b4f8a"},
    "dark_css_variables": {"color-brand-primary": "#8cc4ff", "color-brand-content": "#8cc4ff"},
}
locale_dirs = ["handbook/_locale"]
gettext_compact = False

# nbclient reports every notebook it runs at INFO level; the build log needs only warnings.
import logging  # noqa: E402

logging.getLogger("traitlets").setLevel(logging.WARNING)
