/*
 * Previews for links that carry a title: a claim link's quotation, a
 * source link's note. Not a heading's permanent link (¶): its title says
 * nothing, and on touch it must not take two taps.
 *
 * Why not Material's `content.tooltips`: it copies a link's title into its
 * tooltip with innerHTML, so text that arrived escaped in the attribute is
 * parsed as HTML in the reader's browser (issue 7). Here the title only ever
 * reaches the page through textContent.
 *
 * Behaviour (WCAG 1.4.13, content on hover or focus):
 *   - mouse: shown on hover, stays while the pointer is on the link or on the
 *     preview itself, hidden shortly after it leaves both;
 *   - keyboard: shown on focus, hidden on blur;
 *   - touch: the first tap on a link shows its preview instead of following
 *     it; a second tap follows it; a tap elsewhere closes it;
 *   - Escape closes it, everywhere.
 * The preview is placed below the table cell (or the line) the link is in, or
 * above it when there is no room below (never over the page's or the table's
 * sticky header), or beside a cell too tall for either, so it never covers
 * the reader's cell; a cell as wide and tall as the screen leaves the
 * paragraph the link is in, and only a paragraph as tall the line below the
 * link, kept on the screen.
 * The link's title attribute is moved to data-preview (so the browser does
 * not show a second, native tooltip) and the link is described by the
 * preview while it shows.
 */
