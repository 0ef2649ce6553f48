// Runs a built site's own search worker (Material's, with the lunr language files it loads) in
// Node, outside the browser: the same code the reader's browser runs, fed the same index.
//
//   node tests/js/search_worker.cjs SITE_DIR LANG_ROOT < requests.json
//
// requests.json: {"queries": [...], "fold": [...]}. Prints {"results": [[location, ...] per
// query], "fold": [[canonical, bare] per string]}: the locations of each query's result items in
// Material's order (grouped by page), and the search extension's folding of each string.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const [site, root] = process.argv.slice(2);
const workers = path.join(site, "assets", "javascripts", "workers");
const worker = fs.readdirSync(workers).find(name => /^search\..*\.min\.js$/.test(name));
const request = JSON.parse(fs.readFileSync(0, "utf-8"));

let listener;
const replies = [];
const context = {
  console,
  addEventListener: (type, fn) => { listener = fn; },
  postMessage: message => replies.push(message),
  // The worker asks for its language files relative to itself ("../lunr/min/…").
  importScripts: (...urls) => {
    for (const url of urls)
      vm.runInContext(fs.readFileSync(path.resolve(workers, url), "utf-8"), context, { filename: url });
  },
};
context.self = context;
vm.createContext(context);
vm.runInContext(fs.readFileSync(path.join(workers, worker), "utf-8"), context, { filename: worker });

async function send(message) {
  replies.length = 0;
  await listener({ data: message });
  return replies[0];
}

(async () => {
  const index = JSON.parse(fs.readFileSync(path.join(site, root, "search", "search_index.json"), "utf-8"));
  await send({ type: 0, data: { ...index, options: { suggest: false } } });
  const results = [];
  for (const query of request.queries || []) {
    const reply = await send({ type: 2, data: query });
    results.push(reply.data.items.map(group => group.map(item => [item.location, item.score])));
  }
  const fold = context.lunr.vi.fold;
  const folded = (request.fold || []).map(text => [fold.canonical(text), fold.bare(text)]);
  process.stdout.write(JSON.stringify({ results, fold: folded }));
})();
