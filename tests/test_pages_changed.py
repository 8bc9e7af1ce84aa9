"""The pull request's list of pages: those whose text changes, and those to read again because they
cite a changed rule in their own words while their text stays the same."""
from __future__ import annotations

from pathlib import Path

from policy.committee.pages_changed import changed, main, markdown, read_again


def page(text: str, edition: str = "0.1.0 (abc)", rules: tuple[str, ...] = ()) -> str:
    links = ", ".join(f'<a href="../reference/regler.html#regel-{r}">{r}</a>' for r in rules)
    return (f'<html><body><nav>meny</nav><article role="main"><p>{text}</p>'
            f'<p>Handbokens utgåva: <span class="policy-edition">{edition}</span>.</p>'
            f'<p class="page-sources-rules">För granskare, reglerna på sidan: {links}</p></article></body></html>')


def site(root: Path, pages: dict[str, str]) -> Path:
    for name, html in pages.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(html, encoding="utf-8")
    return root


def test_a_new_edition_alone_changes_no_page_and_a_changed_text_does(tmp_path):
    old = site(tmp_path / "a", {"howto/fakturera.html": page("Skicka med internpost.", "0.1.0 (abc)"),
                                "howto/boka.html": page("Boka.", "0.1.0 (abc)")})
    new = site(tmp_path / "b", {"howto/fakturera.html": page("Skicka med internpost.", "0.1.0 (def)"),
                                "howto/boka.html": page("Boka i Cosmic.", "0.1.0 (def)"),
                                "howto/ny.html": page("Ny.")})
    assert changed(old, new) == [("howto/boka.html", "ändrad"), ("howto/ny.html", "ny")]


def test_a_page_citing_a_changed_step_in_its_own_words_is_listed_to_read_again(tmp_path, capsys):
    rules = ("varmland.faktura-vardenhet", "faktura.kostnadsstalle")
    old = site(tmp_path / "a", {"howto/fakturera.html": page("Skicka med internpost.", rules=rules),
                                "tutorial/forsta.html": page("Per skickar med internpost.", rules=rules[:1]),
                                "howto/boka.html": page("Boka.", rules=("system.cosmic-bokning-plats",))})
    new = site(tmp_path / "b", {"howto/fakturera.html": page("Skicka med internpost.", rules=rules),
                                "tutorial/forsta.html": page("Per skickar nu elektroniskt.", rules=rules[:1]),
                                "howto/boka.html": page("Boka.", rules=("system.cosmic-bokning-plats",))})
    rows = changed(old, new)
    again = read_again(new, rows, {"varmland.faktura-vardenhet"})
    assert rows == [("tutorial/forsta.html", "ändrad")]
    assert again == [("howto/fakturera.html", ["varmland.faktura-vardenhet"])]
    text = markdown(rows, again)
    assert "### Läs om: sidor som återger en ändrad regel med egna ord men inte ändras" in text
    assert "| `howto/fakturera.html` | `varmland.faktura-vardenhet` |" in text
    ids = tmp_path / "ids.txt"
    ids.write_text("varmland.faktura-vardenhet\n", encoding="utf-8")
    assert main([str(old), str(new), str(ids)]) == 0
    assert "howto/fakturera.html" in capsys.readouterr().out
