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

  // On a first load the browser marks the target itself, when the document
  // has loaded: at DOMContentLoaded, the first page Material announces, it has
  // not yet, and re-entering the address then started a second navigation
  // (and popstate, which Material's instant navigation follows), the mark
  // coming and going meanwhile. So the first page is looked at once loaded,
  // every page reached by instant navigation at once.
  let first = true;
  const look = () => {
    if (first && document.readyState !== "complete") window.addEventListener("load", land, { once: true });
    else land();
    first = false;
  };
  // On a first load this deferred script runs before Material's deferred
  // bundle, which defines document$: wait for DOMContentLoaded, after both.
  const start = () => (window.document$ ? window.document$.subscribe(look) : look());
  if (window.document$ || document.readyState === "complete") start();
  else document.addEventListener("DOMContentLoaded", start, { once: true });
})();
