"""Keep the search index's index entries through an incremental build, and list only findable pages.

Sphinx (8.x) restores the terms and titles of the pages it does not rebuild from the previous
searchindex.js, but not their index entries (the glossary's terms and the codes such as 2760 that
the handbook indexes): after an incremental build those pages could no longer be found by a code.
This restores the entries of the pages kept, read from the same file, and forgets those of pages
that are gone, together with words that only a removed page had.
"""
from __future__ import annotations

import io

from sphinx.search import IndexBuilder

_load, _prune, _freeze = IndexBuilder.load, IndexBuilder.prune, IndexBuilder.freeze


def _load_with_entries(self, stream, format) -> None:
    data = stream.read()
    _load(self, io.StringIO(data) if isinstance(data, str) else io.BytesIO(data), format)
    fmt = self.formats[format] if isinstance(format, str) else format
    frozen = fmt.loads(data)
    names = frozen["docnames"]
    restored: dict[str, set] = {}
    for entry, places in frozen.get("indexentries", {}).items():
        for doc, target, main in places:
            restored.setdefault(names[doc], set()).add((entry, target, "main" if main else ""))
    for docname, entries in restored.items():
        self._index_entries.setdefault(docname, sorted(entries))


def _prune_with_entries(self, docnames) -> None:
    _prune(self, docnames)
    keep = set(docnames)
    for docname in [d for d in self._index_entries if d not in keep]:
        del self._index_entries[docname]
    # Words only a removed page had: a clean build does not list them at all.
    for mapping in (self._mapping, self._title_mapping):
        for word in [w for w, names in mapping.items() if not names]:
            del mapping[word]


def _freeze_found_pages_only(self):
    """The index lists only pages that search can find. Sphinx also lists every page left out
    (`nosearch`: the routine, version and register pages) with an empty title, which at a hundred
    routines is a third of what the search page loads."""
    data = _freeze(self)
    used: set[int] = set()
    for key in ("terms", "titleterms"):
        for docs in data[key].values():
            used.update(docs if isinstance(docs, list) else [docs])
    for places in [*data["alltitles"].values(), *data["indexentries"].values(), *data["objects"].values()]:
        used.update(place[0] for place in places)
    keep = sorted(used)
    new = {old: i for i, old in enumerate(keep)}
    for key in ("docnames", "filenames", "titles"):
        data[key] = [data[key][i] for i in keep]
    for key in ("terms", "titleterms"):
        data[key] = {word: [new[d] for d in docs] if isinstance(docs, list) else new[docs]
                     for word, docs in data[key].items()}
    for key in ("alltitles", "indexentries", "objects"):
        data[key] = {name: [(new[p[0]], *p[1:]) for p in places] for name, places in data[key].items()}
    return data


def setup(app) -> None:
    IndexBuilder.load = _load_with_entries
    IndexBuilder.prune = _prune_with_entries
    IndexBuilder.freeze = _freeze_found_pages_only
