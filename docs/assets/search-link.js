// The search box's link to the search page (overrides/partials/search.html): it opens /search/ with the
// words typed in the box, so that the reader finds them there with every result and the filters. The
// address is made from this script's own (absolute): the header outlives instant navigation, and a
// relative link written for the first page would lead elsewhere from a page at another depth.
(() => {
  "use strict";

  const PAGE = new URL("../search/", document.currentScript.src);

  const point = () => {
    const box = document.querySelector(".md-search__input");
    const words = box ? box.value.trim() : "";
    const target = new URL(PAGE);
    if (words) target.searchParams.set("words", words);
    for (const link of document.querySelectorAll("a[data-search-all]")) link.href = target.href;
  };

  document.addEventListener("input", (event) => {
    if (event.target instanceof Element && event.target.matches(".md-search__input")) point();
  });
  point();
})();
