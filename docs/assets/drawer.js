// Material's navigation drawer (below 76.25em: phones, tablets, a zoomed window) is its checkbox #__drawer,
// which its stylesheet follows: opened by the header's menu button, closed by a tap beside it. Every change
// of it, tapped, pressed or made by Material's own scripts (which click the checkbox), comes as the
// checkbox's change event. This makes it usable from a keyboard, as everything else that opens on this site:
//
// - The menu button is a <label> for the hidden checkbox, so neither takes keyboard focus, and where the
//   drawer holds the site's sections a keyboard could not reach them. A real button takes the label's place,
//   looking the same (site.css), named, saying whether the drawer is open. Without scripts the label stays,
//   as Material has it.
// - Opened from the button, the drawer takes the focus. While it is open, Tab and Shift+Tab go round what
//   the reader sees in it: Material's drawer holds panels slid out of sight or covered (the other sections,
//   the page's contents), whose links would otherwise take the focus unseen. The labels a tap uses to go
//   into a section's panel or the page's contents and back out (its title) take the focus there too, and Enter presses them
//   (Material clicks a focused label on Enter), and so does Space, as it presses a button (the browser
//   would scroll the page); outside the open drawer they are no stop for Tab.
// - Escape closes it and gives the focus back to the menu button. Closed otherwise (a tap beside it, a link
//   followed), focus left in it, off the screen, leaves it.
(() => {
  "use strict";

  const NAME = "Menu";
  const STOPS = 'a[href], button, input:not([type="hidden"]), [tabindex]:not([tabindex="-1"]), [data-msp-drawer-stop]';

  const toggle = () => {
    const input = document.getElementById("__drawer");
    return input instanceof HTMLInputElement ? input : null;
  };
  const sidebar = () => document.querySelector(".md-sidebar--primary");
  const menuButton = () => document.querySelector(".md-header .msp-menu-button");
  const shown = (element) => element instanceof HTMLElement && element.offsetParent !== null &&
    getComputedStyle(element).visibility === "visible";

  // Whether a panel of the drawer's navigation is open: the root always; a section's while the checkbox
  // beside it (Material's, in the section's item) is checked.
  const open = (panel) => {
    const item = panel.parentElement;
    const box = item && item.matches("li") ? item.querySelector(":scope > input.md-nav__toggle") : null;
    return !box || box.checked;
  };

  // What the reader sees in the open drawer and can go to, in order: in the panel shown on top (open, and
  // covered by no open panel of its own), or its title.
  const stops = () => {
    const drawer = sidebar();
    if (!drawer) return [];
    return [...drawer.querySelectorAll(STOPS)].filter((element) => {
      if (!shown(element)) return false;
      const panel = element.closest("nav.md-nav");
      if (!panel) return false;
      for (let outer = panel; outer && drawer.contains(outer); outer = outer.parentElement?.closest("nav.md-nav")) {
        if (!open(outer)) return false;
      }
      return ![...panel.querySelectorAll("nav.md-nav")].some((inner) => open(inner) && !inner.contains(element));
    });
  };

  // The button in the label's place, once per header (instant navigation may bring a new one); the labels
  // that open and close the sections' panels, focusable from a script (the round above) and not by Tab.
  const enhance = () => {
    // `__nav…` opens a section's panel; `__toc` the page's own contents ("Compare the articles" on /compare/).
    const labels = '.md-sidebar--primary label.md-nav__title[for]:not([for="__drawer"]), ' +
      '.md-sidebar--primary label.md-nav__link:is([for^="__nav"], [for="__toc"])';
    for (const label of document.querySelectorAll(labels)) {
      if (label.hasAttribute("tabindex")) continue;
      label.tabIndex = -1;
      label.dataset.mspDrawerStop = "";
    }
    const input = toggle();
    const label = document.querySelector('.md-header label.md-header__button[for="__drawer"]');
    if (!input || !label || label.hidden) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-header__button md-icon msp-menu-button";
    button.setAttribute("aria-label", NAME);
    button.setAttribute("aria-expanded", String(input.checked));
    for (const child of label.childNodes) button.append(child.cloneNode(true)); // the menu icon
    button.addEventListener("click", () => {
      const drawer = toggle();
      if (!drawer) return;
      drawer.click();
      if (drawer.checked) stops()[0]?.focus();
    });
    label.hidden = true;
    label.after(button);
  };

  // Every change of a checkbox of the drawer's. The drawer's own: the menu button says whether it is open,
  // and focus left in it as it closes leaves it. A panel's, opened or closed from its label or title (Enter,
  // Space, a tap), which covers or uncovers the label in focus: the focus goes to the panel now on top, to
  // its title as it opens, back to the label that opens it as it closes; not for a change made otherwise
  // (Material's own scripts, focus elsewhere).
  document.addEventListener("change", (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement)) return;
    const focused = document.activeElement;
    if (input === toggle()) {
      menuButton()?.setAttribute("aria-expanded", String(input.checked));
      if (!input.checked && focused instanceof HTMLElement && focused.closest(".md-sidebar--primary")) focused.blur();
      return;
    }
    if (!input.matches(".md-sidebar--primary input.md-nav__toggle") || !(focused instanceof HTMLLabelElement) ||
        focused.htmlFor !== input.id || !focused.hasAttribute("data-msp-drawer-stop")) return;
    const next = input.parentElement.querySelector(`label.${input.checked ? "md-nav__title" : "md-nav__link"}[for="${CSS.escape(input.id)}"]`);
    // Without scrolling to it: the panel is still sliding in, and the drawer would show it half-way.
    if (next instanceof HTMLElement && next !== focused) requestAnimationFrame(() => next.focus({ preventScroll: true }));
  });

  document.addEventListener("keydown", (event) => {
    const input = toggle();
    if (!input || !input.checked || event.defaultPrevented) return;
    if (event.key === "Escape") {
      event.preventDefault(); // one Escape closes one thing
      const button = menuButton();
      input.click(); // as a tap beside the drawer
      if (shown(button)) button.focus();
    } else if (event.key === " " && !event.altKey && !event.ctrlKey && !event.metaKey &&
               document.activeElement instanceof HTMLLabelElement && document.activeElement.hasAttribute("data-msp-drawer-stop")) {
      event.preventDefault();
      document.activeElement.click();
    } else if (event.key === "Tab" && !event.altKey && !event.ctrlKey && !event.metaKey) {
      const round = stops();
      if (!round.length) return;
      event.preventDefault();
      const at = round.indexOf(document.activeElement);
      const next = at < 0 ? (event.shiftKey ? round.length - 1 : 0) : (at + (event.shiftKey ? -1 : 1) + round.length) % round.length;
      round[next].focus();
    }
  });

  enhance();
  // Material's instant navigation announces each page it shows (document$): a new header or drawer is
  // enhanced in turn.
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(enhance);
})();
