// The words a search result was found by, marked on the page it opens.
//
// A result's link gives them in its address's `h` (search-core.js
// `marksFor`: the header's box and the search page write it alike). Each is
// marked in the page's content with <mark data-searched>: a word typed
// wherever a word of the page starts with it ("spasm" in "spasms", as the
// search found both), a quoted word only as typed, and a quoted phrase only
// where its words stand together within a sentence, as the search found it
// ("trigger-point" is "trigger point"; "… adjunct. Rehab …" is no "adjunct
// rehab"). Material's own marking (search.highlight) marked a phrase's words
// wherever each stood, "Spasm" inside "Spasms" for a quoted "spasm", and
// goes with Material: this marking needs only the page and search-core.js,
// loaded when an address has `h`.
//
// A page opened at its top could hold its first match thousands of pixels
// below, with nothing to say where: once marked, the first mark is brought
// into view, unless the address names a place of its own (a section's
// #anchor, which the browser scrolls to) or the reader has scrolled meanwhile.
(() => {
  "use strict";

  const CORE = new URL("search-core.js", document.currentScript.src).href;
  // The page's content, as the theme wraps it (the element the search index reads: perspectives/search.py).
  const CONTENT = "article.md-content__inner";
  // Text marked in the block it stands in: a phrase is looked for within one, never across two.
  const BLOCKS = "p, li, dt, dd, h1, h2, h3, h4, h5, h6, th, td, caption, figcaption, summary, blockquote, pre, div, " +
    "section, article";
  // Text that is no reader's words: the permalink after a heading (¶), icons, anything hidden, marks made.
  const SKIPPED = "script, style, svg, mark, .headerlink, [hidden], [aria-hidden='true']";

  // Each block's text nodes in order, with where each starts in the block's text. Text skipped stands in
  // it as a space, so that the words on either side stay two.
  const runs = (content) => {
    const found = new Map();
    const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const parent = node.parentElement;
      if (!parent) continue;
      const block = parent.closest(BLOCKS) || content;
      if (!found.has(block)) found.set(block, { text: "", nodes: [] });
      const run = found.get(block);
      if (parent.closest(SKIPPED)) {
        run.text += " ";
        continue;
      }
      run.nodes.push({ node, start: run.text.length });
      run.text += node.data;
    }
    return [...found.values()];
  };

  // Wrap [start, end) of a run's text in marks, a piece per text node it spans; from the last range of
  // each node to its first, so that splitting a node leaves the offsets before it as they were.
  const wrap = (run, ranges) => {
    for (const { node, start } of run.nodes) {
      const end = start + node.data.length;
      const inside = ranges.filter(([from, to]) => from < end && to > start).reverse();
      for (const [from, to] of inside) {
        const piece = node.splitText(Math.max(from - start, 0));
        piece.splitText(Math.min(to, end) - Math.max(from, start));
        const mark = document.createElement("mark");
        mark.dataset.searched = "";
        piece.replaceWith(mark);
        mark.append(piece);
      }
    }
  };

  // The first mark shown (one in a part of the page not shown, such as a view of /compare/ not chosen, has no box).
  const showFirst = (content) => {
    const mark = [...content.querySelectorAll("mark[data-searched]")].find((each) => each.getClientRects().length);
    if (!mark || location.hash.length > 1 || window.scrollY !== 0) return;
    const box = mark.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) mark.scrollIntoView({ block: "center" });
  };

  const markPage = async () => {
    const given = new URLSearchParams(location.search).get("h");
    const content = document.querySelector(CONTENT);
    if (!given || !content || content.querySelector("mark[data-searched]")) return;
    let core;
    try {
      core = await import(CORE);
    } catch (error) {
      return; // offline for a moment: the page reads as it is, unmarked
    }
    // Instant navigation has brought another page meanwhile, or the page was marked meanwhile (document$
    // can set the same page twice): marking it again would read its marked words as none.
    if (!content.isConnected || content.querySelector("mark[data-searched]")) return;
    const wanted = core.toMark(given);
    for (const run of runs(content)) {
      const ranges = core.markRanges(run.text, wanted);
      if (ranges.length) wrap(run, ranges);
    }
    showFirst(content);
  };

  // Material's instant navigation sets each page it brings through document$, which replays the first
  // page to each subscriber; a page without Material's scripts is marked once it is parsed. On a first
  // load this deferred script runs before Material's deferred bundle, which defines document$: wait for
  // DOMContentLoaded, after both.
  const start = () => (window.document$ ? window.document$.subscribe(markPage) : markPage());
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
})();
