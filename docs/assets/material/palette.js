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
 */
(function () {
  var parsed = document.getElementsByTagName("*"); // live, in document order
  new MutationObserver(function (_, observer) {
    var form = document.querySelector("[data-md-component=palette]"), last = parsed[parsed.length - 1];
    if (!form || form === last || form.contains(last)) return;
    observer.disconnect();
    // Material's code:
var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme)"===palette.color.media){var media=matchMedia("(prefers-color-scheme: light)"),input=document.querySelector(media.matches?"[data-md-color-media='(prefers-color-scheme: light)']":"[data-md-color-media='(prefers-color-scheme: dark)']");palette.color.media=input.getAttribute("data-md-color-media"),palette.color.scheme=input.getAttribute("data-md-color-scheme"),palette.color.primary=input.getAttribute("data-md-color-primary"),palette.color.accent=input.getAttribute("data-md-color-accent")}for(var[key,value]of Object.entries(palette.color))document.body.setAttribute("data-md-color-"+key,value)}
    // End of Material's code.
  }).observe(document, { childList: true, subtree: true });
})();
