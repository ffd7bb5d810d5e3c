// waystation demo page: a station finder and an eligibility panel on the WebAssembly build.
// No network beyond this origin: the map is drawn from the catalogue's own coordinates.
// Serve the repository root (e.g. `python3 -m http.server --bind 127.0.0.1`) after
// `bindings/wasm/build.sh`, then open /examples/web/.
import init, { Catalogue, convertCoordinate } from "../../bindings/wasm/pkg/web/waystation_wasm.js";

const TEXT = {
  "zh-CN": {
    title: "工行驿站 · 小蜜蜂驿站 演示", "sample-note": "示例数据：名称与地址均为虚构。",
    finder: "找驿站", "sample-place": "示例位置", lat: "纬度", lon: "经度", datum: "坐标系",
    when: "时间（北京时间）", limit: "最多", "open-only": "只看营业中", needs: "需要的服务",
    find: "查找", eligibility: "金融产品适配", "resident-id": "身份证号", occupation: "职业",
    "occ-express_courier": "快递员", "occ-instant_delivery_rider": "外卖骑手",
    "occ-ride_hailing_driver": "网约车司机", "occ-other_outdoor_worker": "其他户外劳动者",
    employer: "用人单位统一社会信用代码", "employment-start": "入职日期", city: "工作城市",
    income: "月收入（元）", kyc: "实名等级", "risk-grade": "风险测评等级", "assessed-at": "测评日期",
    "profile-needs": "需求", held: "已持有产品", "as-of": "评估时间（北京时间）",
    "non-personalised": "不使用个性化推荐", "fill-sample": "填入示例快递员", match: "匹配产品",
    recommended: "推荐", excluded: "未推荐", open: "营业中", closed: "已关闭", unknown: "未知",
    opens: "开门", closes: "关门", "no-change": "近期无变化", "all-day": "全天开放",
    "calendar-unknown": "缺少{year}年节假日安排，无法推算下次变化", none: "没有符合条件的驿站",
    score: "得分", rank: "第", eligibleOn: "最早符合日期", reasons: "逐条原因", you: "你",
    need_save: "储蓄", need_borrow: "借款", need_protect: "保障", need_pay: "支付", need_learn: "学习",
  },
  en: {
    title: "ICBC Station · Little Bee demo", "sample-note": "Sample data: every name and address is fictional.",
    finder: "Find a station", "sample-place": "Sample location", lat: "Latitude", lon: "Longitude",
    datum: "Datum", when: "Time (China)", limit: "At most", "open-only": "Open now only",
    needs: "Services needed", find: "Find", eligibility: "Product eligibility",
    "resident-id": "Resident ID", occupation: "Occupation", "occ-express_courier": "Express courier",
    "occ-instant_delivery_rider": "Instant-delivery rider", "occ-ride_hailing_driver": "Ride-hailing driver",
    "occ-other_outdoor_worker": "Other outdoor worker", employer: "Employer credit code",
    "employment-start": "Employed since", city: "City of work", income: "Monthly income (yuan)",
    kyc: "KYC level", "risk-grade": "Risk grade", "assessed-at": "Assessed on",
    "profile-needs": "Needs", held: "Products held", "as-of": "As of (China time)",
    "non-personalised": "Non-personalised", "fill-sample": "Fill sample courier", match: "Match products",
    recommended: "Recommended", excluded: "Not recommended", open: "open", closed: "closed",
    unknown: "unknown", opens: "opens", closes: "closes", "no-change": "no change soon", "all-day": "around the clock",
    "calendar-unknown": "next change unknown: no {year} holiday calendar",
    none: "No station matches", score: "score", rank: "#", eligibleOn: "eligible from",
    reasons: "Per-criterion reasons", you: "you",
    need_save: "save", need_borrow: "borrow", need_protect: "protect", need_pay: "pay", need_learn: "learn",
  },
};

