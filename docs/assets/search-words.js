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
 * Runs in a worker: it never touches the page, and handles no markup.
 */
"use strict";

// Material's worker file name (it carries a content hash), passed by
// overrides/main.html; only a name of that shape is ever loaded.
const material = new URL(self.location.href).searchParams.get("material") || "";
if (!/^search\.[0-9a-f]+\.min\.js$/.test(material)) {
  throw new Error(`search-words.js: unexpected worker name ${JSON.stringify(material)}`);
}
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
