"use strict";
// The what-if page: controls from GET /api/scenarios, every change sent to
// POST /api/whatif (the base and the altered scenario on common random numbers), the
// answer drawn as text and an inline SVG. A URL fragment such as
// #alt=recovery-plan&set=initiatives[0].offers_per_month:300&off=1 moves the controls
// as a person would (a link to a setting).
const WORDS = JSON.parse(document.getElementById("words").textContent);
const PAGE = Array.from(crypto.getRandomValues(new Uint8Array(8)), b => b.toString(16).padStart(2, "0")).join("");
const SVG = "http://www.w3.org/2000/svg";
const $ = id => document.getElementById(id);
let lang = "da";
let catalogue = null;
let state = { base: null, alt: null, set: {}, off: new Set(), reps: 200, seed: 0 };
let last = null;
let timer = null;

const W = () => WORDS[lang];

function num(v, d) {
  if (v === null || v === undefined || !isFinite(v)) return "–";
  let [i, f] = Math.abs(v).toFixed(d).split(".");
  i = i.replace(/\B(?=(\d{3})+(?!\d))/g, W().thousands);
  const s = f ? i + W().decimal + f : i;
  return (v < 0 && !/^[0.,]*$/.test(s) ? "\u2212" : "") + s;
}
const pct = (v, d) => v === null || v === undefined ? "–" : num(v, d) + W().percent_sign;
function signed(v, d) {
  if (v === null || v === undefined) return "–";
  const m = num(Math.abs(v), d);
  return (v >= 0 || /^[0.,]*$/.test(m) ? "+" : "\u2212") + m;
}
const pp = (v, d) => signed(v, d) + W().points;
function probNumber(p) {
  let x = 100 * p;
  const nearEnd = (x > 0 && x < 1) || (x > 99 && x < 100);
  if (nearEnd) x = Math.min(99.9, Math.max(0.1, x));
  return num(x, nearEnd ? 1 : 0);
}
const prob = p => probNumber(p) + W().percent_sign;
const probRange = ([lo, hi]) => probNumber(lo) + "–" + prob(hi);
function month(text) {
  const [y, m] = text.split("-").map(Number);
  return W().months[m - 1] + " " + y;
}

function words() {
  document.documentElement.lang = lang;
  document.querySelectorAll("[data-word]").forEach(e => { e.textContent = W()[e.dataset.word]; });
  $("lang").textContent = W().switch_to;
  document.title = W().title;
}

function scenario(name) { return catalogue.scenarios.find(s => s.name === name); }

function fillSelect(select, chosen) {
  select.replaceChildren(...catalogue.scenarios.map(s => {
    const o = document.createElement("option");
    o.value = s.name;
    o.textContent = s.title === s.name ? s.name : s.title + " (" + s.name + ")";
    o.selected = s.name === chosen;
    return o;
  }));
}

