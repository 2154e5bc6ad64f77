/*
 * Our search engine against MiniSearch (a maintained library), on the same documents and the
 * same evaluation sets, in Node (no browser): recall@5 per language and family. Issue 19 asked
 * whether a library should replace our index and scoring; this measures MiniSearch as its
 * documentation sets it up (English: prefix and fuzzy 0.2, title boost 3; Japanese: character
 * bigrams, every bigram required), without our thesaurus, readings or other-language layer.
 *
 * Usage (MiniSearch is not a dependency of the playbook; install it beside, not in, the project):
 *   npm install --prefix /tmp/ms minisearch@7.2.0
 *   python scripts/search_library_compare.py --site site/ --minisearch /tmp/ms/node_modules/minisearch
 * The Python wrapper turns the YAML sets into JSON and runs this file.
 *
 * The other-language family reads low for ours here: Node answers synchronously, and the
 * engine loads the other language after answering (a browser answers again once loaded).
 */
globalThis.self = globalThis; globalThis.addEventListener = () => {}; globalThis.postMessage = () => {};
const fs = require("fs"); const vm = require("vm"); const url = require("url");
const [siteDir, queriesFile, miniDir] = process.argv.slice(2);
const MiniSearch = require(require("path").join(miniDir, "dist/cjs/index.cjs"));
const dir = require("path").join(siteDir, "assets/javascripts/workers") + "/";
const sets = JSON.parse(fs.readFileSync(queriesFile, "utf8"));
function pageOf(loc, lang) { let p = loc.split("#")[0].replace(/\/$/, ""); if (lang === "en") p = p.replace(/^en\/?/, ""); return p === "" ? "index" : p; }
function ours(lang) {
  globalThis.__dxpMain = null;
  globalThis.location = { href: "file://" + dir + `dxp-search.${lang}.js` };
  globalThis.importScripts = (u) => { vm.runInThisContext(fs.readFileSync(url.fileURLToPath(u), "utf8")); };
  vm.runInThisContext(fs.readFileSync(dir + `dxp-search.${lang}.js`, "utf8"));
  const S = globalThis.DxpSearch; S.handle({ type: 0, data: { docs: [] } });
  return q => S.handle({ type: 2, data: q }).data.items.map(g => pageOf(g[0].location, lang));
}
function docsOf(lang) { const code = fs.readFileSync(dir + `dxp-search.${lang}.js`, "utf8").split("\n")[1]; return JSON.parse(code.slice("self.__dxpIndex = ".length, -1)); }
const strip = h => String(h || "").replace(/<[^>]+>/g, " ").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'");
function mini(lang) {
  const docs = docsOf(lang).map((d, i) => ({ id: i, location: d.location, title: strip(d.title), text: strip(d.text) }));
  const bigrams = s => { const out = []; const parts = s.normalize("NFKC").toLowerCase().split(/[\s、。・「」（）()，．,.!?？！:：]+/u).filter(Boolean);
    for (const p of parts) { const c = Array.from(p); if (/^[a-z0-9'-]+$/.test(p)) { out.push(p); continue; } if (c.length === 1) out.push(p); for (let i = 0; i + 1 < c.length; i++) out.push(c[i] + c[i+1]); } return out; };
  const opts = lang === "ja" ? { fields: ["title", "text"], storeFields: ["location"], tokenize: bigrams, searchOptions: { boost: { title: 3 }, combineWith: "AND" } }
                             : { fields: ["title", "text"], storeFields: ["location"], searchOptions: { boost: { title: 3 }, prefix: true, fuzzy: 0.2 } };
  const ms = new MiniSearch(opts); ms.addAll(docs);
  return q => { const seen = []; for (const r of ms.search(q)) { const p = pageOf(r.location, lang); if (!seen.includes(p)) seen.push(p); } return seen; };
}
for (const [name, set] of Object.entries(sets)) {
  for (const lang of ["ja", "en"]) {
    for (const [label, make] of [["ours", ours], ["minisearch", mini]]) {
      const run = make(lang); const fam = {}; let hit = 0;
      for (const q of set[lang]) { const r = run(q.q).slice(0, 5); const ok = q.expect.some(e => r.includes(e)); hit += ok; (fam[q.family] = fam[q.family] || [0, 0]); fam[q.family][0] += ok; fam[q.family][1]++; }
      console.log(name.padEnd(28), lang, label.padEnd(10), "recall@5", (hit / set[lang].length).toFixed(2), Object.entries(fam).map(([f, [a, b]]) => `${f} ${(a / b).toFixed(2)}`).join(" | "));
    }
  }
}
