"""Furo's navigation tree once per build, not once per page.

Furo builds the sidebar for every page by resolving the whole table of contents and reworking it
with BeautifulSoup: about a quarter of the build. Between two pages the tree differs only in two
ways: where it marks the page being read (the `current` classes on the branch down to it, the
expanded boxes on that branch, `current-page` on its entry and its link turned into "#"), and, for
a page in another folder, in the relative links.

So the first page gets Furo's own tree, the marks of that page are taken out (and put back, which
must give Furo's tree again, or the build keeps Furo's way), and every other page gets the same
tree with its links written from its own folder and its own marks put in. A page whose entry cannot
be placed exactly (it is listed twice, say) gets Furo's tree. `policy_fast_navigation = False`
turns this off; tests/test_stale.py builds the site both ways and compares every page.
"""
from __future__ import annotations

import posixpath
import re
from html import escape

from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

_LINK = '<a class="reference internal" href="{}">'
_CURRENT_LINK = '<a class="current reference internal" href="#">'
_LIST_TAG = re.compile(r"<(/?)(ul|li)\b[^>]*>")
# A relative link (no scheme, not only "#section"), its fragment apart; the links that are not.
_RELATIVE = re.compile(r'href="([^"#:]+)(#[^"]*)?"')
_ANY_LINK = re.compile(r"""\bhref=(["'])(.*?)\1""")
_FIXED = re.compile(r"#|[A-Za-z][A-Za-z0-9+.-]*:")


def _href(builder, pagename: str) -> str:
    """The link to a page from any page of its folder, as Sphinx writes it in the tree."""
    target = builder.get_target_uri(pagename)
    return relative_uri(posixpath.join(posixpath.dirname(target), "\0"), target)


def _mark(neutral: str, href: str, orphan: bool = False) -> str | None:
    """The tree as Furo writes it for the page whose link is `href` (an `orphan` is in no table of
    contents: nothing is marked); None when that is not certain."""
    link = _LINK.format(escape(href, quote=True))
    found = neutral.count(link)
    if found == 0 and orphan:
        return neutral
    # Not found though listed, listed twice, or with links into its own sections (which its own
    # tree writes as "#section"): Furo's own tree.
    if found != 1 or f'href="{escape(href, quote=True)}#' in neutral:
        return None
    at = neutral.index(link)
    open_tags: list[re.Match] = []
    for tag in _LIST_TAG.finditer(neutral, 0, at):
        if tag.group(1):
            if not open_tags or open_tags[-1].group(2) != tag.group(2):
                return None
            open_tags.pop()
        else:
            open_tags.append(tag)
    edits = [(at, at + len(link), _CURRENT_LINK)]
    items = [t for t in open_tags if t.group(2) == "li"]
    for tag in open_tags:
        text = tag.group(0)
        if tag.group(2) == "ul":
            if text != "<ul>":
                return None
            edits.append((tag.start(), tag.end(), '<ul class="current">'))
            continue
        marked = re.sub(r'^<li class="(toctree-l\d+)', r'<li class="\1 current', text)
        if marked == text:
            return None
        if tag is items[-1]:
            marked = re.sub(r'"(>)$', r' current-page"\1', marked)
        edits.append((tag.start(), tag.end(), marked))
        if "has-children" in text:  # its box is checked: the branch is open
            box = neutral.find("<input", tag.end())
            between = neutral[tag.end():box]
            if box < 0 or between.count("</a>") != 1 or "<li" in between or "<ul" in between:
                return None
            close = neutral.index(">", box)
            close -= neutral[close - 1] == "/"
            # BeautifulSoup writes the attributes in alphabetical order.
            later = [a for a in re.finditer(r' ([\w-]+)="', neutral[box:close]) if a.group(1) > "checked"]
            at_attr = box + later[0].start() if later else close
            edits.append((at_attr, at_attr, ' checked=""'))
    out = neutral
    for start, end, text in sorted(edits, reverse=True):
        out = out[:start] + text + out[end:]
    return out


def _unmark(tree: str, href: str) -> str:
    """The tree with the marks of the page whose link is `href` taken out."""
    out = tree.replace(_CURRENT_LINK, _LINK.format(escape(href, quote=True)), 1)
    out = re.sub(r'(<li class="toctree-l\d+) current', r"\1", out).replace(" current-page", "")
    return out.replace('<ul class="current">', "<ul>").replace(' checked=""', "")


def _movable(tree: str) -> bool:
    """Whether every link of the tree is one _moved handles: a relative one in double quotes, a
    "#section" or an address with a scheme."""
    for link in _ANY_LINK.finditer(tree):
        quote, target = link.groups()
        if not _FIXED.match(target) and (quote != '"' or not _RELATIVE.fullmatch(link.group(0))):
            return False
    return True


def _moved(tree: str, source: str, folder: str) -> str:
    """The tree written in the folder `source` with its relative links written from `folder` (the
    paths as written: escaped characters stay as they are)."""
    def move(link: re.Match) -> str:
        target = posixpath.normpath(posixpath.join(source, link.group(1)))
        return f'href="{relative_uri(posixpath.join(folder, chr(0)), target)}{link.group(2) or ""}"'

    return tree if source == folder else _RELATIVE.sub(move, tree)


def install(app: Sphinx) -> None:
    import furo

    original = getattr(furo, "_compute_navigation_tree", None)
    # The html builder only: dirhtml's links end in "/", which the moved links would lose.
    if original is None or not app.config.policy_fast_navigation or app.builder.name != "html":
        return
    # Per way of making the table of contents: the folder of the first page made that way and its
    # tree without marks (None when that could not be made exactly); then that tree per folder.
    first: dict[object, tuple[str, str] | None] = {}
    folders: dict[tuple, str] = {}
    listed: set[str] = set()

    def compute(context) -> str:
        page = context.get("pagename")
        if page is None or "toctree" not in context:
            return original(context)
        if not listed:
            listed.update(doc for docs in app.env.toctree_includes.values() for doc in docs)
        orphan = page not in listed
        # A page whose table of contents an extension makes in its own way (the 404 page's links
        # start at the site's root) shares only with pages made the same way.
        made_by = getattr(context["toctree"], "__code__", None)
        folder = posixpath.dirname(app.builder.get_target_uri(page))
        href = _href(app.builder, page)
        if made_by not in first:
            tree = original(context)
            neutral = _unmark(tree, href)
            exact = (_mark(neutral, href, orphan) == tree and '<a class="reference internal" href="#' not in neutral
                     and _movable(neutral))
            first[made_by] = (folder, neutral) if exact else None
            folders[(folder, made_by)] = neutral
            return tree
        if first[made_by] is None:
            return original(context)
        if (folder, made_by) not in folders:
            folders[(folder, made_by)] = _moved(first[made_by][1], first[made_by][0], folder)
        marked = _mark(folders[(folder, made_by)], href, orphan)
        return marked if marked is not None else original(context)

    furo._compute_navigation_tree = compute
    app.connect("build-finished", lambda app, exc: setattr(furo, "_compute_navigation_tree", original))


def setup(app: Sphinx) -> None:
    app.add_config_value("policy_fast_navigation", True, "")
    app.connect("builder-inited", install)
