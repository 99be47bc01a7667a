/* The search box's answers, from the site's Pagefind index (scripts/perspectives/search.py).
 *
 * Material's search box starts the worker named in __config.search and
 * talks to it in four messages: SETUP (its own index: here only its
 * configuration, which is ignored), READY, QUERY (what the reader typed) and
 * RESULT (what to list). overrides/main.html names this file instead of
 * Material's lunr worker, so the box, its keyboard shortcuts, its layout on a
 * phone and in dark mode, and the marking of the words on the page a result
 * opens (`search.highlight`) stay Material's, while the index is Pagefind's:
 * it fetches only the chunks a query needs. This file is the only one that
 * knows both; a theme after Material keeps the index and replaces this file.
 *
 * - Nothing is fetched until the reader types: Pagefind loads on the first
 *   query (its script, its WebAssembly, the chunks of the typed words), and
 *   a query is searched once the reader pauses, not at every keystroke.
 * - Word forms are Pagefind's: it stems English words, so "relaxers" finds
 *   "relaxants", "spasms" finds "spasm". A word in quotation marks is
 *   searched as typed: a result must contain it exactly (among the best
 *   CHECKED results; "muscle spasm" in quotes asks for both words, not
 *   for the phrase).
 * - Each result is a page with its best sections (a claim, a treatment);
 *   only the results listed are fetched: SHOWN of them.
 * - Material sets the titles and texts of a RESULT as HTML. Everything from
 *   the index is escaped here, letter by letter, except Pagefind's <mark>
 *   around a matched word.
 *
 * Runs in a worker: it never touches the page.
 */
"use strict";

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;

// This file is <site>/assets/search-worker.js: the index is <site>/pagefind/.
const SITE = new URL("../", self.location.href);
const PAGEFIND = new URL("pagefind/pagefind.js", SITE).href;

const SHOWN = 10;          // results listed (and fetched) per query: as many as Material shows at once
const SECTIONS = 2;        // a result's sections shown; the rest fold under "n more on this page"
const CHECKED = 200;       // results read, at most, to find SHOWN that contain a quoted word exactly
const EXCERPT_WORDS = 30;
// Material sends a query at every keystroke: a query waits this long for the next before it is searched,
// so that typing "relaxers" fetches the results of "relaxers", not of "r", "re", "rel" and so on.
const PAUSE = 150;  // ms

/* How Pagefind ranks, set against its defaults where they put the wrong page first
 * (tests/test_browser.py's cases, measured): a match in a page's title adds
 * nothing beyond its heading's weight (default 5: "Prolotherapy", the title
 * of the treatment's page, outranked the article that recommends it), and a
 * long page is favoured less (default 0.75: an article's page is long
 * because it holds the whole argument with its quotations). */
const RANKING = { metaWeights: { title: 0 }, pageLength: 0.3 };

let pagefind = null;       // the loaded module, once the reader has typed
let latest = 0;            // the newest query: an answer to an older one is dropped

function load() {
  if (!pagefind) {
    pagefind = import(PAGEFIND).then(async (module) => {
      await module.options({ baseUrl: SITE.pathname, excerptLength: EXCERPT_WORDS, ranking: RANKING });
      return module;
    }, (error) => {
      pagefind = null;  // offline for a moment: the next query tries again (the worker outlives pages)
      throw error;
    });
  }
  return pagefind;
}

/* Text for HTML: every character that could start markup or an entity. */
function escapeText(text) {
  return String(text).replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/* Pagefind's excerpt, read once: as safe HTML, and the words it marked.
 * Pagefind escapes < and > in the page's text (not &) and wraps matched
 * words in <mark>…</mark>: each piece between the marks is taken back to
 * plain text and escaped whole. The marked words go to Material, which marks
 * them on the page a result opens (a typed "relaxers" marks "relaxants"). */
function readExcerpt(excerpt) {
  const terms = {};
  let open = false;
  const parts = String(excerpt).split(/(<mark>|<\/mark>)/).map((part) => {
    if (part === "<mark>" && !open) return (open = true), "<mark>";
    if (part === "</mark>" && open) return (open = false), "</mark>";
    const text = part.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
    if (open) {
      const bare = text.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "").toLowerCase();
      if (bare) terms[bare] = true;
    }
    return escapeText(text);
  });
  return { html: `<p>${parts.join("")}${open ? "</mark>" : ""}</p>`, terms };
}

/* The words of a text as compared for quoted words: lower case, a curly apostrophe as a straight one
 * (the pages say don’t, a reader types don't). */
function words(text) {
  return String(text).toLowerCase().replace(/’/g, "'").match(/[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu) || [];
}

/* What the reader typed: the words to search, and those in closed quotation marks, which a page must
 * contain as typed (each word; not as a phrase). A quotation mark still open is not yet a quote. */
function parse(query) {
  const exact = [];
  const text = String(query).replace(/"([^"]*)"/g, (_, quoted) => {
    exact.push(...words(quoted));
    return ` ${quoted} `;
  }).replace(/"/g, " ");
  return { text: text.trim(), exact };
}

function containsExactly(content, wanted) {
  const found = new Set(words(content));
  return wanted.every((word) => found.has(word));
}

/* One result as Material lists it: the page first, then its sections. */
function resultItem(data) {
  const excerpt = readExcerpt(data.excerpt);
  const sections = data.sub_results.filter((section) => section.url !== data.url &&
    !(section.anchor && section.anchor.element === "h1")).map((section, index) => {
    const { html, terms } = readExcerpt(section.excerpt);
    return { location: section.url, title: escapeText(section.title), text: html,
             score: index < SECTIONS ? 1 : 0, terms };
  });
  // The page's own entry marks every word its sections matched too.
  const terms = Object.assign({}, excerpt.terms, ...sections.map((section) => section.terms));
  return [{ location: data.url, title: escapeText(data.meta.title || data.url), text: excerpt.html, score: 1, terms },
          ...sections];
}

/* The answer to a query, or null once a newer query has replaced it. Results are read SHOWN at a
 * time, in parallel; with a quoted word, batches follow until SHOWN contain it or CHECKED were read. */
async function answer(query, asked) {
  const { text, exact } = parse(query);
  if (!text) return { items: [] };
  const module = await load();
  const found = await module.search(text);
  if (!found || asked !== latest) return null;
  const items = [];
  const candidates = found.results.slice(0, exact.length ? CHECKED : SHOWN);
  for (let start = 0; start < candidates.length && items.length < SHOWN; start += SHOWN) {
    const batch = await Promise.all(candidates.slice(start, start + SHOWN).map((result) => result.data()));
    if (asked !== latest) return null;
    for (const data of batch) {
      if (items.length < SHOWN && (!exact.length || containsExactly(data.content, exact))) {
        items.push(resultItem(data));
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
