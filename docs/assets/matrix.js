/*
 * The comparison on /compare/: which articles and rows show, in what order,
 * short or full answers, and the layout that keeps the tables readable.
 *
 * The page (scripts/perspectives/templates/compare.md.j2) holds two tables,
 * table[data-matrix="questions"] and table[data-matrix="treatments"], each in
 * a div.msp-matrix box, plus empty placeholders for the controls:
 * [data-matrix-toolbar], [data-matrix-treatments-toolbar] and
 * details[data-matrix-controls] (whose data-columns-at-once says how many
 * articles to set side by side before the reader chooses). Everything else is
 * read from the tables' data-* attributes: data-column (article id) on header
 * and body cells, data-row (row id) on body rows, data-sort (sort key) and
 * data-mentions (the article mentions the treatment) on body cells. Each
 * answer is a <details>: short form in its summary, the full answer inside.
 *
 * The view is kept in the query string, so a link reproduces it:
 *   articles=ID,ID   shown article columns, in list order (absent = the first
 *                    data-columns-at-once articles, which is all of them
 *                    unless there are more)
 *   rows=ID,ID       shown rows of both tables, in list order (absent = all)
 *   order=ROWID      columns ordered by a questions row (absent = list order)
 *   by=name|ID       treatments ordered by name or by an article's stance
 *   view=full        every answer open, in full (absent = short answers)
 *   mentions=N       only treatments at least N of the shown articles mention
 * Unknown ids and values are ignored. Cells are moved, never copied, and
 * nothing here ever writes markup: text goes in through textContent and
 * elements are made with the DOM, so no data can become HTML.
 */
