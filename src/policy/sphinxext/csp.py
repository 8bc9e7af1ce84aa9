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


def _declare(user: dict, pygments: dict) -> str:
    lines = [f"  --color-code-background: {pygments['background']};", f"  --color-code-foreground: {pygments['foreground']};"]
    lines += [f"  --{name}: {value};" for name, value in (user or {}).items()]
    return "\n".join(lines)


def write_stylesheet(app) -> None:
    """What Furo's inline <style> would say, as a file written before any page is, so every page
    links it the same way in a clean and in an incremental build."""
    import furo

    if app.builder.format != "html" or not getattr(furo, "_KNOWN_STYLES_IN_USE", None):
        return
    styles = furo._KNOWN_STYLES_IN_USE
    light = furo.get_pygments_style_colors(styles["light"], fallbacks={"foreground": "black", "background": "white"})
    dark = furo.get_pygments_style_colors(styles["dark"], fallbacks={"foreground": "white", "background": "black"})
    options = app.config.html_theme_options or {}
    light_vars, dark_vars = options.get("light_css_variables", {}), options.get("dark_css_variables", {})
    css = (f"body {{\n{_declare(light_vars, light)}\n}}\n"
           "@media not print {\n"
           f"body[data-theme=\"dark\"] {{\n{_declare(dark_vars, dark)}\n}}\n"
           "@media (prefers-color-scheme: dark) {\n"
           f"body:not([data-theme=\"light\"]) {{\n{_declare(dark_vars, dark)}\n}}\n}}\n}}\n")
    static = Path(app.builder.outdir, "_static")
    static.mkdir(parents=True, exist_ok=True)
    (static / STYLESHEET).write_text(css, encoding="utf-8")
    # myst-nb copies its stylesheet only when the build ends, so in a clean build the pages link it
    # without the checksum an incremental build adds: copy it first, and both builds write the same.
    from myst_nb.sphinx_ext import add_global_html_resources

    add_global_html_resources(app, None)


def drop_translations(app, pagename, templatename, context, doctree) -> None:
    """Sphinx's translations.js loads its catalogue with eval; sv-ui.js sets the strings instead."""
    if "script_files" in context:
        context["script_files"] = [f for f in context["script_files"]
                                   if not str(getattr(f, "filename", f)).endswith("translations.js")]


def setup(app) -> None:
    app.add_css_file(STYLESHEET)
    app.add_js_file("sv-ui.js", priority=900)
    app.connect("html-page-context", drop_translations, priority=950)
    app.connect("builder-inited", write_stylesheet, priority=900)
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
