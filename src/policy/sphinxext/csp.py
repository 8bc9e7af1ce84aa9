"""A site that works under a strict Content-Security-Policy (default-src 'self'): no inline script,
no inline style, no eval.

Furo writes its colour variables into an inline <style> and sets the colour theme with an inline
script; Sphinx's translations.js builds a function from a string (eval). Here the variables go to a
stylesheet file, the theme script is a file (handbook/_static/theme-init.js), and the Swedish strings
the search page uses are set by a file (handbook/_static/sv-ui.js) instead of translations.js.
"""
from __future__ import annotations

from pathlib import Path

STYLESHEET = "theme-variables.css"
_seen: dict = {}


def _declare(user: dict, pygments: dict) -> str:
    lines = [f"  --color-code-background: {pygments['background']};", f"  --color-code-foreground: {pygments['foreground']};"]
    lines += [f"  --{name}: {value};" for name, value in (user or {}).items()]
    return "\n".join(lines)


def remember(app, pagename, templatename, context, doctree) -> None:
    """After Furo's own handler: keep what its inline <style> would have said, and drop the
    translations script (its catalogue is loaded with eval)."""
    if "furo_pygments" in context and not _seen:
        _seen.update(light=context["furo_pygments"]["light"], dark=context["furo_pygments"]["dark"],
                     light_vars=context.get("theme_light_css_variables") or {},
                     dark_vars=context.get("theme_dark_css_variables") or {})
    if "script_files" in context:
        context["script_files"] = [f for f in context["script_files"]
                                   if not str(getattr(f, "filename", f)).endswith("translations.js")]


def write_stylesheet(app, exception) -> None:
    if exception is not None or not _seen or app.builder.format != "html":
        return
    css = (f"body {{\n{_declare(_seen['light_vars'], _seen['light'])}\n}}\n"
           "@media not print {\n"
           f"body[data-theme=\"dark\"] {{\n{_declare(_seen['dark_vars'], _seen['dark'])}\n}}\n"
           "@media (prefers-color-scheme: dark) {\n"
           f"body:not([data-theme=\"light\"]) {{\n{_declare(_seen['dark_vars'], _seen['dark'])}\n}}\n}}\n}}\n")
    Path(app.builder.outdir, "_static", STYLESHEET).write_text(css, encoding="utf-8")


def setup(app) -> None:
    app.add_css_file(STYLESHEET)
    app.add_js_file("sv-ui.js", priority=900)
    app.connect("html-page-context", remember, priority=950)
    app.connect("build-finished", write_stylesheet, priority=900)
    app.connect("builder-inited", valid_hidden_code)


def visit_hidden_code(self, node) -> None:
    """myst-nb's "Visa koden" control, as valid HTML: the labels are spans in the <summary> (myst-nb
    writes <p> elements there, which HTML does not allow) and it names itself in Swedish."""
    from html import escape

    self.body.append(f'<details class="admonition hide {" ".join(node["classes"])}">\n'
                     '<summary class="admonition-title">'
                     f'<span class="collapsed">{escape(node["prompt_show"])}</span>'
                     f'<span class="expanded">{escape(node["prompt_hide"])}</span></summary>\n')


def depart_hidden_code(self, node) -> None:
    self.body.append("</details>\n")


def valid_hidden_code(app) -> None:
    from myst_nb.sphinx_ import HideCodeCellNode

    app.add_node(HideCodeCellNode, override=True, html=(visit_hidden_code, depart_hidden_code))
