// The Swedish strings that Sphinx's search and highlighting show while the page runs. Sphinx's own
// translations.js would set them with eval, which a strict Content-Security-Policy forbids.
"use strict";
if (typeof Documentation !== "undefined") {
  Object.assign(Documentation.TRANSLATIONS, {
    "Search Results": "Sökresultat",
    "Searching": "Söker",
    "Preparing search...": "Förbereder sökningen …",
    ", in ": ", i ",
    "Hide Search Matches": "Dölj sökträffar",
    "Your search did not match any documents. Please make sure that all words are spelled correctly and that you've selected enough categories.":
      "Inga sidor innehåller det du sökte efter. Kontrollera stavningen eller pröva ett annat ord, till exempel samtycke, arvode, SIP, sjukdag eller en blankett som FK7429.",
    "Search finished, found one page matching the search query.": ["Sökningen gav en träff.", "Sökningen gav ${resultCount} träffar."],
  });
  Documentation.PLURAL_EXPR = (n) => (n === 1 ? 0 : 1);
  Documentation.LOCALE = "sv";
}
