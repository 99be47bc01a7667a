/* The search box's answers, from the site's Pagefind index (scripts/perspectives/search.py).
 *
 * Material's search box starts the worker named in __config.search and
 * talks to it in four messages: SETUP (its own index: here only its
 * configuration, which is ignored), READY, QUERY (what the reader typed) and
 * RESULT (what to list). overrides/main.html names this file instead of
 * Material's lunr worker, so the box, its keyboard shortcuts, its layout on a
 * phone and in dark mode stay Material's, while the index is Pagefind's: it
 * fetches only the chunks a query needs. Each result's address carries the
 * words it was found by, which the page it opens marks (search-marks.js). This file is the only one that
 * knows both; a theme after Material keeps the index and replaces this file.
 *
 * - Nothing is fetched until the reader types: Pagefind loads on the first
 *   query (its script, its WebAssembly, the chunks of the typed words), and
 *   a query is searched once the reader pauses, not at every keystroke.
 * - Word forms are Pagefind's: it stems English words, so "relaxers" finds
 *   "relaxants", "spasms" finds "spasm". A word in quotation marks is
 *   searched as typed: a result must contain it exactly (among the best
 *   CHECKED results); "muscle spasm" in quotes asks for the two words
 *   next to each other, in that order, and marks them only there.
 * - Each result is a page with its best sections (a claim, a treatment);
 *   only the results listed are fetched: SHOWN of them.
 * - Material sets the titles and texts of a RESULT as HTML. Everything from
 *   the index is escaped here, letter by letter, except Pagefind's <mark>
 *   around a matched word.
 *
 * Runs in a worker: it never touches the page. What it shares with the search
 * page (/search/) is search-core.js.
 */
"use strict";

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;

// This file is <site>/assets/search-worker.js: the index is <site>/pagefind/.
const SITE = new URL("../", self.location.href).href;
// What the search page shares (loading the index, reading queries and excerpts): loaded on the first query.
const CORE = new URL("search-core.js", self.location.href).href;

const SHOWN = 10;          // results listed (and fetched) per query: as many as Material shows at once
const SECTIONS = 2;        // a result's sections shown; the rest fold under "n more on this page"
const CHECKED = 200;       // results read, at most, to find SHOWN that contain a quoted word exactly
// Material sends a query at every keystroke: a query waits this long for the next before it is searched,
// so that typing "relaxers" fetches the results of "relaxers", not of "r", "re", "rel" and so on.
const PAUSE = 150;  // ms

let latest = 0;            // the newest query: an answer to an older one is dropped

/* Text for HTML: every character that could start markup or an entity. */
function escapeText(text) {
  return String(text).replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/* Pagefind's excerpt as Material sets it, HTML: each piece escaped whole, the marked ones in <mark>.
 * `typed`: the words searched (search-core.js `words`); `exact`, those of them in quotation marks. */
function excerptHtml(core, excerpt, typed, exact) {
  const { pieces, terms } = core.readExcerpt(excerpt, typed, exact);
  const html = pieces.map(({ text, marked }) => (marked ? `<mark>${escapeText(text)}</mark>` : escapeText(text)));
  return { html: `<p>${html.join("")}</p>`, terms };
}

/* One result as Material lists it: the page first, then its sections. */
function resultItem(core, found, { typed, exact, phrases, loose }) {
  const query = { loose, exact, phrases };
  const data = core.asQuoted(found, exact, phrases);
  const excerpt = excerptHtml(core, data.excerpt, typed, exact);
  const sections = core.sections(data).map((section, index) => {
    const { html, terms } = excerptHtml(core, section.excerpt, typed, exact);
    return { location: core.resultAddress(section.url, query, terms), title: escapeText(section.title), text: html,
             score: index < SECTIONS ? 1 : 0, terms };
  });
  // The page's own entry marks every word its sections matched too.
  const terms = Object.assign({}, excerpt.terms, ...sections.map((section) => section.terms));
  return [{ location: core.resultAddress(data.url, query, terms), title: escapeText(data.meta.title || data.url),
            text: excerpt.html, score: 1, terms },
          ...sections];
}

/* The answer to a query, or null once a newer query has replaced it. Results are read SHOWN at a
 * time, in parallel; with a quoted word, batches follow until SHOWN contain it or CHECKED were read. */
async function answer(query, asked) {
  // Material sends the box's query as a page opens, empty unless the address holds one: nothing to load.
  if (!String(query).replace(/"/g, " ").trim()) return { items: [] };
  const core = await import(CORE);
  const parsed = core.parse(query);
  const { text, exact, phrases } = parsed;
  if (!text) return { items: [] };
  const module = await core.load(SITE);
  let found = await module.search(text);
  if (!found || asked !== latest) return null;
  // A typed word no page has, for which Pagefind found a shorter word instead: nothing found.
  if ((await core.missing(module, text, found)).length) {
    return asked === latest ? { items: [] } : null;
  }
  found = await core.byTreatment(module, text, found);
  if (asked !== latest) return null;
  const items = [];
  const typed = core.words(text);
  const candidates = found.results.slice(0, exact.length ? CHECKED : SHOWN);
  for (let start = 0; start < candidates.length && items.length < SHOWN; start += SHOWN) {
    const batch = await Promise.all(candidates.slice(start, start + SHOWN).map((result) => result.data()));
    if (asked !== latest) return null;
    for (const data of batch) {
      if (items.length < SHOWN && (!exact.length || core.containsExactly(data.content, exact, phrases))) {
        items.push(resultItem(core, data, { ...parsed, typed }));
      }
    }
  }
  return { items };
}

self.addEventListener("message", async (event) => {
  const message = event.data || {};
  if (message.type === SETUP) {
    self.postMessage({ type: READY });
  } else if (message.type === QUERY) {
    const asked = ++latest;
    await new Promise((resolve) => setTimeout(resolve, PAUSE));
    if (asked !== latest) return;
    try {
      const data = await answer(message.data, asked);
      if (data && asked === latest) self.postMessage({ type: RESULT, data });
    } catch (error) {
      console.error("search-worker.js: cannot search the index", error);
      if (asked === latest) self.postMessage({ type: RESULT, data: { items: [] } });
    }
  }
});