(() => {
  "use strict";
  // Loaded where a page uses it (overrides/main.html), and again each time
  // instant navigation reaches such a page: set up once, then follow pages
  // through document$.
  if (window.mspMatrix) return;
  window.mspMatrix = true;

  const PARAMS = ["articles", "rows", "order", "by", "view", "mentions"];
  const SHARED = 2; // the control shows "treatments at least two of the shown articles mention"
  let current = null; // the live matrix on this page, or null

  const text = (el) => (el ? el.textContent.replace(/\s+/g, " ").trim() : "");

  /** A heading's text without Material's permalink (¶). */
  function headingText(id) {
    const h = id ? document.getElementById(id) : null;
    if (!h) return "";
    const copy = h.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach((a) => a.remove());
    return text(copy);
  }

  function make(tag, props = {}, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === "text") el.textContent = value;
      else if (key === "class") el.className = value;
      else if (key in el && typeof value !== "string") el[key] = value;
      else el.setAttribute(key, value);
    }
    el.append(...children);
    return el;
  }

  const compareText = (a, b) => {
    if (a === b) return 0;
    if (a === "") return 1; // empty keys last
    if (b === "") return -1;
    return a.localeCompare(b);
  };
  const compareNumber = (a, b) => a - b;
  const sortKeyNumber = (cell) => {
    const n = cell ? Number.parseFloat(cell.dataset.sort) : Number.NaN;
    return Number.isFinite(n) ? n : Number.POSITIVE_INFINITY;
  };

  /** A stable sort of `items` by `key`, ties (and equal keys) in their given order. */
  function sortBy(items, key, cmp) {
    return items
      .map((item, index) => ({ item, index, k: key(item) }))
      .sort((x, y) => cmp(x.k, y.k) || x.index - y.index)
      .map((x) => x.item);
  }

  /** Everything read from the page, once. */
  function readMatrix(root, controlsEl) {
    const tables = Array.from(root.querySelectorAll("table[data-matrix]"));
    if (!tables.length) return null;
    const columns = []; // [{id, label}]
    const seen = new Set();
    for (const table of tables) {
      for (const th of table.querySelectorAll("thead th[data-column]")) {
        const id = th.dataset.column;
        if (!seen.has(id)) {
          seen.add(id);
          columns.push({ id, label: text(th) });
        }
      }
    }
    const groups = tables.map((table) => {
      const name = table.dataset.matrix;
      const rows = Array.from(table.querySelectorAll("tbody > tr[data-row]")).map((tr) => {
        const th = tr.querySelector("th");
        return { id: tr.dataset.row, label: text(th && (th.querySelector(".msp-row__label") || th)), tr };
      });
      return {
        name,
        table,
        box: table.closest(".msp-matrix"),
        tbody: table.tBodies[0],
        rows,
        legend: headingText(table.getAttribute("aria-labelledby")) || name,
        noun: name.replace(/[-_]+/g, " "),
      };
    });
    const columnIds = columns.map((c) => c.id);
    const atOnce = Number.parseInt(controlsEl.dataset.columnsAtOnce, 10);
    return {
      root,
      controlsEl,
      tables,
      columns,
      columnIds,
      // With more articles than fit side by side, the first ones show until the reader chooses.
      defaultColumns: new Set(atOnce > 0 ? columnIds.slice(0, atOnce) : columnIds),
      groups,
      questions: groups.find((g) => g.name === "questions") || null,
      treatments: groups.find((g) => g.name === "treatments") || null,
      rowIds: groups.flatMap((group) => group.rows.map((row) => row.id)),
      // Parts of the page beside the tables that follow the same choice (the arguments side by side):
      // children with data-column are articles, elements with data-row are rows.
      followers: Array.from(root.querySelectorAll("[data-matrix-follows]")).map((box) => ({
        box,
        parts: Array.from(box.children).filter((el) => el.dataset.column),
        rows: Array.from(box.querySelectorAll("[data-row]")),
        none: null,
      })),
      // The findings box's note that its findings count every article (shown while some are left out).
      findingsNote: root.querySelector("[data-findings-chosen]"),
      state: null,
      ui: null,
    };
  }

  const defaultState = () => ({ articles: null, rows: null, order: "", by: "", view: "short", mentions: 0 });

  /** The state in the query string; unknown ids ignored. */
  function stateFromUrl(m) {
    const params = new URLSearchParams(window.location.search);
    const state = defaultState();
    const idList = (name, known) => {
      if (!params.has(name)) return null;
      const ids = params.get(name).split(",").map((s) => s.trim()).filter(Boolean);
      const valid = ids.filter((id) => known.includes(id));
      // A list naming only unknown ids is ignored as a whole; an empty list means none.
      if (ids.length && !valid.length) return null;
      return new Set(valid);
    };
    state.articles = idList("articles", m.columnIds);
    state.rows = idList("rows", m.rowIds);
    const order = params.get("order") || "";
    if (m.questions && m.questions.rows.some((r) => r.id === order)) state.order = order;
    const by = params.get("by") || "";
    if (m.treatments && (by === "name" || m.columnIds.includes(by))) state.by = by;
    if (params.get("view") === "full") state.view = "full";
    const mentions = Number.parseInt(params.get("mentions") || "", 10);
    if (m.treatments && mentions > 1 && String(mentions) === params.get("mentions")) state.mentions = mentions;
    return normalise(m, state);
  }

  const sameSet = (a, b) => a.size === b.size && [...a].every((x) => b.has(x));

  /** Sets that equal the default become null, so URLs stay short. */
  function normalise(m, state) {
    if (state.articles && sameSet(state.articles, m.defaultColumns)) state.articles = null;
    if (state.rows && m.rowIds.every((id) => state.rows.has(id))) state.rows = null;
    return state;
  }

  function urlFor(m, state) {
    const params = new URLSearchParams(window.location.search);
    PARAMS.forEach((p) => params.delete(p));
    const parts = [];
    const rest = params.toString();
    if (rest) parts.push(rest);
    const list = (ids, set) => ids.filter((id) => set.has(id)).map(encodeURIComponent).join(",");
    if (state.articles) parts.push(`articles=${list(m.columnIds, state.articles)}`);
    if (state.rows) parts.push(`rows=${list(m.rowIds, state.rows)}`);
    if (state.order) parts.push(`order=${encodeURIComponent(state.order)}`);
    if (state.by) parts.push(`by=${encodeURIComponent(state.by)}`);
    if (state.view === "full") parts.push("view=full");
    if (state.mentions) parts.push(`mentions=${state.mentions}`);
    const search = parts.length ? `?${parts.join("&")}` : "";
    return window.location.pathname + search + window.location.hash;
  }

  function writeUrl(m) {
    const url = urlFor(m, m.state);
    const now = window.location.pathname + window.location.search + window.location.hash;
    if (url !== now) window.history.replaceState(window.history.state, "", url);
    m.search = window.location.search;
    if (m.ui) keep(m);
  }

  const showsColumn = (m, id) => (m.state.articles || m.defaultColumns).has(id);
  const showsRow = (state, id) => !state.rows || state.rows.has(id);

  /** How many shown articles mention a treatment row. */
  function mentionCount(m, tr) {
    let n = 0;
    for (const cell of tr.cells) if (cell.dataset.mentions && showsColumn(m, cell.dataset.column)) n += 1;
    return n;
  }

  const rowShown = (m, group, row) =>
    showsRow(m.state, row.id) && !(group === m.treatments && m.state.mentions && mentionCount(m, row.tr) < m.state.mentions);

  function columnOrder(m) {
    const order = m.state.order;
    const row = order && m.questions ? m.questions.rows.find((r) => r.id === order) : null;
    if (!row) return m.columnIds;
    const key = (id) => {
      const cell = row.tr.querySelector(`td[data-column="${CSS.escape(id)}"]`);
      return cell ? (cell.dataset.sort || "").trim() : "";
    };
    return sortBy(m.columnIds, key, compareText);
  }

  function treatmentOrder(m) {
    const group = m.treatments;
    const by = m.state.by;
    if (by === "name") return sortBy(group.rows, (r) => r.label, compareText);
    if (by) {
      const key = (r) => sortKeyNumber(r.tr.querySelector(`td[data-column="${CSS.escape(by)}"]`));
      return sortBy(group.rows, key, compareNumber);
    }
    return group.rows;
  }

  /**
   * Short or full answers. Full opens every answer (the stylesheet hides the
   * short form and the quotations); going back to short closes those the view
   * opened and leaves open the ones the reader opened.
   */
  function applyView(m) {
    const full = m.state.view === "full";
    for (const group of m.groups) if (group.box) group.box.dataset.view = m.state.view;
    for (const el of m.root.querySelectorAll("[data-view-text]")) el.hidden = el.dataset.viewText !== m.state.view;
    for (const details of m.root.querySelectorAll("table[data-matrix] details.msp-answer")) {
      if (full && !details.open) {
        details.dataset.openedByView = "true";
        details.open = true;
      } else if (!full && details.dataset.openedByView) {
        delete details.dataset.openedByView;
        details.open = false;
      }
    }
  }

  /** Make the tables show the state: order columns and rows, hide what is filtered out. */
  function render(m) {
    const order = columnOrder(m);
    for (const table of m.tables) {
      for (const tr of table.rows) {
        const cells = new Map();
        for (const cell of tr.cells) if (cell.dataset.column) cells.set(cell.dataset.column, cell);
        const moved = order.map((id) => cells.get(id)).filter(Boolean);
        // Only touch the DOM when the order differs: moving a focused cell drops focus.
        const now = Array.from(tr.cells).filter((c) => c.dataset.column);
        if (moved.some((cell, i) => now[i] !== cell)) tr.append(...moved);
        for (const [id, cell] of cells) cell.hidden = !showsColumn(m, id);
      }
    }
    if (m.treatments) {
      const rows = treatmentOrder(m).map((r) => r.tr);
      const now = Array.from(m.treatments.tbody.rows);
      if (rows.some((tr, i) => now[i] !== tr)) m.treatments.tbody.append(...rows);
    }
    for (const group of m.groups) {
      for (const row of group.rows) row.tr.hidden = !rowShown(m, group, row);
    }
    for (const follower of m.followers) follow(m, follower, order);
    const shown = m.columnIds.filter((id) => showsColumn(m, id)).length;
    for (const group of m.groups) if (group.box) group.box.style.setProperty("--msp-columns", String(Math.max(shown, 1)));
    // The findings above the tables are counted from every article, whichever the tables show: say so
    // while the reader's choice leaves some out.
    if (m.findingsNote) m.findingsNote.hidden = shown === m.columnIds.length;
    applyView(m);
    markSortHeaders(m);
    syncControls(m);
    layout(m);
  }

  /**
   * A part of the page that follows the tables: its articles in the columns' order, those not chosen
   * hidden, and its rows shown as the tables' are. When no row of it is chosen, it gives way to a line
   * that says so, rather than a row of empty boxes.
   */
  function follow(m, follower, order) {
    const byId = new Map(follower.parts.map((el) => [el.dataset.column, el]));
    const moved = order.map((id) => byId.get(id)).filter(Boolean);
    const now = Array.from(follower.box.children).filter((el) => el.dataset.column);
    if (moved.some((el, i) => now[i] !== el)) follower.box.append(...moved);
    for (const [id, el] of byId) el.hidden = !showsColumn(m, id);
    for (const el of follower.rows) el.hidden = !showsRow(m.state, el.dataset.row);
    const empty = follower.rows.length > 0 && follower.rows.every((el) => el.hidden);
    if (empty && !follower.none) {
      follower.none = make("p", { class: "msp-matrix-none", text: "None of the chosen rows is a step of these arguments." });
      follower.box.before(follower.none);
    }
    if (follower.none) follower.none.hidden = !empty;
    follower.box.hidden = empty;
  }

  /** Tell assistive technology which header an order follows (aria-sort), and no other. */
  function markSortHeaders(m) {
    for (const th of m.root.querySelectorAll("table[data-matrix] th[aria-sort]")) th.removeAttribute("aria-sort");
    const sorted = [];
    if (m.state.order && m.questions) {
      const row = m.questions.rows.find((r) => r.id === m.state.order);
      if (row) sorted.push(row.tr.querySelector("th"));
    }
    if (m.state.by && m.treatments) {
      const head = m.treatments.table.tHead;
      sorted.push(m.state.by === "name"
        ? head.querySelector(".msp-matrix__corner")
        : head.querySelector(`th[data-column="${CSS.escape(m.state.by)}"]`));
    }
    for (const th of sorted) if (th) th.setAttribute("aria-sort", "ascending");
  }

  function summary(m) {
    const shown = m.columnIds.filter((id) => showsColumn(m, id)).length;
    const parts = [`${shown} of ${m.columnIds.length} articles`];
    for (const group of m.groups) {
      const n = group.rows.filter((r) => rowShown(m, group, r)).length;
      parts.push(`${n} of ${group.rows.length} ${group.noun}`);
    }
    const last = parts.pop();
    const choices = `“${text(m.controlsEl.querySelector(":scope > summary"))}”`;
    // The questions stand with no answer beside them: say why, and how to bring the answers back.
    if (!shown) return `No article is chosen, so no answer is shown: choose one or more under ${choices}.`;
    // Said only when something is left out: a full view needs no announcement.
    if (shown === m.columnIds.length && m.groups.every((g) => g.rows.every((r) => rowShown(m, g, r)))) return "";
    let message = `Showing ${parts.length ? `${parts.join(", ")} and ${last}` : last}.`;
    if (!m.state.articles && m.defaultColumns.size < m.columnIds.length) {
      message += ` Choose which to compare under ${choices}.`;
    }
    return message;
  }

  function syncControls(m) {
    const { ui, state } = m;
    if (!ui) return;
    for (const box of ui.articleBoxes) box.checked = showsColumn(m, box.value);
    for (const box of ui.rowBoxes) box.checked = showsRow(state, box.value);
    if (ui.orderSelect) ui.orderSelect.value = state.order;
    if (ui.bySelect) ui.bySelect.value = state.by;
    for (const radio of ui.viewRadios) radio.checked = radio.value === state.view;
    if (ui.mentionsBox) ui.mentionsBox.checked = Boolean(state.mentions);
    const message = summary(m);
    if (ui.status.textContent !== message) ui.status.textContent = message;
  }

  /** Read the controls into the state, then show and record it. */
  function update(m) {
    const { ui } = m;
    const checked = (boxes) => new Set(boxes.filter((b) => b.checked).map((b) => b.value));
    const view = ui.viewRadios.find((r) => r.checked);
    m.state = normalise(m, {
      articles: checked(ui.articleBoxes),
      rows: checked(ui.rowBoxes),
      order: ui.orderSelect ? ui.orderSelect.value : "",
      by: ui.bySelect ? ui.bySelect.value : "",
      view: view ? view.value : "short",
      mentions: ui.mentionsBox && ui.mentionsBox.checked ? SHARED : 0,
    });
    render(m);
    writeUrl(m);
  }

  // -- Layout: fit the page, or scroll sideways with a cue ---------------------

  /** The bottom edge of Material's sticky header, in viewport pixels. */
  function stickyTop() {
    const header = document.querySelector(".md-header");
    return header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
  }

  /**
   * A table that fits its box needs no scroller, and its header row then sticks
   * to the window (CSS). One that does not fit scrolls sideways in its box: say
   * so, shade the hidden edges, and keep its header row in view by moving it
   * down as the page scrolls past (sticky cells inside a scroller cannot stick
   * to the window).
   */
  function layout(m) {
    // Measure every box first, then change them: reading a size after a change
    // makes the browser lay out the whole page again, once per read.
    const boxes = m.groups.filter((group) => group.box).map((group) => {
      const scroller = group.box.querySelector(".msp-matrix__scroller");
      return { group, scroller, wide: scroller.scrollWidth > scroller.clientWidth + 1 };
    });
    const shown = m.columnIds.filter((id) => showsColumn(m, id)).length;
    for (const { group, scroller, wide } of boxes) {
      const box = group.box;
      const next = wide ? "wide" : "fits";
      if (box.dataset.layout !== next) box.dataset.layout = next;
      if (!group.cue) {
        group.cue = make("p", { class: "msp-matrix__cue", id: `msp-cue-${group.name}`, "data-matrix-cue": group.name });
        box.prepend(group.cue);
        scroller.addEventListener("scroll", () => edges(box, scroller), { passive: true });
      }
      if (group.cue.hidden !== !wide) group.cue.hidden = !wide;
      const message = wide ? `The table is wider than the screen: scroll it sideways to see all ${shown} articles.` : "";
      if (group.cue.textContent !== message) group.cue.textContent = message;
      if (wide) scroller.setAttribute("aria-describedby", group.cue.id);
      else scroller.removeAttribute("aria-describedby");
    }
    // How far focused and linked cells must stay below the top: the sticky row's
    // height where it shows (on phones it gives way, and the stylesheet knows).
    const measured = boxes.map(({ group, scroller }) => ({
      box: group.box,
      head: group.table.tHead ? group.table.tHead.offsetHeight : 0,
      ends: scrolledTo(scroller),
    }));
    for (const { box, head, ends } of measured) {
      if (head) box.style.setProperty("--msp-head-height", `${head}px`);
      else box.style.removeProperty("--msp-head-height");
      markEnds(box, ends);
    }
    stickHeads(m);
  }

  /** Whether a scroller is at its start and at its end. */
  function scrolledTo(scroller) {
    return {
      start: scroller.scrollLeft <= 1,
      end: scroller.scrollLeft + scroller.clientWidth >= scroller.scrollWidth - 1,
    };
  }

  function markEnds(box, { start, end }) {
    box.toggleAttribute("data-at-start", start);
    box.toggleAttribute("data-at-end", end);
  }

  function edges(box, scroller) {
    markEnds(box, scrolledTo(scroller));
  }

  /** In a wide box, move the header row down to stay just below Material's header. */
  function stickHeads(m) {
    const top = stickyTop();
    const wideScreen = window.matchMedia("screen and (min-width: 45em)").matches;
    // Every shift is measured before any is applied (see layout).
    const shifts = m.groups.filter((group) => group.box && group.table.tHead).map((group) => {
      const head = group.table.tHead;
      let shift = 0;
      if (group.box.dataset.layout === "wide" && wideScreen) {
        const table = group.table.getBoundingClientRect();
        const last = group.table.tBodies[0] ? group.table.tBodies[0].lastElementChild : null;
        const room = table.height - head.offsetHeight - (last ? last.offsetHeight : 0);
        shift = Math.round(Math.max(0, Math.min(top - table.top, room)));
      }
      return { head, value: shift ? `translateY(${shift}px)` : "" };
    });
    for (const { head, value } of shifts) {
      for (const th of head.querySelectorAll("th")) if (th.style.transform !== value) th.style.transform = value;
    }
  }

  let frame = 0;
  function onScrollOrResize(event) {
    const m = active();
    if (!m || frame) return;
    frame = window.requestAnimationFrame(() => {
      frame = 0;
      if (event.type === "resize") layout(m);
      else stickHeads(m);
    });
  }

  // -- Controls ----------------------------------------------------------------

  function checkboxList(kind, items) {
    const list = make("ul", { class: "msp-matrix-controls__list" });
    const boxes = [];
    for (const item of items) {
      const box = make("input", { type: "checkbox", value: item.id, "data-matrix-filter": kind });
      box.checked = true;
      boxes.push(box);
      list.append(make("li", {}, make("label", {}, box, make("span", { text: item.label }))));
    }
    return { list, boxes };
  }

  function fieldset(m, legend, kind, items, modifier) {
    const { list, boxes } = checkboxList(kind, items);
    const set = (value) => {
      boxes.forEach((b) => { b.checked = value; });
      update(m);
    };
    const all = make("button", { type: "button", class: "msp-matrix-controls__button", text: "All", "data-matrix-select": "all" });
    const none = make("button", { type: "button", class: "msp-matrix-controls__button", text: "None", "data-matrix-select": "none" });
    all.addEventListener("click", () => set(true));
    none.addEventListener("click", () => set(false));
    const el = make(
      "fieldset",
      { class: `msp-matrix-controls__group msp-matrix-controls__group--${modifier}`, "data-matrix-group": modifier },
      make("legend", { text: legend }),
      make("div", { class: "msp-matrix-controls__buttons" }, all, none),
      list,
    );
    list.addEventListener("change", () => update(m));
    return { el, boxes };
  }

  function labelledSelect(labelText, name, options) {
    const id = `msp-matrix-${name}`;   // one set of controls per page
    const select = make("select", { id, "data-matrix-sort": name });
    for (const option of options) {
      if (option.group) {
        const group = make("optgroup", { label: option.group });
        for (const o of option.options) group.append(make("option", { value: o.value, text: o.label }));
        select.append(group);
      } else {
        select.append(make("option", { value: option.value, text: option.label }));
      }
    }
    const wrap = make("div", { class: "msp-matrix-controls__field" }, make("label", { for: id, text: labelText }), select);
    return { wrap, select };
  }

  /** Short or full answers: two radio buttons drawn as one switch. */
  function viewSwitch(m) {
    const options = make("span", { class: "msp-view__options" });
    const radios = [["short", "In a few words"], ["full", "In full"]].map(([value, label]) => {
      const radio = make("input", { type: "radio", name: "msp-view", value, "data-matrix-view": value });
      options.append(make("label", {}, radio, make("span", { text: label })));
      radio.addEventListener("change", () => update(m));
      return radio;
    });
    const el = make("fieldset", { class: "msp-view" }, make("legend", { text: "Answers" }), options);
    return { el, radios };
  }

  function buildControls(m) {
    const el = m.controlsEl;
    // The choices fold away (a <details>) so the tables come first; keep its summary.
    el.replaceChildren(...el.querySelectorAll(":scope > summary"));
    const articles = fieldset(m, "Articles", "articles", m.columns, "articles");
    const filters = make("div", { class: "msp-matrix-controls__filters" }, articles.el);
    const rowBoxes = [];
    for (const group of m.groups) {
      const f = fieldset(m, group.legend, "rows", group.rows, group.name);
      rowBoxes.push(...f.boxes);
      filters.append(f.el);
    }
    const bar = make("div", { class: "msp-matrix-controls__bar" });
    let orderSelect = null;
    let bySelect = null;
    if (m.questions) {
      const s = labelledSelect("Order articles by", "order", [
        { value: "", label: "Article list order" },
        { group: "Their answer to", options: m.questions.rows.map((r) => ({ value: r.id, label: r.label })) },
      ]);
      orderSelect = s.select;
      orderSelect.addEventListener("change", () => update(m));
      bar.append(s.wrap);
    }
    if (m.treatments) {
      const s = labelledSelect("Order treatments by", "by", [
        { value: "", label: "List order" },
        { value: "name", label: "Name" },
        { group: "Their stance, in", options: m.columns.map((c) => ({ value: c.id, label: c.label })) },
      ]);
      bySelect = s.select;
      bySelect.addEventListener("change", () => update(m));
      bar.append(s.wrap);
    }
    const reset = make("button", { type: "button", class: "msp-matrix-controls__button msp-matrix-controls__reset", text: "Reset", "data-matrix-reset": "" });
    reset.addEventListener("click", () => {
      m.state = defaultState();
      render(m);
      writeUrl(m);
    });
    bar.append(reset);
    el.append(filters, bar);

    const toolbar = document.querySelector("[data-matrix-toolbar]");
    const view = viewSwitch(m);
    const status = make("p", { class: "msp-matrix-controls__status", role: "status", "aria-live": "polite", "aria-atomic": "true", "data-matrix-status": "" });
    if (toolbar) {
      // The folding choices and the switch share a line, the choices first: opened, they take the whole line
      // from where their button stands, which stays under the pointer (after the switch, it moved to the
      // next line's start). The status follows them.
      toolbar.replaceChildren(el, view.el);
      toolbar.hidden = false;
      toolbar.after(status);
    } else {
      el.after(status);
    }
    let mentionsBox = null;
    const treatmentsBar = document.querySelector("[data-matrix-treatments-toolbar]");
    if (treatmentsBar && m.treatments) {
      mentionsBox = make("input", { type: "checkbox", "data-matrix-mentions": String(SHARED) });
      mentionsBox.addEventListener("change", () => update(m));
      treatmentsBar.replaceChildren(make("label", { class: "msp-matrix-toolbar__check" }, mentionsBox,
        make("span", { text: "Only treatments at least two of the shown articles mention" })));
      treatmentsBar.hidden = false;
    }
    el.hidden = false;
    m.ui = { articleBoxes: articles.boxes, rowBoxes, orderSelect, bySelect, viewRadios: view.radios, mentionsBox, status };
  }

  // -- Links into the tables -----------------------------------------------------

  /** The element a fragment ("#id", percent-encoded or not) names, if it is in a matrix. */
  function matrixTarget(m, hash) {
    let id = (hash || "").replace(/^#/, "");
    if (!id) return null;
    try { id = decodeURIComponent(id); } catch { /* keep it as it is */ }
    const target = document.getElementById(id);
    return target && m.root.contains(target) && target.closest("table[data-matrix]") ? target : null;
  }

  /**
   * If the fragment names a row, a cell or an article's column header that the
   * view hides, show it (and record that in the URL); a cell opens its answer.
   */
  function revealTarget(m, hash = window.location.hash) {
    const target = matrixTarget(m, hash);
    if (!target) return { target: null, changed: false };
    const state = m.state;
    let changed = false;
    const tr = target.closest("tr[data-row]");
    if (tr && !showsRow(state, tr.dataset.row)) {
      state.rows.add(tr.dataset.row);
      changed = true;
    }
    if (tr && state.mentions && m.treatments && m.treatments.tbody.contains(tr) && tr.hidden) {
      state.mentions = 0;
      changed = true;
    }
    const cell = target.closest("[data-column]");
    if (cell && !showsColumn(m, cell.dataset.column)) {
      state.articles = new Set(state.articles || m.defaultColumns);
      state.articles.add(cell.dataset.column);
      changed = true;
    }
    if (changed) {
      normalise(m, state);
      render(m);
      writeUrl(m);
    }
    // Opened, the answer grows the cell, and the browser's scroll anchoring may move the page to keep what
    // follows in place, pushing the cell's top out of sight (a tall treatment cell on a phone): the caller
    // scrolls to it again (`moved`).
    const answer = target.matches("td") ? target.querySelector("details.msp-answer") : null;
    const opened = Boolean(answer && !answer.open);
    if (opened) answer.open = true;
    return { target, changed, moved: changed || opened };
  }

  function scrollToTarget(target) {
    // After layout: the element has just been shown, or moved. At the start of
    // the window, below the sticky rows (the page's scroll-padding keeps it clear).
    window.requestAnimationFrame(() => target.scrollIntoView({ block: "start", inline: "nearest" }));
  }

  /** The view the URL describes: on load, and when the URL changes under us. */
  function syncFromUrl(m, scrollAnyway) {
    m.state = stateFromUrl(m);
    render(m);
    const { target, moved } = revealTarget(m);
    writeUrl(m);
    if (target && (moved || scrollAnyway)) scrollToTarget(target);
  }

  /** The matrix of the page on show, if any. */
  const active = () => (current && current.root.isConnected && window.location.pathname === current.pathname ? current : null);

  function onHashChange() {
    const m = active();
    if (!m) return;
    const { target, moved } = revealTarget(m);
    if (target && moved) scrollToTarget(target);
  }

  /** Back and forward between entries of this page: show the entry's view. */
  function onPopState() {
    const m = active();
    if (m) syncFromUrl(m, false);
  }

  /**
   * A click on a link to a place on this page. Material's instant navigation
   * made every link absolute when the page loaded, so the link carries the
   * query string of that moment; it then pushes the link's URL itself, and no
   * hashchange follows. So, before it does: show the target if it is filtered
   * out, and point the link at the current view.
   */
  function onClickCapture(event) {
    const m = active();
    if (!m || event.defaultPrevented || event.button !== 0) return;
    const a = event.target instanceof Element ? event.target.closest("a[href]") : null;
    if (!a || a.target) return;
    const url = new URL(a.href, window.location.href);
    if (url.origin !== window.location.origin || url.pathname !== window.location.pathname || !url.hash) return;
    const { target, moved } = revealTarget(m, url.hash);
    a.href = window.location.pathname + window.location.search + url.hash;
    if (target && moved) scrollToTarget(target);
  }

  /** After any click: if something replaced this page's query string, follow it. */
  function onClick() {
    window.setTimeout(() => {
      const m = active();
      if (m && window.location.search !== m.search) syncFromUrl(m, false);
    }, 0);
  }

  // -- Closing what opens -----------------------------------------------------------
  //
  // An answer the reader opened, and the choices panel, close on Escape (the
  // innermost first: a link preview, then the answer it is in, then the panel;
  // focus returns to what opened it) and on a click or tap anywhere outside
  // them. An answer also closes when Tab takes the focus out of it, as a click
  // elsewhere does (the panel stays: its choices are many, and the tables
  // follow them). Answers the full view opened stay open: the view is the
  // reader's choice. An answer a link opened (#row--article) takes the
  // fragment with it when it closes, so that reloading the page does not open
  // it again.

  const readerOpened = (details) => details.open && !details.dataset.openedByView;

  function openAnswers(m) {
    return Array.from(m.root.querySelectorAll("table[data-matrix] details.msp-answer[open]")).filter(readerOpened);
  }

  function close(details, focus) {
    details.open = false;
    if (focus) {
      const summary = details.querySelector(":scope > summary");
      if (summary) summary.focus();
    }
    const cell = details.closest("td[id]");
    if (cell && decodeURIComponent(window.location.hash.slice(1)) === cell.id) {
      window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search);
    }
    // Now, not at the toggle event: a click on a link closes what it is outside of before the link is
    // followed, and the event comes once the next entry is current.
    const m = active();
    if (m) keep(m);
  }

  function onToggle(event) {
    const m = active();
    const details = event.target;
    if (!m || !(details instanceof HTMLDetailsElement) || !m.root.contains(details)) return;
    if (details.open && details.matches("details.msp-answer")) m.lastOpened = details;
    if (details === m.controlsEl || details.matches("details.msp-answer")) keep(m);
  }

  // -- The page as the reader left it ----------------------------------------------
  //
  // Material sets the page anew when the reader comes back to it (Back, Forward), and once more after it
  // loads, at the first link to a place on the page itself (its navigation fetches whatever address it is
  // first told of). Set anew, the page had every answer closed, and a filtered view its choices open again
  // (as a shared link opens them), pushing the row the reader was reading down the screen. So:
  //
  // - a page set anew opens what the page it replaces had open (its elements, still in memory);
  // - what the reader has open (answers, choices) is kept for the history entry the page is shown in
  //   (sessionStorage, this tab's), as it changes: an entry come back to opens the same, and is then
  //   scrolled again to the offset Material kept for it, which it restored before anything was open;
  // - a page reached from elsewhere opens as its address says.
  //
  // The entry is the Navigation API's (two visits to one address are two entries), or the address where a
  // browser has no such API.
  const KEPT = "msp-compare-open:";
  const keptKey = () => KEPT + (window.navigation && window.navigation.currentEntry
    ? window.navigation.currentEntry.key : window.location.pathname + window.location.search);

  const opened = (m) => ({
    choices: m.controlsEl.open,
    answers: openAnswers(m).map((details) => details.closest("td[id]")).filter(Boolean).map((cell) => cell.id),
  });

  function keep(m) {
    try {
      window.sessionStorage.setItem(keptKey(), JSON.stringify(opened(m)));
    } catch (error) {
      // No storage (a private window's quota, storage turned off): the page opens as its address says.
    }
  }

  function kept() {
    try {
      const value = JSON.parse(window.sessionStorage.getItem(keptKey()) || "null");
      return value && typeof value.choices === "boolean" && Array.isArray(value.answers) ? value : null;
    } catch (error) {
      return null;
    }
  }

  function reopen(m, value) {
    for (const id of value.answers) {
      const cell = typeof id === "string" ? document.getElementById(id) : null;
      const details = cell && m.root.contains(cell) ? cell.querySelector(":scope details.msp-answer") : null;
      if (details && !details.open) details.open = true;
    }
  }

  const offsetOf = (state) => (state && typeof state.y === "number" ? { x: state.x || 0, y: state.y } : null);

  // The page come back to, if the next page set is one, and the offset Material kept for it: a document
  // loaded by Back, Forward or a reload, or a history traversal (by the Navigation API; else a popstate
  // carrying Material's offset, which a fragment's own navigation never does). By its address: Back and
  // Forward at once may set a page in between, which is not the one come back to. A new navigation ends it.
  const loaded = (performance.getEntriesByType("navigation")[0] || {}).type;
  let returning = loaded === "back_forward" || loaded === "reload"
    ? { url: window.location.href, offset: offsetOf(window.history.state) } : null;
  const navigatedAnew = () => {
    returning = null;
  };
  if (window.navigation) {
    window.navigation.addEventListener("navigate", (event) => {
      // Kept once more as the page is left, while its entry is still the current one: a toggle's event,
      // which keeps it too, comes a moment after the click that opened or closed it.
      const m = active();
      if (m) keep(m);
      if (event.navigationType === "traverse") returning = { url: event.destination.url, offset: null };
      else if (event.navigationType === "push") navigatedAnew();
    });
  }
  window.addEventListener("popstate", (event) => {
    const offset = offsetOf(event.state);
    if (!window.navigation && offset) returning = { url: window.location.href, offset };
    if (returning && returning.url === window.location.href && offset) returning.offset = offset;
  });
  document.addEventListener("click", navigatedAnew, true);

  function onKeyDown(event) {
    const m = active();
    if (!m || event.key !== "Escape" || event.defaultPrevented) return;
    const focused = document.activeElement instanceof Element ? document.activeElement : null;
    const around = focused ? focused.closest("details[open]") : null;
    const candidates = [
      around && (around === m.controlsEl || (around.matches("details.msp-answer") && readerOpened(around))) ? around : null,
      m.lastOpened && m.root.contains(m.lastOpened) && readerOpened(m.lastOpened) ? m.lastOpened : null,
      openAnswers(m).pop() || null,
      m.controlsEl.open ? m.controlsEl : null,
    ];
    const details = candidates.find(Boolean);
    if (!details) return;
    event.preventDefault();
    close(details, true);
  }

  // Whether the focus is moving because of Tab: only then does leaving an answer close it (a click closes it
  // on its own, once it has ended; see below).
  let tabbing = false;
  function onTab(event) {
    if (event.key !== "Tab") return;
    tabbing = true;
    window.setTimeout(() => { tabbing = false; }, 0);
  }

  function onFocusOut(event) {
    const m = active();
    const details = event.target instanceof Element ? event.target.closest("details.msp-answer[open]") : null;
    if (!m || !tabbing || !details || !readerOpened(details) || !m.root.contains(details)) return;
    const next = event.relatedTarget instanceof Element ? event.relatedTarget : null;
    if (next && (details.contains(next) || next.closest("#msp-preview"))) return;
    close(details, false);
  }

  // On click, not pointerdown: closing an answer moves what is below it, and a click begun on one summary
  // would otherwise end on another.
  function onClickOutside(event) {
    const m = active();
    const target = event.target instanceof Element ? event.target : null;
    // A link preview belongs to the answer it came from (preview.js places it beside the cell).
    if (!m || !target || target.closest("#msp-preview")) return;
    if (m.controlsEl.open && !m.controlsEl.contains(target)) close(m.controlsEl, false);
    // A choice of view or of articles is about the answers: it leaves them as they are. The toolbar's strip
    // around its controls looks like the page, and a click there is a click outside.
    const control = target.closest("a, button, input, select, label, summary");
    if (control && control.closest(".msp-matrix-toolbar") || target.closest("[data-matrix-controls]")) return;
    const inside = target.closest("details[open]");
    for (const details of openAnswers(m)) if (details !== inside) close(details, false);
  }

  function init() {
    const controlsEl = document.querySelector("[data-matrix-controls]");
    if (!controlsEl) {
      current = null;
      return;
    }
    if (controlsEl.dataset.matrixReady === "true") return;
    const root = controlsEl.closest("article") || document.body;
    const m = readMatrix(root, controlsEl);
    if (!m) return;
    controlsEl.dataset.matrixReady = "true";
    // The same page set anew, or one come back to (see "The page as the reader left it").
    const back = returning && returning.url === window.location.href ? returning : null;
    navigatedAnew();
    const replaced = current && current.pathname === window.location.pathname && !current.root.isConnected
      ? current : null;
    const was = replaced ? opened(replaced) : back ? kept() : null;
    m.pathname = window.location.pathname;
    current = m;
    buildControls(m);
    // The browser scrolled to the fragment before the columns moved (or could
    // not, as it was hidden): bring it back into view when the view differs.
    const fromUrl = stateFromUrl(m);
    const filtered = Boolean(fromUrl.order || fromUrl.by || fromUrl.articles || fromUrl.rows);
    controlsEl.open = was ? was.choices : filtered;
    syncFromUrl(m, !was && (filtered || fromUrl.view === "full"));
    if (was) {
      reopen(m, was);
      if (!replaced && back && back.offset) window.scrollTo(back.offset.x, back.offset.y);
    }
    keep(m);
    // Answers open and close, fonts load, columns change: keep the layout measured.
    if (typeof ResizeObserver === "function") {
      const observer = new ResizeObserver(() => onScrollOrResize({ type: "resize" }));
      for (const group of m.groups) if (group.box) observer.observe(group.box);
    }
  }

  window.addEventListener("keydown", onKeyDown); // after preview.js's, on the document: it closes first
  window.addEventListener("keydown", onTab, true); // before the focus moves
  document.addEventListener("focusout", onFocusOut);
  window.addEventListener("click", onClickOutside, true); // before preview.js's, which may stop a first tap
  document.addEventListener("toggle", onToggle, true);
  window.addEventListener("hashchange", onHashChange);
  window.addEventListener("popstate", onPopState);
  window.addEventListener("scroll", onScrollOrResize, { passive: true });
  window.addEventListener("resize", onScrollOrResize);
  document.addEventListener("click", onClickCapture, true);
  window.addEventListener("click", onClick);
  // On a first load this deferred script runs before Material's deferred
  // bundle, which defines document$: wait for DOMContentLoaded, after both.
  const follows = () => window.document$ && typeof window.document$.subscribe === "function";
  // The first set-up runs as a task of its own, not inside Material's: one
  // long task would hold off the reader's first tap.
  const start = () => (follows() ? window.document$.subscribe(() => window.setTimeout(init, 0)) : init());
  if (follows() || document.readyState === "complete") start();
  else document.addEventListener("DOMContentLoaded", start, { once: true });
})();
