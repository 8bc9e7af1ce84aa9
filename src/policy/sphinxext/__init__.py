"""Sphinx extension: pages read amounts, codes, tables and checklists from the rule data at build time.

Every page that uses a directive or role, and every notebook, records the rule IDs it showed. The
build keeps a fingerprint of every rule, whole and without its values (its frame); on the next build
the pages and notebooks that read a changed rule are read again, and only those. A page that showed a
rule's numbers only through marks filled in as it is written (later.py) is read again only when the
rule's frame changed, and otherwise only written again. Pages also depend on the policy code and on
the registers every rule leans on (sources, actors, review interval), and pages that list whole files
(the rule register, the routine list, the change history) on those files.
"""
from __future__ import annotations

import functools
import hashlib
import json
from datetime import date
from html import escape as html_escape
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from ..loader import PACKAGE_DIR, data_dir, load
from ..rulebook import CHANGELOG_ID, Rulebook

RULE_PAGE = "handbook/reference/regler"


def rule_page(book, rule_id: str) -> str:
    """The register page of a rule: a routine's own rules have a page per routine (the register's
    weight does not grow with the number of routines), the rest are on the register's main page."""
    prefix = rule_id.split(".")[0]
    return f"{RULE_PAGE}/{prefix}" if prefix in book.routines else RULE_PAGE


# Every rule's validity, review status and actor names come from these, so every page leans on them.
REGISTERS = ("rules/kallor.yaml", "rules/aktorer.yaml", "settings.yaml")


def data_files() -> list[Path]:
    """All rule data: what the rule register and a page listing everything depend on."""
    root = data_dir()
    return sorted([*root.glob("rules/*.yaml"), *root.glob("routines/*/*.yaml"), *root.glob("changelog/*.yaml")])


@functools.cache
def _code_and_registers(srcdir, data: str) -> frozenset:
    # The same files for every page of a build: found once, not on each of a page's many calls.
    paths = sorted([*PACKAGE_DIR.glob("*.py"), *PACKAGE_DIR.glob("sphinxext/*.py")])
    return frozenset(srcdir / str(p) for p in [*paths, *(Path(data) / name for name in REGISTERS)])


def note_dependencies(env) -> None:
    """The policy code and the registers: a change there re-reads every page that shows rules."""
    env.dependencies.setdefault(env.docname, set()).update(_code_and_registers(env.srcdir, str(data_dir())))


def note_files(env, paths) -> None:
    for path in paths:
        env.note_dependency(str(path))


def book_for(env) -> Rulebook:
    return load()


def build_date(env) -> date:
    return env.config.policy_build_date


def note_use(env, rule_ids, full: bool = True) -> None:
    """Record that the page being read shows these rules (for review banners, rule coverage and the
    files the page depends on). With `full`, it read their values as well: a change of a value then
    reads the page again. Without, it read only their frames (rulebook.framed) and showed any value
    of theirs through a mark filled in as the page is written (later.py): a change of a value only
    rewrites it. IDs collected by `collecting` (a Collected) say for themselves which of them were
    read in full, and `full` is not used for them."""
    full_ids = set(getattr(rule_ids, "full", rule_ids if full else ()))
    rule_ids = set(rule_ids)
    if CHANGELOG_ID in rule_ids:  # not a rule: the page read the change history (for rebuilding only)
        rule_ids.discard(CHANGELOG_ID)
        env.__dict__.setdefault("policy_reads_log", set()).add(env.docname)
    used = env.__dict__.setdefault("policy_used", {})
    used.setdefault(env.docname, set()).update(rule_ids)
    read_in_full = env.__dict__.setdefault("policy_full", {})
    read_in_full.setdefault(env.docname, set()).update(full_ids - {CHANGELOG_ID})


def note_cited(env, rule_ids) -> None:
    """Record, in order, the rules a page states: its "Källor" block lists their sources (read as
    the page is written), so citing is a read of the rules' frames only."""
    cited = env.__dict__.setdefault("policy_cited", {}).setdefault(env.docname, [])
    cited.extend(r for r in rule_ids if r not in cited)
    note_use(env, rule_ids, full=False)


