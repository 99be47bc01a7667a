/*
 * The page at a renamed article's or treatment's old address
 * (scripts/perspectives/redirects.py) sends the reader to its canonical
 * address. Its <meta http-equiv="refresh"> would drop the anchor of the old
 * link (#claim-…); this runs first and keeps it. An external file: the
 * Content-Security-Policy allows no inline script.
 */
"use strict";
(() => {
  const canonical = document.querySelector('link[rel="canonical"]');
  if (canonical) window.location.replace(canonical.href + window.location.hash);
})();
