// Furo's colour theme, set before the page is drawn (a file, not an inline script, for the CSP).
document.body.dataset.theme = localStorage.getItem("theme") || "auto";
