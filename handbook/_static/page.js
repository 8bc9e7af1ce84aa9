// On every page: says in one line when the page may no longer show what holds today – the reader's
// clock is past the next known change, or the page was built more than a week ago. It reads only the
// dates written into the page and the device's date; it sends and stores nothing.
"use strict";

// Each part below runs once the page is parsed (page.js is deferred, so usually at once).
function whenReady(fn) {
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fn);
  } else {
    fn();
  }
}

(function () {
  function localDay(d) {
    const pad = (n) => String(n).padStart(2, "0");
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function staleNote() {
    const info = document.querySelector(".edition[data-built]");
    const note = document.querySelector(".stale-note");
    if (!info || !note) return;
    const built = info.dataset.built;
    const next = info.dataset.next || null;
    const staleDays = Number(info.dataset.staleDays);  // settings.yaml, publisher.stale_after_days
    const today = localDay(new Date());
    const age = (Date.parse(today) - Date.parse(built)) / 86400000;
    let text = "";
    if (next && today >= next) {
      text = "Sidan visar det som gällde " + built + ", men från " + next + " gäller något annat på den. " +
        "Ladda om sidan; visar den fortfarande " + built + ", fråga den som förvaltar handboken.";
    } else if (staleDays && age > staleDays) {
      const weeks = staleDays / 7;  // said in weeks when it is whole weeks
      const span = weeks === 1 ? "en vecka" : Number.isInteger(weeks) ? weeks + " veckor" : staleDays + " dagar";
      text = "Sidan byggdes " + built + ", för mer än " + span +
        " sedan. Ladda om sidan innan du går efter den; " +
        "visar den fortfarande " + built + ", fråga den som förvaltar handboken.";
    }
    if (text) {
      note.textContent = text;
      note.hidden = false;
    }
  }

  whenReady(staleNote);
})();

// --- My region ------------------------------------------------------------------------------
// The reader's region, kept only in this browser. No region is chosen for the reader: until they
// pick one, no region's routine opens. A ?region= link shows that region for the visit only.
(function () {
  const KEY = "handbok-region";
  const OLD = "sphinx-design-tab-id-region"; // where the first version of the tabs kept it

  function saved() {
    try {
      return window.localStorage.getItem(KEY) || window.localStorage.getItem(OLD);
    } catch (err) {
      return null;
    }
  }

  function save(slug) {
    try {
      // "Ingen vald" forgets the choice: no region's routine opens until the reader picks one again.
      if (slug) window.localStorage.setItem(KEY, slug);
      else window.localStorage.removeItem(KEY);
      window.localStorage.removeItem(OLD);
    } catch (err) {
      // storage blocked: the choice lasts for this page only
    }
  }

  function slugOf(panel) {
    const cls = Array.from(panel.classList).find((c) => c.startsWith("region-for-"));
    return cls ? cls.slice("region-for-".length) : null;
  }

  function names() {
    // Every region's name: written into the header's region chip on every page.
    const chip = document.querySelector(".region-chip[data-names]");
    try {
      return chip ? JSON.parse(chip.dataset.names) : {};
    } catch (err) {
      return {};
    }
  }

  function show(sw, slug) {
    const panels = Array.from(sw.children).filter((c) => c.classList.contains("region-panel"));
    const has = panels.some((p) => slugOf(p) === slug);
    panels.forEach((p) => { p.hidden = !(has && slugOf(p) === slug); });
    sw.querySelector(".region-choose").hidden = has;
    sw.querySelector(".region-none").hidden = has;
    const others = sw.querySelector(".region-others");
    others.hidden = !has;
    others.open = false;
    others.querySelectorAll(".region-show").forEach((a) => { a.parentElement.hidden = a.dataset.region === slug; });
  }

  // "Byt" leads to the start page's choice: it carries the page the reader was on, so that the
  // start page can lead back there (only to a page of this site).
  const BACK = "tillbaka";

  function chips(slug) {
    const name = names()[slug];
    document.querySelectorAll(".region-chip").forEach((chip) => {
      if (!chip.dataset.start) chip.dataset.start = chip.getAttribute("href");
      const start = new URL(chip.dataset.start, window.location.href);
      if (start.pathname !== window.location.pathname) {
        start.searchParams.set(BACK, window.location.pathname + window.location.search);
        chip.href = start.href;
      }
      chip.replaceChildren();
      if (name) {
        // In parts, so that the phone's header can stack the name over "Byt" (handbok.css).
        const part = (cls, text) => Object.assign(document.createElement("span"), {className: cls, textContent: text});
        chip.append(part("region-chip-lead", "Din region: "), part("region-chip-name", name.replace(/^Region /, "")),
          part("region-chip-sep", " · "), part("region-chip-change", "Byt"));
      } else {
        chip.append("Välj region");
      }
      chip.hidden = false;
    });
  }

  function apply(slug) {
    document.querySelectorAll(".region-switch").forEach((sw) => show(sw, slug));
    document.querySelectorAll(".region-select").forEach((s) => { s.value = slug || ""; });
    chips(saved());
  }

  function visitNote(visit, mine) {
    const all = names();
    const article = document.querySelector("article[role=main]");
    if (!article || !document.querySelector(".region-switch")) return;
    const note = document.createElement("p");
    note.className = "region-visit";
    note.setAttribute("role", "status");
    note.textContent = "Sidan visar " + all[visit] + " eftersom länken du följde säger det" +
      (mine && all[mine] ? "; din sparade region är " + all[mine] + ". " : ". ");
    const keep = document.createElement("button");
    keep.type = "button";
    keep.className = "region-keep";
    keep.textContent = "Spara " + all[visit] + " som min region";
    keep.addEventListener("click", () => {
      save(visit);
      note.remove();
      apply(visit);
    });
    note.append(keep);
    const stale = article.querySelector(".stale-note");
    (stale || article.firstChild).after(note);
  }

  // For the guides, which draw a region's answer after the page has loaded.
  // For the search landing: a hit in another region's hidden panel is shown here, for this visit.
  window.handbokRegion = {
    choose: (slug) => { save(slug); apply(slug); },
    reveal: (node) => {
      const panel = node.closest(".region-panel");
      const sw = panel && panel.closest(".region-switch");
      if (sw && panel.hidden) show(sw, slugOf(panel));
    },
  };

  function backLink() {
    const given = new URLSearchParams(window.location.search).get(BACK);
    const choose = document.querySelector(".region-choose-start");
    if (!given || !choose) return;
    let back;
    try {
      back = new URL(given, window.location.href);
    } catch (err) {
      return;
    }
    if (back.origin !== window.location.origin || back.pathname === window.location.pathname) return;
    const p = document.createElement("p");
    p.className = "region-back";
    const a = document.createElement("a");
    a.href = back.href;
    a.textContent = "Tillbaka till sidan du läste";
    p.append(a);
    choose.after(p);
  }

  function ready() {
    backLink();
    const mine = saved();
    const visit = new URLSearchParams(window.location.search).get("region");
    const known = names();
    const shown = visit && known[visit] ? visit : mine;
    apply(shown);
    if (visit && known[visit] && visit !== mine) visitNote(visit, mine);
    document.querySelectorAll(".region-select").forEach((select) => {
      select.addEventListener("change", () => {
        save(select.value);
        apply(select.value);
        if (!select.value) return;
        const sw = select.closest(".region-switch");
        const panel = sw && sw.querySelector(".region-for-" + CSS.escape(select.value));
        if (panel) {
          panel.setAttribute("tabindex", "-1");
          panel.focus({ preventScroll: true });
        }
      });
    });
    document.querySelectorAll(".region-show").forEach((a) => {
      a.addEventListener("click", (event) => {
        // Another region, in this place only: one tap, and the reader's own stays saved.
        event.preventDefault();
        const sw = a.closest(".region-switch");
        show(sw, a.dataset.region);
        const panel = sw.querySelector(".region-for-" + CSS.escape(a.dataset.region));
        panel.setAttribute("tabindex", "-1");
        panel.focus();
      });
    });
  }

  whenReady(ready);
})();

// --- Print ------------------------------------------------------------------------------------
// A "Skriv ut" button beside the content of every how-to, routine and checklist page: a phone has
// no Ctrl+P. Printing shows only the content, the reader's region and the edition line (handbok.css).
(function () {
  function ready() {
    const article = document.querySelector("article[role=main]");
    const heading = article && article.querySelector("h1");
    if (!heading || !document.querySelector(".region-switch, .routine-steps, .checklist")) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "print-page";
    button.textContent = "Skriv ut";
    button.addEventListener("click", () => window.print());
    heading.after(button);
  }
  whenReady(ready);
})();

// --- From a search result -----------------------------------------------------------------
// sphinx_highlight.js marks the searched words (?highlight=); the page opens at the first one the
// reader can see, below the heading. Its "hide the marks" link uses a javascript: address, which
// the strict CSP blocks: it gets a listener instead.
(function () {
  function ready() {
    if (!new URLSearchParams(window.location.search).has("highlight")) return;
    const article = document.querySelector("article[role=main]");
    if (!article) return;
    // sphinx_highlight.js marks the words a moment after the page is parsed: wait for the marks
    // (up to two seconds), not a fixed time.
    let tries = 0;
    const land = () => {
      if (!document.querySelector("article .highlighted") && tries++ < 40) {
        window.setTimeout(land, 50);
        return;
      }
      const hide = document.querySelector("#searchbox .highlight-link a");
      if (hide) {
        hide.href = "#";
        hide.addEventListener("click", (event) => {
          event.preventDefault();
          if (window.SphinxHighlight) window.SphinxHighlight.hideSearchWords();
        });
      }
      // The heading's or index entry's own anchor, else the first marked word outside the title.
      const hash = window.location.hash ? document.getElementById(decodeURIComponent(window.location.hash.slice(1))) : null;
      const marks = Array.from(article.querySelectorAll(".highlighted")).filter((mark) => !mark.closest("h1"));
      const seen = (node) => node.getClientRects().length > 0;
      const target = hash || marks.find(seen) || marks[0];
      if (!target) return;
      if (!seen(target) && window.handbokRegion) window.handbokRegion.reveal(target);
      if (seen(target)) target.scrollIntoView({ block: "center", behavior: "instant" });
    };
    land();
  }
  whenReady(ready);
})();

// --- Offline ------------------------------------------------------------------------------
// The service worker at the site's root keeps this edition in the browser after the first visit,
// so the handbook opens with no connection (a basement clinic, a home visit). Without a
// connection, one line says the page is the kept copy and which day it shows.
(function () {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  const root = document.documentElement.dataset.content_root || "./";
  navigator.serviceWorker.register(root + "sw.js").catch(() => {
    // no worker (a browser that refuses it): the site works online as before
  });
  function offlineNote() {
    const article = document.querySelector("article[role=main]");
    const info = document.querySelector(".edition[data-built]");
    if (!article || navigator.onLine) return;
    const note = document.createElement("p");
    note.className = "offline-note";
    note.setAttribute("role", "status");
    note.textContent = "Ingen uppkoppling: du läser handbokens kopia i webbläsaren" +
      (info ? ", som den såg ut " + info.dataset.built : "") + ".";
    article.prepend(note);
  }
  whenReady(offlineNote);
})();
