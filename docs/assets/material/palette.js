/*
 * Material's partials/javascripts/palette.html, moved out of the page so the
 * Content-Security-Policy needs no inline script: it restores the colour
 * scheme the reader chose on <body>, before the page is first painted.
 *
 * Material runs it inline, right after the palette toggle in the header. An
 * external script there can arrive after the first paint (measured: on a cold
 * cache or a slow link Chromium paints the default scheme first, a flash of
 * light for readers who chose dark). So this file loads in <head>
 * (overrides/partials/javascripts/base.html), where nothing is painted until
 * it has run, and runs Material's code when the parser has moved past the
 * palette toggle: from a MutationObserver, whose callback comes before any
 * paint of what the parser inserted. tests/test_browser_csp.py checks the
 * scheme is set before the first paint even when this file is slow.
 *
 * The code between the marks is Material 9.8.1's, byte for byte;
 * tests/test_csp.py checks it still matches the installed Material.
 *
 * The rest is the toggle itself, in place of Material's palette component
 * (overrides/partials/palette.html leaves out the data-md-component that
 * mounts it). Material's component re-applied the scheme when its bundle
 * started, marking <body> so that the whole page was styled twice more: a
 * quarter of a second of a phone's time on /compare/, in Lighthouse's
 * measure. Here the scheme is applied once, before the first paint, and again
 * only when the reader switches. What the reader sees and what is stored
 * (__palette: the index and colours) are as with Material; a reader who never
 * chose follows the system's light or dark setting, from the first paint.
 */
(function () {
  // The browser's colours for its own parts (scroll bars, form controls, the
  // address bar) are made here, while <head> is parsed: a color-scheme <meta>
  // that appears or changes once the page is there restyles every element of
  // it, which cost a phone a tenth of a second on each long page. Its value is
  // foreseen from the scheme the page will show (Material's "slate" is dark,
  // its "default" light), and checked against the page as drawn once it has
  // loaded (tellBrowser, below), which corrects it if need be.
  var themeColor = meta("theme-color"), colorScheme = meta("color-scheme");
  colorScheme.content = foreseen();
  var parsed = document.getElementsByTagName("*"); // live, in document order
  new MutationObserver(function (_, observer) {
    var form = document.querySelector("form[data-msp-palette]"), last = parsed[parsed.length - 1];
    if (!form || form === last || form.contains(last)) return;
    observer.disconnect();
    // Material's code:
var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme)"===palette.color.media){var media=matchMedia("(prefers-color-scheme: light)"),input=document.querySelector(media.matches?"[data-md-color-media='(prefers-color-scheme: light)']":"[data-md-color-media='(prefers-color-scheme: dark)']");palette.color.media=input.getAttribute("data-md-color-media"),palette.color.scheme=input.getAttribute("data-md-color-scheme"),palette.color.primary=input.getAttribute("data-md-color-primary"),palette.color.accent=input.getAttribute("data-md-color-accent")}for(var[key,value]of Object.entries(palette.color))document.body.setAttribute("data-md-color-"+key,value)}
    // End of Material's code.
    toggle(form, palette);
  }).observe(document, { childList: true, subtree: true });

  function toggle(form, stored) {
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input"));
    if (!inputs.length) return;
    var index = stored && stored.color ? stored.index : inputs.findIndex(function (input) {
      return matchMedia(input.getAttribute("data-md-color-media")).matches;
    });
    index = Math.max(0, Math.min(index, inputs.length - 1));

    function colours(input) {
      var color = {};
      ["media", "scheme", "primary", "accent"].forEach(function (key) {
        color[key] = input.getAttribute("data-md-color-" + key);
      });
      return color;
    }

    function show(at, color) {
      Object.keys(color).forEach(function (key) { document.body.setAttribute("data-md-color-" + key, color[key]); });
      inputs.forEach(function (input, i) {
        input.checked = i === at;
        var label = input.nextElementSibling;
        if (label instanceof HTMLElement) label.hidden = i !== at;
      });
      index = at;
    }

    /** The browser's colours for its own parts (address bar, scroll bars), from the header as drawn. */
    function tellBrowser() {
      var style = getComputedStyle(document.querySelector("header"));
      var rgb = style.backgroundColor.match(/\d+/g) || [];
      var theme = "#" + rgb.slice(0, 3).map(function (c) { return (+c).toString(16).padStart(2, "0"); }).join("");
      if (colorScheme.content !== style.colorScheme) colorScheme.content = style.colorScheme;
      if (themeColor.content !== theme) themeColor.content = theme;
    }

    show(index, stored && stored.color ? stored.color : colours(inputs[index]));
    // Once the page has loaded and the browser is idle, when its style is
    // computed and reading the header's costs nothing. Asked earlier (it was
    // just after the first paint, with most of a long page parsed since), it
    // made the browser style all of that at once, in one long task.
    var check = function () {
      if (window.requestIdleCallback) requestIdleCallback(tellBrowser, { timeout: 1000 });
      else setTimeout(tellBrowser, 0);
    };
    if (document.readyState === "complete") check();
    else addEventListener("load", check, { once: true });

    function choose(at) {
      var color = colours(inputs[at]);
      document.body.setAttribute("data-md-color-switching", "");  // no transitions while the scheme changes
      show(at, color);
      __md_set("__palette", { index: at, color: color });
      tellBrowser();
      requestAnimationFrame(function () { document.body.removeAttribute("data-md-color-switching"); });
    }

    form.addEventListener("change", function (event) {
      var at = inputs.indexOf(event.target);
      if (at >= 0) choose(at);
    });
    // A focused toggle is the checked radio, which Space cannot change: Enter moves on.
    form.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();
      var next = (index + 1) % inputs.length;
      inputs[next].click();
      inputs[next].focus();
    });
  }

  function meta(name) {
    var el = document.createElement("meta");
    el.name = name;
    document.head.appendChild(el);
    return el;
  }

  /** "dark" or "light": the scheme stored by the toggle, else the system's, as Material chooses it. */
  function foreseen() {
    var color = null;
    try {
      var stored = __md_get("__palette");
      color = stored && stored.color;
    } catch (error) { /* no storage: the system's setting */ }
    var dark = color && color.media !== "(prefers-color-scheme)" ? color.scheme === "slate"
      : matchMedia("(prefers-color-scheme: dark)").matches;
    return dark ? "dark" : "light";
  }
})();
