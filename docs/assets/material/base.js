/*
 * Material's partials/javascripts/base.html, moved out of the page so the
 * Content-Security-Policy needs no inline script (overrides/partials/javascripts/base.html).
 * The code is Material 9.8.1's, byte for byte, except the scope: it was the
 * page's base_url written into the script, and differs per page, so it now
 * comes from the data-md-scope attribute of this <script> element.
 * tests/test_csp.py checks the code still matches the installed Material.
 *
 * The last line is ours. Material's bundle swaps the root's "no-js" class for
 * "js" when it starts, after the first paint, and only then shows the search
 * button: the palette toggle beside it jumped sideways, a layout shift on
 * every page. A browser that runs this script runs the deferred bundle too,
 * so the swap is made here, before anything is painted.
 */
__md_scope=new URL(document.currentScript.dataset.mdScope,location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
document.documentElement.classList.replace("no-js", "js");
