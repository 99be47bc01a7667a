/*
 * Material's partials/javascripts/content.html (the script that opens the
 * content tab a URL's #hash names), moved out of the page so the
 * Content-Security-Policy needs no inline script (overrides/partials/javascripts/content.html).
 * Material 9.8.1's code, byte for byte; tests/test_csp.py checks it still
 * matches the installed Material.
 */
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
