"""Docutils node builders shared by the directives: tables, paragraphs, source notes."""
from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes

from ..errors import format_span
from ..rulebook import Rulebook

Cell = str | nodes.Node | Sequence[nodes.Node]


def para(*parts: str | nodes.Node, classes: Sequence[str] = ()) -> nodes.paragraph:
    p = nodes.paragraph(classes=list(classes))
    for part in parts:
        p += nodes.Text(part) if isinstance(part, str) else part
    return p


def strong(text: str) -> nodes.strong:
    return nodes.strong(text, text)


def emphasis(text: str) -> nodes.emphasis:
    return nodes.emphasis(text, text)


def table(headers: Sequence[str], rows: Sequence[Sequence[Cell]], caption: str | None = None,
          classes: Sequence[str] = (), widths: Sequence[int] | None = None) -> nodes.table:
    """A table with a header row; a caption becomes the table's title (read out by screen readers)."""
    tbl = nodes.table(classes=["policy-table", *classes])
    if caption:
        tbl += nodes.title(caption, caption)
    group = nodes.tgroup(cols=len(headers))
    tbl += group
    for width in widths or [1] * len(headers):
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    group += head
    head += _row(headers)
    body = nodes.tbody()
    group += body
    for row in rows:
        body += _row(row)
    return tbl


def _row(cells: Sequence[Cell]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        if isinstance(cell, nodes.entry):  # a cell that carries its own classes (a region column)
            row += cell
            continue
        entry = nodes.entry()
        if isinstance(cell, str):
            entry += para(cell)
        elif isinstance(cell, nodes.Node):
            entry += cell if isinstance(cell, nodes.Body) else para(cell)
        else:
            _fill(entry, cell)
        row += entry
    return row


def _fill(parent: nodes.Element, items: Sequence[nodes.Node]) -> None:
    """Append block nodes as they are and gather runs of inline nodes into one paragraph."""
    run: list[nodes.Node] = []
    for node in [*items, None]:
        if node is not None and not isinstance(node, nodes.Body):
            run.append(node)
            continue
        if run:
            parent += para(*run)
            run = []
        if node is not None:
            parent += node


def bullets(items: Sequence[Cell], classes: Sequence[str] = ()) -> nodes.bullet_list:
    lst = nodes.bullet_list(classes=list(classes))
    for item in items:
        li = nodes.list_item()
        if isinstance(item, str):
            li += para(item)
        elif isinstance(item, nodes.Body):
            li += item
        elif isinstance(item, nodes.Node):
            li += para(item)
        else:
            _fill(li, item)
        lst += li
    return lst


def source_text(book: Rulebook, refs) -> str:
    """Short citation: 'källa 001 (Region Värmland), ”Tillvägagångssätt”'."""
    parts = []
    for ref in refs:
        src = book.sources[ref.source]
        label = f"{src.id}" if src.seed else src.title
        parts.append(f"{label}, ”{ref.section}”")
    return "Källa: " + "; ".join(dict.fromkeys(parts)) + "."


def validity_text(item) -> str:
    return "Gäller " + format_span(item.valid_from, item.valid_to) + "."


def validity_phrase(item) -> str:
    """A validity for a "Giltighet" field: an undated source's is "anges inte i källan", never a span."""
    if item.valid_from is None and item.valid_to is None:
        return "anges inte i källan (odaterad)"
    return format_span(item.valid_from, item.valid_to)


def admonition(kind: str, title: str, *body: nodes.Node) -> nodes.Element:
    node = nodes.admonition(classes=[kind])
    node += nodes.title(title, title)
    for child in body:
        node += child
    return node
