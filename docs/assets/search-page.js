/*
 * The search page (/search/): every result of a search, narrowed by the kind
 * of page, a treatment and an article's stance on it.
 *
 * The page (scripts/perspectives/templates/search.md.j2) holds the form
 * (form[data-search-page], its controls named words, kind, treatment and stance,
 * whose options name the filters' ids), an empty status line
 * ([data-search-status]) and an empty list ([data-search-results]). The
 * filters are Pagefind's, written into the pages by the render stage
 * (perspectives/search.py), each a key of its own: kind-<kind> (article,
 * treatment or page: every other page; overrides/main.html writes it from
 * the page's front matter), treatment-<treatment> (the articles that mention it, and its
 * own page), on-<treatment>--<stance> (the articles that take that stance on
 * it, and its own page) and stance-<stance> (on any treatment, and the pages
 * of the treatments it is taken on).
 *
 * The search is kept in the query string (words, kind, treatment, stance; not
 * `q`, which Material reads as a search for its own box to open), so a
 * link reproduces it; the header's search box links here with its words.
 * Unknown values are ignored. Nothing is fetched until there is something to
 * search (search-core.js loads the index), and nothing here writes markup:
 * titles and excerpts go in through textContent, the matched words in <mark>
 * elements made with the DOM.
 *
 * Beside each choice, once the results are listed, is how many pages choosing
 * it finds, the words and the other choices as they are (`countChoices`): the
 * same search Pagefind answers when the reader chooses it, so a count is
 * checked by choosing. None is shown for words in quotation marks, whose
 * results this page narrows after Pagefind has counted them.
 */