function controls() {
  const sc = scenario(state.alt);
  $("description").textContent = sc.description[lang];
  const inits = $("initiatives");
  inits.replaceChildren();
  for (const i of sc.initiatives) {
    const div = document.createElement("div");
    div.className = "control";
    const label = document.createElement("label");
    const on = document.createElement("input");
    on.type = "checkbox";
    on.checked = !state.off.has(i.index);
    on.id = "on-" + i.index;
    on.addEventListener("change", () => { on.checked ? state.off.delete(i.index) : state.off.add(i.index); changed(); });
    const name = document.createElement("span");
    const groups = i.group ? [i.group] : (i.groups || []);
    name.textContent = W()[i.kind] + " · " + (groups.length ? groups.join(", ") : W().all_groups);
    const start = document.createElement("input");
    start.type = "month";
    start.id = "start-" + i.index;
    start.min = sc.year + "-01";
    start.max = sc.year + "-12";
    start.value = state.set["initiatives[" + i.index + "].start"] || i.start;
    start.setAttribute("aria-label", W().start);
    start.addEventListener("change", () => {
      if (start.value) { state.set["initiatives[" + i.index + "].start"] = start.value; changed(); }
    });
    label.append(on, name, document.createTextNode(W().start), start);
    div.append(label);
    inits.append(div);
  }
  const levers = $("levers");
  levers.replaceChildren();
  if (!sc.levers.length) {
    const p = document.createElement("p");
    p.className = "sub";
    p.textContent = W().no_levers;
    levers.append(p);
  }
  sc.levers.forEach((l, k) => {
    const div = document.createElement("div");
    div.className = "control";
    const label = document.createElement("label");
    const text = document.createElement("span");
    text.textContent = l.label ? l.label[lang] : l.parameter;
    const range = document.createElement("input");
    range.type = "range";
    range.id = "lever-" + k;
    range.dataset.parameter = l.parameter;
    range.min = Math.min(l.low, l.value ?? l.low);
    range.max = Math.max(l.high, l.value ?? l.high);
    // A count (offers or places a month) takes whole values: a scenario refuses 389.7.
    const whole = l.unit === "number" && [l.low, l.high, l.value ?? 0].every(Number.isInteger);
    range.step = whole ? "1" : "any";
    range.value = state.set[l.parameter] ?? l.value ?? (l.low + l.high) / 2;
    const out = document.createElement("output");
    const show = () => {
      const v = Number(range.value);
      out.textContent = l.unit === "percent" ? pct(100 * v, 1) : num(v, Math.abs(v) >= 10 ? 0 : 2);
    };
    show();
    range.addEventListener("input", () => { show(); state.set[l.parameter] = Number(range.value); changed(); });
    label.append(text, range, out);
    div.append(label);
    levers.append(div);
  });
}

function request() {
  const set = {};
  for (const [k, v] of Object.entries(state.set)) set[k] = v;
  return { scenario: state.alt, set, off: Array.from(state.off).sort((a, b) => a - b) };
}

function changed() {
  clearTimeout(timer);
  timer = setTimeout(update, 150);
}

