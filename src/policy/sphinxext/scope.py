"""Whose rule it is, on the page: every regional fact or handbook reading the extension prints carries
its scope, and no page can show one without naming the region (or the handbook) beside it.

Roles and directives mark the nodes they print with the fact's scope (policy.scope). After the page
is resolved, each marked node is checked against its context: the enclosing region block, the
paragraph, list item or table cell around it, the section or admonition title, or a sphinx-design tab
label. Where none names the region, a short label is added after the node. The site test checks the
built HTML the same way, so text written by hand is held to the same rule.
"""
from __future__ import annotations

from docutils import nodes

from ..scope import Scope, slugify

LABEL_ATTR = "policy_scope_label"
WORDS_ATTR = "policy_scope_words"
# The blocks whose text counts as "beside" a fact.
_BLOCKS = (nodes.paragraph, nodes.list_item, nodes.entry, nodes.definition, nodes.term, nodes.title,
           nodes.caption, nodes.rubric, nodes.field_body)


def mark(node: nodes.Element, scope: Scope) -> nodes.Element:
    """Tag a node with the fact's scope; the resolver adds a label if its context names no region."""
    if scope.needs_label:
        node["classes"] += [c for c in scope.classes if c not in node["classes"]]
        node[LABEL_ATTR] = scope.label
        node[WORDS_ATTR] = list(scope.words)
    return node


def region_block(slug_or_place: str, *children: nodes.Node) -> nodes.container:
    """A block whose whole content is one region's: facts of that region inside need no label."""
    block = nodes.container(classes=[f"region-{slugify(slug_or_place)}"])
    for child in children:
        block += child
    return block


def prose(node: nodes.Node) -> str:
    """A node's text without rule IDs and code, which are not words a reader reads as a region."""
    if isinstance(node, nodes.Text):
        return node.astext()
    if isinstance(node, nodes.literal) or "policy-rule" in node.get("classes", []):
        return ""
    return "".join(prose(child) for child in node.children)


def _texts_around(node: nodes.Node):
    """Texts that name a fact's context, nearest first."""
    block_seen = False
    parent = node
    while parent is not None:
        if not block_seen and isinstance(parent, _BLOCKS):
            block_seen = True
            yield prose(parent)
        if isinstance(parent, (nodes.section, nodes.admonition, nodes.table)):
            title = next((c for c in parent.children if isinstance(c, nodes.title)), None)
            if title is not None:
                yield prose(title)
        if isinstance(parent, nodes.Element) and "sd-tab-item" in parent["classes"]:
            # sphinx-design's tab before its HTML transform: the label is the item's first child.
            label = next((c for c in parent.children if "sd-tab-label" in c.get("classes", [])), None)
            if label is not None:
                yield prose(label)
        if isinstance(parent, nodes.Element) and "sd-tab-content" in parent["classes"] and parent.parent:
            # sphinx-design's tab: the label that names the tab stands just before its content.
            siblings = parent.parent.children
            label = siblings[siblings.index(parent) - 1] if siblings.index(parent) else None
            if label is not None and type(label).__name__ == "sd_tab_label":
                yield prose(label)
        parent = parent.parent


def _in_region_block(node: nodes.Node, words: list[str]) -> bool:
    wanted = {f"region-{slugify(w)}" for w in words}
    parent, found = node.parent, set()
    while parent is not None:
        found |= wanted & set(parent.get("classes", []) if isinstance(parent, nodes.Element) else [])
        parent = parent.parent
    return found == wanted


def is_labelled(node: nodes.Node, words: list[str]) -> bool:
    if not words or _in_region_block(node, words):
        return True
    for text in _texts_around(node):
        low = text.lower()
        if all(w.lower() in low for w in words):
            return True
    return False


_CLOSERS = "”\"’)"


def _insert_after(anchor: nodes.Node, label: nodes.Node) -> None:
    """Put the label after the fact, and after a quote or bracket that closes right after it, so a
    quoted value never reads as if the label were part of it."""
    parent, at = anchor.parent, anchor.parent.index(anchor) + 1
    following = parent.children[at] if at < len(parent.children) else None
    if isinstance(following, nodes.Text):
        text = str(following)
        closers = len(text) - len(text.lstrip(_CLOSERS))
        if closers:
            parent.replace(following, nodes.Text(text[:closers]))
            parent.insert(at + 1, label)
            if text[closers:]:
                parent.insert(at + 2, nodes.Text(text[closers:]))
            return
    parent.insert(at, label)


def add_missing_labels(app, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(lambda n: isinstance(n, nodes.Element) and LABEL_ATTR in n.attributes)):
        if is_labelled(node, node[WORDS_ATTR]):
            continue
        label = nodes.inline("", f" ({node[LABEL_ATTR]})", classes=["scope-label"])
        if isinstance(node, nodes.Inline):
            anchor = node.parent if isinstance(node.parent, nodes.reference) else node
            _insert_after(anchor, label)
        elif isinstance(node, nodes.TextElement):  # a paragraph: the label ends it
            node += label
        else:
            node += nodes.paragraph("", "", label, classes=["scope-label-block"])
