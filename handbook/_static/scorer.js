// Search ranking for staff: the guided answers and the how-to pages come before the glossary, the
// change history, the maintainers' pages and a routine's single-version pages (kept for review and
// approval; the routine's own page shows the version in force) when a word occurs in both.
var Scorer = {
  score: (result) => {
    const [docname, , , , score] = result;
    if (docname.startsWith("handbook/svar/") || docname.startsWith("handbook/howto/")) return score + 200;
    if (docname.startsWith("handbook/forvaltning/") || docname === "handbook/reference/andringshistorik" ||
        docname.startsWith("handbook/reference/regler") || docname === "handbook/reference/ordlista" ||
        /^handbook\/routines\/[^/]+\/version-\d+$/.test(docname)) return score - 200;
    return score;
  },
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
};