const PLACES = [
  { zh: "济南泉城广场", en: "Jinan, Quancheng Square", lat: 36.6512, lon: 117.1201, datum: "gcj02" },
  { zh: "青岛火车站", en: "Qingdao railway station", lat: 36.0671, lon: 120.3826, datum: "wgs84" },
  { zh: "淄博", en: "Zibo", lat: 36.7566, lon: 118.0074, datum: "gcj02" },
  { zh: "烟台（百度坐标）", en: "Yantai (Baidu BD-09)", lat: 37.5306, lon: 121.5169, datum: "bd09" },
];
const SAMPLE_COURIER = {
  residentId: "370102199506122017", occupation: "express_courier", employerCode: "91370102MA3C4U7K58",
  employmentStart: "2025-09-01", city: "济南", monthlyIncomeFen: 680000, kycLevel: "verified",
  riskAssessment: { grade: "c2", assessedAt: "2026-03-20T15:30:00+08:00" },
  heldProducts: ["courier_debit_card"], needs: ["protect", "borrow", "save"],
};
const NEEDS = ["save", "borrow", "protect", "pay", "learn"];

let lang = "zh-CN";
let catalogue;
let doc;        // the catalogue document (file format, snake_case) for names and the service list
let features;   // GeoJSON station features (WGS-84) for the map
let lastFound = null;
let lastMatch = null;
const $ = (id) => document.getElementById(id);
const t = (key) => TEXT[lang][key] ?? key;
const named = (o) => (lang === "en" ? o.nameEn ?? o.name_en ?? o.en : o.nameZh ?? o.name_zh ?? o.zh);
const loc = (text) => (lang === "en" ? text.en : text.zh);
const el = (tag, props = {}, ...children) => {
  const e = document.createElement(tag);
  Object.assign(e, props);
  for (const c of children) e.append(c);
  return e;
};
/** `datetime-local` value read as China time. */
const chinaInstant = (value) => `${value}:00+08:00`;

function applyLang() {
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll("[data-t]")) node.textContent = t(node.dataset.t);
  for (const b of document.querySelectorAll(".lang button")) b.setAttribute("aria-pressed", String(b.dataset.lang === lang));
  $("place").replaceChildren(...PLACES.map((p, i) => el("option", { value: String(i), textContent: lang === "en" ? p.en : p.zh })));
  $("place").value = $("place").dataset.value ?? "0";
  $("needs").querySelectorAll("label span").forEach((s) => { s.textContent = named(doc.services.find((x) => x.code === s.dataset.code)); });
  $("profile-needs").querySelectorAll("label span").forEach((s) => { s.textContent = t(`need_${s.dataset.code}`); });
  $("held").querySelectorAll("label span").forEach((s) => { s.textContent = loc(productName(s.dataset.code)); });
  if (lastFound) renderStations(lastFound.found, lastFound.position);
  if (lastMatch) renderMatch(lastMatch);
}

function productName(id) {
  return doc.product_catalogue.products.find((p) => p.id === id).name;
}

function checkbox(code, group) {
  const input = el("input", { type: "checkbox", value: code, name: group });
  const span = el("span");
  span.dataset.code = code;
  return el("label", {}, input, " ", span);
}

function setup() {
  $("needs").append(...doc.services.map((s) => checkbox(s.code, "need")));
  $("profile-needs").append(...NEEDS.map((n) => checkbox(n, "profile-need")));
  $("held").append(...doc.product_catalogue.products.map((p) => checkbox(p.id, "held")));
  $("when").value = "2026-06-10T10:00";
  $("as-of").value = "2026-06-01T09:00";
  $("place").addEventListener("change", () => {
    $("place").dataset.value = $("place").value;
    const p = PLACES[Number($("place").value)];
    $("lat").value = p.lat; $("lon").value = p.lon; $("datum").value = p.datum;
  });
  $("place").dispatchEvent(new Event("change"));
  for (const b of document.querySelectorAll(".lang button")) {
    b.addEventListener("click", () => { lang = b.dataset.lang; applyLang(); });
  }
  $("finder-form").addEventListener("submit", (ev) => { ev.preventDefault(); find(); });
  $("profile-form").addEventListener("submit", (ev) => { ev.preventDefault(); match(); });
  $("fill-sample").addEventListener("click", fillSample);
  applyLang();
  drawMap([], null);
}

function showError(id, e) {
  const p = $(id);
  if (!e) { p.hidden = true; p.textContent = ""; return; }
  p.hidden = false;
  p.textContent = `${e.code ?? "error"}${e.path ? ` [${e.path}]` : ""}: ${e.message}`;
}

