/*
 * Material's partials/javascripts/base.html, moved out of the page so the
 * Content-Security-Policy needs no inline script (overrides/partials/javascripts/base.html).
 * The code is Material 9.8.1's, byte for byte, except the scope: it was the
 * page's base_url written into the script, and differs per page, so it now
 * comes from the data-md-scope attribute of this <script> element.
 * tests/test_csp.py checks the code still matches the installed Material.
 *
 * The rest is ours. Material's bundle swaps the root's "no-js" class for
 * "js" when it starts, after the first paint, and only then shows the search
 * button: the palette toggle beside it jumped sideways, a layout shift on
 * every page. A browser that runs this script runs the deferred bundle too,
 * so the swap is made here, before anything is painted. So are the marks
 * Material's focus-visible polyfill puts on the root when the bundle starts:
 * a change of the root's class attribute then made the browser restyle the
 * whole page (Material's stylesheet has rules with :not([class])); made here,
 * before <body>, it costs nothing, and the polyfill finds them in place.
 *
 * And the back/forward cache. With navigation.instant, Material records the
 * scroll position in the history entry, history.replaceState({x, y}, ""),
 * 100 ms after every change of the window, also when only its size changed
 * and the position is the same: a call that changes nothing. But if the
 * reader (or Lighthouse, which resizes the window for its screenshot just
 * before it leaves and comes back) leaves the page while the renderer is
 * busy, that call can run after the browser has put the page in its
 * back/forward cache, and the browser then throws the page out
 * (IgnoreEventAndEvict: a same-document navigation of a cached page):
 * coming back loads it again. Measured on /compare/, whose tall page keeps a
 * phone busy after a resize. So a replaceState that would store the very
 * position already stored, with no URL, is not made; every other call goes
 * through unchanged (tests/test_browser_bfcache.py).
 */
__md_scope=new URL(document.currentScript.dataset.mdScope,location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
document.documentElement.classList.replace("no-js", "js");
document.documentElement.classList.add("js-focus-visible");
document.documentElement.setAttribute("data-js-focus-visible", "");
(function (replaceState) {
  var same = function (a, b) {
    return a && b && typeof a === "object" && typeof b === "object" && a.x === b.x && a.y === b.y
      && Object.keys(a).length === 2 && Object.keys(b).length === 2;
  };
  history.replaceState = function (state, unused, url) {
    if (arguments.length === 2 && same(state, history.state)) return;
    return replaceState.apply(history, arguments);
  };
})(history.replaceState);