(() => {
  "use strict";
  // Loaded where a page uses it (overrides/main.html), and again each time
  // instant navigation reaches such a page: set up once, then follow pages
  // through document$.
  if (window.mspSearchPage) return;
  window.mspSearchPage = true;

  // This file is <site>/assets/search-page.js: the index is <site>/pagefind/.
  const SCRIPT = document.currentScript.src;
  const SITE = new URL("../", SCRIPT).href;
  const CORE = new URL("search-core.js", SCRIPT).href;

  const FIELDS = ["words", "kind", "treatment", "stance"];
  const SHOWN = 10;          // results listed at a time; "Show more" lists the next
  const SECTIONS = 3;        // a result's sections (claims, treatments) shown under it
  const CHECKED = 200;       // results read, at most, to find those that contain a quoted word exactly
  const PAUSE = 150;         // ms a query waits for the next keystroke before it is searched
  const KINDS = { article: "Article summary", treatment: "Treatment" };
  const SAYS = "says-";      // the ids of what an article says of each treatment (perspectives/search.py SAYS)
  const LISTED = "msp-search-listed:"; // sessionStorage: how many results a search's address last listed

  // Whether the page set next was reached by Back, Forward or a reload, not by a link: only then is the
  // reader returned to where they were (`run`'s `back`). A page loaded anew says so itself (this script runs
  // as it loads: one run later was brought by instant navigation, into a document loaded for another page);
  // one instant navigation sets says it by a popstate with the state Material keeps (a #section's has none).
  let returning = document.readyState !== "complete" && ["back_forward", "reload"].includes(
    (performance.getEntriesByType("navigation")[0] || {}).type);
  window.addEventListener("popstate", (event) => {
    if (event.state !== null) returning = true;
  });
  let latest = 0;            // the newest search: an answer to an older one is dropped
  let timer = 0;
  let current = null;        // the form of the page shown, if it is this one
  const labels = new WeakMap(); // each <option>'s own words, before a count was set beside them

  const parts = (form) => ({
    form,
    path: location.pathname, // the search page's own address (its path), where its search is kept
    status: document.querySelector("[data-search-status]"),
    list: document.querySelector("[data-search-results]"),
    more: document.querySelector("[data-search-more]"),
  });

  /* The search in the form, each value one its controls offer (the URL may say anything). */
  function read(form) {
    const state = {};
    for (const name of FIELDS) {
      const control = form.elements[name];
      state[name] = control ? String(control.value || "").trim() : "";
    }
    return state;
  }

  function fill(form, params) {
    for (const name of FIELDS) {
      const control = form.elements[name];
      const value = params.get(name) || "";
      if (!control) continue;
      if (name === "words") control.value = value;
      else if (control instanceof RadioNodeList) {
        for (const radio of control) radio.checked = radio.value === value;
        if (![...control].some((radio) => radio.checked)) control[0].checked = true;
      } else {
        control.value = [...control.options].some((option) => option.value === value) ? value : "";
      }
    }
  }

  /* The search as the query string says it: only what is chosen, in a fixed order. */
  function remember(state) {
    const params = new URLSearchParams();
    for (const name of FIELDS) if (state[name]) params.set(name, state[name]);
    const query = params.toString();
    const url = location.pathname + (query ? `?${query}` : "");
    if (url !== location.pathname + location.search) history.replaceState(history.state, "", url);
  }

  /* The filters chosen, as perspectives/search.py names them: one key each, whose one value is "yes". */
  function filtersOf(state) {
    const keys = [];
    if (state.kind) keys.push(`kind-${state.kind}`);
    if (state.treatment && state.stance) keys.push(`on-${state.treatment}--${state.stance}`);
    else if (state.treatment) keys.push(`treatment-${state.treatment}`);
    else if (state.stance) keys.push(`stance-${state.stance}`);
    return Object.fromEntries(keys.map((key) => [key, "yes"]));
  }

  /* Where an excerpt is cut from the page's text (Pagefind takes the words around the match, wherever they
   * fall): whether it starts or stops inside a sentence, which the excerpt then says with "…". A sentence
   * ends in . ! ? or : (Pagefind ends each heading and block of a page's text with a full stop). */
  const SENTENCE_END = /[.!?:]["”’)]*$/;
  function cut(content, pieces) {
    const text = pieces.map((piece) => piece.text).join("").trim();
    const at = text ? String(content || "").indexOf(text) : -1;
    if (at < 0) return { before: false, after: false };
    const before = content.slice(0, at).trimEnd();
    return {
      before: before !== "" && !SENTENCE_END.test(before),
      after: content.slice(at + text.length).trim() !== "" && !SENTENCE_END.test(text),
    };
  }

  function excerptNode(tag, pieces, content) {
    const node = document.createElement(tag);
    node.className = "msp-search__excerpt";
    const { before, after } = cut(content, pieces);
    if (before) node.append("… ");
    for (const { text, marked } of pieces) {
      if (marked) {
        const mark = document.createElement("mark");
        mark.textContent = text;
        node.append(mark);
      } else {
        node.append(text);
      }
    }
    if (after) node.append(" …");
    return node;
  }

  /* Beside a result when a treatment or a stance is chosen, why it is listed. An article's page says what it
   * says of the treatment chosen (its stances, the primary one first) or which treatments it takes the stance
   * chosen on, in its own order, each treatment linking to its entry on the page (#treatment-<id>), which says
   * it in full with the claims behind it; this is the page's `says-` anchors (perspectives/search.py). A
   * treatment's page, listed for a stance, says that the stance is among the articles' stances on it, which
   * its opening table sets out. `kind`: the result's kind of page; `query.named`: each choice's words, by its
   * value. Null where there is nothing to say. */
  function saysNode(data, kind, query) {
    const { chosen, named: { treatment: treatments, stance: stances } } = query;
    if (!(chosen.treatment || chosen.stance)) return null;
    const line = document.createElement("p");
    line.className = "msp-search__says";
    const link = (href, text) => {
      const anchor = document.createElement("a");
      anchor.href = href;
      anchor.textContent = text;
      return anchor;
    };
    if (kind === "treatment") {
      if (!chosen.stance || !stances.has(chosen.stance)) return null;
      const page = new URL(data.url, location.href);
      line.append("Among the articles’ stances on it: ", link(page.pathname, stances.get(chosen.stance)), ".");
      return line;
    }
    if (kind !== "article") return null;
    const said = (data.anchors || []).filter((anchor) => anchor.id && anchor.id.startsWith(SAYS)).map((anchor) => {
      const [treatment, stance, implied] = anchor.id.slice(SAYS.length).split("--");
      return { treatment, stance, implied: implied === "implied" };
    }).filter((each) => treatments.has(each.treatment) && stances.has(each.stance));
    const entry = (treatment) => {
      const target = new URL(data.url, location.href);
      target.hash = `treatment-${treatment}`;
      return link(target.pathname + target.hash, treatments.get(treatment));
    };
    const implied = (each) => (each.implied ? " (implied)" : "");
    if (chosen.treatment) {
      const taken = said.filter((each) => each.treatment === chosen.treatment);
      if (!taken.length) return null;
      // Each stance by its name in quotation marks, as the line for a stance has it: "also Conditional or
      // adjunct" read as a stray capital mid-sentence. The primary stance stays first, as the page has it;
      // the stance chosen too, if one is, is set in bold: it is why the article is listed.
      const named = taken.map((each) => {
        const words = `“${stances.get(each.stance)}”${implied(each)}`;
        if (each.stance !== chosen.stance) return words;
        const strong = document.createElement("strong");
        strong.textContent = words;
        return strong;
      });
      line.append("Its stance on ", entry(chosen.treatment), ": ",
        ...named.flatMap((each, number) => (number ? ["; also ", each] : [each])), ".");
    } else {
      const on = said.filter((each) => each.stance === chosen.stance);
      if (!on.length) return null;
      line.append(`It takes the stance “${stances.get(chosen.stance)}” on: `);
      on.forEach((each, number) => line.append(...(number ? [", "] : []), entry(each.treatment), implied(each)));
      line.append(".");
    }
    return line;
  }

  function resultNode(core, found, query) {
    const item = document.createElement("li");
    item.className = "msp-search__result";
    const data = core.asQuoted(found, query.exact, query.phrases);
    const page = core.readExcerpt(data.excerpt, query.typed, query.exact);
    const sections = core.sections(data).slice(0, SECTIONS)
      .map((section) => ({ section, excerpt: core.readExcerpt(section.excerpt, query.typed, query.exact) }));
    const terms = Object.assign({}, page.terms, ...sections.map(({ excerpt }) => excerpt.terms));

    const kind = Object.keys(KINDS).find((id) => data.filters && data.filters[`kind-${id}`]);
    if (kind) {
      const label = document.createElement("p");
      label.className = "msp-search__kind";
      label.textContent = KINDS[kind];
      item.append(label);
    }
    const heading = document.createElement("h2");
    heading.className = "msp-search__title";
    const link = document.createElement("a");
    link.href = core.resultAddress(data.url, query, terms);
    link.textContent = (data.meta && data.meta.title) || data.url;
    heading.append(link);
    item.append(heading);
    const says = saysNode(data, kind, query);
    if (says) item.append(says);
    item.append(excerptNode("p", page.pieces, data.content));
    if (sections.length) {
      const list = document.createElement("ul");
      list.className = "msp-search__sections";
      for (const { section, excerpt } of sections) {
        const entry = document.createElement("li");
        const sectionLink = document.createElement("a");
        sectionLink.href = core.resultAddress(section.url, query, excerpt.terms);
        sectionLink.textContent = section.title;
        entry.append(sectionLink, excerptNode("p", excerpt.pieces, data.content));
        list.append(entry);
      }
      item.append(list);
    }
    return item;
  }

  function say(view, text) {
    view.status.textContent = text;
  }

  /* Take the counts away (restoring each option's words): they belonged to a search no longer shown. */
  function uncount(form) {
    delete form.dataset.counted;
    for (const node of form.querySelectorAll("[data-search-count]")) node.textContent = "";
    for (const option of form.querySelectorAll("option")) {
      if (labels.has(option)) option.textContent = labels.get(option);
    }
  }

  function setCount(control, number) {
    const shown = ` (${number.toLocaleString("en")})`;
    if (control instanceof HTMLOptionElement) {
      if (!labels.has(control)) labels.set(control, control.textContent);
      control.textContent = labels.get(control) + shown;
    } else {
      const node = control.closest("label").querySelector("[data-search-count]");
      if (node) node.textContent = shown;
    }
  }

  /* Beside each choice, the number of pages choosing it finds, the words and the other choices kept: for each
   * control, Pagefind's own count of the filter that option stands for, among the results of the search
   * without that control's choice. Pagefind counts only the filters whose chunks it has loaded, and a search
   * loads only those it filters by: the chunks of the filters counted are loaded here, after the results are
   * listed, so the counts never hold them up (and no more than those: every filter's chunk is 220 KB at
   * 5,000 articles). */
  async function countChoices(view, pagefind, state, text, asked) {
    const keys = {
      kind: (value) => `kind-${value}`,
      treatment: (value) => (state.stance ? `on-${value}--${state.stance}` : `treatment-${value}`),
      stance: (value) => (state.treatment ? `on-${state.treatment}--${value}` : `stance-${value}`),
    };
    const choices = {};
    for (const name of Object.keys(keys)) {
      const control = view.form.elements[name];
      choices[name] = control instanceof RadioNodeList ? [...control] : [...control.options];
    }
    const counted = Object.entries(choices).flatMap(([name, options]) =>
      options.filter((choice) => choice.value).map((choice) => keys[name](choice.value)));
    // A preload filtered by every key counted loads their chunks and searches nothing. With the words (whose
    // chunks the search has loaded), not without: a Pagefind whose search by filters alone fetches every
    // index chunk (the export's, perspectives/filteronly.py) would otherwise fetch them for a count.
    await pagefind.preload(text || null, { filters: Object.fromEntries(counted.map((key) => [key, "yes"])) });
    const found = {};
    for (const name of Object.keys(keys)) {
      if (asked !== latest) return;
      found[name] = await pagefind.search(text || null, { filters: filtersOf({ ...state, [name]: "" }) });
    }
    if (asked !== latest || !view.form.isConnected) return;
    const pages = (search, key) => (search.filters[key] && search.filters[key].yes) || 0;
    for (const [name, options] of Object.entries(choices)) {
      // "All", "Any…" with nothing else to search for is no search: the page asks for words, and counts none.
      const searches = Boolean(text) || Object.keys(filtersOf({ ...state, [name]: "" })).length > 0;
      for (const choice of options) {
        if (choice.value) setCount(choice, pages(found[name], keys[name](choice.value)));
        else if (searches) setCount(choice, found[name].results.length);
      }
    }
    view.form.dataset.counted = "";
  }

  const count = (number) => `${number.toLocaleString("en")} page${number === 1 ? "" : "s"}`;

  /* How many results the search at this address listed when the reader was last here (0 if unknown), and
   * keeping the count for a return: sessionStorage, as history's state for the page is Material's own. Kept
   * by address, not by visit, so the most listed is kept (a later visit that listed fewer must not cut short
   * a return to an earlier one), and only past the first SHOWN, which every visit lists. */
  const listedBefore = () => {
    try {
      return Number(sessionStorage.getItem(LISTED + location.pathname + location.search)) || 0;
    } catch (error) {
      return 0; // storage refused (a private window may): the first results only, as on a first visit
    }
  };
  const keepListed = (listed) => {
    if (listed <= SHOWN || listed <= listedBefore()) return;
    try {
      sessionStorage.setItem(LISTED + location.pathname + location.search, String(listed));
    } catch (error) {
      // nothing kept: a return lists the first results only
    }
  };

  /* Search what the form says, list the first results, and offer the rest SHOWN at a time.
   * `back`: where the page was scrolled to when the reader left it (Back, Forward, a reload), to return to
   * once as many results are listed as were then. Material scrolls there as soon as it sets the page, when
   * the results are not listed yet and the page is too short to scroll: it opened at the top. */
  async function run(view, back = null) {
    // Instant navigation has left the page since the reader typed: it moves the address at once, and sets
    // the next page only once it has arrived (the form is still there meanwhile).
    if (!view.form.isConnected || location.pathname !== view.path) return;
    const asked = ++latest;
    const state = read(view.form);
    remember(state);
    view.list.replaceChildren();
    view.more.hidden = true;
    uncount(view.form);
    say(view, "Searching…"); // at once: what the status said of the search before no longer holds
    const filters = filtersOf(state);
    let core;
    let parsed = { text: "", exact: [], phrases: [], quotes: [], loose: [] };
    let failed = false;
    const unreachable = (error) => {
      failed = true;
      console.error("search-page.js: cannot search the index", error);
      if (asked === latest) {
        say(view, "The search could not be loaded: check the connection, then reload the page.");
      }
    };
    if (state.words) {
      try {
        core = await import(CORE);
      } catch (error) {
        unreachable(error);
        return;
      }
      if (asked !== latest) return;
      parsed = core.parse(state.words);
    }
    if (!parsed.text && !Object.keys(filters).length) {
      say(view, "Type the words to find, or choose a kind of page, a treatment or a stance.");
      return;
    }
    let found;
    let pagefind;
    try {
      core = core || await import(CORE);
      pagefind = await core.load(SITE);
      found = await pagefind.search(parsed.text || null, { filters });
    } catch (error) {
      unreachable(error);
      return;
    }
    if (asked !== latest) return;
    let absent = [];
    if (parsed.text) {
      // Seen in the words searched without filters, whatever the filters find (search-core.js).
      try {
        absent = await core.missing(pagefind, parsed.text,
          Object.keys(filters).length ? await pagefind.search(parsed.text) : found);
      } catch (error) {
        unreachable(error);
        return;
      }
      if (asked !== latest) return;
    }
    if (absent.length) {
      // Pagefind found a shorter word instead (search-core.js): none of its results has the word typed.
      say(view, `No page has a word like ${absent.map((word) => `“${word}”`).join(" or ")}.`);
      return;
    }
    // With a treatment chosen, every result is about it already.
    if (parsed.text && !state.treatment) {
      try {
        found = await core.byTreatment(pagefind, parsed.text, found);
      } catch (error) {
        unreachable(error);
        return;
      }
      if (asked !== latest) return;
    }
    const results = parsed.exact.length ? found.results.slice(0, CHECKED) : found.results;
    // Each choice's own words, by its value, for the line beside a result (saysNode): read once a search,
    // while no count is set beside them.
    const named = (name) => new Map([...view.form.elements[name].options].filter((option) => option.value)
      .map((option) => [option.value, option.textContent]));
    const query = { typed: parsed.text ? core.words(parsed.text) : [], exact: parsed.exact, phrases: parsed.phrases,
      loose: parsed.loose, chosen: state,
      named: { treatment: named("treatment"), stance: named("stance") } };
    let next = 0;
    let listed = 0;

    const more = async (focus) => {
      view.more.hidden = true;
      const first = view.list.children.length;
      while (next < results.length && view.list.children.length - first < SHOWN) {
        let batch;
        try {
          batch = await Promise.all(results.slice(next, next + SHOWN).map((result) => result.data()));
        } catch (error) {
          // Pagefind remembers a fragment it could not fetch: only a reload fetches it again.
          unreachable(error);
          return;
        }
        if (asked !== latest) return;
        next += batch.length;
        for (const data of batch) {
          if (parsed.exact.length && !core.containsExactly(data.content, parsed.exact, parsed.phrases)) continue;
          view.list.append(resultNode(core, data, query));
          listed += 1;
        }
      }
      view.more.hidden = next >= results.length;
      if (parsed.exact.length) {
        // Every quote is wanted: “a”, “b” and “c”.
        const each = parsed.quotes.map((said) => `“${said}”`);
        const quoted = each.length > 1 ? `${each.slice(0, -1).join(", ")} and ${each[each.length - 1]}` : each[0];
        // Read: the best CHECKED of more, or all there were.
        const read = found.results.length > results.length ? `the ${next.toLocaleString("en")} best matches`
          : `the ${count(next)} found`;
        say(view, listed ? `${count(listed)} with ${quoted} as typed${next < results.length ? ", more below" : ""}.`
          : results.length ? `No page among ${read} has ${quoted} as typed.` : "No page matches.");
      } else {
        say(view, results.length ? `${count(results.length)} found; ${next < results.length ?
          `the first ${listed.toLocaleString("en")} listed` : "all listed"}.` : "No page matches.");
      }
      const link = view.list.children[first] && view.list.children[first].querySelector(".msp-search__title a");
      if (focus && link) link.focus();
      if (asked === latest) keepListed(view.list.children.length);
    };
    view.more.onclick = () => more(true);
    const wanted = back === null ? 0 : listedBefore();
    // The reader who scrolls, taps or types while the results are listed again is where they want to be.
    let moved = false;
    const reader = ["wheel", "touchstart", "keydown", "pointerdown"];
    const stay = () => { moved = true; };
    if (back !== null) for (const type of reader) window.addEventListener(type, stay, { passive: true });
    await more(false);
    while (back !== null && asked === latest && !failed && !view.more.hidden && view.list.children.length < wanted) {
      await more(false);
    }
    if (back !== null) {
      for (const type of reader) window.removeEventListener(type, stay);
      if (asked === latest && !moved) window.scrollTo(0, back);
    }
    if (asked !== latest || failed || parsed.exact.length) return;
    try {
      await countChoices(view, pagefind, state, parsed.text, asked);
    } catch (error) {
      // The results stand without their counts.
      console.error("search-page.js: cannot count the choices", error);
    }
  }

  function init() {
    const returned = returning;
    returning = false;
    const form = document.querySelector("form[data-search-page]");
    if (form === current) return; // the same page, announced again
    // Another page: a search typed on the one instant navigation has left, and any answer still on its
    // way to it, are dropped.
    window.clearTimeout(timer);
    latest += 1;
    current = form;
    if (!form) return;
    const view = parts(form);
    // Material keeps a page's scroll offset as its history state ({x, y}): read before Material writes the
    // top, where it had to scroll to, in its place.
    const back = returned && history.state && Number.isFinite(history.state.y) ? history.state.y : null;
    fill(form, new URLSearchParams(location.search));
    // Search at once on a choice; typing waits for a pause, so each keystroke does not fetch.
    form.addEventListener("change", (event) => {
      if (event.target.name !== "words") run(view);
    });
    form.addEventListener("input", (event) => {
      if (event.target.name !== "words") return;
      window.clearTimeout(timer);
      timer = window.setTimeout(() => run(view), PAUSE);
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault(); // nothing is sent anywhere (the policy's form-action is 'none')
      window.clearTimeout(timer);
      run(view);
    });
    run(view, back);
  }

  // On a first load this deferred script runs before Material's deferred
  // bundle, which defines document$: wait for DOMContentLoaded, after both.
  const follows = () => window.document$ && typeof window.document$.subscribe === "function";
  const start = () => (follows() ? window.document$.subscribe(() => init()) : init());
  if (follows() || document.readyState === "complete") start();
  else document.addEventListener("DOMContentLoaded", start, { once: true });
})();