def note_whole_data(env) -> None:
    """The page lists whole collections (every routine, rule, source or change entry): it is read
    again after any change to the data, a file added or removed included."""
    env.__dict__.setdefault("policy_whole_data", set()).add(env.docname)
    note_dependencies(env)


def rule_fingerprints(book) -> dict[str, str]:
    """A hash of each rule ID's whole content (a value with its title, periods and sources; a step
    with every version; a form, row, statute or phase as it stands in the data), and of the change
    history as one item (a page that lists it reads it whole)."""
    # Not a read of the rules' content: nothing records it.
    return {rule_id: fingerprint(book, rule_id) for rule_id in [*dict.keys(book.index), CHANGELOG_ID]}


def frame_fingerprints(book, whole: dict[str, str]) -> dict[str, str]:
    """A hash of each rule ID's frame: for a rule with values, all of it but the values (their type
    stays: a number becomes a text only by a change of frame); for anything else, all of it
    (`whole`, rule_fingerprints)."""
    return {**whole, **{rule_id: _frame_of(rule) for rule_id, rule in dict.items(book.rules)}}


def frame_fingerprint(book, rule_id: str) -> str | None:
    """One rule ID's frame hash (as in frame_fingerprints), or None when the data has no such ID."""
    rule = dict.get(book.rules, rule_id)
    return _frame_of(rule) if rule is not None else fingerprint(book, rule_id)


def _frame_of(rule) -> str:
    data = rule.model_dump(mode="json")
    for period, kept in zip(data["periods"], rule.periods):
        period["value"] = type(kept.value).__name__
    return hashlib.sha1(json.dumps(data, sort_keys=True).encode("utf-8")).hexdigest()


def fingerprint(book, rule_id: str) -> str | None:
    """One rule ID's hash (as in rule_fingerprints), or None when the data has no such ID."""
    if rule_id == CHANGELOG_ID:
        text = " | ".join(e.model_dump_json() for e in tuple.__iter__(book.changelog))
    elif rule_id not in book.index:
        return None
    elif rule_id in book.step_versions:
        text = " | ".join(s.model_dump_json() for s in book.step_versions[rule_id])
    else:
        item = dict.__getitem__(book.index, rule_id)
        if isinstance(item, list):
            text = " | ".join(c.model_dump_json() for c in item)
        else:
            text = item.model_dump_json() if hasattr(item, "model_dump_json") else repr(item)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def file_hashes() -> dict[str, str]:
    return {str(p.relative_to(data_dir())): hashlib.sha1(p.read_bytes()).hexdigest()
            for p in [*data_files(), *data_dir().glob("reviews/*.yaml"), data_dir() / "settings.yaml"]}


def only_values_changed(old_files, new_files, old_rules, new_rules, old_where, new_where) -> bool:
    """Whether a change touched nothing but the content of existing rules in rules/*.yaml and the
    change history (the entry that goes with every committee change): the same rule IDs in the
    same order, each in the same file; the routines, reviews, registers and settings unchanged.
    Then only pages that read a changed rule, or the history, are read again; any other change also
    re-reads every page that lists a collection."""
    if old_files is None or list(old_rules) != list(new_rules) or list(old_where.items()) != list(new_where.items()):
        return False
    changed = {name for name in set(old_files) | set(new_files) if old_files.get(name) != new_files.get(name)}
    return all((name.startswith("rules/") and name not in REGISTERS and name in old_files and name in new_files)
               or name.startswith("changelog/") for name in changed)


