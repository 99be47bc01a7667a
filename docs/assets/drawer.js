// Material's navigation drawer (below 76.25em: phones and tablets) opens with the header's menu button and
// closes on a tap beside it, but not on Escape, which closes everything else that opens on this site. This
// closes it on Escape too. The drawer is Material's checkbox (#__drawer), which its stylesheet follows; the
// change event lets Material's own scripts follow as they do a tap. Focus left inside the closed drawer,
// off the screen, goes back to the page.
(() => {
  "use strict";

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || event.defaultPrevented) return;
    const toggle = document.getElementById("__drawer");
    if (!(toggle instanceof HTMLInputElement) || !toggle.checked) return;
    event.preventDefault(); // one Escape closes one thing
    toggle.checked = false;
    toggle.dispatchEvent(new Event("change", { bubbles: true }));
    const focused = document.activeElement;
    if (focused instanceof HTMLElement && focused.closest(".md-sidebar--primary")) focused.blur();
  });
})();
