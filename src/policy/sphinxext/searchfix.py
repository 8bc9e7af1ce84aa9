"""Keep the search index's index entries through an incremental build.

Sphinx (8.x) restores the terms and titles of the pages it does not rebuild from the previous
searchindex.js, but not their index entries (the glossary's terms and the codes such as 2760 that
the handbook indexes): after an incremental build those pages could no longer be found by a code.
This restores the entries of the pages kept, read from the same file, and forgets those of pages
that are gone, together with words that only a removed page had.
"""
from __future__ import annotations

import io

from sphinx.search import IndexBuilder

_load, _prune = IndexBuilder.load, IndexBuilder.prune


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


def setup(app) -> None:
    IndexBuilder.load = _load_with_entries
    IndexBuilder.prune = _prune_with_entries
