/* tracker explore: the page's own code, hand-written, no library beside plotly.js.
 *
 * The data is the JSON in #explorer-data (tracker/views/explorer/payload.py): events as
 * column arrays, actors and the other names as tables the events point into by index.
 * Every string from the data reaches the page through textContent (never innerHTML), or
 * through plotly with its markup characters escaped (plotText); a source is a link only
 * when its URL is http(s).
 */
(function () {
  "use strict";

  const P = JSON.parse(document.getElementById("explorer-data").textContent);
  const E = P.events;
  const A = P.actors;
  const N = E.id.length;
  const DAY = 86400000;
  const LIST_PAGE = 200; // rows drawn at a time
  const MARKER_LIMIT = 1500; // above this many events the timeline draws bars
  const NODE_LIMIT = 120; // the network shows the busiest actors of the selection
  const LABELS = 10; // and names the busiest of those (every one, up to 30)
  const EDGE_LIMIT = 400; // and draws the heaviest pairs among them
  const COLOURS = {
    phone_call: "#1f77b4", video_call: "#17becf", meeting: "#2ca02c", visit: "#9467bd",
    letter: "#8c564b", message: "#bcbd22", negotiation_round: "#e377c2", summit: "#d62728",
    multilateral_meeting: "#7f7f7f", statement: "#ff7f0e", development: "#555555",
  };
  const KIND_COLOURS = {
    person: "#1f77b4", state: "#d62728", government_body: "#2ca02c",
    international_organization: "#9467bd", group: "#ff7f0e", other: "#7f7f7f",
  };
  const CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["toImage"] };
  const $ = (id) => document.getElementById(id);

  // ------------------------------------------------------------------ small helpers

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function fold(text) {
    return String(text).normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase();
  }

  function tokens(text) {
    return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean).join(" ");
  }

  // plotly applies its own markup (<b>, <a href>, <span style>) to the text it draws:
  // its three special characters are escaped, so it shows the text as written.
  function plotText(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function clip(text, limit) {
    const s = String(text);
    return s.length > limit ? s.slice(0, limit - 1) + "…" : s;
  }

  function wrapped(text, width, limit) {
    const words = clip(text, limit).split(/\s+/);
    const lines = [];
    let line = "";
    for (const w of words) {
      if (line && line.length + w.length + 1 > width) { lines.push(line); line = w; }
      else line = line ? line + " " + w : w;
    }
    if (line) lines.push(line);
    return lines.map(plotText).join("<br>");
  }

  function httpUrl(text) {
    try {
      const url = new URL(String(text));
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (_) {
      return null;
    }
  }

  // "1 event", "2,000 events"
  function many(n, word) {
    return `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;
  }

  function label(type) { return String(type).replace(/_/g, " "); }

  function utcDay(y, m, d) {
    const t = new Date(0);
    t.setUTCFullYear(y, m, d);
    return Math.round(t.getTime() / DAY);
  }

  // A moment on plotly's date axis ("2021-08-13 23:45:34.5576", or ms) in ms since 1970.
  function moment(value) {
    if (typeof value === "number") return value;
    const m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2})(?::(\d{2}(?:\.\d*)?))?)?/.exec(String(value));
    if (!m) return NaN;
    return utcDay(+m[1], +m[2] - 1, +m[3]) * DAY + (+m[4] || 0) * 3600000 +
      (+m[5] || 0) * 60000 + (+m[6] || 0) * 1000;
  }

  const FIRST_DAY = utcDay(1, 0, 1);
  const LAST_DAY = utcDay(9999, 11, 31);

  function isoDay(day) { return new Date(day * DAY).toISOString().slice(0, 10); }

  // "2021", "2021-08" or "2021-08-16": its first day (or last, for an end); NaN if bad.
  function parseDay(text, end) {
    const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(String(text).trim());
    if (!m) return NaN;
    const y = +m[1];
    const mo = m[2] ? +m[2] - 1 : (end ? 11 : 0);
    if (mo > 11 || mo < 0) return NaN;
    if (m[3]) {
      const day = utcDay(y, mo, +m[3]);
      return isoDay(day) === `${m[1]}-${m[2]}-${m[3]}` ? day : NaN;
    }
    return end ? utcDay(y, mo + 1, 0) : utcDay(y, mo, 1);
  }

  function parts(i) {
    const p = E.parts[i];
    const out = [];
    for (let k = 0; k < p.length; k += 2) out.push([p[k], P.roles[p[k + 1]]]);
    return out;
  }

  function who(i) {
    return parts(i).map(([a]) => A.name[a]).join(", ");
  }

  // ------------------------------------------------------------------ search

  let hay = null; // per event: its words, " ~ " between fields, so a phrase stays in one

  // The words of fields joined by SEP (a control character, which no text in the log
  // holds), folded, with " ~ " between two fields.
  const SEP = "\u0001";
  function words(joined) {
    return fold(joined).replace(/[^\p{L}\p{N}\u0001]+/gu, " ").replace(/ ?\u0001 ?/g, " ~ ").trim();
  }

  let names = null;
  let built = 0; // events whose haystack is made: in the background after the first draw

  function haystack(i) {
    const fields = [E.summary[i], label(P.types[E.type[i]]), E.loc[i] || "", E.cameo[i] || "",
      E.id[i], E.when[i]];
    for (const t of E.topics[i]) fields.push(P.topics[t]);
    for (const s of E.src[i]) for (const v of s) if (v) fields.push(v);
    for (const t of E.tags[i]) fields.push(P.tags[t]);
    for (const n of E.notes[i]) fields.push(n[0]);
    let text = " " + words(fields.join(SEP));
    const p = E.parts[i];
    for (let k = 0; k < p.length; k += 2) text += " ~ " + names[p[k]];
    return text + " ";
  }

  function buildSome(upto) {
    if (!names) {
      names = A.name.map((n, a) => words([n, ...A.aka[a]].join(SEP)));
      hay = new Array(N);
    }
    for (; built < Math.min(upto, N); built++) hay[built] = haystack(built);
  }

  function haystacks() {
    buildSome(N);
    return hay;
  }

  function buildInBackground() {
    buildSome(built + 2000);
    if (built < N) setTimeout(buildInBackground, 0);
  }

  // Words must all match (AND); "a phrase", prefix*, OR between two terms, -word or NOT
  // word to leave out; case and accents are ignored. Returns [{neg, pats}], or null.
  function parseQuery(q) {
    const clauses = [];
    let neg = false;
    let or = false;
    const re = /(-?)"([^"]*)"?|(\S+)/g;
    let m;
    while ((m = re.exec(q)) !== null) {
      const word = m[3];
      if (word === "OR") { or = clauses.length > 0; continue; }
      if (word === "AND") continue;
      if (word === "NOT") { neg = true; continue; }
      let text = m[2] !== undefined ? m[2] : word;
      let minus = m[1] === "-";
      if (m[2] === undefined && text.startsWith("-") && text.length > 1) {
        minus = true;
        text = text.slice(1);
      }
      const prefix = m[2] === undefined && text.endsWith("*");
      const toks = tokens(prefix ? text.slice(0, -1) : text);
      if (!toks) { neg = false; continue; }
      const pat = " " + toks + (prefix ? "" : " ");
      const negated = neg || minus;
      const last = clauses[clauses.length - 1];
      if (or && !negated && last && !last.neg) last.pats.push(pat);
      else clauses.push({ neg: negated, pats: [pat] });
      neg = false;
      or = false;
    }
    return clauses.length ? clauses : null;
  }

  // ------------------------------------------------------------------ filters

  const state = {
    q: "", actor: -1, with: -1, type: -1, topic: -1, tag: -1, from: null, to: null, starred: false,
    retracted: false,
  };
  const LIVE = E.gone.filter((g) => g === null).length;
  let order = "asc";
  let selected = [];
  let shown = LIST_PAGE;
  let current = -1; // the event in the detail panel

  function has(i, actor) {
    const p = E.parts[i];
    for (let k = 0; k < p.length; k += 2) if (p[k] === actor) return true;
    return false;
  }

  function select() {
    const clauses = state.q ? parseQuery(state.q) : null;
    const text = clauses ? haystacks() : null;
    const out = [];
    for (let i = 0; i < N; i++) {
      if (state.type >= 0 && E.type[i] !== state.type) continue;
      if (state.from !== null && E.d1[i] < state.from) continue;
      if (state.to !== null && E.d0[i] > state.to) continue;
      if (state.actor >= 0 && !has(i, state.actor)) continue;
      if (state.with >= 0 && !has(i, state.with)) continue;
      if (state.topic >= 0 && !E.topics[i].includes(state.topic)) continue;
      if (state.tag >= 0 && !E.tags[i].includes(state.tag)) continue;
      if (state.starred && !E.star[i]) continue;
      if (!state.retracted && E.gone[i] !== null) continue;
      if (clauses) {
        const h = text[i];
        let ok = true;
        for (const c of clauses) {
          const hit = c.pats.some((p) => h.includes(p));
          if (hit === c.neg) { ok = false; break; }
        }
        if (!ok) continue;
      }
      out.push(i);
    }
    return out;
  }

  function options(id, values, counts, first) {
    const box = $(id);
    box.replaceChildren(el("option", null, first));
    box.firstChild.value = "-1";
    const order = values.map((_, k) => k).filter((k) => counts[k] > 0);
    order.sort((a, b) => String(values[a]).localeCompare(String(values[b])));
    for (const k of order) {
      const opt = el("option", null, `${values[k]} (${counts[k]})`);
      opt.value = String(k);
      box.appendChild(opt);
    }
  }

  function fillOptions() {
    const actorCounts = new Array(A.id.length).fill(0);
    const typeCounts = new Array(P.types.length).fill(0);
    const topicCounts = new Array(P.topics.length).fill(0);
    const tagCounts = new Array(P.tags.length).fill(0);
    for (let i = 0; i < N; i++) {
      if (E.gone[i] !== null) continue; // the live events' counts
      typeCounts[E.type[i]]++;
      for (const a of new Set(parts(i).map(([x]) => x))) actorCounts[a]++;
      for (const t of E.topics[i]) topicCounts[t]++;
      for (const t of E.tags[i]) tagCounts[t]++;
    }
    options("actor", A.name, actorCounts, "any actor");
    options("with", A.name, actorCounts, "any counterpart");
    options("type", P.types.map(label), typeCounts, "any type");
    options("topic", P.topics, topicCounts, "any topic");
    options("tag", P.tags, tagCounts, P.tags.length ? "any tag" : "no tags yet");
  }

  // ------------------------------------------------------------------ the note

  function note() {
    const box = $("note");
    const m = P.meta;
    const head = m.line ? `head ${m.head.slice(0, 16)}… (line ${m.line})` : "empty";
    const filters = m.filters.length
      ? m.filters.map(([k, v]) => `${k} ${v}`).join(", ")
      : "none (the whole log)";
    const items = [
      ["Log", `${m.log}, ${head}`],
      ["As of", m.as_of || "now (every line of the log)"],
      ["Filters", filters],
      ["Holds", `${many(m.events, "event")}, ${many(m.actors, "actor")}` +
        (m.retracted ? ` (and ${m.retracted.toLocaleString("en")} retracted, hidden unless asked)` : "")],
      ["Made", m.made],
    ];
    box.replaceChildren();
    for (const [k, v] of items) {
      const item = el("span", "fact");
      item.appendChild(el("b", null, k + ": "));
      item.appendChild(document.createTextNode(v));
      box.appendChild(item);
    }
    box.title = `log head ${m.head}`;
  }

  // ------------------------------------------------------------------ list and detail

  function row(i) {
    const li = el("li", "row" + (i === current ? " current" : "") + (E.gone[i] !== null ? " gone" : ""));
    li.tabIndex = 0;
    li.dataset.i = String(i);
    const type = P.types[E.type[i]];
    const dot = el("span", "dot");
    dot.style.background = COLOURS[type] || "#333";
    li.appendChild(dot);
    li.appendChild(el("span", "when", E.when[i]));
    const marks = (E.star[i] ? "★ " : "") + (E.gone[i] !== null ? "retracted · " : "");
    li.appendChild(el("span", "type", marks + label(type)));
    li.appendChild(el("span", "who", who(i)));
    li.appendChild(el("span", "summary", clip(E.summary[i], 240)));
    return li;
  }

  function renderList() {
    const list = $("list");
    list.replaceChildren();
    const n = Math.min(selected.length, shown);
    const frag = document.createDocumentFragment();
    for (let k = 0; k < n; k++) {
      frag.appendChild(row(selected[order === "asc" ? k : selected.length - 1 - k]));
    }
    list.appendChild(frag);
    const more = $("more");
    more.hidden = selected.length <= n;
    more.textContent = `Show ${Math.min(LIST_PAGE, selected.length - n)} more of ${(selected.length - n).toLocaleString("en")}`;
    if (!selected.length) list.appendChild(el("li", "empty", "No event matches."));
  }

  function section(box, title) {
    box.appendChild(el("h3", null, title));
  }

  function showDetail(i) {
    current = i;
    for (const r of document.querySelectorAll("#list .row")) {
      r.classList.toggle("current", Number(r.dataset.i) === i);
    }
    const box = $("detail");
    box.replaceChildren();
    const type = P.types[E.type[i]];
    const head = el("h2");
    head.appendChild(el("span", "when", E.when[i]));
    head.appendChild(document.createTextNode(" "));
    head.appendChild(el("span", "type", label(type)));
    if (E.star[i]) head.appendChild(el("span", "star", " ★ starred"));
    box.appendChild(head);
    if (E.gone[i] !== null) {
      box.appendChild(el("p", "gone", `Retracted${E.gone[i] ? ": " + E.gone[i] : ""}`));
    }
    box.appendChild(el("p", "summary", E.summary[i]));
    section(box, "Participants");
    const people = el("ul", "participants");
    for (const [a, role] of parts(i)) {
      const li = el("li");
      const name = el("button", "name", A.name[a]);
      name.type = "button";
      name.title = "Filter to this actor";
      name.addEventListener("click", () => setActor(a));
      li.appendChild(name);
      li.appendChild(el("span", "role", role));
      const about = [label(A.kind[a]), A.country[a]].filter(Boolean).join(", ");
      if (about) li.appendChild(el("span", "about", about));
      people.appendChild(li);
    }
    box.appendChild(people);
    const facts = el("dl", "facts");
    const fact = (k, v) => {
      if (!v) return;
      facts.appendChild(el("dt", null, k));
      facts.appendChild(el("dd", null, v));
    };
    fact("Location", E.loc[i]);
    fact("Topics", E.topics[i].map((t) => P.topics[t]).join(", "));
    fact("CAMEO", E.cameo[i]);
    fact("Id", E.id[i]);
    box.appendChild(facts);
    section(box, `Sources (${E.src[i].length})`);
    const sources = el("ul", "sources");
    for (const [url, outlet, published, quote] of E.src[i]) {
      const li = el("li");
      const href = url ? httpUrl(url) : null;
      const name = outlet || url || "source";
      if (href) {
        const a = el("a", null, name);
        a.href = href;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        li.appendChild(a);
      } else {
        li.appendChild(el("span", "name", name));
      }
      if (published) li.appendChild(el("span", "published", ` · ${published}`));
      if (url && (outlet || !href)) li.appendChild(el("div", "url", url));
      if (quote) li.appendChild(el("blockquote", null, quote));
      sources.appendChild(li);
    }
    box.appendChild(sources);
    section(box, "Tags");
    const tags = el("p", "tags");
    for (const t of E.tags[i]) tags.appendChild(el("span", "tag", P.tags[t]));
    if (!E.tags[i].length) tags.appendChild(el("span", "none", "none"));
    box.appendChild(tags);
    section(box, "Notes");
    const notes = el("ul", "notes");
    for (const [text, at, by] of E.notes[i]) {
      const li = el("li");
      li.appendChild(el("div", null, text));
      li.appendChild(el("div", "by", `${P.users[by]}, ${at}`));
      notes.appendChild(li);
    }
    if (!E.notes[i].length) notes.appendChild(el("li", "none", "none"));
    box.appendChild(notes);
    section(box, "History");
    const hist = el("ol", "history");
    const [by, at] = E.rec[i];
    hist.appendChild(el("li", null, `recorded ${at} by ${P.users[by]}`));
    for (const [kind, when, user, reason, fields] of E.hist[i]) {
      const changed = fields.length ? ` (${fields.join(", ")})` : "";
      const why = reason ? `: ${reason}` : "";
      hist.appendChild(el("li", kind, `${kind}${changed} ${when} by ${P.users[user]}${why}`));
    }
    box.appendChild(hist);
  }

  // ------------------------------------------------------------------ timeline

  const hovers = new Array(N);

  function hover(i) {
    if (hovers[i] === undefined) {
      hovers[i] = `<b>${plotText(E.when[i])}</b> · ${plotText(label(P.types[E.type[i]]))}<br>` +
        `${wrapped(who(i), 80, 200)}<br>${wrapped(E.summary[i], 80, 300)}`;
    }
    return hovers[i];
  }

  function binning(first, last) {
    const span = last - first + 1;
    if (span <= 150) return ["day", (d) => d, (d) => d + 1];
    if (span <= 150 * 7) {
      const monday = (d) => d - ((d % 7) + 10) % 7; // 1970-01-01 was a Thursday
      return ["week", monday, (d) => d + 7];
    }
    const months = (step) => [
      (d) => { const t = new Date(d * DAY); return utcDay(t.getUTCFullYear(), t.getUTCMonth() - (t.getUTCMonth() % step), 1); },
      (d) => { const t = new Date(d * DAY); return utcDay(t.getUTCFullYear(), t.getUTCMonth() + step, 1); },
    ];
    if (span <= 150 * 31) return ["month", ...months(1)];
    if (span <= 150 * 92) return ["quarter", ...months(3)];
    return ["year", ...months(12)];
  }

  function range(days) {
    let lo = Infinity, hi = -Infinity;
    for (const d of days) { if (d < lo) lo = d; if (d > hi) hi = d; }
    if (lo === Infinity) return null;
    const pad = Math.max(3, Math.round((hi - lo) / 25));
    // held within 0001-01-01 and 9999-12-31: past them plotly draws an empty axis
    return [isoDay(Math.max(lo - pad, FIRST_DAY)), isoDay(Math.min(hi + pad + 1, LAST_DAY))];
  }

  function renderTimeline() {
    const traces = [];
    const types = new Map();
    for (const i of selected) {
      const t = E.type[i];
      if (!types.has(t)) types.set(t, []);
      types.get(t).push(i);
    }
    const lanes = [...types.keys()].sort((a, b) => P.types[a].localeCompare(P.types[b]));
    let title;
    const layout = {
      margin: { l: 150, r: 20, t: 40, b: 40 },
      dragmode: "select",
      selectdirection: "h",
      hovermode: "closest",
      hoverlabel: { align: "left" },
      showlegend: false,
      xaxis: { type: "date", range: range(selected.map((i) => E.d0[i])) || undefined },
      template: undefined,
      plot_bgcolor: "#fff",
      paper_bgcolor: "#fff",
    };
    if (selected.length <= MARKER_LIMIT) {
      // one trace, a colour per point: plotly draws one trace much faster than eleven
      const xs = [], ys = [], custom = [], colours = [];
      lanes.forEach((t, lane) => {
        const colour = COLOURS[P.types[t]] || "#333";
        types.get(t).forEach((i, k) => {
          xs.push(E.d0[i] * DAY + DAY / 2);
          ys.push(lane + ((k * 0.618034) % 1 - 0.5) * 0.6);
          custom.push([i, hover(i)]);
          colours.push(colour);
        });
      });
      traces.push({
        type: "scatter", mode: "markers", x: xs, y: ys, customdata: custom,
        hovertemplate: "%{customdata[1]}<extra></extra>",
        marker: { size: 9, color: colours, line: { width: 1, color: "#fff" } },
      });
      layout.yaxis = {
        tickmode: "array", tickvals: lanes.map((_, k) => k),
        ticktext: lanes.map((t) => plotText(label(P.types[t]))),
        range: [-0.7, Math.max(lanes.length, 1) - 0.3], zeroline: false, fixedrange: true,
      };
      title = `${many(selected.length, "event")}, one marker each · drag across dates to narrow, double-click to clear`;
    } else {
      let lo = Infinity, hi = -Infinity;
      for (const i of selected) { if (E.d0[i] < lo) lo = E.d0[i]; if (E.d0[i] > hi) hi = E.d0[i]; }
      const [unit, start, next] = binning(lo, hi);
      const bins = []; // every period from the first to the last, empty ones too
      const at = new Map();
      for (let b = start(lo); b <= hi; b = next(b)) { at.set(b, bins.length); bins.push(b); }
      // stacked areas, one per type: a handful of paths, where bars would be thousands
      for (const t of lanes) {
        const counts = new Array(bins.length).fill(0);
        for (const i of types.get(t)) counts[at.get(start(E.d0[i]))]++;
        const colour = COLOURS[P.types[t]] || "#333";
        traces.push({
          type: "scatter",
          mode: "lines",
          stackgroup: "types",
          line: { width: 0.5, color: colour, shape: "hvh" },
          fillcolor: colour,
          x: bins.map((b) => ((b + next(b)) / 2) * DAY),
          y: counts,
          hovertemplate: `%{y} ${plotText(label(P.types[t]))} · ${unit} of %{x|%Y-%m-%d}<extra></extra>`,
        });
      }
      layout.yaxis = { title: { text: `events per ${unit}` }, fixedrange: true, rangemode: "tozero" };
      layout.margin.l = 60;
      title = `${selected.length.toLocaleString("en")} events, stacked by type per ${unit} (one marker each at ${MARKER_LIMIT.toLocaleString("en")} or fewer) · drag across dates to narrow`;
    }
    layout.title = { text: plotText(title), font: { size: 12 }, x: 0.01, xanchor: "left" };
    Plotly.react($("timeline"), traces, layout, CONFIG);
  }

  // ------------------------------------------------------------------ network

  // Fruchterman-Reingold in the unit square, from a circle: the same selection is always
  // drawn the same way.
  function forceLayout(n, edges, mass) {
    const x = new Float64Array(n), y = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const angle = (2 * Math.PI * k) / Math.max(n, 1);
      const r = 0.5 + 0.5 * ((k * 0.618034) % 1);
      x[k] = r * Math.cos(angle);
      y[k] = r * Math.sin(angle);
    }
    if (n < 2) return [x, y];
    const kk = Math.sqrt(3 / n);
    const gravity = 0.6;
    let temp = 0.2;
    const dx = new Float64Array(n), dy = new Float64Array(n);
    const m = edges.length;
    const ea = new Int32Array(m), eb = new Int32Array(m), ew = new Float64Array(m);
    edges.forEach(([a, b, w], e) => { ea[e] = a; eb[e] = b; ew[e] = Math.min(1 + Math.log(w), 3); });
    for (let it = 0; it < 100; it++) {
      dx.fill(0); dy.fill(0);
      for (let a = 0; a < n; a++) {
        for (let b = a + 1; b < n; b++) {
          let ux = x[a] - x[b], uy = y[a] - y[b];
          const d2 = ux * ux + uy * uy + 1e-9;
          const f = (kk * kk * mass[a] * mass[b]) / d2; // big nodes keep more room
          ux *= f; uy *= f;
          dx[a] += ux; dy[a] += uy; dx[b] -= ux; dy[b] -= uy;
        }
        dx[a] -= x[a] * gravity; dy[a] -= y[a] * gravity; // islands stay near
      }
      for (let e = 0; e < m; e++) {
        const a = ea[e], b = eb[e];
        const ux = x[a] - x[b], uy = y[a] - y[b];
        const f = (Math.sqrt(ux * ux + uy * uy) / kk) * ew[e];
        dx[a] -= ux * f; dy[a] -= uy * f; dx[b] += ux * f; dy[b] += uy * f;
      }
      for (let a = 0; a < n; a++) {
        const d = Math.sqrt(dx[a] * dx[a] + dy[a] * dy[a]) + 1e-9;
        const step = Math.min(d, temp);
        x[a] += (dx[a] / d) * step;
        y[a] += (dy[a] / d) * step;
      }
      temp *= 0.95;
    }
    return [x, y];
  }

  function renderNetwork() {
    const count = new Map();
    const pairs = new Map();
    const M = A.id.length;
    for (const i of selected) {
      const ps = parts(i);
      const ids = [...new Set(ps.map(([a]) => a))];
      for (const a of ids) count.set(a, (count.get(a) || 0) + 1);
      const type = P.types[E.type[i]];
      if (type === "development") continue;
      let links = [];
      if (type === "statement") {
        const speakers = ps.filter(([, r]) => r === "speaker").map(([a]) => a);
        for (const s of speakers) for (const a of ids) if (a !== s) links.push([s, a]);
      } else {
        for (let p = 0; p < ids.length; p++) for (let q = p + 1; q < ids.length; q++) links.push([ids[p], ids[q]]);
      }
      for (const [a, b] of links) {
        const key = a < b ? a * M + b : b * M + a;
        pairs.set(key, (pairs.get(key) || 0) + 1);
      }
    }
    const ranked = [...count.keys()].sort((a, b) => count.get(b) - count.get(a) || A.name[a].localeCompare(A.name[b]));
    const nodes = ranked.slice(0, NODE_LIMIT);
    const at = new Map(nodes.map((a, k) => [a, k]));
    let edges = [];
    for (const [key, w] of pairs) {
      const a = Math.floor(key / M), b = key % M;
      if (at.has(a) && at.has(b)) edges.push([at.get(a), at.get(b), w]);
    }
    const allEdges = edges.length;
    const maxC = Math.max(1, ...nodes.map((a) => count.get(a)));
    const mass = nodes.map((a) => 1 + 1.5 * Math.sqrt(count.get(a) / maxC));
    const [x, y] = forceLayout(nodes.length, edges, mass); // laid out by every pair
    if (allEdges > EDGE_LIMIT) { // drawn: the heaviest pairs (more would be a grey mesh)
      edges.sort((p, q) => q[2] - p[2] || p[0] - q[0] || p[1] - q[1]);
      edges = edges.slice(0, EDGE_LIMIT);
    }
    const maxW = Math.max(1, ...edges.map((e) => e[2]));
    const traces = [];
    const buckets = [[], [], [], []];
    for (const e of edges) buckets[Math.min(3, Math.floor((4 * Math.log(e[2])) / Math.log(maxW + 1)))].push(e);
    buckets.forEach((list, k) => {
      if (!list.length) return;
      const ex = [], ey = [];
      for (const [a, b] of list) { ex.push(x[a], x[b], null); ey.push(y[a], y[b], null); }
      traces.push({
        type: "scatter", mode: "lines", x: ex, y: ey, hoverinfo: "skip", showlegend: false,
        line: { width: [1, 2, 3.5, 5][k], color: ["rgba(110,120,135,0.25)", "rgba(110,120,135,0.4)", "rgba(90,100,115,0.55)", "rgba(70,80,95,0.7)"][k] },
      });
    });
    traces.push({
      type: "scatter",
      mode: "markers",
      showlegend: false,
      x: Array.from(x),
      y: Array.from(y),
      customdata: nodes.map((a) => {
        const about = [label(A.kind[a]), A.country[a]].filter(Boolean).map(plotText).join(", ");
        return [a, `<b>${plotText(A.name[a])}</b><br>${about}<br>${many(count.get(a), "event")}`];
      }),
      hovertemplate: "%{customdata[1]}<extra></extra>",
      marker: {
        size: nodes.map((a) => 8 + 26 * Math.sqrt(count.get(a) / maxC)),
        color: nodes.map((a) => KIND_COLOURS[A.kind[a]] || "#7f7f7f"),
        line: { width: nodes.map((a) => (a === state.actor ? 3 : 1)), color: "#222" },
      },
    });
    const named = nodes.slice(0, nodes.length <= 30 ? 30 : LABELS).map((a, k) => k);
    traces.push({ // the names of the busiest, one trace of text only: cheap to draw
      type: "scatter", mode: "text", showlegend: false, hoverinfo: "skip",
      x: named.map((k) => x[k]), y: named.map((k) => y[k]),
      text: named.map((k) => plotText(clip(A.name[nodes[k]], 28))),
      textposition: "top center", textfont: { size: 11, color: "#222" },
    });
    const actorText = ranked.length > nodes.length
      ? `the busiest ${nodes.length} of ${ranked.length.toLocaleString("en")} actors`
      : many(ranked.length, "actor");
    const pairText = allEdges > edges.length
      ? `the heaviest ${edges.length} of ${allEdges.toLocaleString("en")} pairs`
      : many(allEdges, "pair");
    Plotly.react($("network"), traces, {
      title: { text: plotText(`${actorText}, ${pairText} · click a node to filter`), font: { size: 12 }, x: 0.01, xanchor: "left" },
      margin: { l: 10, r: 10, t: 36, b: 10 },
      showlegend: false,
      hovermode: "closest",
      dragmode: "pan",
      xaxis: { visible: false },
      yaxis: { visible: false },
      plot_bgcolor: "#fff",
      paper_bgcolor: "#fff",
    }, CONFIG);
  }

  // ------------------------------------------------------------------ wiring

  const timings = { first: null, last: null, events: LIVE };
  window.explorerTimings = timings;

  function refresh() {
    const t0 = performance.now();
    selected = select();
    shown = LIST_PAGE;
    const actors = new Set();
    for (const i of selected) { const p = E.parts[i]; for (let k = 0; k < p.length; k += 2) actors.add(p[k]); }
    $("count").textContent = `${selected.length.toLocaleString("en")} of ${(state.retracted ? N : LIVE).toLocaleString("en")} events · ${many(actors.size, "actor")}`;
    const t1 = performance.now();
    renderList();
    const t2 = performance.now();
    renderTimeline();
    const t3 = performance.now();
    renderNetwork();
    const ms = performance.now() - t0;
    timings.parts = { select: t1 - t0, list: t2 - t1, timeline: t3 - t2, network: t0 + ms - t3 };
    if (timings.first === null) timings.first = ms;
    timings.last = ms;
    document.body.dataset.shown = String(selected.length);
    document.body.dataset.renders = String((Number(document.body.dataset.renders) || 0) + 1);
  }

  function readDates() {
    const from = $("from").value.trim(), to = $("to").value.trim();
    const a = from ? parseDay(from, false) : null;
    const b = to ? parseDay(to, true) : null;
    $("from").classList.toggle("bad", Number.isNaN(a));
    $("to").classList.toggle("bad", Number.isNaN(b));
    state.from = Number.isNaN(a) ? null : a;
    state.to = Number.isNaN(b) ? null : b;
  }

  function setActor(a) {
    state.actor = a;
    $("actor").value = String(a);
    refresh();
  }

  function wire() {
    let timer = null;
    $("q").addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => { state.q = $("q").value.trim(); refresh(); }, 120);
    });
    for (const id of ["actor", "with", "type", "topic", "tag"]) {
      $(id).addEventListener("change", () => { state[id] = Number($(id).value); refresh(); });
    }
    for (const id of ["from", "to"]) {
      $(id).addEventListener("change", () => { readDates(); refresh(); });
    }
    $("starred").addEventListener("change", () => { state.starred = $("starred").checked; refresh(); });
    $("retracted").addEventListener("change", () => { state.retracted = $("retracted").checked; refresh(); });
    $("retracted").disabled = LIVE === N;
    $("starred").disabled = !E.star.some((v) => v);
    $("order").addEventListener("change", () => { order = $("order").value; renderList(); });
    $("reset").addEventListener("click", () => {
      for (const id of ["q", "from", "to"]) { $(id).value = ""; $(id).classList.remove("bad"); }
      for (const id of ["actor", "with", "type", "topic", "tag"]) { $(id).value = "-1"; state[id] = -1; }
      state.q = ""; state.from = null; state.to = null; state.starred = false;
      state.retracted = false;
      $("starred").checked = false;
      $("retracted").checked = false;
      refresh();
    });
    $("more").addEventListener("click", () => { shown += LIST_PAGE; renderList(); });
    const open = (ev) => {
      const r = ev.target.closest(".row");
      if (r) showDetail(Number(r.dataset.i));
    };
    $("list").addEventListener("click", open);
    $("list").addEventListener("keydown", (ev) => { if (ev.key === "Enter") open(ev); });
    const tl = $("timeline");
    tl.on("plotly_click", (ev) => {
      const pt = ev && ev.points && ev.points[0];
      if (pt && Array.isArray(pt.customdata)) showDetail(pt.customdata[0]);
    });
    tl.on("plotly_selected", (ev) => {
      if (!ev || !ev.range || !ev.range.x) return;
      // the days between the midnights nearest to the brush's two ends
      const [a, b] = ev.range.x.map((v) => Math.round(moment(v) / DAY));
      if (!Number.isFinite(a) || !Number.isFinite(b)) return;
      $("from").value = isoDay(a);
      $("to").value = isoDay(Math.max(a, b - 1));
      setTimeout(() => { readDates(); refresh(); }, 0);
    });
    tl.on("plotly_deselect", () => {
      if (!$("from").value && !$("to").value) return;
      $("from").value = "";
      $("to").value = "";
      setTimeout(() => { readDates(); refresh(); }, 0);
    });
    $("network").on("plotly_click", (ev) => {
      const pt = ev && ev.points && ev.points[0];
      if (!pt || !Array.isArray(pt.customdata)) return;
      const a = pt.customdata[0];
      setTimeout(() => setActor(state.actor === a ? -1 : a), 0);
    });
  }

  // The colours of types and kinds, as HTML under each chart: drawn once (a plotly legend
  // would be drawn again at every re-filter).
  function legend(id, colours, values) {
    const box = $(id);
    for (const v of values) {
      const item = el("span", "key");
      const dot = el("span", "swatch");
      dot.style.background = colours[v] || "#7f7f7f";
      item.appendChild(dot);
      item.appendChild(document.createTextNode(label(v || "unknown")));
      box.appendChild(item);
    }
  }

  note();
  fillOptions();
  legend("types", COLOURS, [...P.types].sort());
  legend("kinds", KIND_COLOURS, [...new Set(A.kind)].sort());
  Plotly.newPlot($("timeline"), [], {}, CONFIG);
  Plotly.newPlot($("network"), [], {}, CONFIG);
  wire();
  refresh();
  if (selected.length) showDetail(selected[0]);
  document.body.dataset.ready = "1";
  setTimeout(buildInBackground, 0);
})();
