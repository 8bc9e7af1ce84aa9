"""A review banner at the top of every page that shows rules whose sources are expired or overdue."""
from __future__ import annotations

from docutils import nodes

from ..models import Rule
from ..review import source_status
from . import RULE_PAGE, book_for, build_date
from .build import admonition, para


def sources_of(item) -> list:
    if isinstance(item, Rule):
        return item.periods[-1].sources
    if isinstance(item, list):  # a meeting form's purposes
        return [ref for claim in item for ref in claim.sources]
    return list(getattr(item, "sources", []))


def add_review_banner(app, doctree: nodes.document) -> None:
    env = app.env
    if env.docname == RULE_PAGE or env.docname.startswith("handbook/routines/"):
        return
    used = env.__dict__.get("policy_used", {}).get(env.docname, set())
    if not used:
        return
    book, on = book_for(env), build_date(env)
    late: dict[str, str] = {}
    for rule_id in sorted(used):
        for ref in sources_of(book.index[rule_id]):
            src = book.sources[ref.source]
            if src.superseded_by or src.id in late:
                continue
            status = source_status(src, on, book)
            if status.level in ("utgangen", "forsenad"):
                when = (f"gällde till {src.valid_to.isoformat()}" if status.level == "utgangen"
                        else f"skulle ha granskats senast {status.due.isoformat()}")
                late[src.id] = f"{src.organisation} (källa {src.id}): {when}"
    if not late:
        return
    body = [para("Delar av sidan bygger på källor som inte är granskade i tid:")]
    lst = nodes.bullet_list()
    for text in late.values():
        item = nodes.list_item()
        item += para(text)
        lst += item
    banner = admonition("warning review-banner", "Att granska", *body, lst)
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    title_index = next((i for i, child in enumerate(section.children) if isinstance(child, nodes.title)), -1)
    section.insert(title_index + 1, banner)
