// sitrep dashboard: map, timeline brush, filters, table and event panel over
// /api/v1. Plain JavaScript, no build step; libraries are vendored (see
// web/README.md). Everything user-supplied is inserted as text, never HTML.
"use strict";

const API = "/api/v1";
const TYPE_COLOURS = {
  ASSAULT: "#d64541", COERCE: "#e67e22", THREATEN: "#c0392b", PROTEST: "#8e44ad",
  MOBILIZE: "#a0522d", SANCTION: "#b8860b", REJECT: "#7f8c8d", ACCUSE: "#95a5a6",
  REQUEST: "#16a085", RETREAT: "#27ae60", AID: "#2ecc71", COOPERATE: "#2980b9",
  CONCEDE: "#1abc9c", SUPPORT: "#3498db", CONSULT: "#34495e", AGREE: "#2c3e50",
};
const MODALITIES = ["asserted", "claimed", "denied", "hypothetical", "planned", "requested", "historical"];
const colour = (t) => TYPE_COLOURS[t] || "#555";

const state = { brush: null, events: [], selected: null, buckets: [], interval: "month" };

// ---- small helpers --------------------------------------------------------
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null) continue;
    if (k === "class") e.className = v;
    else if (k === "style") e.setAttribute("style", v);
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c == null) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}
async function getJSON(url) {
  const r = await fetch(url);
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(body.error || `${r.status} ${r.statusText}`);
  return body;
}
const actorName = (a) => a.name || a.text;
const names = (list) => (list || []).map(actorName).join(", ");
const placeName = (p) => (p ? p.name || p.text : "");
const day = (d) => new Date(d + "T00:00:00Z");
const iso = (t) => new Date(t).toISOString().slice(0, 10);
function typeChip(t) { return el("span", { class: "type-chip", style: `--c:${colour(t)}` }, t); }

function filterParams(withBrush) {
  const p = new URLSearchParams();
  for (const name of ["type", "country", "actor", "modality", "q"]) {
    const v = document.querySelector(`#filters [name=${name}]`).value.trim();
    if (v) p.set(name, v);
  }
  if (withBrush && state.brush) { p.set("since", state.brush[0]); p.set("until", state.brush[1]); }
  return p;
}

// ---- map ------------------------------------------------------------------
const map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 12, zoomSnap: 0.5 }).setView([25, 30], 2);
map.attributionControl.setPrefix(false);
// The basemap is drawn once, not tiled: never zoom out so far that the world
// is narrower than the map.
function fitMinZoom() {
  const w = document.getElementById("map").clientWidth || 256;
  map.setMinZoom(Math.max(0, Math.ceil(Math.log2(w / 256) * 2) / 2));
}
fitMinZoom();
window.addEventListener("resize", fitMinZoom);
map.attributionControl.addAttribution("Borders: Natural Earth (world-atlas)");
const clusters = L.markerClusterGroup({ maxClusterRadius: 40, showCoverageOnHover: false, spiderfyOnMaxZoom: true });
map.addLayer(clusters);

async function drawBasemap() {
  const world = await getJSON("/assets/countries-50m.json");
  const land = topojson.feature(world, world.objects.countries);
  L.geoJSON(land, {
    interactive: false,
    style: { color: "#ffffff", weight: 0.7, fillColor: "#e4e1d8", fillOpacity: 1 },
  }).addTo(map);
  clusters.bringToFront && clusters.bringToFront();
}

function drawMarkers(events) {
  clusters.clearLayers();
  const pts = [];
  for (const e of events) {
    const p = e.location;
    if (!p || p.lat == null || p.lon == null) continue;
    const deaths = (e.fatalities && e.fatalities.min) || 0;
    const m = L.circleMarker([p.lat, p.lon], {
      radius: 5 + 3 * Math.sqrt(deaths),
      color: "#fff", weight: 1, fillColor: colour(e.plover.event), fillOpacity: 0.85,
      className: "ev-marker",
    });
    m.bindTooltip(`${e.plover.event} · ${placeName(p)}${e.date && e.date.start ? " · " + e.date.start : ""}${deaths ? " · " + deaths + " killed" : ""}`);
    m.on("click", () => openEvent(e.id));
    m.eventId = e.id;
    clusters.addLayer(m);
    pts.push([p.lat, p.lon]);
  }
  if (pts.length && !state.fitted) {
    map.fitBounds(L.latLngBounds(pts).pad(0.3), { maxZoom: 6 });
    state.fitted = true;
  }
}

function drawLegend(types) {
  const lg = document.getElementById("legend");
  lg.replaceChildren(...Object.keys(types).sort().map((t) => el("span", { style: `--c:${colour(t)}` }, `${t} ${types[t]}`)));
}

