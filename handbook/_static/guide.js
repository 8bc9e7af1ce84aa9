// Guided answers. Every answer was computed by the policy module when the handbook was built and
// lies in the page as JSON; this script asks the questions and looks the answer up. It decides no
// rule, sends nothing anywhere and stores nothing the reader types.
"use strict";

(function () {
  const $ = (root, sel) => root.querySelector(sel);
  const $$ = (root, sel) => Array.from(root.querySelectorAll(sel));

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  function labelled(parent, tag, text, label) {
    const node = el(tag, text);
    if (label) node.append(" ", el("span", "(" + label + ")", "scope-label"));
    parent.append(node);
    return node;
  }

  function showError(box, message) {
    box.textContent = message;
    box.hidden = !message;
  }

  // Move the reader to what changed: the section's top at the top of the screen, its heading focused
  // (a screen reader announces it; the focus does not scroll the page a second time).
  function focusHeading(section) {
    section.scrollIntoView({ block: "start", behavior: "instant" });
    const h = $(section, ".guide-heading, .guide-q, legend");
    if (h) {
      if (!h.hasAttribute("tabindex")) h.setAttribute("tabindex", "-1");
      h.focus({ preventScroll: true });
    }
  }

  function params() {
    return new URLSearchParams(window.location.search);
  }

  function storedRegion() {
    // The region the reader picked (page.js keeps it in this browser; the first version's key too).
    try {
      return window.localStorage.getItem("handbok-region") || window.localStorage.getItem("sphinx-design-tab-id-region");
    } catch (err) {
      return null;
    }
  }

  // --- Which meeting form? ----------------------------------------------------------------
  // Every question on one screen. The answer follows each answer; the answers live in the address
  // (replaceState), so Back, Forward and a shared link bring them back. Nothing else is stored.

  const URL_KEYS = { sick: "sjuk", day: "dag", fk: "fk", social: "soc", actors: "med" };

  // A scope label ("Enligt Region Hallands lathund") with each source it names as a link.
  function sourced(parent, label, ids, data) {
    if (!label) return;
    const span = el("span", null, "scope-label");
    let rest = "(" + label + ")";
    const hits = (ids || []).map((id) => data.sources[id]).filter(Boolean)
      .map((s) => [rest.indexOf(s.whose), s]).filter(([at]) => at >= 0).sort((x, y) => x[0] - y[0]);
    let done = 0;
    hits.forEach(([at, s]) => {
      if (at < done) return;
      span.append(rest.slice(done, at));
      const a = el("a", s.whose);
      a.href = s.href;
      span.append(a);
      done = at + s.whose.length;
    });
    span.append(rest.slice(done));
    parent.append(" ", span);
  }

  function meetingForm(root, data) {
    const form = $(root, ".guide-form");
    const result = $(root, ".guide-result");
    const pending = $(root, ".guide-pending");
    const jump = $(root, ".guide-jump");
    const item = (name) => $(form, "[data-q=" + name + "]");
    const dayBox = $(form, "#day");

    function phaseOf(day) {
      const hit = data.phases.find(([first, last]) => day >= first && (last === null || day <= last));
      return hit ? hit[2] : null;
    }

    // What the reader has answered so far; a question that no longer matters is hidden and unasked.
    function read() {
      const picked = (name) => { const i = $(form, "input[name=" + name + "]:checked"); return i ? i.value : undefined; };
      const a = { sick: picked("sick"), fk: picked("fk"), social: picked("social") };
      a.actors = $$(form, "input[name=actors]:checked").map((i) => i.value)
        .filter((v) => v !== data.socialParty || a.social === "ja").sort();
      const raw = dayBox.value.trim();
      a.dayError = "";
      if (a.sick === "ja" && raw) {
        if (/^[0-9]+$/.test(raw) && Number(raw) >= 1) a.day = Number(raw);
        else a.dayError = "Skriv dagen i sjukperioden som ett heltal från 1, till exempel 40.";
      }
      return a;
    }

    function missing(a) {
      const out = [];
      if (a.sick === undefined) out.push("om patienten är sjukskriven");
      if (a.sick === "ja" && a.day === undefined) out.push("dagen i sjukperioden");
      if (a.fk === undefined) out.push("om Försäkringskassan behöver samordna");
      if (a.social === undefined) out.push("om socialtjänsten är inblandad");
      return out;
    }

    function toAddress(a) {
      const p = params();
      Object.values(URL_KEYS).forEach((k) => p.delete(k));
      if (a.sick) p.set(URL_KEYS.sick, a.sick);
      if (a.sick === "ja" && dayBox.value.trim()) p.set(URL_KEYS.day, dayBox.value.trim());
      if (a.fk) p.set(URL_KEYS.fk, a.fk);
      if (a.social) p.set(URL_KEYS.social, a.social);
      if (a.actors.length) p.set(URL_KEYS.actors, a.actors.join(","));
      const query = p.toString();
      history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    }

    function fromAddress() {
      const p = params();
      ["sick", "fk", "social"].forEach((name) => {
        const v = p.get(URL_KEYS[name]);
        const input = v && $(form, "#" + name + "-" + CSS.escape(v));
        if (input) input.checked = true;
      });
      dayBox.value = p.get(URL_KEYS.day) || "";
      const actors = (p.get(URL_KEYS.actors) || "").split(",");
      $$(form, "input[name=actors]").forEach((i) => { i.checked = actors.includes(i.value); });
    }

    // The module's keys (guide.situation_key): yes/no as 1/0, parties by their number.
    const partyOf = Object.fromEntries(data.parties.map((slug, i) => [slug, i]));
    const parties = (slugs) => slugs.map((s) => partyOf[s]).sort((x, y) => x - y).join(",");
    const bit = (answer) => (answer === "ja" ? "1" : "0");

    function key(a) {
      const phase = a.sick === "ja" ? phaseOf(a.day) : 0;
      return [bit(a.sick), String(phase || 0), bit(a.fk), bit(a.social), parties(a.actors)].join("|");
    }

    function update() {
      const a = read();
      item("day").hidden = a.sick !== "ja";
      // Socialtjänsten can only take part when it is involved.
      const social = $(form, "label[data-actor=" + CSS.escape(data.socialParty) + "]");
      if (social) {
        social.hidden = a.social !== "ja";
        $(form, "#actor-" + CSS.escape(data.socialParty)).hidden = a.social !== "ja";
      }
      showError($(form, "#day-error"), a.dayError);
      dayBox.setAttribute("aria-invalid", a.dayError ? "true" : "false");
      toAddress(a);
      const gaps = missing(a);
      if (gaps.length) {
        pending.textContent = "Förslaget visas när du har svarat på " + gaps.join(", ") + ".";
        pending.hidden = false;
        result.hidden = true;
        jump.hidden = true;
        return;
      }
      pending.hidden = true;
      render(a);
      result.hidden = false;
      placeJump();
    }

    // On a phone the answer is below the questions: while it is out of sight, a bar at the bottom
    // of the screen says what it is and takes the reader there in one tap.
    function placeJump() {
      const outcome = $(result, ".guide-outcome");
      if (result.hidden || !outcome) { jump.hidden = true; return; }
      const box = result.getBoundingClientRect();
      jump.textContent = "";
      jump.append(el("span", "Förslag: ", "guide-jump-lead"), outcome.textContent, el("span", " · Visa ↓", "guide-jump-go"));
      jump.hidden = box.top < window.innerHeight - 60;  // shown only while the answer is still below
    }
    window.addEventListener("scroll", placeJump, { passive: true });
    window.addEventListener("resize", placeJump);
    // Content appearing or going above the answer moves it with no scroll or resize: the bar
    // follows whenever the answer crosses the line 60 px above the bottom of the screen.
    if ("IntersectionObserver" in window) {
      new IntersectionObserver(() => placeJump(), { rootMargin: "0px 0px -60px 0px" }).observe(result);
    }
    jump.addEventListener("click", (event) => {
      event.preventDefault();
      focusHeading(result);
      jump.hidden = true;
    });

    function checklistLink(form, region, text) {
      const link = el("a", text);
      link.href = "checklista.html?form=" + encodeURIComponent(form) + "&region=" + encodeURIComponent(region);
      return link;
    }

    function regionFirst(box, row, level, ask) {
      const wanted = params().get("region");
      const mine = wanted && data.regions[wanted] ? wanted : storedRegion();
      const section = el("div", null, "guide-region");
      if (!mine || !data.regions[mine] || !data.regional.includes(mine)) {
        if (!ask) return null;  // asked once, above the first of two answers
        const label = el("label", "Välj din region, så visas dess rutin först", "guide-q");
        label.htmlFor = "guide-region";
        const select = el("select", null, "region-select");
        select.id = "guide-region";
        select.append(el("option", "Ingen region vald"));
        select.firstChild.value = "";
        data.regional.forEach((slug) => {
          const o = el("option", data.regions[slug]);
          o.value = slug;
          select.append(o);
        });
        // Saved as the reader's region the way every page saves it (page.js), then drawn again.
        select.addEventListener("change", () => {
          if (!select.value || !window.handbokRegion) return;
          window.handbokRegion.choose(select.value);
          update();
          const heading = $(result, ".guide-region h3, .guide-region h4");
          if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
        });
        section.append(label, select);
        box.append(section);
        return null;
      }
      section.append(el(level, "I din region: " + data.regions[mine]));
      const ul = el("ul");
      row.forms.forEach((slug) => {
        const name = data.forms[slug].name;
        const inText = name.charAt(0).toLowerCase() + name.slice(1);
        const have = data.checklists[slug] || [];
        const li = el("li");
        if (have.includes(mine)) {
          li.append(checklistLink(slug, mine, "Checklista för " + inText + " enligt " + data.documents[mine]));
        } else {
          // The region's document is silent on this form: say so, and offer a checklist that exists.
          li.append(data.documents[mine] + " tar inte upp " + inText + ".");
          const other = have.find((r) => data.national.includes(r)) || have[0];
          if (other) li.append(" ", checklistLink(slug, other, "Checklista enligt " + data.documents[other]));
        }
        ul.append(li);
      });
      const page = el("a", "Läs " + data.documents[mine]);
      page.href = data.routinePages[mine];
      const li = el("li");
      li.append(page);
      ul.append(li);
      section.append(ul);
      box.append(section);
      return mine;
    }

    // "Vet inte" on whether Försäkringskassan coordinates: the module's answer for each, one after
    // the other, under one line that says whether they differ.
    const UNSURE = [["ja", "Om Försäkringskassan behöver samordna"], ["nej", "Om Försäkringskassan inte behöver samordna"]];
    const NO_ANSWER = "Handboken har inget svar för den här kombinationen.";

    function headline(a) {
      const hit = data.answers[key(a)];
      if (typeof hit === "string") return hit;
      return data.rows[hit] ? data.rows[hit].outcome : NO_ANSWER;
    }

    function render(a) {
      const box = $(result, ".guide-answer");
      box.replaceChildren();
      if (a.fk !== "vet-inte") {
        answer(box, a, "h3", true);
      } else {
        const heads = UNSURE.map(([fk]) => headline({ ...a, fk }));
        box.append(el("p", heads[0] === heads[1] ? heads[0] : "Det beror på om Försäkringskassan behöver samordna.",
          "guide-outcome"));
        let ask = true;  // the region is asked once, in the first answer that has one to show
        UNSURE.forEach(([fk, title]) => {
          const part = el("section", null, "guide-branch");
          part.append(el("h3", title));
          if (answer(part, { ...a, fk }, "h4", ask)) ask = false;
          box.append(part);
        });
      }
      box.append(el("p", "Svaret gäller reglerna den " + data.date + ".", "guide-date"));
    }

    function answer(box, a, level, askRegion) {
      const hit = data.answers[key(a)];
      const lead = level === "h3" ? "guide-outcome" : "guide-branch-outcome";
      if (typeof hit === "string") {  // the module's own message: no answer holds on this date
        box.append(el("p", hit, lead));
        return false;
      }
      const row = data.rows[hit];
      if (!row) {
        box.append(el("p", NO_ANSWER, lead));
        return false;
      }
      box.append(el("p", row.outcome, lead));
      const why = el("p", null, "guide-why");
      why.append(el("strong", "Varför: "), row.advice);
      sourced(why, row.label, row.sources, data);
      box.append(why);
      const mine = regionFirst(box, row, level, askRegion);
      row.forms.forEach((slug) => {
        const f = data.forms[slug];
        const details = el("details", null, "guide-form-facts");
        details.append(el("summary", "Vem gör vad vid " + f.name.charAt(0).toLowerCase() + f.name.slice(1)));
        const dl = el("dl", null, "guide-facts");
        f.fields.forEach((field) => {
          dl.append(el("dt", field.name));
          const dd = el("dd", field.text);
          sourced(dd, field.scope, field.sources, data);
          dl.append(dd);
        });
        details.append(dl);
        // Without the reader's region: a checklist that exists, the national one first, named.
        const have = data.checklists[slug] || [];
        const national = have.find((r) => data.national.includes(r));
        const region = national || have[0];
        box.append(details);
        if (!mine && region) {
          const inText = f.name.charAt(0).toLowerCase() + f.name.slice(1);
          const p = el("p");
          p.append(checklistLink(slug, region, "Checklista för " + inText + " enligt " + data.documents[region]));
          box.append(p);
        }
      });
      const participants = a.actors.slice();
      if (a.fk === "ja") participants.push(data.fkParty);
      box.append(el(level, "Samtycke"));
      if (row.forms.length && !row.forms.includes("avstamningsmote")) {
        // The consent rules below are Värmland's for the avstämningsmöte: say so for other meetings.
        box.append(el("p", "Samtyckesreglerna nedan är skrivna för avstämningsmötet; handboken visar dem som stöd " +
          "även för det här mötet."));
      }
      const consent = data.consent[parties(participants)];
      if (!consent) {
        box.append(el("p", "Du har inte valt några andra parter än patienten och vården."));
      } else if (consent.error) {
        box.append(el("p", consent.error));
      } else if (consent.required) {
        const p = el("p", "Vårdens samtycke krävs och ska gälla: " + consent.mustCover.join(", ") + ". Hämtas in av: " +
          consent.obtainedBy.join(", ") + ".");
        sourced(p, consent.label, consent.sources, data);
        box.append(p);
        if (consent.fkOwn) box.append(el("p", "Försäkringskassan hämtar dessutom själv in sitt eget medgivande; det ersätter inte vårdens samtycke."));
      } else {
        const p = el("p", "Vårdens samtycke krävs inte, men vården får bara lämna " + consent.limitedTo + ".");
        sourced(p, consent.label, consent.sources, data);
        box.append(p);
      }
      return true;
    }

    // Socialtjänsten involved is, as a rule, socialtjänsten at the table: the tap on "Ja" ticks it
    // among the parties (consent then covers it), and the reader unticks it if it will not take
    // part. An address keeps the parties as they were, ticked or not.
    form.addEventListener("change", (event) => {
      const box = $(form, "#actor-" + CSS.escape(data.socialParty));
      if (event.target.id === "social-ja" && box) box.checked = true;
    });
    form.addEventListener("change", update);
    form.addEventListener("input", (event) => { if (event.target === dayBox) update(); });
    form.addEventListener("submit", (event) => event.preventDefault());
    $(result, ".guide-restart").addEventListener("click", () => {
      form.reset();
      update();
      const first = $(form, "#sick-ja");
      first.scrollIntoView({ block: "center", behavior: "instant" });
      first.focus({ preventScroll: true });
    });
    window.addEventListener("pageshow", () => { fromAddress(); update(); });

    $$(root, ".guide-js-only").forEach((n) => { n.hidden = false; });
    form.hidden = false;
    fromAddress();
    update();
  }

  // --- Fee and invoice ------------------------------------------------------------------------

  function fee(root, data) {
    const form = $(root, ".guide-form");
    const result = $(root, ".guide-result");
    const minutesBox = $(form, "#minutes");
    const dateBox = $(form, "#meeting-date");
    const regionBox = $(form, "#fee-region");
    form.hidden = false;
    const p = params();
    if (p.get("minutes")) minutesBox.value = p.get("minutes");
    // The meeting's day defaults to the reader's today, not the day the page was built.
    const now = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    dateBox.value = p.get("date") || now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
    const wanted = p.get("region") || storedRegion();
    if (wanted && data.regions[wanted]) regionBox.value = wanted;

    function segmentFor(day) {
      return data.segments.find((s) => s.from <= day && (s.to === null || day <= s.to));
    }

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const raw = minutesBox.value.trim();
      const minutesError = $(form, "#minutes-error");
      const dateError = $(form, "#date-error");
      const bad = !/^[0-9]+$/.test(raw) || Number(raw) < 1 || Number(raw) > data.maxMinutes;
      showError(minutesError, bad ? "Mötestiden i minuter ska vara ett heltal från 1 till " + data.maxMinutes + "." : "");
      minutesBox.setAttribute("aria-invalid", bad ? "true" : "false");
      const day = dateBox.value;
      showError(dateError, day ? "" : "Ange dagen då mötet hölls (ÅÅÅÅ-MM-DD).");
      if (bad || !day) {
        result.hidden = true;  // the answer to an earlier input must not stand under the error
        (bad ? minutesBox : dateBox).focus();
        return;
      }
      render(Number(raw), day, regionBox.value);
      result.hidden = false;
      focusHeading(result);
    });

    function render(minutes, day, region) {
      const box = $(result, ".guide-answer");
      box.replaceChildren();
      const seg = segmentFor(day);
      if (!seg || seg.error) {
        box.append(el("p", seg ? seg.error : data.before || "Arvodet går inte att räkna för den dagen."));
        return;
      }
      const row = seg.rows.find(([from, to]) => minutes >= from && minutes <= to);
      box.append(el("p", "Högst " + row[2].toLocaleString("sv-SE").replace(/\s/g, "\u00a0") + "\u00a0kr", "guide-outcome"));
      box.append(el("p", minutes + " minuter: " + row[3] + ". Mötestider " + row[0] + "–" + row[1] + " minuter ger samma belopp."));
      // The reader's own routine, where its document gives the fee otherwise: said in the answer.
      const own = (seg.own || {})[region || wanted];
      if (own) {
        const note = el("p", null, "guide-own");
        note.append(el("strong", own.whose + " säger något annat."), " " + own.says + " " + own.handbook);
        const page = document.querySelector(".guide-disagreements a");  // resolved by Sphinx (guides.py)
        if (page) {
          const why = el("a", "Mer under ”Där källorna skiljer sig åt”, nummer " + own.number + ".");
          why.href = page.getAttribute("href") + "#skiljelinje-" + own.number;
          note.append(" ", why);
        }
        box.append(note);
      }
      const notes = el("ul");
      seg.notes.forEach((n) => notes.append(el("li", n)));
      box.append(notes);
      if (region) {
        const inv = seg.invoice[region];
        box.append(el("h3", "Fakturaunderlag enligt " + data.regions[region]));
        if (inv.error) {
          box.append(el("p", inv.error));
        } else {
          const dl = el("dl", null, "guide-facts");
          [["Försäkringskassans kostnadsställe", inv.costCenter],
           ["Ansvarsenhet", "vårdenhetens kod, " + inv.digits + " siffror"],
           ["Betalare", inv.payer], ["Moms", inv.vat]].forEach(([k, v]) => dl.append(el("dt", k), el("dd", v)));
          box.append(dl);
          const ol = el("ol");
          inv.steps.forEach((s) => {
            const li = el("li");
            li.append(el("strong", s.who + ": "), s.text);
            ol.append(li);
          });
          box.append(ol);
        }
      }
      box.append(el("p", "Reglerna som gäller " + day + ".", "guide-date"));
    }
  }

  // --- Checklist ----------------------------------------------------------------------------
  // Each routine's checklists are on the routine's page. The guide fetches that page (same site;
  // the offline copy has it too) when the reader asks, and shows the chosen checklist alone.

  function checklistGuide(root, data) {
    const form = $(root, ".guide-form");
    const result = $(root, ".guide-result");
    const answer = $(result, ".guide-answer");
    const here = $(result, ".guide-checklist-here");
    const printButton = $(result, ".guide-print");
    const pages = {};
    $$(root, ".guide-no-js").forEach((n) => { n.hidden = true; });
    form.hidden = false;
    const p = params();
    const pick = (name, value) => {
      const select = $(form, "[name=" + name + "]");
      if (value && $$(select, "option").some((o) => o.value === value)) select.value = value;
    };
    pick("region", p.get("region") || storedRegion());
    pick("form", p.get("form"));
    pick("role", p.get("role"));

    function page(region) {
      if (!pages[region]) {
        pages[region] = fetch(data.pages[region])
          .then((response) => { if (!response.ok) throw new Error(String(response.status)); return response.text(); })
          .then((html) => new DOMParser().parseFromString(html, "text/html"))
          .catch((err) => { delete pages[region]; throw err; });  // the next try fetches again
      }
      return pages[region];
    }

    function say(text) {
      answer.textContent = text;
      printButton.hidden = true;
      here.replaceChildren();
      result.hidden = false;
    }

    function showChosen(focus) {
      const [region, formSlug, role] = ["region", "form", "role"].map((n) => $(form, "[name=" + n + "]").value);
      const id = "checklista-" + [region, formSlug, role].join("-");
      return page(region).then((doc) => {
        const block = doc.querySelector("script.checklist-data");
        const entry = block ? JSON.parse(block.textContent)[formSlug + "|" + role] : null;
        const section = doc.getElementById(id);
        const box = section && section.querySelector(".checklist");
        if (!entry || entry.error || !box) {
          say(entry && entry.error ? entry.error : "Handboken har ingen checklista för det valet.");
          return;
        }
        const shown = document.importNode(box, true);
        shown.id = id;
        shown.classList.add("guide-checklist");
        answer.textContent = "";
        here.replaceChildren(shown);
        printButton.hidden = false;
        result.hidden = false;
        document.body.classList.add("guide-one-checklist");
        if (focus) {
          shown.setAttribute("tabindex", "-1");
          shown.focus();
        }
      }).catch(() => say("Checklistan gick inte att hämta. Kontrollera uppkopplingen och försök igen, " +
        "eller öppna rutinens sida."));
    }

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const region = $(form, "[name=region]");
      if (!region.value) {  // no routine is chosen for the reader
        say("Välj vilken rutin checklistan ska följa: din regions, eller Försäkringskassans för det som gäller nationellt.");
        region.focus();
        return;
      }
      showChosen(true);
    });
    printButton.addEventListener("click", () => window.print());
    if ($(form, "[name=region]").value && (p.get("form") || p.get("region") || storedRegion())) showChosen(false);
  }

  document.addEventListener("DOMContentLoaded", () => {
    $$(document, ".guide").forEach((root) => {
      const data = JSON.parse($(root, ".guide-data").textContent);
      const kind = root.dataset.guide;
      if (kind === "motesform") meetingForm(root, data);
      if (kind === "arvode") fee(root, data);
      if (kind === "checklista") checklistGuide(root, data);
    });
  });
})();
