/* What the header's search box (search-worker.js) and the search page (search-page.js) share: loading
 * the site's Pagefind index with our ranking, reading what a reader typed, and reading Pagefind's
 * excerpts. An ES module, imported by both when a reader first searches; it never touches a page.
 */

export const EXCERPT_WORDS = 30;

/* How Pagefind ranks, set against its defaults where they put the wrong page first
 * (tests/test_browser.py's cases, measured): a match in a page's title adds
 * nothing beyond its heading's weight (default 5: "Prolotherapy", the title
 * of the treatment's page, outranked the article that recommends it), and a
 * long page is favoured less (default 0.75: an article's page is long
 * because it holds the whole argument with its quotations). A match in the
 * meta field VOCABULARY, which only the page of an index part's words has
 * (perspectives.search.VOCABULARY_META), adds nothing: that page scores 0. */
const VOCABULARY = "vocabulary";
const RANKING = { metaWeights: { title: 0, [VOCABULARY]: 0 }, pageLength: 0.3 };

const loaded = new Map();  // site root -> the index's promise

/* The indexes merged with the site's first (a site of many pages is indexed in parts,
 * scripts/perspectives/search.py): their folders, listed in the bundle's parts.json. A bundle
 * Pagefind wrote alone has no such list, and is the whole index. */
async function merged(bundle) {
  // Asked of the server each time (Pagefind's own entry file is too): a new build may have other parts.
  const response = await fetch(new URL("parts.json", bundle), { cache: "no-cache" });
  if (response.status === 404) return [];
  if (!response.ok) throw new Error(`cannot read the search index's parts (${response.status})`);
  const listed = await response.json();
  return Array.isArray(listed) ? listed.map((part) => new URL(String(part), bundle).pathname) : [];
}

/* The site's index as the search box and the search page search it: Pagefind's, with the indexes of
 * the site's other parts merged in. Each part of an index in parts holds a page of every word of the
 * site, weighed 0 (scripts/perspectives/search.py, VOCABULARY), so that a part without a word the site
 * has answers with that page alone, never with a shorter word it has: a search with words lists the
 * pages that score above 0 (no page's own words weigh 0: `search: boost` must be above 0, and every
 * meta field but the vocabulary's and the title keeps its weight). A search by filters alone finds no
 * such page (it has no filter). */
class SiteIndex {
  constructor(pagefind, treatments = {}) {
    this.pagefind = pagefind;
    this.treatments = treatments;  // each treatment's name, by id (byTreatment)
  }

  preload(text, options = {}) {
    return this.pagefind.preload(text, options);
  }

  async search(text, options = {}) {
    const found = await this.pagefind.search(text, options);
    if (!text || !found) return found;
    return { ...found, results: found.results.filter((result) => result.score > 0) };
  }
}

/* The treatments' names by id, which the render stage writes beside the search page
 * (perspectives/search.py `treatment_names`); none where the file cannot be read: search then ranks as
 * Pagefind does. */
async function names(root) {
  try {
    const response = await fetch(new URL("search/treatments.json", root), { cache: "no-cache" });
    const read = response.ok ? await response.json() : {};
    return read && typeof read.treatments === "object" && read.treatments ? read.treatments : {};
  } catch (error) {
    return {};
  }
}

/* The site's index (a SiteIndex) at `site` (a URL ending in /), loaded once: Pagefind's script, then
 * its WebAssembly and the chunks each search needs, with the indexes of the site's other parts merged
 * in (their metadata and chunks; the WebAssembly is the first's). A failed load is forgotten, so that a
 * reader offline for a moment can try again. */
export function load(site) {
  const root = new URL(site).href;
  if (!loaded.has(root)) {
    const bundle = new URL("pagefind/", root);
    const loading = Promise.all([import(new URL("pagefind.js", bundle).href), merged(bundle), names(root)]);
    loaded.set(root, loading.then(async ([pagefind, parts, treatments]) => {
      const options = { baseUrl: new URL(root).pathname, excerptLength: EXCERPT_WORDS, ranking: RANKING };
      await pagefind.options(options);
      await Promise.all(parts.map((part) => pagefind.mergeIndex(part, options)));
      return new SiteIndex(pagefind, treatments);
    }).catch((error) => {
      loaded.delete(root);
      throw error;
    }));
  }
  return loaded.get(root);
}

/* The words of a text as compared for quoted words: lower case, a curly apostrophe as a straight one
 * (the pages say don’t, a reader types don't), accented letters composed alike (é typed as e and an
 * accent is é). */
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*/gu;
const asCompared = (word) => word.normalize("NFC").toLowerCase().replace(/’/g, "'");
export function words(text) {
  return (String(text).match(WORD) || []).map(asCompared);
}

