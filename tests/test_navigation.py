"""The navigation tree shared by a build's pages (sphinxext/navigation.py): its links written from each
page's folder, and a page's marks put in only where they can be placed exactly, else the page gets
Furo's own tree. tests/test_stale.py compares every page of a whole build with Furo's."""
from __future__ import annotations

import shutil

from menu import pages_of, sidebar_variants
from policy.sphinxext.navigation import _mark, _movable, _moved, _unmark

TREE = ('<ul>\n<li class="toctree-l1 has-children"><a class="reference internal" href="index.html">Rutinerna</a>'
        '<input aria-label="Visa" class="toctree-checkbox" id="c1" role="switch" type="checkbox"/><label for="c1"></label>'
        '<ul>\n<li class="toctree-l2"><a class="reference internal" href="a.html">A</a></li>\n'
        '<li class="toctree-l2"><a class="reference internal" href="b.html">B</a></li>\n</ul>\n</li>\n'
        '<li class="toctree-l1"><a class="reference internal" href="c.html">C</a></li>\n</ul>')


def test_a_nested_page_marks_its_branch_opens_its_parent_and_links_to_itself_as_hash():
    marked = _mark(TREE, "b.html")
    assert marked == (
        '<ul class="current">\n<li class="toctree-l1 current has-children"><a class="reference internal" href="index.html">'
        'Rutinerna</a><input aria-label="Visa" checked="" class="toctree-checkbox" id="c1" role="switch" type="checkbox"/>'
        '<label for="c1"></label><ul class="current">\n<li class="toctree-l2"><a class="reference internal" href="a.html">A</a></li>\n'
        '<li class="toctree-l2 current current-page"><a class="current reference internal" href="#">B</a></li>\n</ul>\n</li>\n'
        '<li class="toctree-l1"><a class="reference internal" href="c.html">C</a></li>\n</ul>')
    assert _unmark(marked, "b.html") == TREE


def test_a_page_outside_the_tree_gets_it_unmarked_but_a_listed_page_not_found_gets_furos_own():
    assert _mark(TREE, "elsewhere.html", orphan=True) == TREE
    assert _mark(TREE, "elsewhere.html") is None


def test_a_page_listed_twice_with_links_into_its_sections_or_an_unexpected_list_gets_furos_own_tree():
    assert _mark(TREE.replace("c.html", "a.html"), "a.html") is None
    assert _mark(TREE.replace('href="c.html"', 'href="a.html#del-2"'), "a.html") is None
    assert _mark(TREE.replace("<ul>\n<li class=\"toctree-l2\">", '<ul class="x">\n<li class="toctree-l2">', 1), "a.html") is None


LINKS = ('<a href="../index.html">S</a><a href="fakturera.html">F</a><a href="../../notebooks/01_arvode.html#steg">N</a>'
         '<a href="https://www.forsakringskassan.se/">FK</a><a href="#top">T</a><a href="../r&amp;d.html">R</a>')


def test_the_links_of_a_tree_from_another_folder_are_written_from_the_pages_own():
    # Written in handbook/howto; from handbook, from the site's root and from a sibling folder.
    assert _moved(LINKS, "handbook/howto", "handbook") == (
        '<a href="index.html">S</a><a href="howto/fakturera.html">F</a><a href="../notebooks/01_arvode.html#steg">N</a>'
        '<a href="https://www.forsakringskassan.se/">FK</a><a href="#top">T</a><a href="r&amp;d.html">R</a>')
    assert _moved(LINKS, "handbook/howto", "") == (
        '<a href="handbook/index.html">S</a><a href="handbook/howto/fakturera.html">F</a>'
        '<a href="notebooks/01_arvode.html#steg">N</a><a href="https://www.forsakringskassan.se/">FK</a>'
        '<a href="#top">T</a><a href="handbook/r&amp;d.html">R</a>')
    assert _moved(LINKS, "handbook/howto", "handbook/svar") == LINKS.replace('"fakturera.html"', '"../howto/fakturera.html"')
    assert _moved(LINKS, "handbook/howto", "handbook/howto") == LINKS


def test_a_tree_with_a_link_moving_cannot_place_keeps_furos_way():
    assert _movable(LINKS + '<svg><use href="#svg-arrow-right"></use></svg>')
    assert not _movable(LINKS + "<a href='../o&quot;k.html'>Q</a>")  # single quotes, as BeautifulSoup writes a "
    assert not _movable(LINKS + '<a href="">Tom</a>')


def test_every_page_of_the_site_has_the_same_menu_but_for_its_own_place_in_it(site):
    """What lets the page checks check the menu once per width (tests/pagecheck.py)."""
    variants = sidebar_variants(site)
    assert [len(pages) for pages in variants.values()] == [len(pages_of(site)) - 1]  # all but the root's redirect


def test_a_menu_that_differs_on_one_page_is_found(site, tmp_path):
    copy = tmp_path / "html"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("_static", ".doctrees", "_sources"))
    page = copy / "handbook" / "howto" / "samtycke.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace('<span class="caption-text">', '<span class="caption-text">Ny ', 1), encoding="utf-8")
    assert sorted(len(pages) for pages in sidebar_variants(copy).values())[0] == 1