(() => {
  "use strict";
  // Loaded where a page uses it (overrides/main.html), and again each time
  // instant navigation reaches such a page: set up once, then follow pages
  // through document$.
  if (window.mspPreview) return;
  window.mspPreview = true;

  const SELECTOR = ".md-content a[title]:not(.headerlink), .md-content a[data-preview]";
  const HIDE_DELAY = 200; // ms: time to move the pointer from the link onto the preview
  let tip = null; // the one preview element
  let owner = null; // the link whose preview shows
  let hideTimer = 0;
  let lastPointer = "mouse";

  function preview() {
    if (tip && tip.isConnected) return tip;
    tip = document.createElement("div");
    tip.id = "msp-preview";
    tip.className = "msp-preview";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    tip.addEventListener("pointerenter", () => clearTimeout(hideTimer));
    tip.addEventListener("pointerleave", (event) => event.pointerType === "mouse" && hideSoon());
    // Inside the page's main landmark, so that everything a reader sees belongs to one.
    (document.querySelector("main") || document.body).append(tip);
    return tip;
  }

  function prepare(root) {
    for (const link of root.querySelectorAll(SELECTOR)) {
      if (link.hasAttribute("title")) {
        link.dataset.preview = link.getAttribute("title");
        link.removeAttribute("title");
      }
    }
  }

  function show(link) {
    clearTimeout(hideTimer);
    const box = preview();
    if (owner && owner !== link) owner.removeAttribute("aria-describedby");
    owner = link;
    const text = document.createElement("span");
    text.textContent = link.dataset.preview;
    box.replaceChildren(text);
    if (lastPointer === "touch") {
      const hint = document.createElement("span");
      hint.className = "msp-preview__hint";
      hint.textContent = "Tap the link again to open it.";
      box.append(hint);
    }
    box.hidden = false;
    link.setAttribute("aria-describedby", box.id);
    place(box, link);
  }

  /**
   * The highest point a preview may reach: below Material's sticky header and
   * below the header row of the table the link is in (which may be sticky too).
   */
  function safeTop(link) {
    const header = document.querySelector(".md-header");
    let top = header ? header.getBoundingClientRect().bottom : 0;
    const head = link.closest("table") ? link.closest("table").tHead : null;
    const cell = head && head.rows[0] ? head.rows[0].cells[0] : null;
    if (cell && cell.getClientRects().length) top = Math.max(top, cell.getBoundingClientRect().bottom);
    return top;
  }

  function place(box, link) {
    const own = link.getBoundingClientRect();
    box.style.left = "0px";
    box.style.top = "0px";
    const size = box.getBoundingClientRect();
    const margin = 8;
    const ceiling = safeTop(link) + margin;
    const floor = window.innerHeight - margin;
    const clampTop = (y) => Math.max(ceiling, Math.min(y, floor - size.height));
    const left = Math.min(Math.max(margin, own.left), window.innerWidth - size.width - margin);
    /* Below the element, above it, or beside it where it is taller than the room around it; null if none. */
    const around = (element) => {
      const area = element.getBoundingClientRect();
      if (area.bottom + margin + size.height <= floor) return { left, top: area.bottom + margin };
      if (area.top - margin - size.height >= ceiling) return { left, top: area.top - margin - size.height };
      if (area.right + margin + size.width <= window.innerWidth - margin) {
        return { left: area.right + margin, top: clampTop(own.top) };
      }
      if (area.left - margin - size.width >= margin) {
        return { left: area.left - margin - size.width, top: clampTop(own.top) };
      }
      return null;
    };
    // The table cell first: a cell saying several things of a treatment holds one per paragraph, and a
    // preview placed below the first would cover the others. A cell too tall for any room around it (on a
    // phone) leaves the paragraph or item the link is in, then the link's own line; failing all, below the
    // link, kept on the screen.
    const cell = link.closest("td, th");
    const line = link.closest("li, p, dd");
    const spot = (cell && around(cell)) || (line && around(line)) || around(link) ||
      { left, top: clampTop(own.bottom + margin) };
    // From window coordinates to those of the box the preview is positioned in.
    const frame = box.offsetParent ? box.offsetParent.getBoundingClientRect() : { left: -window.scrollX, top: -window.scrollY };
    box.style.left = `${Math.max(margin, spot.left) - frame.left}px`;
    box.style.top = `${spot.top - frame.top}px`;
  }

  function hide() {
    clearTimeout(hideTimer);
    if (tip) tip.hidden = true;
    if (owner) owner.removeAttribute("aria-describedby");
    owner = null;
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, HIDE_DELAY);
  }

  const linkOf = (event) => (event.target instanceof Element ? event.target.closest(SELECTOR) : null);

  document.addEventListener("pointerdown", (event) => {
    lastPointer = event.pointerType || "mouse";
    if (tip && !tip.hidden && !linkOf(event) && !tip.contains(event.target)) hide();
  }, true);
  document.addEventListener("pointerover", (event) => {
    const link = linkOf(event);
    if (link && event.pointerType === "mouse") {
      lastPointer = "mouse";
      show(link);
    }
  });
  document.addEventListener("pointerout", (event) => {
    const link = linkOf(event);
    if (link && event.pointerType === "mouse" && !link.contains(event.relatedTarget)) hideSoon();
  });
  document.addEventListener("focusin", (event) => {
    const link = linkOf(event);
    if (link && lastPointer !== "touch") show(link);
  });
  document.addEventListener("focusout", (event) => {
    if (linkOf(event) === owner && lastPointer !== "touch") hide();
  });
  document.addEventListener("click", (event) => {
    const link = linkOf(event);
    if (!link || lastPointer !== "touch") return;
    if (owner !== link || tip.hidden) {
      event.preventDefault(); // first tap: preview; the second follows the link
      event.stopImmediatePropagation();
      show(link);
    }
  }, true);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && tip && !tip.hidden) {
      hide();
      event.preventDefault(); // one Escape closes one thing: this, before the cell it came from
    }
  });
  window.addEventListener("resize", () => owner && !tip.hidden && place(tip, owner));

  // Material's instant navigation swaps the content without reloading this
  // script; `document$` announces each new page.
  const ready = () => {
    hide();
    prepare(document);
  };
  // On a first load this deferred script runs before Material's deferred
  // bundle, which defines document$: wait for DOMContentLoaded, after both.
  const start = () => (window.document$ ? window.document$.subscribe(ready) : ready());
  if (window.document$ || document.readyState === "complete") start();
  else document.addEventListener("DOMContentLoaded", start, { once: true });
})();
