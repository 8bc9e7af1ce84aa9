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

  Search.makeSearchSummary = (htmlText, keywords) => summaryOf(Search.htmlToText(htmlText), keywords);

  function summaryOf(text, keywords) {
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
  }

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

  // --- The routines: one small index each (_static/sok/), not in Sphinx's index ----------------
  // The reader's own region's routine and the national ones are searched with every query; the
  // other regions' when the reader asks. Words match by the same Swedish stemmer as Sphinx's search.
  const root = () => document.documentElement.dataset.content_root || "";
  const stemmer = typeof Stemmer === "undefined" ? null : new Stemmer();
  const stem = (w) => (stemmer ? stemmer.stemWord(w) : w);
  const loaded = {};

  function routineIndex(slug) {
    if (!loaded[slug]) {
      loaded[slug] = fetch(root() + "_static/sok/" + slug + ".json").then((r) => r.json()).then((data) => {
        data.sections.forEach((section) => {
          const lower = (section[1] + " " + section[2]).toLowerCase();
          section.push(lower, new Set(lower.split(/[^a-z0-9åäöéüæø]+/).filter(Boolean).map(stem)));
        });
        return data;
      });
    }
    return loaded[slug];
  }

  function myRegion() {
    const visit = new URLSearchParams(window.location.search).get("region");
    try {
      return visit || window.localStorage.getItem("handbok-region");
    } catch (err) {
      return visit;
    }
  }

  function hitsIn(data, terms) {
    return data.sections.filter(([, , , lower, stems]) => terms.every((w) => stems.has(stem(w)) || lower.includes(w)));
  }

  function show(data, sections, terms, atTop) {
    const list = document.querySelector("#search-results ul.search");
    if (!list) return;
    const items = sections.map(([anchor, title, text]) => {
      const li = document.createElement("li");
      li.className = "kind-text routine-hit";
      const a = document.createElement("a");
      a.href = root() + data.page + "?highlight=" + encodeURIComponent(words) + "#" + anchor;
      a.dataset.words = "1";
      a.textContent = data.name + (title && title !== data.name ? " › " + title : "");
      li.append(a);
      const summary = summaryOf(text, terms);
      if (summary) li.append(summary);
      return li;
    });
    if (atTop) list.prepend(...items);
    else list.append(...items);
  }

  function searchRoutines(query) {
    const terms = query.toLowerCase().split(/[^a-z0-9åäöéüæø]+/)
      .filter((w) => w && !(typeof stopwords !== "undefined" && stopwords.has(w)));
    document.querySelectorAll(".routine-more").forEach((n) => n.remove());
    if (!terms.length) return;
    fetch(root() + "_static/sok/rutiner.json").then((r) => r.json()).then((listing) => {
      const mine = myRegion();
      // The reader's own routine on top, then the national ones.
      const first = [...new Set([mine, ...Object.keys(listing).filter((s) => listing[s].national)])]
        .filter((s) => s && listing[s]);
      const rest = Object.keys(listing).filter((s) => !first.includes(s));
      Promise.all(first.map(routineIndex)).then((all) => {
        all.reverse().forEach((data) => show(data, hitsIn(data, terms), terms, true));
        if (!rest.length) return;
        const more = document.createElement("p");
        more.className = "routine-more";
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = "Sök också i andra regioners rutiner (" + rest.length + ")";
        button.addEventListener("click", () => {
          button.disabled = true;
          Promise.all(rest.map(routineIndex)).then((others) => {
            const found = others.map((data) => [data, hitsIn(data, terms)]).filter(([, hits]) => hits.length);
            found.forEach(([data, hits]) => show(data, hits, terms, false));
            more.textContent = found.length ? "" : "Inga träffar i andra regioners rutiner.";
          });
        });
        more.append(button);
        document.getElementById("search-results").append(more);
      });
    }).catch(() => {
      // no routine indexes (an old copy of the site): Sphinx's results stand alone
    });
  }

  const query = Search.query;
  Search.query = (text) => {
    query(text);
    searchRoutines(text);
  };

  document.addEventListener("DOMContentLoaded", () => {
    const out = document.getElementById("search-results");
    if (!out) return;
    out.querySelectorAll("ul.search li > a").forEach(withWords);
    new MutationObserver(() => out.querySelectorAll("ul.search li > a").forEach(withWords))
      .observe(out, { childList: true, subtree: true });
  });
})();
