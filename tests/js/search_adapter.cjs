// Checks what overrides/hooks/search.js assumes of lunr's, lunr-languages' and Material's
// internals (its last section, "where this meets …"), against the Material that is installed:
// its own search worker and lunr files, with search.js appended to lunr.vi.min.js as the build
// does. No site build is needed.
//
//   node tests/js/search_adapter.cjs MATERIAL_ASSETS_DIR SEARCH_JS SEPARATOR
//
// Prints {"failures": [...]}: one line per assumption that no longer holds (none: all is well).
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const [assets, extension, separator] = process.argv.slice(2);
const workers = path.join(assets, "javascripts", "workers");
const worker = fs.readdirSync(workers).find(name => /^search\..*\.min\.js$/.test(name));
const failures = [];
const check = (ok, message) => { if (!ok) failures.push(message); };

let listener;
const replies = [];
const seen = { queries: [], indexes: [] };
const context = {
  console,
  addEventListener: (type, fn) => { listener = fn; },
  postMessage: message => replies.push(message),
  importScripts: (...urls) => {
    for (const url of urls) {
      let code = fs.readFileSync(path.resolve(workers, url), "utf-8");
      if (url.endsWith("lunr.vi.min.js")) code += "\n" + fs.readFileSync(extension, "utf-8");
      vm.runInContext(code, context, { filename: url });
      if (url.endsWith("lunr.vi.min.js")) watch(context.lunr);
    }
  },
};
context.self = context;
vm.createContext(context);
vm.runInContext(fs.readFileSync(path.join(workers, worker), "utf-8"), context, { filename: worker });

// Record the indexes Material builds and the queries it passes to them (search.js installed).
function watch(lunr) {
  const build = lunr.Builder.prototype.build;
  lunr.Builder.prototype.build = function () {
    const index = build.call(this);
    seen.indexes.push(index);
    return index;
  };
  const search = lunr.Index.prototype.search;
  lunr.Index.prototype.search = function (query) {
    seen.queries.push(query);
    return search.call(this, query);
  };
}

async function send(message) {
  replies.length = 0;
  await listener({ data: message });
  return replies[0];
}

const docs = [
  { location: "rare-earths/", title: "Đất hiếm", text: "Lai Châu cần quản lý tốt đất hiếm." },
  { location: "rare-earths/#points", title: "Từng ý", text: "Tránh khai thác tùy tiện đất hiếm, xuất khẩu thô." },
  { location: "glossary/", title: "Thuật ngữ", text: "Đất hiếm: nhóm nguyên tố.", boost: 0.25 },
  { location: "pillars/", title: "Ba trụ cột", text: "Du lịch gắn với văn hóa; hoà bình." },
];

(async () => {
  // The index as Material's search plugin writes it (its fields and their weights).
  const fields = { title: { boost: 1000 }, text: { boost: 1 }, tags: { boost: 1000000 } };
  const config = { lang: ["vi"], separator, pipeline: ["stopWordFilter"], fields };
  await send({ type: 0, data: { config, docs, options: { suggest: false } } });
  const lunr = context.lunr;
  check(lunr && lunr.vi && typeof lunr.vi.rank === "function", "search.js did not load with lunr.vi");
  const index = seen.indexes[seen.indexes.length - 1];
  check(index !== undefined, "Material's worker built no lunr index through lunr.Builder.prototype.build");
  if (!index || failures.length) return done();

  // 1. lunr-languages: lunr.vi's stop-word filter runs in the pipeline Material builds with, so
  //    folding reaches the index ("hoà" is indexed as "hòa", "Đất" as "đất").
  check("hòa" in index.invertedIndex && !("hoà" in index.invertedIndex) && "đất" in index.invertedIndex,
        "folding did not run while indexing: lunr.vi.stopWordFilter is not in Material's pipeline");
  // 2. lunr: Material adds each document through the builder's add() (with doc.boost) and its
  //    tokenizer and pipeline, then calls build(); search.js keeps each document's tokens at
  //    their positions, which Material's tokenizer numbers one by one within a field's block
  //    of text, and tells the English index by lunr's English stop-word filter in its pipeline.
  check(index.boosts && index.boosts["glossary/"] === 0.25 && index.boosts["pillars/"] === 1,
        "the documents' boosts did not reach the index (Material's add(doc, {boost}))");
  check(index.english === false, "the Vietnamese index was taken for the English one (lunr.Builder.pipeline)");
  const field = index.site && index.site.docs["rare-earths/"] && index.site.docs["rare-earths/"].text;
  const read = field ? field.words.map(id => index.site.words[id].token).join(" ") : "";
  check(read === "lai châu cần quản lý tốt đất hiếm",
        `a document's text as kept from lunr.Builder's add() is "${read}" (its tokenizer and pipeline)`);
  check(field && field.positions.every((p, i) => i === 0 || p === field.positions[i - 1] + 1),
        "neighbouring words are not at neighbouring positions (Material's tokenizer)");
  check(Object.keys(index.site.docs).sort().join(" ") === docs.map(doc => doc.location).sort().join(" "),
        "not every document Material added was kept (lunr.Builder's add(), Material's ref \"location\")");
  // Material's worker asks lunr's index itself for nothing but search(), its fields and (for
  // Chinese words) its inverted index's keys; query() only for search.suggest.
  check(index.fields.join(" ") === Object.keys(fields).join(" "), `the index's fields are ${index.fields}`);
  let refused = false;
  try { index.query(() => {}); } catch (error) { refused = /search\.suggest/.test(error.message); }
  check(refused, "lunr's query() did not refuse with a message naming search.suggest");

  for (const typed of ["dat hiem", "đất hiếm", "hoà", "+khai -du"]) {
    const reply = await send({ type: 2, data: typed });
    const query = seen.queries[seen.queries.length - 1];
    // 4. Material passes each term as a prefix ("đất*"), or with its presence ("+khai"), as
    //    search.js parses it (MODIFIERS).
    check(query.split(/\s+/).every(word => /^(?:[+-][^\s*+-][^\s*]*\*?|[^\s*+-][^\s*]*\*)$/.test(word)),
          `Material passed "${query}" for "${typed}": not a list of prefix terms`);
    // 3. Material multiplies each score by the factor search.js divides out: the order and the
    //    scores readers get are the ranking's own.
    const ranked = {};
    lunr.vi.rank(index, query).forEach(result => { ranked[result.ref] = result.score; });
    const items = [].concat(...reply.data.items);
    check(items.length > 0, `no result for "${typed}"`);
    for (const item of items) {
      if (item.score === 0 && !Object.keys(item.terms).length) continue;  // a page shown for its section
      const expected = ranked[item.location];
      check(expected !== undefined && Math.abs(item.score - expected) <= 1e-9 * Math.max(1, expected),
            `"${typed}": Material's score for ${item.location} is ${item.score}, the ranking's ${expected}`);
      // …and counts a term typed in another form as found.
      check(Object.values(item.terms).every(Boolean) || item.location.includes("#"),
            `"${typed}": Material shows a typed term as missing on ${item.location}`);
    }
  }
  // The English pages' index (overrides/hooks/i18n_site.py: lunr.multiLanguage("en", "vi")).
  await send({ type: 0, data: { config: { ...config, lang: ["en", "vi"] }, docs, options: { suggest: false } } });
  check(seen.indexes[seen.indexes.length - 1].english === true,
        "the English index was not recognised (lunr's stop-word filter in lunr.Builder.pipeline)");
  done();
})();

function done() {
  process.stdout.write(JSON.stringify({ failures }));
}