def _outdated_by_rules(app: Sphinx, env, added, changed, removed) -> list[str]:
    """The documents that read a rule whose content changed since the last build, and, after any
    other change to the data, every document that lists a collection (and every notebook)."""
    from . import later

    book = book_for(env)
    new, old = rule_fingerprints(book), env.__dict__.get("policy_fingerprints")
    frames, old_frames = frame_fingerprints(book, new), env.__dict__.get("policy_frames")
    files, old_files = file_hashes(), env.__dict__.get("policy_file_hashes")
    where = {rule_id: str(path) for rule_id, path in book.files.items()}
    old_where = env.__dict__.get("policy_rule_files")
    env.policy_fingerprints, env.policy_file_hashes, env.policy_rule_files = new, files, where
    env.policy_frames = frames
    app.policy_rewrite = []
    if old is None or old_frames is None:
        return []
    # A recorded review changes the notices on any page that shows a rule from that source: all of them.
    reviews = {n for n in set(files) | set(old_files or {}) if n.startswith("reviews/")}
    if old_files is not None and any(files.get(n) != old_files.get(n) for n in reviews):
        return sorted(env.found_docs)
    values_only = only_values_changed(old_files, files, old, new, old_where, where)
    listing = set() if values_only or files == old_files else set(env.__dict__.get("policy_whole_data", set()))
    changed_rules = {rule_id for rule_id in old.keys() | new.keys() if old.get(rule_id) != new.get(rule_id)}
    changed_frames = {rule_id for rule_id in changed_rules if old_frames.get(rule_id) != frames.get(rule_id)}
    used, full = env.__dict__.get("policy_used", {}), env.__dict__.get("policy_full", {})
    showed = ({doc for doc, ids in full.items() if ids & changed_rules}
              | {doc for doc, ids in used.items() if ids & changed_frames})
    if CHANGELOG_ID in changed_rules:
        showed |= set(env.__dict__.get("policy_reads_log", set()))
    # Pages that showed a changed value only through marks and later-made directives: rewritten with
    # the new values, not read again, unless a later-made directive now reads or cites otherwise.
    marked = ({doc for doc, ids in env.__dict__.get("policy_marked", {}).items() if ids & changed_rules}
              - showed - listing - set(added) - set(changed))  # those Sphinx reads again anyway
    on = build_date(env)
    showed |= {doc for doc in marked if not later.still_same(env, doc, book, on, changed_rules)}
    app.policy_rewrite = sorted(doc for doc in marked - showed if doc in env.found_docs)
    return sorted(doc for doc in showed | listing if doc in env.found_docs)


def _edition_of(app: Sphinx) -> str:
    """The build's edition, asked of git once per build (not once per page: two git calls each)."""
    if "policy_edition" not in app.__dict__:
        app.policy_edition = edition(app.srcdir)
    return app.policy_edition


def _fill_edition(app: Sphinx, doctree, docname: str) -> None:
    current = _edition_of(app)
    for node in doctree.findall(lambda n: isinstance(n, nodes.inline) and "policy-edition" in n["classes"]):
        node.children = [nodes.Text(current)]


def _write_all_when_pages_come_or_go(app: Sphinx, env) -> list[str]:
    """Every page carries the whole navigation tree, which Sphinx rewrites only on the pages it
    re-reads: when a page is added or removed (a new routine's page), write them all."""
    docs = sorted(env.found_docs)
    seen = env.__dict__.get("policy_docs_seen")
    env.policy_docs_seen = docs
    # Every page's footer names the edition: a new commit rewrites them all.
    current = _edition_of(app)
    old_edition, env.policy_edition_seen = env.__dict__.get("policy_edition_seen"), current
    if old_edition is not None and old_edition != current:
        return docs
    # So does the next known change, which a rule change anywhere can move.
    after = book_for(env).next_change(build_date(env))
    app.policy_next_change = after.isoformat() if after else ""
    old_next, env.policy_next_seen = env.__dict__.get("policy_next_seen"), app.policy_next_change
    if old_next is not None and old_next != app.policy_next_change:
        return docs
    if seen is None or seen == docs:
        return []
    # A removed page's old HTML would stay in the output folder: a clean build has none.
    for gone in set(seen) - set(docs):
        Path(app.outdir, gone + app.builder.out_suffix if hasattr(app.builder, "out_suffix") else gone).unlink(missing_ok=True)
    return docs


