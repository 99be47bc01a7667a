// The words a search result was found by, marked on the page it opens.
//
// A result's link gives them in its address's `h` (search-core.js
// `marksFor`: the header's box and the search page write it alike). Each is
// marked in the page's content with <mark data-searched>: a word typed
// wherever a word of the page is it or, of four letters or more, starts with
// it ("spasm" in "spasms", as the search found both; "a" in no "and"), a
// quoted word only as typed, and a quoted phrase only
// where its words stand together within a sentence, as the search found it
// ("trigger-point" is "trigger point"; "… adjunct. Rehab …" is no "adjunct
// rehab"). Material's own marking (search.highlight) marked a phrase's words
// wherever each stood, "Spasm" inside "Spasms" for a quoted "spasm", and
// goes with Material: this marking needs only the page and search-core.js,
// loaded when an address has `h`.
//
// A page opened at its top could hold its matches thousands of pixels
// below, with nothing to say where: once marked, the first block holding the
// most of the words searched is brought into view, unless the address names a
// place of its own (a section's #anchor, which the browser scrolls to) or the
// reader has scrolled meanwhile.
(() => {
  "use strict";

  const CORE = new URL("search-core.js", document.currentScript.src).href;
  // The page's content, as the theme wraps it (the element the search index reads: perspectives/search.py).
  const CONTENT = "article.md-content__inner";
  // Text that is no reader's words: the permalink after a heading (¶), icons, form controls and their
  // labels (the comparison's choices: matrix.js), marks made.
  const SKIPPED = "script, style, template, svg, mark, .headerlink, button, select, textarea, input, label, " +
    "legend, [data-matrix-controls]";
  // Where the words a page was marked with are kept, on its content: `h` read again and again (Material's
  // document$ can set the same page twice) marks nothing twice, and another `h` on the same page (a search
  // result that opens a section of the page already open) takes the place of the first.
  const MARKED = "searchedFor";

  // An element laid out as a box of its own (a paragraph, an item, a cell, a badge), not within a line of
  // text: words on either side of it are never one word, nor one phrase.
  const boxes = new Map();
  const isBox = (element) => {
    if (!boxes.has(element)) {
      const display = getComputedStyle(element).display;
      boxes.set(element, element.localName === "br" || (display !== "inline" && display !== "contents"));
    }
    return boxes.get(element);
  };

  // The content's text as runs, one for each box that holds text of its own: its text, and each of its text
  // nodes with where it starts there. A box within (a list within an item), a line break and text skipped
  // stand in the run as a space, so that the words on either side stay two.
  const runs = (content) => {
    const found = new Map();
    let breaks = 0;  // boxes entered and text skipped so far: a run's next text after one comes after a space
    const walker = document.createTreeWalker(content, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => {
        if (node.nodeType !== Node.ELEMENT_NODE) return NodeFilter.FILTER_ACCEPT;
        if (node.matches(SKIPPED)) {
          breaks += 1;
          return NodeFilter.FILTER_REJECT;
        }
        if (isBox(node)) breaks += 1;
        return NodeFilter.FILTER_SKIP;
      },
    });
    while (walker.nextNode()) {
      const node = walker.currentNode;
      let box = node.parentElement;
      while (box !== content && !isBox(box)) box = box.parentElement;
      if (!found.has(box)) found.set(box, { text: "", nodes: [], breaks });
      const run = found.get(box);
      if (run.breaks !== breaks) run.text += " ";
      run.breaks = breaks;
      run.nodes.push({ node, start: run.text.length });
      run.text += node.data;
    }
    return [...found.values()];
  };

  // Wrap [start, end) of a run's text in marks, a piece per text node it spans; from the last range of
  // each node to its first, so that splitting a node leaves the offsets before it as they were. The marks
  // made, in the page's order.
  const wrap = (run, ranges) => {
    const made = [];
    for (const { node, start } of run.nodes) {
      const end = start + node.data.length;
      const inside = ranges.filter(([from, to]) => from < end && to > start).reverse();
      const first = made.length;
      for (const [from, to] of inside) {
        const piece = node.splitText(Math.max(from - start, 0));
        piece.splitText(Math.min(to, end) - Math.max(from, start));
        const mark = document.createElement("mark");
        mark.dataset.searched = "";
        piece.replaceWith(mark);
        mark.append(piece);
        made.splice(first, 0, mark);
      }
    }
    return made;
  };

  // The marks of words searched before, taken away: their text back as it was.
  const unmark = (content) => {
    for (const mark of content.querySelectorAll("mark[data-searched]")) {
      const parent = mark.parentNode;
      mark.replaceWith(...mark.childNodes);
      parent.normalize();
    }
  };

  // Where the page is brought to: the first block that holds the most of what was searched (each word typed,
  // or form of it, and each quote: "trigger point" unquoted is better shown where both words stand than at a
  // lone "point" above), at its first mark shown (not one in a part of the page not shown: a view of /compare/
  // not chosen, an answer not opened), once the page's own scripts have laid it out.
  const shown = (mark) => (mark.checkVisibility ? mark.checkVisibility({ visibilityProperty: true })
    : mark.getClientRects().length > 0);
  const showBest = (places) => requestAnimationFrame(() => {
    let best = null;
    for (const { marks, holds } of places) {
      if (best && holds <= best.holds) continue;
      const mark = marks.find(shown);
      if (mark) best = { mark, holds };
    }
    if (!best || location.hash.length > 1 || window.scrollY !== 0) return;
    const box = best.mark.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) best.mark.scrollIntoView({ block: "center" });
  });

  let core = null;
  const markPage = async () => {
    const given = new URLSearchParams(location.search).get("h") || "";
    const content = document.querySelector(CONTENT);
    if (!content || (content.dataset[MARKED] || "") === given) return;
    if (given && !core) {
      try {
        core = await import(CORE);
      } catch (error) {
        return; // offline for a moment: the page reads as it is, unmarked
      }
      // Another page, or these words, marked meanwhile: the call that saw them has marked (or will).
      if (!content.isConnected || (content.dataset[MARKED] || "") === given) return;
    }
    unmark(content);
    content.dataset[MARKED] = given;
    if (!given) return;
    const wanted = core.toMark(given);
    boxes.clear();  // a page set by instant navigation is laid out anew
    const places = [];
    for (const run of runs(content)) {
      const found = core.matchesIn(run.text, wanted);
      if (!found.length) continue;
      places.push({ marks: wrap(run, core.nonOverlapping(found)), holds: new Set(found.map(({ said }) => said)).size });
    }
    showBest(places);
  };

  // A result for the page already open, without a #section, Material leaves be (the address too): the
  // reader who chose it for other words would see the words of the search before still marked. Its
  // address is set once Material has handled the click (which closes the search), and its words marked.
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element && event.target.closest("a.md-search-result__link[href]");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    const url = new URL(link.href);
    if (url.origin !== location.origin || url.pathname !== location.pathname || url.hash ||
        url.search === location.search) return;
    setTimeout(() => {
      if (location.pathname !== url.pathname || location.search === url.search) return;
      history.pushState(history.state, "", url.href);
      markPage();
    });
  }, true);  // before Material's own handling, which may stop the click there

  // Material's instant navigation sets each page it brings through document$ (which replays the first
  // page to each subscriber) and each new address through location$, also where only `h` and the
  // #section change on the page already open; a page without Material's scripts is marked once parsed.
  // Material's bundle defines both when it runs, before or after this deferred script: by DOMContentLoaded
  // it has.
  const start = () => {
    if (window.document$) window.document$.subscribe(markPage);
    else markPage();
    if (window.location$) window.location$.subscribe(markPage);
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
})();