// ---- timeline -------------------------------------------------------------
const svg = document.getElementById("timeline");
const NS = "http://www.w3.org/2000/svg";
function svgEl(tag, attrs) { const e = document.createElementNS(NS, tag); for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v); return e; }
const STEP = { day: 864e5, week: 7 * 864e5, month: 30.44 * 864e5 };
let scale = null; // { t0, t1, x0, x1 }
const tToX = (t) => scale.x0 + ((t - scale.t0) / (scale.t1 - scale.t0)) * (scale.x1 - scale.x0);
const xToT = (x) => scale.t0 + ((x - scale.x0) / (scale.x1 - scale.x0)) * (scale.t1 - scale.t0);

async function loadTimeline() {
  const p = filterParams(false);
  p.set("interval", "month");
  let tl = await getJSON(`${API}/stats/timeline?${p}`);
  if (tl.buckets.length) {
    const span = day(tl.buckets[tl.buckets.length - 1].period) - day(tl.buckets[0].period);
    const interval = span <= 120 * 864e5 ? "day" : span <= 3 * 365 * 864e5 ? "week" : "month";
    if (interval !== "month") { p.set("interval", interval); tl = await getJSON(`${API}/stats/timeline?${p}`); }
  }
  state.buckets = tl.buckets;
  state.interval = tl.interval;
  document.getElementById("timeline-label").textContent =
    `Timeline (per ${tl.interval}${tl.undated ? `; ${tl.undated} undated not shown` : ""})`;
  drawTimeline();
}

function drawTimeline() {
  const w = svg.clientWidth || 600, h = svg.clientHeight || 96;
  svg.replaceChildren();
  const b = state.buckets;
  if (!b.length) {
    scale = null;
    const t = svgEl("text", { x: 8, y: 40, class: "axis" });
    t.textContent = "no dated events";
    svg.append(t);
    return;
  }
  const step = STEP[state.interval];
  scale = { t0: day(b[0].period).getTime(), t1: day(b[b.length - 1].period).getTime() + step, x0: 6, x1: w - 6 };
  const max = Math.max(...b.map((x) => x.count));
  const bw = Math.max(2, tToX(scale.t0 + step) - tToX(scale.t0) - 1);
  for (const x of b) {
    const t = day(x.period).getTime();
    const bh = Math.max(2, ((h - 22) * x.count) / max);
    const inBrush = !state.brush || (t + step > day(state.brush[0]).getTime() && t <= day(state.brush[1]).getTime());
    const r = svgEl("rect", { x: tToX(t), y: h - 16 - bh, width: bw, height: bh, class: "bar-rect" + (inBrush ? "" : " out") });
    const title = svgEl("title", {}); title.textContent = `${x.period}: ${x.count}`; r.append(title);
    svg.append(r);
  }
  const first = svgEl("text", { x: scale.x0, y: h - 3, class: "axis" }); first.textContent = b[0].period;
  const last = svgEl("text", { x: scale.x1, y: h - 3, class: "axis", "text-anchor": "end" }); last.textContent = b[b.length - 1].period;
  svg.append(first, last);
  if (state.brush) {
    const x0 = Math.max(scale.x0, tToX(day(state.brush[0]).getTime()));
    const x1 = Math.min(scale.x1, tToX(day(state.brush[1]).getTime() + 864e5));
    svg.append(svgEl("rect", { x: x0, y: 2, width: Math.max(1, x1 - x0), height: h - 18, class: "brush" }));
  }
}

// Brush: drag across the histogram to pick a date range; a click clears it.
(function brushing() {
  let start = null, rect = null;
  const px = (ev) => ev.clientX - svg.getBoundingClientRect().left;
  svg.addEventListener("pointerdown", (ev) => {
    if (!scale) return;
    start = px(ev);
    svg.setPointerCapture(ev.pointerId);
    rect = svgEl("rect", { x: start, y: 2, width: 1, height: (svg.clientHeight || 96) - 18, class: "brush" });
    svg.append(rect);
  });
  svg.addEventListener("pointermove", (ev) => {
    if (start == null) return;
    const x = px(ev);
    rect.setAttribute("x", Math.min(x, start));
    rect.setAttribute("width", Math.max(1, Math.abs(x - start)));
  });
  svg.addEventListener("pointerup", (ev) => {
    if (start == null) return;
    const x = px(ev);
    const a = Math.min(x, start), b = Math.max(x, start);
    start = null;
    if (b - a < 4) { setBrush(null); return; }
    const since = iso(Math.max(scale.t0, xToT(a)));
    const until = iso(Math.min(scale.t1 - 864e5, xToT(b)));
    setBrush(since <= until ? [since, until] : null);
  });
})();

