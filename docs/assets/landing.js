// Where a link lands. The stylesheet marks the element a link points to
// through :target ("Where a link lands" in site.css). Material's instant
// navigation reaches another page's #fragment with history.pushState, which
// moves the address and the scroll position but never the browser's :target,
// so a claim reached from /compare/ would land unmarked. Re-entering the same
// address with location.replace is a fragment navigation: the browser sets
// :target and scrolls to it, with no reload and no new history entry.
(() => {
  "use strict";

  const land = () => {
    if (location.hash.length < 2) return;
    let id;
    try {
      id = decodeURIComponent(location.hash.slice(1));
    } catch (error) {
      return; // a malformed fragment names nothing on this page
    }
    const target = document.getElementById(id);
    if (target && !target.matches(":target")) location.replace(location.href);
  };

  // document$ replays the first page to each subscriber: the browser marks
  // that one itself (once it is laid out, which may be after this runs), so
  // only the pages instant navigation brings are followed.
  let first = true;
  const follow = () => {
    if (first) first = false;
    else land();
  };
  // On a first load this deferred script runs before Material's deferred
  // bundle, which defines document$: wait for DOMContentLoaded, after both.
  const start = () => window.document$ && window.document$.subscribe(follow);
  if (window.document$ || document.readyState === "complete") start();
  else document.addEventListener("DOMContentLoaded", start, { once: true });
})();
