// Search ranking for staff: the guided answers and the how-to pages come before the glossary, the
// change history and the maintainers' pages when a word occurs in both (Sphinx's own scorer otherwise).
var Scorer = {
  score: (result) => {
    const [docname, , , , score] = result;
    if (docname.startsWith("handbook/svar/") || docname.startsWith("handbook/howto/")) return score + 200;
    if (docname.startsWith("handbook/forvaltning/") || docname === "handbook/reference/andringshistorik" ||
        docname === "handbook/reference/regler" || docname === "handbook/reference/ordlista") return score - 200;
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
