// Search for staff, on top of Sphinx's searchtools.js (loaded just before this file):
// - one result per page (the page's best hit, Sphinx lists a page once per heading that matches);
// - a snippet of the page's prose around the word, in whole words: no code from the worked
//   examples, no guide's form labels, no menus or buttons, blocks kept apart by a space;
// - a result opens the page with the words marked (?highlight=, read by sphinx_highlight.js) and
//   page.js scrolls to the first visible one;
// - the words the reader typed are not kept in the browser's storage (Sphinx puts them there).
"use strict";

(function () {
  if (typeof Search === "undefined") return;

  const NOT_PROSE = [".headerlink", "script", "style", "form", "select", "button", "nav", "pre", "div.highlight",
    ".cell_input", ".guide", ".no-search", "details.page-sources", ".print-page", ".stale-note", ".edition",
    ".region-choose", ".region-none", ".skip-to-content", ".visually-hidden"];
  const BLOCKS = "p, li, dt, dd, td, th, h1, h2, h3, h4, h5, h6, caption, summary, div, section, blockquote, figcaption";

  Search.htmlToText = (htmlString, anchor) => {
    const doc = new DOMParser().parseFromString(htmlString, "text/html");
    NOT_PROSE.forEach((sel) => doc.querySelectorAll(sel).forEach((node) => node.remove()));
    // Block elements end with a space, so "40." and "Vilka" of two paragraphs do not run together.
    doc.querySelectorAll(BLOCKS).forEach((node) => node.append(" "));
    const main = doc.querySelector('[role="main"]');
    const part = (anchor && main && main.querySelector(anchor)) || main;
    return part ? part.textContent.replace(/\s+/g, " ").trim() : "";
  };

  Search.makeSearchSummary = (htmlText, keywords) => {
    const text = Search.htmlToText(htmlText);
    if (!text) return null;
    const lower = text.toLowerCase();
    const hits = [...keywords].map((k) => lower.indexOf(k.toLowerCase())).filter((i) => i > -1);
    const at = hits.length ? Math.min(...hits) : 0;
    // About 200 characters around the first hit, cut at spaces.
    let start = Math.max(at - 80, 0);
    if (start > 0) start = text.indexOf(" ", start) + 1 || start;
    let end = Math.min(start + 200, text.length);
    if (end < text.length) end = text.lastIndexOf(" ", end) > at ? text.lastIndexOf(" ", end) : end;
    const summary = document.createElement("p");
    summary.classList.add("context");
    summary.textContent = (start > 0 ? "… " : "") + text.slice(start, end).trim() + (end < text.length ? " …" : "");
    return summary;
  };

  // Results are shown from the end of the list (the best last): keep each page's last entry.
  const perform = Search._performSearch;
  Search._performSearch = (...args) => {
    const results = perform(...args);
    const seen = new Set();
    const kept = [];
    for (let i = results.length - 1; i >= 0; i -= 1) {
      if (!seen.has(results[i][0])) {
        seen.add(results[i][0]);
        kept.push(results[i]);
      }
    }
    return kept.reverse();
  };

  // The words go with the link to the result, not into storage.
  const parse = Search._parseQuery;
  let words = "";
  Search._parseQuery = (query) => {
    const parsed = parse(query);
    try {
      window.localStorage.removeItem("sphinx_highlight_terms");
    } catch (err) {
      // storage blocked: nothing was kept
    }
    words = [...parsed[3]].join(" ");
    return parsed;
  };

  function withWords(link) {
    if (!words || link.dataset.words) return;
    // The link stays relative (a copy of the site elsewhere keeps working).
    const [path, hash] = link.getAttribute("href").split("#");
    link.setAttribute("href", path + (path.includes("?") ? "&" : "?") + "highlight=" + encodeURIComponent(words) +
      (hash === undefined ? "" : "#" + hash));
    link.dataset.words = "1";
  }

  document.addEventListener("DOMContentLoaded", () => {
    const out = document.getElementById("search-results");
    if (!out) return;
    out.querySelectorAll("ul.search li > a").forEach(withWords);
    new MutationObserver(() => out.querySelectorAll("ul.search li > a").forEach(withWords))
      .observe(out, { childList: true, subtree: true });
  });
})();
