// One stylesheet for every page, built by `make static` (and the Dockerfile) into
// static/vendor/werkregio.css: the NL Design System's Utrecht tokens, components and HTML
// styles from npm, then our own static/css/app.css, with only the rules the product's markup
// can use (PurgeCSS), minified (Lightning CSS). Four render-blocking stylesheets of 670 KB
// (46 KB gzipped) became one of 122 KB (11 KB gzipped, 9 KB brotli), and the browser matches
// far fewer rules and custom properties (decision 0025; docs/benchmarks.md "Lighthouse").
//
// What counts as used: every word in the templates (templates/ and each app's templates/)
// and in the Python code (forms and tables put classes on widgets), and the classes htmx
// sets (htmx.min.js). A class the templates or the code build from a variable
// ("status-badge--{{ … }}", "utrecht-alert--{% if … %}", "spending-warning--{}") keeps every
// class that starts so. Element selectors are kept for every HTML element, whatever the
// templates name: Django renders form fields itself. app.css is kept whole (PurgeCSS's
// ignore comments), so a change to it flows in at the next `make static`. Custom properties, @font-face and @keyframes nothing reads are dropped.
//
//   node tools/build-css.mjs [out.css]

import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { PurgeCSS } from "purgecss";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = process.argv[2] || join(root, "static/vendor/werkregio.css");
const vendor = [
  "node_modules/@utrecht/design-tokens/dist/index.css",
  "node_modules/@utrecht/component-library-css/dist/index.css",
  "node_modules/@utrecht/component-library-css/dist/html.css",
];
const appCss = "static/css/app.css";
// The product's own files: not the installed packages, the collected or built files, the
// tests or the bench (whose markup no user sees), nor migrations.
const skip = new Set([".git", ".venv", "node_modules", "static", "staticfiles", "media", "tests", "bench", "migrations", "locale", "docs"]);
function walk(folder) {
  const found = [];
  for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
    const path = folder ? `${folder}/${entry.name}` : entry.name;
    if (entry.isDirectory() && !skip.has(entry.name) && !entry.name.startsWith(".")) found.push(...walk(path));
    else if (entry.isFile() && (entry.name.endsWith(".py") || (entry.name.endsWith(".html") && /(^|\/)templates\//.test(path)))) found.push(path);
  }
  return found;
}
const content = walk("");
content.push("node_modules/htmx.org/dist/htmx.min.js");

// Classes made from a variable: the literal part before a template's {{ or {%, or before a
// Python format field ("status-badge--report-{}", f"…--{kind}").
const built = new Set();
for (const file of content) {
  const text = readFileSync(join(root, file), "utf8");
  const made = file.endsWith(".py") ? /([A-Za-z][\w-]*-)\{/g : /([A-Za-z][\w-]*-)\{[{%]/g;
  for (const match of text.matchAll(made)) built.add(match[1]);
}
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const greedy = [...built].map((prefix) => new RegExp(`(^|[^\\w-])${escape(prefix)}`));

// Every HTML element (a form field's <select>, <textarea> … comes from Django's widgets).
const elements = `html body main header footer nav section article aside h1 h2 h3 h4 h5 h6 p a
  abbr b i em strong small mark code pre kbd samp sub sup q blockquote cite dfn time data var
  br hr span div ul ol li dl dt dd figure figcaption img picture svg table caption colgroup col
  thead tbody tfoot tr th td form fieldset legend label input button select option optgroup
  textarea output progress meter details summary dialog address ins del iframe template`
  .split(/\s+/);

// app.css goes in with the vendor sheets, so the custom properties it reads are kept, and it
// is content too (the classes its rules name count as used in the vendor sheets).
content.push(appCss);
// One input, in the order the sheets cascade: PurgeCSS decides which custom properties are read
// per input, so the tokens alone would lose every one the components read.
// app.css is kept whole between PurgeCSS's ignore comments: its rules are ours and few, and
// PurgeCSS misjudges some selectors (`:where(… :not([colspan]))` lost the tables' fixed first
// column); the custom properties it reads are still seen as read.
const sheets = [...vendor.map((file) => readFileSync(join(root, file), "utf8")),
  `/* purgecss start ignore */\n${readFileSync(join(root, appCss), "utf8")}\n/* purgecss end ignore */`];
const [purged] = await new PurgeCSS().purge({
  content: content.map((file) => join(root, file)),
  css: [{ raw: sheets.join("\n") }],
  safelist: { standard: [...elements, "utrecht-theme", "utrecht-html"], greedy },
  // Custom properties nothing reads (the tokens define thousands), @font-face and
  // @keyframes nothing uses.
  variables: true,
  fontFace: true,
  keyframes: true,
});
mkdirSync(dirname(out), { recursive: true });
const joined = `${out}.src.css`;
writeFileSync(joined, purged.css);
execFileSync(join(root, "node_modules/.bin/lightningcss"), ["--minify", joined, "-o", out], { stdio: "inherit" });
execFileSync("rm", ["-f", joined]);
const size = readFileSync(out).length;
console.log(`${relative(root, out)}: ${(size / 1024).toFixed(1)} KB from ${content.length} files scanned`);