function setBrush(b) {
  state.brush = b;
  document.getElementById("brush-label").textContent = b ? `${b[0]} – ${b[1]}` : "drag across the bars to filter by date";
  document.getElementById("brush-clear").hidden = !b;
  drawTimeline();
  loadEvents();
}
document.getElementById("brush-clear").addEventListener("click", () => setBrush(null));
window.addEventListener("resize", () => drawTimeline());

// ---- table and counts -----------------------------------------------------
async function loadEvents() {
  const status = document.getElementById("status");
  status.textContent = "loading…";
  try {
    const p = filterParams(true);
    p.set("limit", "1000");
    const page = await getJSON(`${API}/events?${p}`);
    state.events = page.events;
    document.getElementById("count").textContent = `${page.total} event${page.total === 1 ? "" : "s"}`;
    document.getElementById("count").dataset.total = page.total;
    status.textContent = page.next_cursor ? `showing the newest ${page.count}` : "";
    drawTable(page.events);
    drawMarkers(page.events);
    const types = {};
    for (const e of page.events) types[e.plover.event] = (types[e.plover.event] || 0) + 1;
    drawLegend(types);
  } catch (err) {
    status.textContent = `error: ${err.message}`;
  }
}

function drawTable(events) {
  const rows = events.map((e) => {
    const tr = el("tr", { "data-id": e.id, onclick: () => openEvent(e.id) },
      el("td", {}, (e.date && e.date.start) || "—"),
      el("td", {}, typeChip(e.plover.event)),
      el("td", {}, names(e.actors)),
      el("td", { class: "wide" }, names(e.recipients)),
      el("td", {}, e.location ? `${placeName(e.location)}${e.location.country ? " (" + e.location.country + ")" : ""}` : "—"),
      el("td", {}, e.fatalities && e.fatalities.min != null ? String(e.fatalities.min) : ""),
      el("td", { class: "wide" }, e.modality));
    if (e.id === state.selected) tr.classList.add("selected");
    return tr;
  });
  document.querySelector("#events tbody").replaceChildren(...rows);
}

// ---- event panel ----------------------------------------------------------
async function openEvent(id) {
  state.selected = id;
  for (const tr of document.querySelectorAll("#events tbody tr")) tr.classList.toggle("selected", tr.dataset.id === id);
  const panel = document.getElementById("panel-event");
  document.getElementById("panel-empty").hidden = true;
  panel.hidden = false;
  document.body.classList.add("panel-open");
  panel.replaceChildren(el("p", { class: "muted" }, "loading…"));
  try {
    const ev = await getJSON(`${API}/events/${encodeURIComponent(id)}`);
    const [doc, cluster] = await Promise.all([
      getJSON(`${API}/documents/${encodeURIComponent(ev.document.id)}`),
      getJSON(`${API}/clusters/${encodeURIComponent(ev.cluster.id)}`),
    ]);
    if (state.selected === id) renderEvent(panel, ev, doc, cluster);
  } catch (err) {
    panel.replaceChildren(el("p", {}, `Could not load event ${id}: ${err.message}`));
  }
}

function closePanel() {
  state.selected = null;
  document.getElementById("panel-event").hidden = true;
  document.getElementById("panel-empty").hidden = false;
  document.body.classList.remove("panel-open");
  for (const tr of document.querySelectorAll("#events tbody tr.selected")) tr.classList.remove("selected");
}

function explainOf(e, key) {
  const x = e.explain;
  if (!x || typeof x !== "object") return null;
  const v = x[key];
  if (v == null) return null;
  return typeof v === "string" ? v : JSON.stringify(v);
}

