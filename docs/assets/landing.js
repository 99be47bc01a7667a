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

  // Back or Forward to a page instant navigation sets: Material scrolls it to
  // where the reader left it, the offset it keeps as the history entry's
  // state, which the popstate event carries. Marking the #section (land)
  // scrolls to the section instead and empties the entry's state; settle
  // would scroll there for a second more. So a page returned to is marked,
  // then put back where the reader was, and its offset kept. A click starts
  // a navigation of its own (a link, a search result): one returned to
  // earlier without a new page set (a #section of the same page) is over.
  let returned = null;
  window.addEventListener("popstate", (event) => {
    const state = event.state;
    if (state && typeof state.y === "number") returned = { href: location.href, state };
  });
  document.addEventListener("click", () => {
    returned = null;
  }, true);

  // The browser's scroll to the #section (land's, or Material's) is made
  // while the page it set still settles: for the first frames a scroll
  // reaches only part of the way (2,512 px of 4,305, and 1,486 of 3,347 on a
  // slower machine, measured in Chromium), and the page stayed there, the
  // section below the screen. And on a phone, Material's search locks the
  // page's scrolling while it is open (data-md-scrolllock on the body) and
  // releases it a moment after it closes, when a result chosen there has
  // been set already: the scroll did nothing, and the page opened at its
  // top. So once the page can scroll, the section is scrolled to where the
  // browser puts a section linked to; and again, every STEP ms, while the
  // page still moves it, unless the reader scrolls, taps or types meanwhile.
  const STEP = 50; // ms
  const STEPS = 20;
  const settle = () => {
    if (location.hash.length < 2) return;
    const hash = location.hash;
    // The reader who scrolls, taps or presses a key is where they want to be. Told by what they do, not by
    // the page having moved: the browser moves it too, keeping what is on screen in place as the page grows.
    let moved = false;
    const reader = ["wheel", "touchstart", "keydown", "pointerdown"];
    const stay = () => {
      moved = true;
    };
    const step = (steps) => setTimeout(() => {
      const target = named(hash);
      if (!target || moved || location.hash !== hash || steps === 0) {
        for (const type of reader) window.removeEventListener(type, stay);
        return;
      }
      const margin = parseFloat(getComputedStyle(target).scrollMarginTop) || 0;
      if (Math.abs(target.getBoundingClientRect().top - margin) > 1) {
        target.scrollIntoView({ behavior: "instant" });
      }
      step(steps - 1);
    }, STEP);
    const start = () => {
      for (const type of reader) window.addEventListener(type, stay, { passive: true });
      step(STEPS);
    };
    if (!document.body.hasAttribute("data-md-scrolllock")) {
      start();
      return;
    }
    const observer = new MutationObserver(() => {
      if (document.body.hasAttribute("data-md-scrolllock")) return;
      observer.disconnect();
      start();
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
    const back = returned && returned.href === location.href ? returned.state : null;
    returned = null;
    land();
    if (!back) {
      settle();
      return;
    }
    window.scrollTo(back.x || 0, back.y);
    history.replaceState(back, "");
  };
  // On a first load this deferred script runs before Material's deferred
  // bundle, which defines document$: wait for DOMContentLoaded, after both.
  const start = () => window.document$ && window.document$.subscribe(follow);
  if (window.document$ || document.readyState === "complete") start();
  else document.addEventListener("DOMContentLoaded", start, { once: true });
})();
