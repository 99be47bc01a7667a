/* Search that finds other forms of a word: "relaxers" finds "relaxants",
 * "spasms" finds "spasm".
 *
 * This is the search worker Material starts (overrides/main.html hands it
 * this file through __config.search, Material's documented way to customise
 * search). It loads Material's own worker unchanged, then changes one thing:
 * how a typed word becomes a lunr query term.
 *
 * Why code and not configuration: Material appends a wildcard to every typed
 * word ("spasms" becomes "spasms*", so a word also finds its longer forms),
 * and lunr skips its stemmer for wildcard terms. Turning the stemmer on in
 * mkdocs.yml (`pipeline: [stemmer, …]`) therefore stems the index but not the
 * query: "spasms", "relaxers" and even "psoas" then find nothing at all
 * (measured in Chromium). Instead, the index stays unstemmed and each typed
 * word is searched twice: as typed, and cut back to the part it shares with
 * its English stem: "relaxers" also as "relax*", "spasms" as "spasm*",
 * "injuries" as "injur*". Pages with the word as typed match both terms and
 * rank first; pages with only another form of it match the second, and
 * Material lists the typed word as missing there, which is true.
 *
 * It also loads the search index only when the reader first searches (below).
 *
 * Runs in a worker: it never touches the page, and handles no markup.
 */
"use strict";

// Material's worker file name (it carries a content hash), passed by
// overrides/main.html; only a name of that shape is ever loaded.
const material = new URL(self.location.href).searchParams.get("material") || "";
if (!/^search\.[0-9a-f]+\.min\.js$/.test(material)) {
  throw new Error(`search-words.js: unexpected worker name ${JSON.stringify(material)}`);
}

/* The index is loaded when the reader first searches, not with every page.
 *
 * Material's page script fetches search/search_index.json as each page
 * loads and hands it to this worker (message SETUP); the build leaves only
 * the index's configuration there and writes the documents to
 * search/search_index.full.json (scripts/hooks.py, defer_search_index). The
 * configuration alone makes an empty index at once, and Material reports
 * search ready. The first query (message QUERY) fetches the documents, sets
 * Material's index up again with them, waits for it to say READY, and runs
 * the latest query; every later message goes straight to Material.
 * Listeners run in the order they were added: this one, added before
 * Material's, holds queries back until the documents are in. */
const SETUP = 0, READY = 1, QUERY = 2;
const FULL_INDEX = new URL("../search/search_index.full.json", self.location.href).href;
let setup = null;        // the page's SETUP message: configuration and options, no documents
let loaded = false;      // Material's index holds the documents
let waiting = null;      // the newest query that arrived before they did
let ready = null;        // resolves when Material answers READY to the full SETUP
let loading = false;
const forwarded = new WeakSet();

const post = self.postMessage.bind(self);
self.postMessage = (message, ...rest) => {
  if (message && message.type === READY && ready) {
    const done = ready;
    ready = null;
    done();
  }
  return post(message, ...rest);
};

function forward(data) {
  const event = new MessageEvent("message", { data });
  forwarded.add(event);
  self.dispatchEvent(event);
}

async function loadDocuments() {
  const response = await fetch(FULL_INDEX);
  const { docs } = await response.json();
  await new Promise((resolve) => {
    ready = resolve;
    forward({ type: SETUP, data: { ...setup.data, docs } });
  });
  loaded = true;
  if (waiting) forward(waiting);
  waiting = null;
}

self.addEventListener("message", (event) => {
  if (forwarded.has(event) || loaded) return;
  const message = event.data;
  if (message && message.type === SETUP) {
    setup = message;
    if (Array.isArray(message.data.docs) && message.data.docs.length) loaded = true;  // a full index after all
    return;
  }
  // Material sends the empty query as each page loads: it finds nothing in any index.
  if (message && message.type === QUERY && setup && String(message.data).trim()) {
    event.stopImmediatePropagation();
    waiting = message;
    if (!loading) loading = true, loadDocuments().catch((error) => console.error("search-words.js: cannot load the search index", error));
  }
});

importScripts(`javascripts/workers/${material}`);

// Shorter prefixes match too much to help ("us*" for "uses").
const SHORTEST = 3;
// The word as typed weighs this many times more than its other forms, so
// pages that use the reader's own word come first.
const EXACT_BOOST = 10;

/* The word as cut back to what it shares with its stem, or null when that
 * adds nothing. Only plain words with Material's trailing wildcard are cut:
 * terms the reader marked (+word, -word, "quoted"), several wildcards,
 * digits and apostrophes stay exactly as typed. */
function widen(term) {
  const match = /^([a-z]+)\*$/.exec(term.toLowerCase());
  if (!match) return null;
  const word = match[1];
  let stem = self.lunr.stemmer(new self.lunr.Token(word)).toString();
  // The stemmer turns a final y into i (injury, injuries → injuri): cut the
  // i too, so that both forms are found.
  if (stem.endsWith("i") && !word.endsWith("i")) stem = stem.slice(0, -1);
  let shared = 0;
  while (shared < word.length && word[shared] === stem[shared]) shared += 1;
  return shared >= SHORTEST && shared < word.length ? `${word.slice(0, shared)}*` : null;
}

// Every query Material runs (results, highlighting, suggestions) is parsed by
// lunr.QueryParser, which looks parseTerm up afresh for each term. The typed
// word gets a boost, and the cut word goes in as one more term right after
// it, marked so that it is not cut again.
const parseTerm = self.lunr.QueryParser.parseTerm;
self.lunr.QueryParser.parseTerm = function (parser) {
  const lexeme = parser.peekLexeme();
  if (lexeme && lexeme.type === self.lunr.QueryLexer.TERM && !lexeme.widened) {
    const wider = widen(lexeme.str);
    if (wider) {
      parser.lexemes.splice(parser.lexemeIdx + 1, 0,
        { ...lexeme, type: self.lunr.QueryLexer.BOOST, str: String(EXACT_BOOST) },
        { ...lexeme, str: wider, widened: true });
    }
  }
  return parseTerm(parser);
};