function find() {
  const position = { lat: Number($("lat").value), lon: Number($("lon").value), datum: $("datum").value };
  try {
    const found = catalogue.nearby({
      position, at: chinaInstant($("when").value), limit: Number($("limit").value),
      openOnly: $("open-only").checked,
      needs: [...document.querySelectorAll("input[name=need]:checked")].map((i) => i.value),
    });
    showError("finder-error", null);
    lastFound = { found, position };
    renderStations(found, position);
  } catch (e) {
    showError("finder-error", e);
  }
}

function statusText(status) {
  const next = status.nextChange
    ? `${t(status.nextChange.opens ? "opens" : "closes")} ${status.nextChange.at.slice(5, 16).replace("T", " ")}`
    : status.calendarUnknownYear
      ? t("calendar-unknown").replace("{year}", status.calendarUnknownYear)
      : status.state === "open" ? t("all-day") : t("no-change");
  return [t(status.state), next];
}

function renderStations(found, position) {
  const list = $("results");
  if (found.length === 0) {
    list.replaceChildren(el("li", { className: "none", textContent: t("none") }));
  } else {
    list.replaceChildren(...found.map((s, i) => {
      const [state, next] = statusText(s.status);
      const km = s.distanceM >= 1000 ? `${(s.distanceM / 1000).toFixed(1)} km` : `${Math.round(s.distanceM)} m`;
      return el("li", { className: "station-result" },
        el("strong", { textContent: `${i + 1}. ${named(s)}` }), el("br"),
        el("span", { className: "distance", textContent: km }), " · ",
        el("span", { className: `status-${s.status.state}`, textContent: state }), " · ",
        el("span", { className: "next-change", textContent: next }), el("br"),
        el("span", { className: "small", textContent: lang === "en" ? s.addressEn : s.addressZh }));
    }));
  }
  drawMap(found, position);
}

/** Equirectangular projection of the sample network's bounding box onto the SVG. */
function drawMap(found, position) {
  const svg = $("map");
  const NS = "http://www.w3.org/2000/svg";
  const pts = features.map((f) => f.geometry.coordinates);
  let me = null;
  if (position) {
    try {
      const w = convertCoordinate(position, "wgs84");
      me = [w.lon, w.lat];
      pts.push(me);
    } catch { me = null; }
  }
  const lons = pts.map((p) => p[0]); const lats = pts.map((p) => p[1]);
  const [minX, maxX, minY, maxY] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const k = Math.cos(((minY + maxY) / 2) * Math.PI / 180);
  const scale = 360 / Math.max((maxX - minX) * k, maxY - minY);
  const xy = ([lon, lat]) => [20 + (lon - minX) * k * scale, 380 - (lat - minY) * scale];
  const hit = new Map(found.map((s, i) => [s.stationId, i + 1]));
  const nodes = [];
  for (const f of features) {
    const [x, y] = xy(f.geometry.coordinates);
    const c = document.createElementNS(NS, "circle");
    c.setAttribute("cx", x.toFixed(1)); c.setAttribute("cy", y.toFixed(1));
    c.setAttribute("r", hit.has(f.id) ? "6" : "3");
    c.setAttribute("class", hit.has(f.id) ? "station hit" : "station");
    const title = document.createElementNS(NS, "title");
    title.textContent = lang === "en" ? f.properties.name_en : f.properties.name_zh;
    c.append(title);
    nodes.push(c);
    if (hit.has(f.id)) {
      const label = document.createElementNS(NS, "text");
      label.setAttribute("x", (x + 7).toFixed(1)); label.setAttribute("y", (y - 5).toFixed(1));
      label.textContent = String(hit.get(f.id));
      nodes.push(label);
    }
  }
  if (me) {
    const [x, y] = xy(me);
    const c = document.createElementNS(NS, "circle");
    c.setAttribute("cx", x.toFixed(1)); c.setAttribute("cy", y.toFixed(1)); c.setAttribute("r", "6");
    c.setAttribute("class", "me");
    const title = document.createElementNS(NS, "title");
    title.textContent = t("you");
    c.append(title);
    nodes.push(c);
  }
  svg.replaceChildren(...nodes);
}

