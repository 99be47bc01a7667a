// Where a link lands. The stylesheet marks the element a link points to
// through :target ("Where a link lands" in site.css). Material's instant
// navigation reaches another page's #fragment with history.pushState, which
// moves the address and the scroll position but never the browser's :target,
// so a claim reached from /compare/ would land unmarked. Re-entering the same
// address with location.replace is a fragment navigation: the browser sets
// :target and scrolls to it, with no reload and no new history entry.
(() => {
  "use strict";

  // The element `hash` (an address's #fragment) names on this page, or null.
  const named = (hash) => {
    if (hash.length < 2) return null;
    try {
      return document.getElementById(decodeURIComponent(hash.slice(1)));
    } catch (error) {
      return null; // a malformed fragment names nothing on this page
    }
  };

  const land = () => {
    const target = named(location.hash);
    if (target && !target.matches(":target")) location.replace(location.href);
  };

  // On a phone, Material's search locks the page's scrolling while it is
  // open (data-md-scrolllock on the body) and releases it a moment after it
  // closes, when a result chosen there has been set already: the browser's
  // scroll to its #section did nothing, and the page opened at its top, the
  // section thousands of pixels below. Once the lock is released, the
  // section is scrolled to where the browser puts a section linked to; and
  // again, every STEP ms, while the page still settles and moves it (for the
  // first frames a scroll reaches only part of the way: 2,512 px of 4,305,
  // measured in Chromium), unless the reader scrolls meanwhile.
  const STEP = 50; // ms
  const STEPS = 20;
  const scrollOnceUnlocked = () => {
    if (location.hash.length < 2 || !document.body.hasAttribute("data-md-scrolllock")) return;
    const hash = location.hash;
    let left = null; // where the last scroll left the page
    const step = (steps) => setTimeout(() => {
      const target = named(hash);
      if (!target || location.hash !== hash || steps === 0 || (left !== null && window.scrollY !== left)) return;
      const margin = parseFloat(getComputedStyle(target).scrollMarginTop) || 0;
      if (Math.abs(target.getBoundingClientRect().top - margin) <= 1) return;
      target.scrollIntoView({ behavior: "instant" });
      left = window.scrollY;
      step(steps - 1);
    }, STEP);
    const observer = new MutationObserver(() => {
      if (document.body.hasAttribute("data-md-scrolllock")) return;
      observer.disconnect();
      step(STEPS);
    });
    observer.observe(document.body, { attributes: true, attributeFilter: ["data-md-scrolllock"] });
  };

  // document$ replays the first page to each subscriber: the browser marks
  // that one itself (once it is laid out, which may be after this runs), so
  // only the pages instant navigation brings are followed.
  let first = true;
  const follow = () => {
    if (first) {
      first = false;
      return;
    }
    land();
    scrollOnceUnlocked();
  };
  // On a first load this deferred script runs before Material's deferred
  // bundle, which defines document$: wait for DOMContentLoaded, after both.
  const start = () => window.document$ && window.document$.subscribe(follow);
  if (window.document$ || document.readyState === "complete") start();
  else document.addEventListener("DOMContentLoaded", start, { once: true });
})();
