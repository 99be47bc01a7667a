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

  // Tab from the box goes to the link, Shift+Tab from the link back to the box. Material's own Tab closes
  // the search and leaves the focus on its results box, by then empty and no taller than a line of nothing:
  // the link was out of a keyboard reader's reach, and the focus out of sight. (Material's arrow keys move
  // among the results, which the link is not one of; its Escape closes the search, as before.) Listened for
  // on the window as it is captured, before Material's own listener.
  window.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const open = document.getElementById("__search");
    const box = document.querySelector(".md-search__input");
    const link = document.querySelector(".md-search a[data-search-all]");
    if (!open || !open.checked || !box || !link || link.getClientRects().length === 0) return;
    // Material sends any other key pressed in the open search to the box: Shift, on its way to Shift+Tab,
    // would take the focus from the link before the Tab came.
    if (event.key === "Shift" && document.activeElement === link) {
      event.stopImmediatePropagation();
      return;
    }
    if (event.key !== "Tab") return;
    const to = !event.shiftKey && document.activeElement === box ? link
      : event.shiftKey && document.activeElement === link ? box : null;
    if (!to) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    to.focus();
  }, true);
})();
