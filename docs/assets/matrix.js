/*
 * Filtering and ordering for the comparison matrix on /compare/.
 *
 * The page (scripts/perspectives/templates/compare.md.j2) holds two tables,
 * table[data-matrix="questions"] and table[data-matrix="treatments"], and an
 * empty div[data-matrix-controls]. Everything here is read from the tables'
 * data-* attributes: data-column (article id) on header and body cells,
 * data-row (row id) on body rows, data-sort (sort key) on body cells.
 *
 * The view is kept in the query string, so a link reproduces it:
 *   articles=ID,ID   shown article columns, in list order (absent = all)
 *   rows=ID,ID       shown rows of both tables, in list order (absent = all)
 *   order=ROWID      columns ordered by a questions row (absent = list order)
 *   by=name|ID       treatments ordered by name or by an article's stance
 * Unknown ids are ignored. Cells are moved, never copied, so the tooltips
 * Material attaches to their links keep working. No innerHTML anywhere.
 */
(() => {
  "use strict";

  const PARAMS = ["articles", "rows", "order", "by"];
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
      const tbody = table.tBodies[0];
      const rows = Array.from(table.querySelectorAll("tbody > tr[data-row]")).map((tr) => ({
        id: tr.dataset.row,
        label: text(tr.querySelector("th")),
        tr,
      }));
      return {
        name,
        table,
        tbody,
        rows,
        legend: headingText(table.getAttribute("aria-labelledby")) || name,
        noun: name.replace(/[-_]+/g, " "),
      };
    });
    const rowIds = groups.flatMap((group) => group.rows.map((row) => row.id));
    return {
      root,
      controlsEl,
      tables,
      columns,
      columnIds: columns.map((c) => c.id),
      groups,
      questions: groups.find((g) => g.name === "questions") || null,
      treatments: groups.find((g) => g.name === "treatments") || null,
      rowIds,
      state: null,
      ui: null,
    };
  }

  const defaultState = () => ({ articles: null, rows: null, order: "", by: "" });

  /** The state in the query string; unknown ids ignored. */
  function stateFromUrl(m) {
    const params = new URLSearchParams(window.location.search);
    const state = defaultState();
    const idList = (name, known) => {
      if (!params.has(name)) return null;
      const raw = params.get(name);
      const ids = raw.split(",").map((s) => s.trim()).filter(Boolean);
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
    return normalise(m, state);
  }

  /** Sets holding everything become null (= all), so URLs stay short. */
  function normalise(m, state) {
    if (state.articles && m.columnIds.every((id) => state.articles.has(id))) state.articles = null;
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
    const search = parts.length ? `?${parts.join("&")}` : "";
    return window.location.pathname + search + window.location.hash;
  }

  function writeUrl(m) {
    const url = urlFor(m, m.state);
    const now = window.location.pathname + window.location.search + window.location.hash;
    if (url !== now) window.history.replaceState(window.history.state, "", url);
    m.search = window.location.search;
  }

  const showsColumn = (state, id) => !state.articles || state.articles.has(id);
  const showsRow = (state, id) => !state.rows || state.rows.has(id);

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

  /** Make the tables show the state: order columns and rows, hide what is filtered out. */
  function render(m) {
    const { state } = m;
    const order = columnOrder(m);
    for (const table of m.tables) {
      for (const tr of table.rows) {
        const cells = new Map();
        for (const cell of tr.cells) if (cell.dataset.column) cells.set(cell.dataset.column, cell);
        const moved = order.map((id) => cells.get(id)).filter(Boolean);
        // Only touch the DOM when the order differs: moving a focused cell drops focus.
        const now = Array.from(tr.cells).filter((c) => c.dataset.column);
        if (moved.some((cell, i) => now[i] !== cell)) tr.append(...moved);
        for (const [id, cell] of cells) cell.hidden = !showsColumn(state, id);
      }
    }
    if (m.treatments) {
      const rows = treatmentOrder(m).map((r) => r.tr);
      const now = Array.from(m.treatments.tbody.rows);
      if (rows.some((tr, i) => now[i] !== tr)) m.treatments.tbody.append(...rows);
    }
    for (const group of m.groups) {
      for (const row of group.rows) row.tr.hidden = !showsRow(state, row.id);
    }
    markSortHeaders(m);
    syncControls(m);
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
    const shown = m.columnIds.filter((id) => showsColumn(m.state, id)).length;
    const parts = [`${shown} of ${m.columnIds.length} articles`];
    for (const group of m.groups) {
      const n = group.rows.filter((r) => showsRow(m.state, r.id)).length;
      parts.push(`${n} of ${group.rows.length} ${group.noun}`);
    }
    const last = parts.pop();
    return `Showing ${parts.length ? `${parts.join(", ")} and ${last}` : last}.`;
  }

  function syncControls(m) {
    const { ui, state } = m;
    if (!ui) return;
    for (const box of ui.articleBoxes) box.checked = showsColumn(state, box.value);
    for (const box of ui.rowBoxes) box.checked = showsRow(state, box.value);
    if (ui.orderSelect) ui.orderSelect.value = state.order;
    if (ui.bySelect) ui.bySelect.value = state.by;
    const message = summary(m);
    if (ui.status.textContent !== message) ui.status.textContent = message;
  }

  /** Read the checkboxes and selects into the state, then show and record it. */
  function update(m) {
    const { ui } = m;
    const checked = (boxes) => new Set(boxes.filter((b) => b.checked).map((b) => b.value));
    m.state = normalise(m, {
      articles: checked(ui.articleBoxes),
      rows: checked(ui.rowBoxes),
      order: ui.orderSelect ? ui.orderSelect.value : "",
      by: ui.bySelect ? ui.bySelect.value : "",
    });
    render(m);
    writeUrl(m);
  }

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

  function buildControls(m) {
    const el = m.controlsEl;
    // The controls fold away (a <details>) so the tables come first; keep its summary.
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
    const status = make("p", { class: "msp-matrix-controls__status", role: "status", "aria-live": "polite", "aria-atomic": "true", "data-matrix-status": "" });
    el.append(filters, bar);
    // The status stays in sight when the controls are folded: a shared link may show a filtered view.
    el.after(status);
    el.hidden = false;
    m.ui = { articleBoxes: articles.boxes, rowBoxes, orderSelect, bySelect, status };
  }

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
   * filter hides, show it (and record that in the URL).
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
    const cell = target.closest("[data-column]");
    if (cell && !showsColumn(state, cell.dataset.column)) {
      state.articles.add(cell.dataset.column);
      changed = true;
    }
    if (changed) {
      normalise(m, state);
      render(m);
      writeUrl(m);
    }
    return { target, changed };
  }

  function scrollToTarget(target) {
    // After layout: the element has just been shown, or moved.
    window.requestAnimationFrame(() => target.scrollIntoView({ block: "center", inline: "nearest" }));
  }

  /** The view the URL describes: on load, and when the URL changes under us. */
  function syncFromUrl(m, scrollAnyway) {
    m.state = stateFromUrl(m);
    render(m);
    const { target, changed } = revealTarget(m);
    writeUrl(m);
    if (target && (changed || scrollAnyway)) scrollToTarget(target);
  }

  /** The matrix of the page on show, if any. */
  const active = () => (current && current.root.isConnected && window.location.pathname === current.pathname ? current : null);

  function onHashChange() {
    const m = active();
    if (!m) return;
    const { target, changed } = revealTarget(m);
    if (target && changed) scrollToTarget(target);
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
    const { target, changed } = revealTarget(m, url.hash);
    a.href = window.location.pathname + window.location.search + url.hash;
    if (target && changed) scrollToTarget(target);
  }

  /** After any click: if something replaced this page's query string, follow it. */
  function onClick() {
    window.setTimeout(() => {
      const m = active();
      if (m && window.location.search !== m.search) syncFromUrl(m, false);
    }, 0);
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
    m.pathname = window.location.pathname;
    current = m;
    buildControls(m);
    // The browser scrolled to the fragment before the columns moved (or could
    // not, as it was hidden): bring it back into view when the view differs.
    const fromUrl = stateFromUrl(m);
    if (fromUrl.order || fromUrl.by || fromUrl.articles || fromUrl.rows) controlsEl.open = true;
    syncFromUrl(m, Boolean(fromUrl.order || fromUrl.by || fromUrl.articles || fromUrl.rows));
  }

  window.addEventListener("hashchange", onHashChange);
  window.addEventListener("popstate", onPopState);
  document.addEventListener("click", onClickCapture, true);
  window.addEventListener("click", onClick);
  if (typeof window.document$ !== "undefined" && window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(() => init());
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init, { once: true });
  } else {
    init();
  }
})();