function fillSample() {
  const p = SAMPLE_COURIER;
  $("resident-id").value = p.residentId; $("occupation").value = p.occupation;
  $("employer").value = p.employerCode; $("employment-start").value = p.employmentStart;
  $("city").value = p.city; $("income").value = String(p.monthlyIncomeFen / 100);
  $("kyc").value = p.kycLevel; $("risk-grade").value = p.riskAssessment.grade;
  $("assessed-at").value = p.riskAssessment.assessedAt.slice(0, 10);
  for (const i of document.querySelectorAll("input[name=profile-need]")) i.checked = p.needs.includes(i.value);
  for (const i of document.querySelectorAll("input[name=held]")) i.checked = p.heldProducts.includes(i.value);
}

function readProfile() {
  const v = (id) => $(id).value.trim();
  const profile = {
    needs: [...document.querySelectorAll("input[name=profile-need]:checked")].map((i) => i.value),
    heldProducts: [...document.querySelectorAll("input[name=held]:checked")].map((i) => i.value),
  };
  if (v("resident-id")) profile.residentId = v("resident-id");
  if (v("occupation")) profile.occupation = v("occupation");
  if (v("employer")) profile.employerCode = v("employer");
  if (v("employment-start")) profile.employmentStart = v("employment-start");
  if (v("city")) profile.city = v("city");
  if (v("income")) profile.monthlyIncomeFen = Math.round(Number(v("income")) * 100);
  if (v("kyc")) profile.kycLevel = v("kyc");
  if (v("risk-grade") && v("assessed-at")) {
    profile.riskAssessment = { grade: v("risk-grade"), assessedAt: `${v("assessed-at")}T10:00:00+08:00` };
  }
  return profile;
}

function match() {
  try {
    const result = catalogue.matchProducts(readProfile(), chinaInstant($("as-of").value),
      { personalised: !$("non-personalised").checked });
    showError("profile-error", null);
    lastMatch = result;
    renderMatch(result);
  } catch (e) {
    showError("profile-error", e);
  }
}

function renderDecision(decision) {
  const details = el("details", {}, el("summary", { textContent: t("reasons") }));
  for (const rule of decision.rules) {
    const ul = el("ul");
    for (const c of rule.criteria) {
      const li = el("li", { className: `criterion ${c.status}` }, `${c.status === "passed" ? "✓" : c.status === "failed" ? "✗" : "?"} ${loc(c.message)}`);
      if (c.hint) li.append(" ", el("span", { className: "hint", textContent: loc(c.hint.message) }));
      ul.append(li);
    }
    details.append(el("div", { className: `rule ${rule.status}`, textContent: loc(rule.description) }), ul);
  }
  return details;
}

function renderEntry(entry) {
  const li = el("li", { className: "product" });
  li.dataset.product = entry.productId;
  const rank = entry.rank ? `${entry.rank}. ` : "";
  li.append(el("strong", { textContent: `${rank}${loc(entry.name)}` }), " ",
    el("span", { className: "small", textContent: `${t("score")} ${entry.score}` }), el("br"),
    el("span", { className: "summary", textContent: loc(entry.decision.summary) }));
  if (entry.exclusion && loc(entry.exclusion.message) !== loc(entry.decision.summary)) li.append(el("br"), el("span", { className: "exclusion failed", textContent: loc(entry.exclusion.message) }));
  if (entry.decision.eligibleOn) li.append(el("br"), el("span", { className: "eligible-on hint", textContent: `${t("eligibleOn")}: ${entry.decision.eligibleOn}` }));
  for (const h of entry.decision.hints) li.append(el("br"), el("span", { className: "hint", textContent: loc(h.message) }));
  if (entry.factors.length) {
    li.append(el("ul", { className: "factors" }, ...entry.factors.map((f) => el("li", { className: "small", textContent: `+${f.points} ${loc(f.message)}` }))));
  }
  li.append(renderDecision(entry.decision));
  return li;
}

function renderMatch(result) {
  $("match-notices").replaceChildren(...result.notices.map((n) => {
    const d = el("div", { className: "notice", textContent: loc(n.message) });
    d.dataset.code = n.code;
    return d;
  }));
  $("recommended").replaceChildren(...result.recommended.map(renderEntry));
  $("excluded").replaceChildren(...result.excluded.map(renderEntry));
}

async function main() {
  const wasm = await init();
  catalogue = Catalogue.sample();
  doc = JSON.parse(catalogue.toJson());
  features = catalogue.toGeoJson().features;
  setup();
  document.body.dataset.ready = wasm ? "true" : "false";
}

main().catch((e) => {
  document.body.dataset.ready = "error";
  showError("finder-error", e);
  throw e;
});
