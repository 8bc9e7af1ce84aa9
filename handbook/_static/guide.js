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

  const QUESTIONS = {
    sick: "Är patienten sjukskriven?",
    day: "Dag i sjukperioden",
    actors: "Fler som behöver vara med",
    fk: "Försäkringskassan behöver samordna",
    social: "Socialtjänsten är inblandad",
  };

  function meetingForm(root, data) {
    const form = $(root, ".guide-form");
    const steps = Object.fromEntries($$(form, ".guide-step").map((s) => [s.dataset.step, s]));
    const check = $(root, ".guide-check");
    const result = $(root, ".guide-result");
    const answers = {};
    let current = "sick";
    let returnToCheck = false;

    function order() {
      return ["sick"].concat(answers.sick === "ja" ? ["day"] : [], ["actors", "fk", "social"]);
    }

    // The answer and the check-your-answers summary show together, the answer first; a question
    // shows alone.
    function show(name) {
      current = name;
      const done = name === "result";
      Object.values(steps).forEach((s) => { s.hidden = s.dataset.step !== name; });
      check.hidden = !done;
      result.hidden = !done;
      form.hidden = done;
      focusHeading(done ? result : steps[name]);
    }

    function read(name) {
      const step = steps[name];
      if (name === "day") {
        const raw = $(step, "input").value.trim();
        if (!/^[0-9]+$/.test(raw) || Number(raw) < 1) {
          return { error: "Skriv dagen i sjukperioden som ett heltal från 1, till exempel 40." };
        }
        return { value: Number(raw) };
      }
      if (name === "actors") {
        return { value: $$(step, "input:checked").map((i) => i.value).sort() };
      }
      const picked = $(step, "input:checked");
      return picked ? { value: picked.value } : { error: "Välj ja eller nej." };
    }

    function next() {
      const seq = order();
      const missing = seq.find((n) => answers[n] === undefined);
      if (returnToCheck && !missing) return "check";
      const after = seq[seq.indexOf(current) + 1];
      return missing && seq.indexOf(missing) <= seq.indexOf(after || missing) ? missing : after || "check";
    }

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const got = read(current);
      const error = $(steps[current], ".guide-error");
      showError(error, got.error || "");
      if (got.error) {
        const input = $(steps[current], "input");
        if (input) input.focus();
        return;
      }
      answers[current] = got.value;
      if (current === "sick" && got.value === "nej") delete answers.day;
      if (next() === "check") {
        renderCheck();
        renderResult();
        show("result");
      } else {
        show(next());
      }
    });

    function phaseOf(day) {
      const hit = data.phases.find(([first, last]) => day >= first && (last === null || day <= last));
      return hit ? hit[2] : null;
    }

    function said(name) {
      const v = answers[name];
      if (name === "actors") {
        const names = data.actors.filter((a) => v.includes(a.slug)).map((a) => a.name);
        return names.length ? names.join(", ") : "Ingen fler";
      }
      if (name === "day") return "Dag " + v;
      return v === "ja" ? "Ja" : "Nej";
    }

    function renderCheck() {
      returnToCheck = true;
      const list = $(check, ".guide-summary");
      list.replaceChildren();
      order().forEach((name) => {
        const row = el("div", null, "guide-summary-row");
        row.append(el("dt", QUESTIONS[name]), el("dd", said(name)));
        const change = el("button", "Ändra", "guide-change");
        change.type = "button";
        change.setAttribute("aria-label", "Ändra svaret: " + QUESTIONS[name]);
        change.addEventListener("click", () => show(name));
        const dd = el("dd");
        dd.append(change);
        row.append(dd);
        list.append(row);
      });
    }

    function key() {
      const phase = answers.sick === "ja" ? phaseOf(answers.day) : 0;
      return [answers.sick, String(phase || 0), answers.fk, answers.social, answers.actors.join(",")].join("|");
    }

    $(check, ".guide-restart").addEventListener("click", () => {
      Object.keys(answers).forEach((k) => delete answers[k]);
      form.reset();
      returnToCheck = false;
      show("sick");
    });

    function renderResult() {
      const box = $(result, ".guide-answer");
      box.replaceChildren();
      const hit = data.answers[key()];
      if (typeof hit === "string") {  // the module's own message: no answer holds on this date
        box.append(el("p", hit));
        return;
      }
      const row = data.rows[hit];
      if (!row) {
        box.append(el("p", "Handboken har inget svar för den här kombinationen."));
        return;
      }
      box.append(el("p", row.outcome, "guide-outcome"));
      labelled(box, "p", row.advice, row.label);
      row.forms.forEach((slug) => {
        const f = data.forms[slug];
        box.append(el("h3", f.name));
        const dl = el("dl", null, "guide-facts");
        f.fields.forEach((field) => {
          dl.append(el("dt", field.name));
          labelled(dl, "dd", field.text, field.scope);
        });
        box.append(dl);
        // Link to a checklist that exists: the reader's region if it has one for this form,
        // otherwise the routine that does, named.
        const have = data.checklists[slug] || [];
        const mine = storedRegion();
        // Without the reader's own region: the national checklist (Försäkringskassan's) first.
        const national = have.find((r) => data.national.includes(r));
        const region = have.includes(mine) ? mine : (national || have[0]);
        if (region) {
          // Lower-case the first letter only: "samordnad individuell plan (SIP)", not "(sip)".
          const inText = f.name.charAt(0).toLowerCase() + f.name.slice(1);
          const name = inText + (region === mine ? "" : " enligt " + data.regions[region]);
          const link = el("a", "Checklista för " + name);
          link.href = "checklista.html?form=" + encodeURIComponent(slug) + "&region=" + encodeURIComponent(region);
          const p = el("p");
          p.append(link);
          box.append(p);
        }
      });
      const participants = answers.actors.slice();
      if (answers.fk === "ja") participants.push("forsakringskassan");
      box.append(el("h3", "Samtycke"));
      if (row.forms.length && !row.forms.includes("avstamningsmote")) {
        // The consent rules below are Värmland's for the avstämningsmöte: say so for other meetings.
        box.append(el("p", "Samtyckesreglerna nedan är skrivna för avstämningsmötet; handboken visar dem som stöd " +
          "även för det här mötet."));
      }
      const consent = data.consent[participants.sort().join(",")];
      if (!consent) {
        box.append(el("p", "Du har inte valt några andra parter än patienten och vården."));
      } else if (consent.error) {
        box.append(el("p", consent.error));
      } else if (consent.required) {
        labelled(box, "p", "Vårdens samtycke krävs och ska gälla: " + consent.mustCover.join(", ") + ". Hämtas in av: " +
          consent.obtainedBy.join(", ") + ".", consent.label);
        if (consent.fkOwn) box.append(el("p", "Försäkringskassan hämtar dessutom själv in sitt eget medgivande; det ersätter inte vårdens samtycke."));
      } else {
        labelled(box, "p", "Vårdens samtycke krävs inte, men vården får bara lämna " + consent.limitedTo + ".", consent.label);
      }
      box.append(el("p", "Svaret gäller reglerna den " + data.date + ".", "guide-date"));
    }

    $$(root, ".guide-js-only").forEach((n) => { n.hidden = false; });
    // The first question shows without taking the focus: the reader has not started yet.
    current = "sick";
    form.hidden = false;
    steps.sick.hidden = false;
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

  function checklistGuide(root, data) {
    const form = $(root, ".guide-form");
    const result = $(root, ".guide-result");
    const boxes = $$(document, ".guide-checklist");
    form.hidden = false;
    const p = params();
    const pick = (name, value) => {
      const select = $(form, "[name=" + name + "]");
      if (value && $$(select, "option").some((o) => o.value === value)) select.value = value;
    };
    pick("region", p.get("region") || storedRegion());
    pick("form", p.get("form"));
    pick("role", p.get("role"));

    function showChosen(focus) {
      const k = ["region", "form", "role"].map((n) => $(form, "[name=" + n + "]").value);
      const entry = data.checklists[k.join("|")];
      const id = "checklista-" + k.join("-");
      boxes.forEach((b) => { b.hidden = b.id !== id; });
      $$(document, "section[id^='checklistor-']").forEach((s) => {
        s.hidden = !s.querySelector("#" + CSS.escape(id));
      });
      const answer = $(result, ".guide-answer");
      answer.textContent = entry && entry.error ? entry.error : "";
      $(result, ".guide-print").hidden = Boolean(entry && entry.error);
      document.body.classList.add("guide-one-checklist");
      result.hidden = false;
      const shown = document.getElementById(id);
      if (focus && shown) {
        shown.setAttribute("tabindex", "-1");
        shown.focus();
      }
    }

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const region = $(form, "[name=region]");
      if (!region.value) {  // no routine is chosen for the reader
        const answer = $(result, ".guide-answer");
        answer.textContent = "Välj vilken rutin checklistan ska följa: din regions, eller Försäkringskassans för det som gäller nationellt.";
        $(result, ".guide-print").hidden = true;
        result.hidden = false;
        region.focus();
        return;
      }
      showChosen(true);
    });
    $(result, ".guide-print").addEventListener("click", () => window.print());
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