/* What the reader typed: the words to search; those in closed quotation marks (`exact`), which a page must
 * contain as typed; of those, the quotes of two words or more (`phrases`, each its words), which it must
 * contain in that order, next to each other; each quote as typed (`quotes`), to say what was searched; and
 * the words typed outside quotation marks (`loose`).
 * A quotation mark still open is not yet a quote. A phrase's words are searched as words: "trigger-point"
 * finds what "trigger point" finds (`words` reads both as the same two words). */
export function parse(query) {
  const exact = [];
  const phrases = [];
  const quotes = [];
  // A phone's keyboard types curly quotation marks (“…”): they quote as the straight one does.
  const straight = String(query).replace(/[“”„‟]/g, '"');
  const text = straight.replace(/"([^"]*)"/g, (_, quoted) => {
    const said = words(quoted);
    exact.push(...said);
    if (said.length > 1) phrases.push(said);
    if (said.length) quotes.push(quoted.trim().replace(/\s+/g, " "));
    return ` ${said.join(" ")} `;
  }).replace(/"/g, " ");
  // The words typed outside quotation marks (`point "trigger point"` has "point" alone too).
  const loose = words(straight.replace(/"[^"]*"/g, " "));
  return { text: text.trim(), exact, phrases, quotes, loose };
}

/* A text's words as a phrase is looked for in them (`phraseWords`): each word of each of its pieces
 * between white space (`at`: the piece's number, as Pagefind counts a page's words), and after a piece that
 * ends a sentence or a block (Pagefind ends each block with a full stop) a break no phrase spans. */
const END = String.raw`[.!?:;]["”’)\]]*`;  // a sentence's last mark, and a quotation or bracket it closes
const ENDS = new RegExp(`${END}$`, "u");
function phraseWords(pieces) {
  const list = [];
  pieces.forEach((piece, at) => {
    for (const word of words(piece)) list.push({ word, at });
    if (ENDS.test(piece)) list.push({ word: null, at });
  });
  return list;
}

/* Where `phrase` (words) starts in `list` (phraseWords), each place. */
function occurrences(list, phrase) {
  const starts = [];
  for (let at = 0; at + phrase.length <= list.length; at += 1) {
    if (phrase.every((word, offset) => list[at + offset].word === word)) starts.push(at);
  }
  return starts;
}

const pieces = (text) => String(text).split(/[\r\n\s]+/g);

export function containsExactly(content, wanted, phrases = []) {
  const found = new Set(words(content));
  const list = phrases.length ? phraseWords(pieces(content)) : [];
  return wanted.every((word) => found.has(word)) && phrases.every((phrase) => occurrences(list, phrase).length > 0);
}

/* A word with what stands around it: the punctuation before it, the word (letters, with their combining
 * marks, and digits), the punctuation after it. */
const AROUND = /^([^\p{L}\p{M}\p{N}]*)(.*?)([^\p{L}\p{M}\p{N}]*)$/su;

/* A word as compared with what a reader typed: lower case, a curly apostrophe as a straight one, without
 * the punctuation around it. */
const bare = (word) => word.match(AROUND)[2].toLowerCase().replace(/’/g, "'");

/* Typed words that no page has. Pagefind, when no word of its index starts with a typed word, searches
 * instead for the longest word of its index that the typed word starts with, however short: "heat"
 * finds "he", and at thousands of articles every page has "he". Such a stand-in shows in the first
 * result of the words searched without filters (`found`) as a word it matched of at most
 * STAND_IN letters that the typed word (two or more letters longer) starts with, that is no typed word's
 * own form (a typed "he" finds "he"), while nothing it matched is the typed word or a longer form of it.
 * A word whose stem is that short matches the same way ("going", stem "go"; "it's", stem "it"), so the
 * two are told apart by the words each matches across all its pages: a stem matches the words that
 * begin with it, as the short word does when typed itself; a stand-in matches only that very word, so
 * fewer (the short word typed matches "help" too, where "heat" matched only "he"). A longer stand-in
 * is the typed word's own start ("backache" finds "back") and stays.
 * Pagefind counts a page's words as its excerpts do (`contentWords`): its `locations` index them.
 * A typed word that no word of the index starts with, nor is there a shorter one it starts with, Pagefind
 * leaves out of the search: alone it finds nothing, beside others it is dropped ("ice pack" listed the
 * pages with "ice", though none has "pack"). Each such word is missing too. */
const STAND_IN = 2;
/* A page's words as Pagefind counts them (its excerpts and `locations`): its text split at white space. */
const contentWords = (data) => pieces(data.content);
const matches = (found) => found.results.reduce((sum, result) => sum + result.words.length, 0);

export async function missing(pagefind, text, found) {
  const typed = words(text);
  const absent = [];
  if (typed.length > 1 || !found.results.length) {
    for (const word of new Set(typed)) {
      if (!(await pagefind.search(word)).results.length) absent.push(word);
    }
  }
  if (absent.length || !found.results.length) return absent;
  const first = await found.results[0].data();
  const pageWords = contentWords(first);
  const matched = [...new Set(first.locations.map((at) => bare(pageWords[at] || "")))].filter(Boolean);
  for (const word of typed) {
    if (matched.some((match) => match.startsWith(word))) continue;
    const standIn = matched.find((match) => match.length <= STAND_IN && word.length >= match.length + 2 &&
      word.startsWith(match) && !typed.some((other) => match.startsWith(other)));
    if (!standIn) continue;
    if (matches(await pagefind.search(word)) < matches(await pagefind.search(standIn))) absent.push(word);
  }
  return absent;
}

/* A word joined to others without a space (a hyphenated id, a web address): Pagefind matches it by one of
 * its parts ("spasm" in "…/know-about-neck-and-back-spasm") and marks it whole. Its parts, and what joins
 * them, as pieces; each part like a word typed (`typed`, as `words` reads them) marked: the same word, or
 * one sharing its first LIKE letters with it ("relaxants" for "relaxers", "spasming" for "spasm"). The
 * rest are not words the reader searched: the page a result opens marks every word it is given ("to",
 * "and", "about" wherever they are). */
const LIKE = 4;
const PARTS = /([\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*)/u;
const shared = (a, b) => {
  let length = 0;
  while (length < a.length && a[length] === b[length]) length += 1;
  return length;
};
const like = (part, typed) => typed.some((word) => part === word || shared(part, word) >= LIKE);

/* Pagefind's excerpt as plain-text pieces, each marked or not, and the words it marked. Pagefind
 * escapes < and > in the page's text (not &) and wraps matched words in <mark>…</mark>: the pieces
 * between the marks are taken back to plain text, for whoever shows them to set as text. The marked
 * words are what the page a result opens marks (a typed "relaxers" marks "relaxants"); of a word joined
 * to others, the parts like a word typed (`typed`: `words` of what was typed), or none. */
export function readExcerpt(excerpt, typed = [], exact = []) {
  // A word in quotation marks is wanted as typed: a form of it (“relax” for a quoted “relaxants”) is no
  // match, unless it is a form of a word searched unquoted too.
  const unquoted = typed.filter((word) => !exact.includes(word));
  const wanted = (word) => !exact.length || typed.includes(word) || like(word, unquoted);
  const terms = {};
  let open = false;
  const pieces = [];
  for (const part of String(excerpt).split(/(<mark>|<\/mark>)/)) {
    if (part === "<mark>" && !open) open = true;
    else if (part === "</mark>" && open) open = false;
    else {
      const text = part.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
      if (!text) continue;
      if (!open) {
        pieces.push({ text, marked: false });
        continue;
      }
      // Pagefind marks a word as the page spells it, punctuation and all ("(psoas", "relax;"): only its
      // letters and digits are marked, the rest stays beside them.
      const [, before, word, after] = text.match(AROUND);
      if (before) pieces.push({ text: before, marked: false });
      // A word joined to others comes in its parts and what joins them (PARTS), each part marked if like a
      // word typed; one none of whose parts is like one stays marked whole, as Pagefind found it, and is
      // given to no page: its parts are not what was searched.
      const joined = word.split(PARTS).filter(Boolean).map((piece) => ({
        text: piece, marked: PARTS.test(piece) && like(bare(piece), typed) && wanted(bare(piece)) }));
      if (joined.length > 1 && joined.some((piece) => piece.marked)) {
        pieces.push(...joined);
        for (const piece of joined) if (piece.marked) terms[bare(piece.text)] = true;
      } else if (word && !wanted(bare(word))) {
        pieces.push({ text: word, marked: false });
      } else if (word) {
        pieces.push({ text: word, marked: true });
        if (joined.length === 1) terms[bare(word)] = true;
      }
      if (after) pieces.push({ text: after, marked: false });
    }
  }
  return { pieces, terms };
}

/* Pagefind ranks by the words alone, each in all its forms: "stretching" put first an article that only
 * explains the stretch reflex, "relaxants" one that says "relax", "rest" one with "the rest of", each above
 * the pages about the treatment. Where the words typed name a treatment (`naming`), the pages about it
 * come first, in Pagefind's order: its own page and the articles that mention it (the filter
 * `treatment-<id>` they carry, perspectives/search.py `mentions`); then the others, in Pagefind's order. Which pages carry the filter is a search by it, which
 * fetches its chunk: one that has not come within WAIT ms holds no result up, which are then listed in
 * Pagefind's order. */
const WAIT = 1000;

/* Whether the words typed name a treatment: each is like a word of its name (the same, or sharing its
 * first LIKE letters), and they say its name whole, or its last word, which a name is about ("relaxants"
 * for "Muscle relaxants", not "muscle", which any page says), or all but one of a name of three words or
 * more ("trigger point" for "Trigger-point injections"). */
function naming(typed, name) {
  const parts = words(name);
  const said = parts.filter((part) => like(part, typed));
  return typed.length > 0 && typed.every((word) => like(word, parts)) && (said.length === parts.length ||
    said.includes(parts[parts.length - 1]) || (parts.length >= 3 && said.length >= parts.length - 1));
}

export async function byTreatment(index, text, found) {
  const typed = words(text);
  const named = Object.entries(index.treatments || {}).filter(([, name]) => naming(typed, name))
    .map(([id]) => `treatment-${id}`);
  if (!named.length || found.results.length < 2) return found;
  const searches = Promise.all(named.map((key) => index.search(text, { filters: { [key]: "yes" } })));
  const about = await Promise.race([searches, new Promise((resolve) => setTimeout(resolve, WAIT, null))]);
  if (!about) return found;
  const ids = new Set(about.flatMap((search) => search.results.map((result) => result.id)));
  return { ...found, results: [...found.results.filter((result) => ids.has(result.id)),
                              ...found.results.filter((result) => !ids.has(result.id))] };
}

/* The words quoted alone (`exact` in no quoted phrase: parse), each once. */
function quotedAlone(exact, phrases) {
  const inPhrases = new Set(phrases.flat());
  return [...new Set(exact.filter((word) => !inPhrases.has(word)))];
}

/* A result as the reader asked for it when some words are in quotation marks (`exact`, `phrases`: parse):
 * Pagefind finds every form of each word, wherever it stands, and shows the page's words around the first
 * of them, which may be a form the reader did not want (“relax” for a quoted “relaxants”) or a quoted
 * phrase's word alone (“point” in “side point” for “trigger point”). Its excerpt is moved to the first place
 * the page has a quoted word as typed (a phrase's, in the phrase), and a section with none is not listed.
 * Without quoted words, the result as Pagefind gave it. `locations` index the page's words (`contentWords`),
 * a section's too. */
export function asQuoted(data, exact, phrases = []) {
  if (!exact.length) return data;
  const pageWords = contentWords(data);
  // A word of a quoted phrase, and of no word quoted alone, counts only where the phrase stands whole: the
  // page's words that hold it (a word as the page spells it may hold several: "trigger-point").
  const inPhrases = new Set(phrases.flat());
  const alone = new Set(quotedAlone(exact, phrases));
  const list = phrases.length ? phraseWords(pageWords) : [];
  const inPhrase = new Set(phrases.flatMap((phrase) => occurrences(list, phrase)
    .flatMap((start) => list.slice(start, start + phrase.length).map(({ at }) => at))));
  const quoted = (at) => inPhrase.has(at) || alone.has(bare(pageWords[at] || ""));
  // Marked: each place the phrase stands (Pagefind, given "trigger-point", matched neither word), and every
  // other word Pagefind found but a phrase's word ("28-day" for "28 day program") away from the phrase.
  const shown = (locations) => [...inPhrase, ...locations.filter((at) =>
    !words(pageWords[at] || "").some((word) => inPhrases.has(word)))];
  const moved = (locations, excerpt) => {
    const first = (locations || []).find(quoted);
    return first === undefined ? excerpt : around(pageWords, first, shown(locations));
  };
  return {
    ...data,
    excerpt: moved(data.locations, data.excerpt),
    sub_results: data.sub_results.filter((section) => (section.locations || []).some(quoted))
      .map((section) => ({ ...section, excerpt: moved(section.locations, section.excerpt) })),
  };
}

/* EXCERPT_WORDS of a page's words around the one at `at`, as Pagefind writes an excerpt: < and > escaped,
 * the words at `locations` in <mark>. */
function around(pageWords, at, locations) {
  const start = Math.max(0, Math.min(at - Math.floor(EXCERPT_WORDS / 2), pageWords.length - EXCERPT_WORDS));
  const matched = new Set(locations);
  return pageWords.slice(start, start + EXCERPT_WORDS).map((word, index) => {
    const text = word.replace(/</g, "&lt;").replace(/>/g, "&gt;");
    return matched.has(start + index) ? `<mark>${text}</mark>` : text;
  }).join(" ");
}

/* A result's sections worth listing under it, best first: not the page itself, nor its title. */
export function sections(data) {
  return data.sub_results.filter((section) => section.url !== data.url &&
    !(section.anchor && section.anchor.element === "h1"));
}

/* The words a result was found by, as the page it opens is given them to mark (its address's `h`, which
 * search-marks.js reads with `toMark`): each word typed, and each form of them its excerpts matched
 * (`terms`: "relaxants" for "relaxers"); when some words were quoted, only what was typed, and each quote
 * in its quotation marks ("trigger point" in quotes is marked where the two words stand together, not
 * apart). `loose`, `exact`, `phrases`: what was typed, as `parse` reads it. */
export function marksFor({ loose = [], exact = [], phrases = [] }, terms = {}) {
  const given = [...new Set([...loose, ...(exact.length ? [] : Object.keys(terms))])];
  const quoted = [...quotedAlone(exact, phrases).map((word) => [word]), ...phrases].map((said) => `"${said.join(" ")}"`);
  return [...given, ...new Set(quoted)].join(" ");
}

const GIVEN = 500;
const PREFIX = 4;

/* A result's address (Pagefind's `url`, with any #section) as a link to it gives it, with the words it was
 * found by (marksFor) in `h`: a path, for the header's box and the search page alike. */
export function resultAddress(url, query, terms = {}) {
  const target = new URL(url, globalThis.location.href);
  const given = marksFor(query, terms);
  if (given) target.searchParams.set("h", given);
  return target.pathname + target.search + target.hash;
}

/* What a page opened from a result marks, from its `h` (marksFor): the words typed outside quotation
 * marks, each where a word of the page is it or, of PREFIX letters or more, starts with it (`loose`:
 * "spasm" marks "spasms" too, as Pagefind found both; "a" marks no "and"), the quoted words only as typed
 * (`exact`), and the quoted phrases only where their words stand together. */
export function toMark(given) {
  // An address can be written by anyone: a search's words fit in GIVEN characters (cut at a space, so that
  // no word is cut short), and a page is never held up by thousands of words to look for.
  let said = String(given);
  if (said.length > GIVEN) said = said.slice(0, GIVEN).replace(/\S*$/u, "");
  const { exact, phrases, loose } = parse(said);
  return { loose: [...new Set(loose)], exact: quotedAlone(exact, phrases), phrases };
}

/* Between two words, what ends a sentence: a phrase is never marked across it, as it is never found across
 * it (ENDS: the end of a sentence or a block, before white space; "node.js" and "3:30" hold no end). */
const BREAK = new RegExp(String.raw`${END}\s`, "u");

/* What in `text` (one block of a page: a paragraph, a heading, an item) is what `wanted` (toMark) asks for:
 * each word or phrase found, [start, end) and the word or quote of `wanted` it is (`said`), in no order. */
export function matchesIn(text, wanted) {
  const tokens = [...String(text).matchAll(WORD)].map((match) => ({
    word: asCompared(match[0]), start: match.index, end: match.index + match[0].length }));
  const found = [];
  for (const { word, start, end } of tokens) {
    const said = wanted.exact.includes(word) ? word : wanted.loose.find((loose) =>
      word === loose || (loose.length >= PREFIX && word.startsWith(loose)));
    if (said !== undefined) found.push({ start, end, said });
  }
  for (const phrase of wanted.phrases) {
    for (let at = 0; at + phrase.length <= tokens.length; at += 1) {
      const stands = phrase.every((word, offset) => tokens[at + offset].word === word &&
        (offset === 0 || !BREAK.test(text.slice(tokens[at + offset - 1].end, tokens[at + offset].start))));
      if (stands) found.push({ start: tokens[at].start, end: tokens[at + phrase.length - 1].end, said: phrase.join(" ") });
    }
  }
  return found;
}

/* Where to mark matches (matchesIn): [start, end) of each, in order, those that overlap made one. */
export function nonOverlapping(found) {
  const ranges = found.map(({ start, end }) => [start, end]);
  ranges.sort((a, b) => a[0] - b[0]);
  const joined = [];
  for (const [start, end] of ranges) {
    const last = joined[joined.length - 1];
    if (last && start < last[1]) last[1] = Math.max(last[1], end);
    else joined.push([start, end]);
  }
  return joined;
}