async function post(path, body) {
  // The answer's errors come in the page's language.
  const r = await fetch(`${path}?lang=${lang}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  if (!r.ok) {
    let message = r.statusText;
    try { message = (await r.json()).error; } catch (e) { /* not JSON */ }
    const err = new Error(message);
    err.status = r.status;
    throw err;
  }
  return r;
}

async function update() {
  const status = $("status");
  status.className = "";
  status.textContent = W().updating;
  $("answer").dataset.state = "running";
  const body = {
    base: { scenario: state.base }, alternatives: [request()],
    replications: state.reps, seed: state.seed, page: PAGE,
  };
  try {
    const r = await post("/api/whatif", body);
    last = await r.json();
    draw();
    status.textContent = W().done;
    $("answer").dataset.state = "done";
  } catch (e) {
    // A newer change replaced this run: its own answer follows.
    if (e.status === 409) return;
    status.className = "error";
    status.textContent = W().error + ": " + e.message;
    $("answer").dataset.state = "error";
  }
}

function draw() {
  if (!last) return;
  const a = last.alternative, b = last.base, d = last.difference;
  const answer = $("answer");
  answer.dataset.pGoal = a.p_target_met;
  answer.dataset.yearMean = a.year_mean_pct.mean;
  answer.dataset.sha256 = a.audit.scenario_sha256;
  answer.dataset.seed = a.audit.seed;
  answer.dataset.replications = a.audit.replications;
  $("p-goal").textContent = prob(a.p_target_met);
  $("p-goal-ci").textContent = W().interval + " " + probRange(a.p_target_met_ci95);
  $("year-mean").textContent = pct(a.year_mean_pct.mean, 1);
  $("target").textContent = W().target + " > " + pct(a.target_pct, 1);
  $("diff").textContent = d ? pp(d.diff_pp.mean, 1) : "–";
  $("diff-ci").textContent = d ? W().interval + " " + pp(d.diff_pp.ci95[0], 1) + " … " + pp(d.diff_pp.ci95[1], 1) + " (" + W().paired + ")" : "";
  const t = a.what_it_takes;
  $("requirement").textContent = pct(t.required_mean_pct, 1);
  $("december").textContent = t.required_december_pct == null ? "" : W().required_december + ": " + pct(t.required_december_pct, 1);
  const takes = $("takes");
  takes.replaceChildren();
  const add = (key, value) => {
    const div = document.createElement("div");
    const dt = document.createElement("dt");
    dt.textContent = W()[key];
    const dd = document.createElement("dd");
    dd.textContent = value;
    div.append(dt, dd);
    takes.append(div);
  };
  if (d) add("p_better", prob(d.p_better));
  if (t.extra_fulfilled_persons_per_month) add("extra_persons", num(t.extra_fulfilled_persons_per_month.total, 0));
  if (t.offers_started_per_month) add("offers_started", num(t.offers_started_per_month.total, 0));
  fan(a, b);
  $("reproduce").textContent = W().reproduce + ": fokus run " + state.alt + "-" + a.audit.scenario_sha256.slice(0, 8) + ".json -n " + a.audit.replications + " --seed " + a.audit.seed;
}

function el(name, attrs, text) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function fan(a, b) {
  const w = 800, h = 380, left = 56, right = 16, top = 16, bottom = 40;
  const months = a.months;
  const values = months.flatMap(m => [m.total.p05, m.total.p95]).concat(b.months.map(m => m.total.p50), [a.target_pct]).filter(v => v != null);
  const lo = Math.floor(Math.min(...values) - 1), hi = Math.ceil(Math.max(...values) + 1);
  const x = i => left + (w - left - right) * (months.length === 1 ? 0.5 : i / (months.length - 1));
  const y = v => top + (h - top - bottom) * (hi - v) / (hi - lo);
  const svg = el("svg", { viewBox: `0 0 ${w} ${h}`, role: "img", "aria-labelledby": "fan-title fan-desc" });
  svg.append(el("title", { id: "fan-title" }, W().fan_title), el("desc", { id: "fan-desc" }, W().fan_desc));
  const step = hi - lo > 12 ? 5 : hi - lo > 5 ? 2 : 1;
  for (let v = Math.ceil(lo / step) * step; v <= hi; v += step) {
    svg.append(el("line", { x1: left, x2: w - right, y1: y(v), y2: y(v), stroke: "#e0e0e0" }));
    svg.append(el("text", { x: left - 6, y: y(v) + 5, "text-anchor": "end", "font-size": 14, fill: "#4d4d4d" }, pct(v, 0)));
  }
  months.forEach((m, i) => svg.append(el("text", { x: x(i), y: h - 14, "text-anchor": "middle", "font-size": 14, fill: "#4d4d4d" }, W().months[Number(m.month.slice(5)) - 1])));
  const band = (p, q, fill) => {
    const pts = months.map((m, i) => [x(i), y(m.total[p])]).concat(months.map((m, i) => [x(i), y(m.total[q])]).reverse());
    svg.append(el("polygon", { points: pts.map(p => p.join(",")).join(" "), fill }));
  };
  band("p05", "p95", "#cfe3f0");
  band("p25", "p75", "#8fbcd9");
  const line = (ms, stroke, extra) => el("polyline", Object.assign({ points: ms.map((m, i) => x(i) + "," + y(m.total.p50)).join(" "), fill: "none", stroke, "stroke-width": 3 }, extra));
  svg.append(line(b.months, "#4d4d4d", { "stroke-dasharray": "6 4", "data-series": "base" }));
  const median = line(months, "#005a8c", { "data-series": "alternative" });
  svg.append(median);
  svg.dataset.means = months.map(m => m.total.mean).join(" ");
  svg.append(el("line", { x1: left, x2: w - right, y1: y(a.target_pct), y2: y(a.target_pct), stroke: "#a00000", "stroke-width": 2, "stroke-dasharray": "2 3" }));
  svg.append(el("text", { x: w - right, y: y(a.target_pct) - 6, "text-anchor": "end", "font-size": 14, fill: "#a00000" }, W().target + " " + pct(a.target_pct, 0)));
  const req = a.what_it_takes.required_mean_pct;
  const firstSimulated = months.findIndex(m => !m.observed);
  if (req != null && firstSimulated >= 0) {
    svg.append(el("line", { x1: x(firstSimulated), x2: w - right, y1: y(req), y2: y(req), stroke: "#8a4b00", "stroke-width": 2 }));
    svg.append(el("text", { x: x(firstSimulated), y: y(req) - 6, "font-size": 14, fill: "#8a4b00" }, W().requirement + " " + pct(req, 1)));
  }
  months.forEach((m, i) => { if (m.observed) svg.append(el("circle", { cx: x(i), cy: y(m.total.mean), r: 5, fill: "#1a1a1a" })); });
  $("fan").replaceChildren(svg);
}

async function download(path, body) {
  try {
    const r = await post(path, body);
    const name = (r.headers.get("Content-Disposition") || "").match(/filename="([^"]+)"/);
    const url = URL.createObjectURL(await r.blob());
    const link = document.createElement("a");
    link.href = url;
    link.download = name ? name[1] : "fokus";
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  } catch (e) {
    $("status").className = "error";
    $("status").textContent = W().error + ": " + e.message;
  }
}

function fromFragment() {
  const args = new URLSearchParams(location.hash.slice(1));
  if (args.get("base") && scenario(args.get("base"))) state.base = args.get("base");
  if (args.get("alt") && scenario(args.get("alt"))) state.alt = args.get("alt");
  if (args.get("n")) state.reps = Number(args.get("n"));
  if (args.get("seed")) state.seed = Number(args.get("seed"));
  if (args.get("lang") === "en") lang = "en";
  return args;
}

// Move the controls the fragment names, through their own events.
function moveControls(args) {
  for (const item of (args.get("set") || "").split(",").filter(Boolean)) {
    const at = item.lastIndexOf(":");
    const [path, value] = [item.slice(0, at), item.slice(at + 1)];
    const range = document.querySelector(`input[data-parameter="${CSS.escape(path)}"]`);
    const start = path.match(/^initiatives\[(\d+)\]\.start$/);
    const target = range || (start && $("start-" + start[1]));
    if (!target) continue;
    target.value = value;
    target.dispatchEvent(new Event(range ? "input" : "change"));
  }
  for (const i of (args.get("off") || "").split(",").filter(Boolean)) {
    const box = $("on-" + i);
    if (box && box.checked) box.click();
  }
}

async function start() {
  words();
  const r = await fetch("/api/scenarios");
  catalogue = await r.json();
  const names = catalogue.scenarios.map(s => s.name);
  state.base = names.includes("copenhagen-2025") ? "copenhagen-2025" : names[0];
  state.alt = names.includes("recovery-plan") ? "recovery-plan" : names[names.length > 1 ? 1 : 0];
  state.reps = catalogue.replications;
  state.seed = catalogue.seed;
  const args = fromFragment();
  words();
  fillSelect($("base"), state.base);
  fillSelect($("alt"), state.alt);
  $("reps").value = state.reps;
  $("reps").max = catalogue.max_replications;
  $("seed").value = state.seed;
  controls();
  $("base").addEventListener("change", e => { state.base = e.target.value; changed(); });
  $("alt").addEventListener("change", e => { state.alt = e.target.value; state.set = {}; state.off = new Set(); controls(); changed(); });
  $("reps").addEventListener("change", e => { state.reps = Number(e.target.value); changed(); });
  $("seed").addEventListener("change", e => { state.seed = Number(e.target.value); changed(); });
  $("lang").addEventListener("click", () => { lang = lang === "da" ? "en" : "da"; words(); controls(); draw(); });
  $("reset").addEventListener("click", () => { state.set = {}; state.off = new Set(); controls(); changed(); });
  $("save-scenario").addEventListener("click", () => download("/api/scenario", request()));
  $("save-report").addEventListener("click", () => download("/api/report", Object.assign(request(), { replications: state.reps, seed: state.seed, lang })));
  moveControls(args);
  changed();
}

start();