def _write_marked_pages_again(app: Sphinx, env) -> list[str]:
    """The pages that showed a changed value only through marks (_outdated_by_rules): written again,
    with the new values filled in, without being read again."""
    return app.__dict__.get("policy_rewrite", [])


def rule_anchor(rule_id: str) -> str:
    return nodes.make_id("regel-" + rule_id)


def _on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    """A handbook page may not type an amount or code that a rule holds (it would not follow a change)."""
    if docname.startswith("handbook/"):
        from sphinx.util import logging as sphinx_logging

        from .. import typed

        for text, rule_id in typed.found(source[0], book_for(app.env)):
            sphinx_logging.getLogger(__name__).warning(
                f"{typed.message(text, rule_id)} (på sidan skrivs regeln som {{val}}`regel-id`)",
                location=docname, type="policy", subtype="typed-value")


def _resolve_rule(app: Sphinx, env, node, contnode):
    if node.get("reftype") != "policy-rule":
        return None
    target = rule_page(book_for(env), node["reftarget"])
    uri = app.builder.get_relative_uri(node["refdoc"], target) + "#" + rule_anchor(node["reftarget"])
    ref = nodes.reference("", "", internal=True, refuri=uri, reftitle=node.get("reftitle", ""))
    ref += contnode
    return ref


def _check_unknown(app: Sphinx, exception) -> None:
    """An unknown rule ID fails the build, -W or not, with one Swedish line (no crash report)."""
    unknown = sorted(getattr(app.env, "policy_unknown_rules", set()))
    if exception is None and unknown:
        from sphinx.util import logging as sphinx_logging

        listed = ", ".join(f"{rid} (i {doc})" for rid, doc in unknown)
        sphinx_logging.getLogger(__name__).error(f"Okända regel-id i handboken: {listed}")
        app.statuscode = 1


