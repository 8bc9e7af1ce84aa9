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


_GROUPS = (nodes.entry, nodes.list_item, nodes.definition, nodes.field_body)
_STOPS = (nodes.section, nodes.admonition, nodes.table, nodes.document)


def _group_of(node: nodes.Node) -> nodes.Element | None:
    """Where a fact's label goes: its table cell, list item or definition if it stands in one, else
    its paragraph (or other block)."""
    parent, block = node, None
    while parent is not None and not isinstance(parent, _STOPS):
        if isinstance(parent, _GROUPS):
            return parent
        if block is None and isinstance(parent, _BLOCKS):
            block = parent
        parent = parent.parent
    return block


def _label_text(label: str, ends_sentence: bool) -> str:
    """After a full sentence the label is a sentence of its own, "(Enligt X.)"; inside one it is a
    lowercase aside, "(enligt X)"."""
    return f" ({label}.)" if ends_sentence else f" ({label[0].lower()}{label[1:]})"


def _end_label(block: nodes.Element, label: str) -> bool:
    """Put one label at the end of a block (its last paragraph); False if it has no paragraph."""
    # Not after a source line or a cross-reference ("Källorna säger olika, se nr 8"): the label
    # belongs to the text it names.
    target = block if isinstance(block, nodes.TextElement) else next(
        (c for c in reversed(block.children) if isinstance(c, nodes.paragraph)
         and "policy-source" not in c.get("classes", [])), None)
    if target is None:
        return False
    target += nodes.inline("", _label_text(label, target.astext().rstrip().endswith((".", "!", "?"))),
                           classes=["scope-label"])
    return True


def add_missing_labels(app, doctree: nodes.document, docname: str) -> None:
    """Say whose a fact is once: facts in one cell, list item or paragraph that share a scope get one
    label at its end; a list whose every item would get the same label gets a lead-in line instead
    ("Enligt Region Hallands lathund:"); a fact whose scope differs from the rest of its block gets
    its own label, right after it."""
    groups: dict[int, tuple[nodes.Element | None, list[nodes.Element]]] = {}
    for node in list(doctree.findall(lambda n: isinstance(n, nodes.Element) and LABEL_ATTR in n.attributes)):
        if is_labelled(node, node[WORDS_ATTR]):
            continue
        group = _group_of(node)
        groups.setdefault(id(group) if group is not None else id(node), (group, []))[1].append(node)
    single = {key: (g, list(dict.fromkeys(n[LABEL_ATTR] for n in marked)))
              for key, (g, marked) in groups.items() if g is not None}
    led: set[int] = set()
    lists = {id(g.parent): g.parent for g, labels in single.values()
             if isinstance(g, nodes.list_item) and len(labels) == 1}
    for lst in lists.values():
        items = [c for c in lst.children if isinstance(c, nodes.list_item)]
        labels = {tuple(single[id(i)][1]) if id(i) in single else None for i in items}
        if len(items) > 1 and len(labels) == 1 and None not in labels:
            label = next(iter(labels))[0]
            lst.parent.insert(lst.parent.index(lst), nodes.paragraph("", f"{label}:", classes=["scope-lead-in"]))
            led |= {id(i) for i in items}
    for key, (group, marked) in groups.items():
        if key in led:
            continue
        labels = list(dict.fromkeys(n[LABEL_ATTR] for n in marked))
        if group is not None and len(labels) == 1 and _end_label(group, labels[0]):
            continue
        for node in marked:
            label = nodes.inline("", _label_text(node[LABEL_ATTR], False), classes=["scope-label"])
            if isinstance(node, nodes.Inline):
                anchor = node.parent if isinstance(node.parent, nodes.reference) else node
                _insert_after(anchor, label)
            elif isinstance(node, nodes.TextElement):
                _end_label(node, node[LABEL_ATTR])
            else:
                node += nodes.paragraph("", "", label, classes=["scope-label-block"])
