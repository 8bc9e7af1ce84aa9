// On every page: says in one line when the page may no longer show what holds today – the reader's
// clock is past the next known change, or the page was built more than a week ago. It reads only the
// dates written into the page and the device's date; it sends and stores nothing.
"use strict";

(function () {
  const STALE_DAYS = 7;

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
    const today = localDay(new Date());
    const age = (Date.parse(today) - Date.parse(built)) / 86400000;
    let text = "";
    if (next && today >= next) {
      text = "Sidan visar det som gällde " + built + ", men från " + next + " gäller något annat på den. " +
        "Ladda om sidan; visar den fortfarande " + built + ", fråga den som förvaltar handboken.";
    } else if (age > STALE_DAYS) {
      text = "Sidan byggdes " + built + ", för mer än en vecka sedan. Ladda om sidan innan du går efter den; " +
        "visar den fortfarande " + built + ", fråga den som förvaltar handboken.";
    }
    if (text) {
      note.textContent = text;
      note.hidden = false;
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", staleNote);
  } else {
    staleNote();
  }
})();