def _data_loads(app: Sphinx, config) -> None:
    """A broken data file stops the build with the loader's short Swedish message (file, field, what
    is wrong, what is allowed) instead of Sphinx's crash report."""
    import sys

    from ..errors import PolicyError

    try:
        book = load()
    except PolicyError as exc:
        print(f"Handboken kan inte byggas. {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    write_routine_pages(Path(app.srcdir), book)


GENERATED = "% Sidan skapas av bygget ur src/policy/routines/{slug}/. Ändra rutinens filer, inte den här sidan."


def write_routine_pages(srcdir: Path, book) -> None:
    """One page per routine in the data in use, one per version of it (for review and its PDF) and
    one with its rules in the rule register, written before the build reads the sources: a new
    region or version needs no page file, and a page whose routine or version is gone is removed.
    A file is written only when its text changes, so an unchanged page is not read again. The
    version and register pages stay out of search: the routine's own page has the same text."""
    folder = srcdir / "handbook" / "routines"
    register = srcdir / RULE_PAGE
    if not folder.is_dir():
        return
    wanted: dict[Path, str] = {}
    for slug, work in book.routines.items():
        head = GENERATED.format(slug=slug)
        # Out of Sphinx's search index: each routine has its own small one (routine_search.py).
        wanted[folder / f"{slug}.md"] = "---\nnosearch: true\n---\n\n" + _routine_page(head, work.name, slug, "")
        for version in work.versions:
            wanted[folder / slug / f"version-{version.version}.md"] = (
                "---\norphan: true\nnosearch: true\n---\n\n"
                + _routine_page(head, f"{work.name}, version {version.version}", slug, f":version: {version.version}\n"))
        wanted[register / f"{slug}.md"] = (
            f"---\norphan: true\nnosearch: true\n---\n\n{head}\n\n# Regelregister: {work.name}\n\n"
            f"```{{rule-register}}\n:routine: {slug}\n```\n")
    for path, text in wanted.items():
        path.parent.mkdir(exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    for path in [*folder.glob("*.md"), *folder.glob("*/*.md"), *register.glob("*.md")]:
        if path not in wanted and "% Sidan skapas av bygget" in path.read_text(encoding="utf-8")[:200]:
            path.unlink()
    for sub in [*folder.iterdir(), register]:
        if sub.is_dir() and not any(sub.iterdir()):
            sub.rmdir()


def _routine_page(head: str, title: str, slug: str, option: str) -> str:
    # The signature block is for the PDF the committee signs, which is made from a version's page.
    approval = f"\n```{{routine-approval}} {slug}\n{option}```\n" if option else ""
    return (f"{head}\n\n# {title}\n\n```{{routine}} {slug}\n{option}```\n\n"
            f"## Checklistor\n\n```{{routine-checklists}} {slug}\n{option}```\n{approval}")


def _purge(app: Sphinx, env, docname: str) -> None:
    unknown = getattr(env, "policy_unknown_rules", set())
    env.policy_unknown_rules = {(r, d) for r, d in unknown if d != docname}
    for attr in ("policy_used", "policy_full", "policy_cited", "policy_later", "policy_marked"):
        env.__dict__.setdefault(attr, {}).pop(docname, None)
    env.__dict__.setdefault("policy_whole_data", set()).discard(docname)
    env.__dict__.setdefault("policy_reads_log", set()).discard(docname)


def _merge(app, env, docnames, other) -> None:
    env.policy_unknown_rules = getattr(env, "policy_unknown_rules", set()) | getattr(other, "policy_unknown_rules", set())
    for attr in ("policy_whole_data", "policy_reads_log"):
        env.__dict__.setdefault(attr, set()).update(set(getattr(other, attr, set())) & set(docnames))
    for attr in ("policy_used", "policy_full", "policy_cited", "policy_later", "policy_marked"):
        mine = env.__dict__.setdefault(attr, {})
        for docname in docnames:
            if docname in getattr(other, attr, {}):
                mine[docname] = getattr(other, attr)[docname]


def _valid_tab_labels(app: Sphinx, doctree, docname: str) -> None:
    """sphinx-design puts aria-controls on tab labels, which HTML does not allow on a label tied
    to an input (Nu checker error); the radio input already ties label and panel together."""
    for node in doctree.findall(lambda n: type(n).__name__ == "sd_tab_label"):
        if "aria_controls" in node:
            del node["aria_controls"]


def _labelled_task_boxes(app: Sphinx, doctree, docname: str) -> None:
    """MyST's task-list checkboxes have no accessible name (an axe 'label' finding); name each by
    the text of its item."""
    for raw in list(doctree.findall(nodes.raw)):
        if 'class="task-list-item-checkbox"' not in raw.astext() or "aria-label" in raw.astext():
            continue
        text = html_escape(raw.parent.astext().strip()[:120] or "Punkt", quote=True)
        html = raw.astext().replace("<input ", f'<input aria-label="{text}" ', 1)
        raw.parent.replace(raw, nodes.raw("", html, format="html"))


def _unique_table_ids(app: Sphinx, doctree, docname: str) -> None:
    """Furo wraps each table in a div and copies the table's id onto it, so the id stands twice
    (a Nu checker error). The table keeps it: its caption's link needs it."""
    for wrapper in doctree.findall(nodes.container):
        if "table-wrapper" in wrapper["classes"]:
            inner = {i for table in wrapper.findall(nodes.table) for i in table["ids"]}
            wrapper["ids"] = [i for i in wrapper["ids"] if i not in inner]


# Stylesheets and scripts that extensions add to every page, and the mark of a page that uses them.
_PAGE_ASSETS = {"sphinx-design": "sd-", "design-tabs": "sd-tab", "mystnb.": "cell_output", "guide.js": "data-guide"}


def _only_needed_assets(context) -> None:
    """Leave out sphinx-design's and myst-nb's assets on pages that use none of their markup; every
    page would otherwise load about 100 KB it does not need (a phone pays for it)."""
    body = context.get("body", "")
    for key in ("css_files", "script_files"):
        if key not in context:
            continue
        context[key] = [f for f in context[key]
                        if not any(name in str(getattr(f, "filename", f)) and mark not in body
                                   for name, mark in _PAGE_ASSETS.items())]


def edition(srcdir) -> str:
    """The edition a page shows: the package version and the commit it was built from, so that a
    printed or saved page can be traced to the rules it was built with. POLICY_EDITION gives it for
    a build from a copy outside the repository (the tests' build that the pull request's report uses)."""
    import os
    import subprocess
    from importlib.metadata import PackageNotFoundError, version

    if os.environ.get("POLICY_EDITION"):
        return os.environ["POLICY_EDITION"]

    try:
        number = version("policy")
    except PackageNotFoundError:
        number = "okänd version"
    done = subprocess.run(["git", "-C", str(srcdir), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(["git", "-C", str(srcdir), "status", "--porcelain", "--", "src", "handbook", "notebooks"],
                           capture_output=True, text=True)
    commit = done.stdout.strip() if done.returncode == 0 else ""
    if commit and dirty.stdout.strip():
        commit += " med lokala ändringar"
    return f"{number} ({commit})" if commit else number


def _navigation_heading_levels(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Sphinx marks toctree captions role="heading" without a level, which axe counts as a critical
    finding; in Furo's sidebar they sit under the site title, so they are level 2."""
    tree = context.get("furo_navigation_tree")
    if tree:
        tree = tree.replace('role="heading">', 'role="heading" aria-level="2">')
        # Furo writes this label in English outside its translations.
        context["furo_navigation_tree"] = tree.replace('aria-label="Toggle navigation of ', 'aria-label="Visa undersidor till ')
    _only_needed_assets(context)
    context["policy_edition"] = _edition_of(app)
    # Staff read the version; the commit it was built from goes with an error report and the PDFs.
    context["policy_version"] = app.policy_edition.split(" (")[0]
    context["policy_date"] = build_date(app.env).isoformat()
    if "policy_next_change" not in app.__dict__:
        after = book_for(app.env).next_change(build_date(app.env))
        app.policy_next_change = after.isoformat() if after else ""
    context["policy_next_change"] = app.policy_next_change
    context["policy_stale_days"] = book_for(app.env).settings.publisher.stale_after_days
    if "policy_regions" not in app.__dict__:
        import json

        from .regions import regional_routines

        app.policy_regions = json.dumps({r.slug: r.name for r in regional_routines(book_for(app.env))}, ensure_ascii=False)
    context["policy_regions"] = app.policy_regions
    _page_footer(app, pagename, context)


def _page_footer(app: Sphinx, pagename: str, context) -> None:
    """What every page's footer says besides the edition: when its facts were last compared with
    their sources, the accessibility statement, and where to report an error on the page."""
    from ..committee.review import last_review
    from .accessibility import report_address

    book, on = book_for(app.env), build_date(app.env)
    used = app.env.__dict__.get("policy_used", {}).get(pagename, set())
    sources = {ref.source for rule_id in used if rule_id in book.index for ref in book.refs_of(rule_id, on)}
    days = [(r.date if (r := last_review(book.sources[s], on, book)) else book.sources[s].checked) for s in sources]
    context["policy_checked"] = min(days).isoformat() if days else ""
    context["policy_a11y"] = app.builder.get_relative_uri(pagename, "handbook/tillganglighet")
    context["policy_report"] = report_address(book.settings.publisher, (app.config.html_baseurl or "") + pagename + ".html",
                                              context.get("title", pagename), app.policy_edition)
    if "body" in context:
        context["body"] = _stackable_tables(_label_scrolling_tables(context["body"]))


def _stackable_tables(body: str) -> str:
    """Every body cell carries its column's heading (data-label), so on a phone the stylesheet can
    show each row as a card with the headings beside the values instead of a table to scroll."""
    import re
    from html import escape, unescape

    def table(match) -> str:
        html = match.group(0)
        thead = re.search(r"<thead>(.*?)</thead>", html, re.S)
        if not thead:
            return html
        heads = [" ".join(unescape(re.sub(r"<[^>]+>", " ", h)).split())
                 for h in re.findall(r"<th[^>]*>(.*?)</th>", thead.group(1), re.S)]

        def row(tr) -> str:
            column = iter(heads)

            def cell(td) -> str:
                label = next(column, "")
                return f'<{td.group(1)} data-label="{escape(label)}"' if label else td.group(0)

            return re.sub(r"<(td|th)(?=[\s>])", cell, tr.group(0))

        head, _, rest = html.partition("</thead>")
        return head + "</thead>" + re.sub(r"<tr[\s>].*?</tr>", row, rest, flags=re.S)

    return re.sub(r"<table[\s>].*?</table>", table, body, flags=re.S)


def _label_scrolling_tables(body: str) -> str:
    """A wide table scrolls inside its wrapper on a phone; keyboard users must be able to reach it,
    and each scrolling region is named after its table's caption, so no two share a label."""
    import re
    from html import escape, unescape

    count = 0

    def label(match) -> str:
        nonlocal count
        count += 1
        head = re.split(r"<thead|<tbody|<tr", body[match.end():match.end() + 600], maxsplit=1)[0]  # this table's
        caption = re.search(r'<span class="caption-text">(.*?)</span>', head)
        name = unescape(re.sub(r"<[^>]+>", "", caption.group(1))) if caption else f"Tabell {count}"
        return f'<div tabindex="0" role="region" aria-label="{escape(name)} (rullbar tabell)" class="table-wrapper'

    return re.sub(r'<div class="table-wrapper', label, body)


def _build_date_from_text(app: Sphinx, config) -> None:
    """`make html DATE=2028-05-01` passes the date as text (-D policy_build_date=…)."""
    from sphinx.errors import ConfigError

    value = config.policy_build_date
    if isinstance(value, str):
        try:
            config.policy_build_date = date.fromisoformat(value.strip())
        except ValueError:
            raise ConfigError(f"Byggdatumet ”{value}” är inget giltigt datum; skriv det som ÅÅÅÅ-MM-DD, "
                              "till exempel DATE=2028-05-01.") from None


def setup(app: Sphinx) -> dict:
    from . import (banners, collector, csp, directives, later, navigation, notebooks, offline, provenance, roles,
                   routine_search, scope, searchfix, siteroot)

    app.add_config_value("policy_build_date", date.today().isoformat(), "env", types=[str, date])
    app.connect("config-inited", _build_date_from_text)
    app.connect("config-inited", _data_loads)
    app.add_js_file("guide.js", loading_method="defer")
    app.add_js_file("page.js", loading_method="defer")
    app.connect("source-read", _on_source_read)
    app.connect("env-get-outdated", _outdated_by_rules)
    app.connect("env-get-updated", _write_all_when_pages_come_or_go)
    app.connect("env-get-updated", _write_marked_pages_again)
    app.connect("missing-reference", _resolve_rule)
    app.connect("build-finished", _check_unknown)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("doctree-read", banners.add_review_notices)
    app.connect("doctree-resolved", scope.add_missing_labels)
    app.connect("doctree-resolved", _fill_edition)
    app.connect("doctree-resolved", provenance.add_sources_block)
    app.connect("doctree-resolved", _valid_tab_labels)
    app.connect("doctree-resolved", _labelled_task_boxes)
    app.connect("doctree-resolved", _unique_table_ids)
    # After Furo's own handler, which builds the navigation tree.
    app.connect("html-page-context", _navigation_heading_levels, priority=900)
    roles.register(app)
    directives.register(app)
    banners.register(app)
    csp.setup(app)
    searchfix.setup(app)
    siteroot.setup(app)
    offline.setup(app)
    routine_search.setup(app)
    notebooks.setup(app)
    navigation.setup(app)
    collector.setup(app)
    later.setup(app)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}