function renderEvent(panel, data, doc, cluster) {
  const e = data.event;
  const d = e.date;
  const fields = [
    ["Type", [typeChip(e.plover.event), e.plover.mode && e.plover.mode.length ? " " + e.plover.mode.join(", ") : ""], "trigger"],
    ["ACLED", e.acled ? `${e.acled.event_type} — ${e.acled.sub_event_type}` : "—", "acled"],
    ["Who", names(e.actors) || "—", "actor"],
    ["Against", names(e.recipients) || "—", "recipient"],
    ["Where", e.location ? `${placeName(e.location)}${e.location.admin1 ? ", " + e.location.admin1 : ""}${e.location.country ? " (" + e.location.country + ")" : ""} · ${e.location.precision || "?"}` : "—", "location"],
    ["When", d ? `${d.start || "?"}${d.end && d.end !== d.start ? " – " + d.end : ""} (${d.precision}${d.text ? "; “" + d.text + "”" : ""})` : "—", "date"],
    ["Deaths", e.fatalities ? `${e.fatalities.min ?? "?"}${e.fatalities.max != null && e.fatalities.max !== e.fatalities.min ? "–" + e.fatalities.max : ""} ${e.fatalities.text ? " (“" + e.fatalities.text + "”)" : ""}` : "—", "fatalities"],
    ["Injured", e.injured ? `${e.injured.min ?? "?"}${e.injured.text ? " (“" + e.injured.text + "”)" : ""}` : null, "injured"],
    ["Modality", e.modality, "modality"],
    ["Source says", e.attribution ? e.attribution.text : null, "attribution"],
    ["Confidence", e.confidence != null ? e.confidence.toFixed(2) : "—", "confidence"],
  ];
  const dl = el("dl", {});
  for (const [k, v, key] of fields) {
    if (v == null) continue;
    const why = explainOf(e, key);
    dl.append(el("dt", {}, k), el("dd", {}, v, why ? el("span", { class: "why" }, "why: " + why) : null));
  }
  if (e.explain && typeof e.explain === "object") {
    const shown = new Set(fields.map((f) => f[2]));
    for (const [k, v] of Object.entries(e.explain)) {
      if (shown.has(k)) continue;
      dl.append(el("dt", {}, k), el("dd", {}, el("span", { class: "why" }, typeof v === "string" ? v : JSON.stringify(v))));
    }
  }

  const text = el("div", { class: "doc-text" });
  for (const s of doc.segments) {
    if (s.events.includes(e.id)) text.append(el("mark", { class: "evidence" }, s.text));
    else if (s.events.length) text.append(el("mark", { class: "other", title: "evidence of " + s.events.join(", ") }, s.text));
    else text.append(s.text);
  }

  const sources = el("ul", { class: "sources" }, cluster.reports.map((r) => el("li", {},
    r.document && r.document.url ? el("a", { href: r.document.url, target: "_blank", rel: "noopener noreferrer" }, r.document.title || r.document.id) : ((r.document && (r.document.title || r.document.id)) || r.event_id),
    r.document && r.document.published ? el("span", { class: "muted" }, " · " + r.document.published) : null,
    r.event_id === e.id ? el("span", { class: "muted" }, " · this report") : null)));

  panel.replaceChildren(
    el("button", { class: "close", title: "Close", "aria-label": "Close", onclick: closePanel }, "×"),
    el("h2", {}, `${e.plover.event}${e.location ? " in " + placeName(e.location) : ""}`),
    el("div", { class: "muted" }, doc.title || doc.id, doc.published ? " · " + doc.published : ""),
    el("h3", {}, "Fields, and why"), dl,
    e.explain ? null : el("p", { class: "muted" }, "This database was built without --explain, so the reasons behind each field were not stored; the evidence below is what every field was read from."),
    el("h3", {}, "Evidence in the article"),
    el("ul", {}, e.evidence.map((s) => el("li", {}, el("q", {}, s.text)))),
    text,
    el("h3", {}, `Sources of this event (${cluster.reports.length})`), sources);
  const mark = text.querySelector("mark.evidence");
  if (mark) text.scrollTop = Math.max(0, mark.offsetTop - text.offsetTop - 40);
}

// ---- filters and start-up -------------------------------------------------
async function loadSummary() {
  const top = await getJSON(`${API}/stats/top?limit=100`);
  const country = document.getElementById("f-country");
  for (const c of top.countries) country.append(el("option", { value: c.country }, `${c.country} (${c.events})`));
  const type = document.getElementById("f-type");
  for (const t of Object.keys(TYPE_COLOURS).sort()) type.append(el("option", { value: t }, top.types[t] ? `${t} (${top.types[t]})` : t));
  const mod = document.getElementById("f-modality");
  for (const m of MODALITIES) mod.append(el("option", { value: m }, m));
  document.getElementById("summary").replaceChildren(
    el("h3", {}, "Most reported actors"),
    el("ol", {}, top.actors.slice(0, 8).map((a) => el("li", {}, `${a.name} (${a.events})`))),
    el("h3", {}, "Most reported places"),
    el("ol", {}, top.places.slice(0, 8).map((p) => el("li", {}, `${p.name}${p.country ? " (" + p.country + ")" : ""} — ${p.events}`))));
}

let debounce = null;
function refresh() {
  clearTimeout(debounce);
  debounce = setTimeout(async () => { await loadTimeline(); await loadEvents(); }, 150);
}
document.getElementById("filters").addEventListener("input", refresh);
document.getElementById("filters").addEventListener("change", refresh);
document.getElementById("filters").addEventListener("submit", (ev) => ev.preventDefault());
document.getElementById("filters").addEventListener("reset", () => { state.brush = null; setTimeout(() => setBrush(null), 0); refresh(); });
document.addEventListener("keydown", (ev) => { if (ev.key === "Escape") closePanel(); });

(async function start() {
  setBrush(null);
  await Promise.all([drawBasemap().catch((e) => console.error(e)), loadSummary().catch((e) => console.error(e))]);
  await loadTimeline();
  await loadEvents();
  document.body.dataset.ready = "1";
})();
