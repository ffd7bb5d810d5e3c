// waystation demo page: a station finder on a Leaflet map and an eligibility panel, on the
// WebAssembly build. Every answer (distances, open or closed, hours, holidays, services,
// eligibility) comes from the library; this file only lays it out in zh-CN or en.
//
// No request leaves the page: Leaflet, its marker-cluster plugin and the boundary data
// (`china-geojson`) are npm dev dependencies of bindings/wasm, served from this origin.
// Serve the repository root (`python3 -m http.server --bind 127.0.0.1`) after
// `bindings/wasm/ci-install.sh` and `bindings/wasm/build.sh`, then open /examples/web/.
//
// Datum: the map draws in WGS-84 (Leaflet's Web Mercator takes WGS-84 degrees). Stations come
// from `Catalogue.toGeoJson()` (WGS-84), the courier's position is converted with
// `convertCoordinate(position, "wgs84")`. The boundary data does not state its datum; its
// vertices are 1–15 km apart, coarser than the ~0.5 km GCJ-02/WGS-84 offset in Shandong, so it
// is drawn as given.
import init, { Catalogue, convertCoordinate, describeStatus } from "../../bindings/wasm/pkg/web/waystation_wasm.js";

const NODE_MODULES = "../../bindings/wasm/node_modules";
const GEO = `${NODE_MODULES}/china-geojson/src/geojson`;
const L = globalThis.L;

const TEXT = {
  "zh-CN": {
    title: "工行驿站 · 小蜜蜂驿站", "sample-note": "示例数据：网点名称与地址均为虚构。",
    finder: "找驿站", "sample-place": "示例位置", lat: "纬度", lon: "经度", datum: "坐标系",
    "datum-gcj02": "GCJ-02（高德、腾讯地图）", "datum-wgs84": "WGS-84（卫星定位）", "datum-bd09": "BD-09（百度地图）",
    when: "时间（北京时间）", radius: "搜索半径（公里）", limit: "最多显示", theme: "驿站类型", "all-themes": "全部驿站",
    "open-only": "只看营业中", needs: "需要的服务", find: "查找驿站",
    "map-label": "驿站地图", "map-note": "底图：山东省及各地级市行政区划（china-geojson 数据包，AntV）。地图采用 WGS-84 坐标。",
    "map-prefix": "Leaflet · 行政区划数据 china-geojson（AntV）",
    you: "你的位置", "show-on-map": "在地图上查看", "zoom-in": "放大", language: "语言", "zoom-out": "缩小", close: "关闭",
    found: "{radius} 公里内找到 {n} 个驿站", none: "{radius} 公里内没有符合条件的驿站。",
    nearest: "最近的符合条件的驿站是{name}，距离约 {dist}。", "none-open-hint": "可以取消勾选“只看营业中”再查一次。",
    "hours-on": "{day}营业时间 {hours}", "closed-on": "{day}不营业", "all-day-on": "{day}全天营业",
    "services-now": "现有服务：{list}", "no-services": "此时没有可用的服务",
    eligibility: "金融产品适配", "resident-id": "身份证号", occupation: "职业", employer: "用工单位统一社会信用代码",
    "employment-start": "入职日期", province: "工作省份", city: "工作城市", income: "月收入（元）",
    kyc: "身份核验等级", "risk-grade": "风险承受能力测评结果", "assessed-at": "最近一次测评时间",
    history: "此前的风险测评记录（用于核对测评频次）", "history-add": "添加一条测评记录", "history-remove": "删除",
    "profile-needs": "需求", held: "已持有的产品", "as-of": "评估时间（北京时间）",
    "non-personalised": "不使用个性化推荐", "fill-sample": "填入示例快递员", match: "匹配产品",
    recommended: "推荐的产品", excluded: "暂不推荐的产品", "none-recommended": "暂无推荐的产品。", "none-excluded": "无。",
    unset: "未填写", reasons: "逐条说明", why: "推荐理由：", "eligible-on": "最早可办理日期：{date}",
    "dev-detail": "技术细节（供开发人员参考）",
    "err-invalid-field": "“{field}”填写有误，请核对后重新输入。", "err-invalid": "输入的信息有误，请核对后重试。",
    "err-not_found": "没有找到要查询的驿站或产品。", "err-calendar_unknown": "缺少 {year} 年的节假日安排，暂时无法计算营业时间。",
    "err-limit_exceeded": "查询的范围或数量过大，请缩小后重试。", "err-unsupported": "暂不支持这项操作。",
    "err-other": "出了点问题，请稍后重试。", "err-load": "页面加载失败，请刷新后重试。",
    position: "位置",
  },
  en: {
    title: "ICBC Station · Little Bee", "sample-note": "Sample data: every outlet name and address is fictional.",
    finder: "Find a station", "sample-place": "Sample location", lat: "Latitude", lon: "Longitude", datum: "Coordinate system",
    "datum-gcj02": "GCJ-02 (Amap, Tencent Maps)", "datum-wgs84": "WGS-84 (GPS)", "datum-bd09": "BD-09 (Baidu Maps)",
    when: "Time (China time)", radius: "Search radius (km)", limit: "Show at most", theme: "Station type", "all-themes": "All stations",
    "open-only": "Open now only", needs: "Services needed", find: "Find stations",
    "map-label": "Station map", "map-note": "Base map: Shandong province and its prefecture-level cities (china-geojson package, AntV). The map uses WGS-84 coordinates.",
    "map-prefix": "Leaflet · boundaries: china-geojson (AntV)",
    you: "Your position", "show-on-map": "Show on map", "zoom-in": "Zoom in", language: "Language", "zoom-out": "Zoom out", close: "Close",
    found: "{n} stations within {radius} km", none: "No matching station within {radius} km.",
    nearest: "The nearest matching station is {name}, about {dist} away.", "none-open-hint": "Untick “Open now only” to see stations that are closed now.",
    "hours-on": "Hours {day}: {hours}", "closed-on": "Closed all day {day}", "all-day-on": "Open around the clock {day}",
    "services-now": "Services now: {list}", "no-services": "No service available at this time",
    eligibility: "Product eligibility", "resident-id": "Resident ID", occupation: "Occupation", employer: "Employer's unified social credit code",
    "employment-start": "Employed since", province: "Province of work", city: "City of work", income: "Monthly income (yuan)",
    kyc: "Identity verification", "risk-grade": "Risk tolerance assessment", "assessed-at": "Last assessed at",
    history: "Earlier risk assessments (to check how often they were taken)", "history-add": "Add an assessment", "history-remove": "Remove",
    "profile-needs": "Needs", held: "Products held", "as-of": "Assess at (China time)",
    "non-personalised": "Non-personalised recommendations", "fill-sample": "Fill in a sample courier", match: "Match products",
    recommended: "Recommended products", excluded: "Not recommended for now", "none-recommended": "No product to recommend yet.", "none-excluded": "None.",
    unset: "Not given", reasons: "Rule by rule", why: "Why: ", "eligible-on": "Eligible from {date}",
    "dev-detail": "Technical details (for developers)",
    "err-invalid-field": "“{field}” is not valid. Please check it and try again.", "err-invalid": "Some of the information entered is not valid. Please check it and try again.",
    "err-not_found": "The station or product asked for was not found.", "err-calendar_unknown": "The {year} holiday calendar is missing, so opening hours cannot be worked out yet.",
    "err-limit_exceeded": "The search asks for too much. Please narrow it and try again.", "err-unsupported": "This is not supported yet.",
    "err-other": "Something went wrong. Please try again later.", "err-load": "The page failed to load. Please reload it.",
    position: "Position",
  },
};

const PLACES = [
  { zh: "济南泉城广场", en: "Jinan, Quancheng Square", lat: 36.6512, lon: 117.1201, datum: "gcj02" },
  { zh: "青岛火车站", en: "Qingdao railway station", lat: 36.0671, lon: 120.3826, datum: "wgs84" },
  { zh: "淄博", en: "Zibo", lat: 36.7566, lon: 118.0074, datum: "gcj02" },
  { zh: "烟台（百度坐标）", en: "Yantai (Baidu coordinates)", lat: 37.5306, lon: 121.5169, datum: "bd09" },
  { zh: "乌鲁木齐（远离示例网点）", en: "Urumqi (far from the sample outlets)", lat: 43.8256, lon: 87.6168, datum: "gcj02" },
  { zh: "拉萨（远离示例网点）", en: "Lhasa (far from the sample outlets)", lat: 29.6525, lon: 91.1721, datum: "gcj02" },
];

// Province codes as the library takes them (`CourierProfile.province`), GB/T 2260 order.
const PROVINCES = [
  ["beijing", "北京市", "Beijing"], ["tianjin", "天津市", "Tianjin"], ["hebei", "河北省", "Hebei"],
  ["shanxi", "山西省", "Shanxi"], ["inner_mongolia", "内蒙古自治区", "Inner Mongolia"],
  ["liaoning", "辽宁省", "Liaoning"], ["jilin", "吉林省", "Jilin"], ["heilongjiang", "黑龙江省", "Heilongjiang"],
  ["shanghai", "上海市", "Shanghai"], ["jiangsu", "江苏省", "Jiangsu"], ["zhejiang", "浙江省", "Zhejiang"],
  ["anhui", "安徽省", "Anhui"], ["fujian", "福建省", "Fujian"], ["jiangxi", "江西省", "Jiangxi"],
  ["shandong", "山东省", "Shandong"], ["henan", "河南省", "Henan"], ["hubei", "湖北省", "Hubei"],
  ["hunan", "湖南省", "Hunan"], ["guangdong", "广东省", "Guangdong"], ["guangxi", "广西壮族自治区", "Guangxi"],
  ["hainan", "海南省", "Hainan"], ["chongqing", "重庆市", "Chongqing"], ["sichuan", "四川省", "Sichuan"],
  ["guizhou", "贵州省", "Guizhou"], ["yunnan", "云南省", "Yunnan"], ["tibet", "西藏自治区", "Tibet"],
  ["shaanxi", "陕西省", "Shaanxi"], ["gansu", "甘肃省", "Gansu"], ["qinghai", "青海省", "Qinghai"],
  ["ningxia", "宁夏回族自治区", "Ningxia"], ["xinjiang", "新疆维吾尔自治区", "Xinjiang"],
  ["taiwan", "台湾省", "Taiwan"], ["hong_kong", "香港特别行政区", "Hong Kong"], ["macao", "澳门特别行政区", "Macao"],
];
const OCCUPATIONS = [
  ["express_courier", "快递员", "Express courier"],
  ["instant_delivery_rider", "即时配送骑手（外卖等）", "Instant-delivery rider"],
  ["ride_hailing_driver", "网约车司机", "Ride-hailing driver"],
  ["other_outdoor_worker", "其他户外劳动者", "Other outdoor worker"],
];
const KYC_LEVELS = [
  ["none", "未核验", "Not verified"],
  ["basic", "基础核验（证件和手机号）", "Basic (ID document and phone number)"],
  ["verified", "远程实名核验", "Verified remotely"],
  ["full", "临柜核验（本人到网点）", "Verified in person at an outlet"],
];
const RISK_GRADES = [
  ["c1", "C1 保守型", "C1 Conservative"], ["c2", "C2 稳健型", "C2 Cautious"], ["c3", "C3 平衡型", "C3 Balanced"],
  ["c4", "C4 成长型", "C4 Growth"], ["c5", "C5 进取型", "C5 Aggressive"],
];
const NEEDS = [
  ["save", "储蓄理财", "Saving"], ["borrow", "借款", "Borrowing"], ["protect", "保障", "Protection"],
  ["pay", "支付", "Payments"], ["learn", "学习金融知识", "Learning about money"],
];
// English names of Shandong's prefecture-level cities (the package names them in Chinese only),
// by GB/T 2260 code. Laiwu (3712) has been part of Jinan since 2019; the data predates that.
const CITY_EN = {
  3701: "Jinan", 3702: "Qingdao", 3703: "Zibo", 3704: "Zaozhuang", 3705: "Dongying", 3706: "Yantai",
  3707: "Weifang", 3708: "Jining", 3709: "Tai'an", 3710: "Weihai", 3711: "Rizhao", 3712: "Laiwu (Jinan)",
  3713: "Linyi", 3714: "Dezhou", 3715: "Liaocheng", 3716: "Binzhou", 3717: "Heze",
};
const CITY_ZH_FIX = { 3712: "莱芜（今属济南）" };
const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const SAMPLE_COURIER = {
  residentId: "370102199506122017", occupation: "express_courier", employerCode: "91370102MA3C4U7K58",
  employmentStart: "2025-09-01", province: "shandong", city: "济南", monthlyIncomeFen: 680000, kycLevel: "verified",
  riskAssessment: { grade: "c2", assessedAt: "2026-03-20T15:30" },
  assessmentHistory: ["2025-03-18T10:00"],
  heldProducts: ["courier_debit_card"], needs: ["protect", "borrow", "save"],
};

// Profile and query fields by the error path the library reports (longest prefix first).
const FIELD_BY_PATH = [
  ["query.position.lat", "lat"], ["query.position.lon", "lon"], ["query.position", "position"],
  ["query.at", "when"], ["query.radius_m", "radius"], ["query.limit", "limit"], ["query.needs", "needs"],
  ["query.theme", "theme"], ["profile.resident_id", "resident-id"], ["profile.occupation", "occupation"],
  ["profile.employer_code", "employer"], ["profile.employment_start", "employment-start"],
  ["profile.province", "province"], ["profile.city", "city"], ["profile.monthly_income_fen", "income"],
  ["profile.kyc_level", "kyc"], ["profile.risk_assessment.grade", "risk-grade"],
  ["profile.risk_assessment", "assessed-at"], ["profile.assessment_history", "history"],
  ["profile.held_products", "held"], ["profile.needs", "profile-needs"], ["as_of", "as-of"], ["at", "when"],
];
const INPUT_BY_FIELD = {
  lat: "lat", lon: "lon", when: "when", radius: "radius", limit: "limit", "resident-id": "resident-id",
  employer: "employer", "employment-start": "employment-start", income: "income", "assessed-at": "assessed-at",
  "as-of": "as-of", city: "city",
};

let lang = "zh-CN";
let catalogue;
let doc;          // the catalogue document (file format, snake_case): services, themes, products
let features;     // station features, WGS-84
let lastFind = null;   // { found, query, radiusKm, nearest }
let lastMatch = null;
const errors = { finder: null, profile: null };
let cities = [];  // [value, zh, en] of Shandong's cities
let map; let stationLayer; let youLayer; let cityLabels = []; let provinceLabels = [];
const markers = new Map();

const $ = (id) => document.getElementById(id);
const zh = () => lang !== "en";
const fmt = (s, params = {}) => s.replace(/\{(\w+)\}/g, (_, k) => String(params[k] ?? ""));
const t = (key, params) => fmt(TEXT[lang][key] ?? TEXT["zh-CN"][key] ?? "", params);
const pick = (row) => (zh() ? row[1] : row[2]);
const loc = (text) => (zh() ? text.zh : text.en);
const nameOf = (o) => (zh() ? o.nameZh ?? o.name_zh : o.nameEn ?? o.name_en);
const el = (tag, props = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "dataset") Object.assign(e.dataset, v); else e[k] = v;
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(c);
  return e;
};
/** A `datetime-local` value read as China time. */
const chinaInstant = (value) => (value ? `${value}:00+08:00` : value);
const listJoin = (items) => items.join(zh() ? "、" : ", ");
const numberText = (n, digits = 0) => n.toLocaleString(zh() ? "zh-CN" : "en", { maximumFractionDigits: digits });

function distanceText(m) {
  if (m < 1000) return zh() ? `${Math.round(m)} 米` : `${Math.round(m)} m`;
  const km = numberText(m / 1000, m < 100_000 ? 1 : 0);
  return zh() ? `${km} 公里` : `${km} km`;
}

/** `2026-10-01` as 10月1日 / 1 Oct. */
function dayText(date) {
  const [, m, d] = date.split("-").map(Number);
  return zh() ? `${m}月${d}日` : `${d} ${MONTHS_EN[m - 1]}`;
}

/** The hours of the day of `at` (`hoursOn`), which say why a serving station is open or resting;
 * the status sentence already names the holiday, make-up day or stage. */
function hoursText(stationId, status, at) {
  if (status.calendarUnknownYear || !status.stage || !["operational", "launched", "pilot"].includes(status.stage)) return "";
  const date = at.slice(0, 10);
  let periods;
  try { periods = catalogue.hoursOn(stationId, date); } catch { return ""; }
  const day = zh() ? dayText(date) : `on ${dayText(date)}`;
  if (periods.length === 0) return t("closed-on", { day });
  const allDay = periods.length === 1 && periods[0].open.slice(11, 16) === "00:00"
    && periods[0].close.slice(11, 16) === "00:00" && periods[0].close.slice(0, 10) !== date;
  if (allDay) return t("all-day-on", { day });
  const hours = periods.map((p) => {
    const open = p.open.slice(11, 16);
    let close = p.close.slice(11, 16);
    if (p.close.slice(0, 10) !== p.open.slice(0, 10)) {
      close = close === "00:00" ? "24:00" : zh() ? `次日${close}` : `${close} next day`;
    }
    return `${open}–${close}`;
  });
  const text = t("hours-on", { day, hours: listJoin(hours) });
  return status.stage === "pilot" ? `${text}${zh() ? "（试运行）" : " (pilot)"}` : text;
}

/** The status in the library's words: open or resting, until when, on which holiday, or the
 * stage of a station that does not serve (`describeStatus`). */
function statusText(status, at) {
  try { return describeStatus(status, at, lang); } catch (e) { return userMessage(e); }
}

function serviceName(code) {
  const s = doc.services.find((x) => x.code === code);
  return s ? nameOf(s) : code;
}

// ---- errors --------------------------------------------------------------------------------

function fieldOf(path) {
  if (typeof path !== "string") return null;
  const hit = FIELD_BY_PATH.find(([p]) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
  return hit ? hit[1] : null;
}

/** The message for the user: the library's own words when it has them, else the page's. */
function userMessage(e) {
  const own = e?.userMessage?.[zh() ? "zh" : "en"];
  if (typeof own === "string" && own) return own;
  switch (e?.code) {
    case "invalid_input": {
      const field = fieldOf(e.path);
      return field ? t("err-invalid-field", { field: t(field) }) : t("err-invalid");
    }
    case "calendar_unknown": return t("err-calendar_unknown", { year: e.year ?? "" });
    case "not_found": case "limit_exceeded": case "unsupported": return t(`err-${e.code}`);
    default: return e?.name === "WaystationError" ? t("err-other") : t("err-load");
  }
}

function developerDetail(e) {
  if (!e) return "";
  const head = [e.code ?? e.name, e.messageKey].filter(Boolean).join(" / ");
  return `${head}${e.path ? ` [${e.path}]` : ""}: ${e.message ?? String(e)}`;
}

function renderError(section) {
  const box = $(`${section}-error`);
  const e = errors[section];
  for (const i of document.querySelectorAll(`#${section === "finder" ? "finder-form" : "profile-form"} [aria-invalid]`)) {
    i.removeAttribute("aria-invalid");
  }
  if (!e) { box.hidden = true; box.replaceChildren(); return; }
  box.hidden = false;
  box.replaceChildren(
    el("p", { className: "error-main", textContent: userMessage(e) }),
    el("details", { className: "dev" }, el("summary", { textContent: t("dev-detail") }),
      el("code", { textContent: developerDetail(e) })),
  );
  const input = INPUT_BY_FIELD[fieldOf(e.path)];
  if (input) $(input).setAttribute("aria-invalid", "true");
}

// ---- map -----------------------------------------------------------------------------------

function pinIcon(rank, state) {
  return L.divIcon({
    className: `pin ${rank ? `hit status-${state}` : "other"}`,
    html: rank ? `<span>${rank}</span>` : "",
    iconSize: rank ? [28, 28] : [14, 14],
    popupAnchor: [0, rank ? -12 : -6],
  });
}

function setupMap(provinces, shandong) {
  map = L.map("map", { zoomSnap: 0.5, minZoom: 3, maxZoom: 17, worldCopyJump: false });
  map.createPane("labels").style.zIndex = "450";
  map.getPane("labels").style.pointerEvents = "none";
  L.geoJSON(provinces, {
    style: (f) => ({ color: "#ffffff", weight: 1, fillColor: f.properties.id === "37" ? "#fbf6e6" : "#e4e0d6", fillOpacity: 1 }),
    interactive: false,
  }).addTo(map);
  L.geoJSON(shandong, {
    style: { color: "#b19f7d", weight: 1, dashArray: "4 3", fillColor: "#fdf9ee", fillOpacity: 1 },
    interactive: false,
  }).addTo(map);
  const outline = provinces.features.find((f) => f.properties.id === "37");
  L.geoJSON(outline, { style: { color: "#8a6d3b", weight: 2.5, fill: false }, interactive: false }).addTo(map);
  cityLabels = shandong.features.map((f) => ({
    code: f.id, zh: CITY_ZH_FIX[f.id] ?? f.properties.name, en: CITY_EN[f.id] ?? f.properties.name,
    marker: L.marker([f.properties.cp[1], f.properties.cp[0]], { pane: "labels", interactive: false, keyboard: false }),
  }));
  provinceLabels = provinces.features.flatMap((f) => {
    const row = PROVINCES.find((p) => f.properties.name && p[1].startsWith(f.properties.name));
    if (!row || !f.properties.cp) return [];
    return [{ zh: row[1], en: row[2], marker: L.marker([f.properties.cp[1], f.properties.cp[0]], { pane: "labels", interactive: false, keyboard: false }) }];
  });
  for (const l of [...cityLabels, ...provinceLabels]) l.marker.addTo(map);
  stationLayer = L.markerClusterGroup({
    maxClusterRadius: 36, showCoverageOnHover: false, spiderfyOnMaxZoom: true, zoomToBoundsOnClick: true,
    iconCreateFunction: (cluster) => {
      const hits = cluster.getAllChildMarkers().filter((m) => m.options.rank).length;
      return L.divIcon({ html: `<span>${cluster.getChildCount()}</span>`, className: `cluster${hits ? " has-hit" : ""}`, iconSize: [34, 34] });
    },
  }).addTo(map);
  youLayer = L.layerGroup().addTo(map);
  const zoomClass = () => {
    const c = map.getContainer();
    c.classList.toggle("zoom-far", map.getZoom() < 6.5);
  };
  map.on("zoomend", zoomClass);
  map.on("popupopen", (e) => {
    const close = e.popup.getElement()?.querySelector(".leaflet-popup-close-button");
    if (close) { close.title = t("close"); close.setAttribute("aria-label", t("close")); }
  });
  map.fitBounds(L.geoJSON(outline).getBounds(), { padding: [10, 10] });
  zoomClass();
}

function labelMap() {
  for (const l of cityLabels) {
    l.marker.setIcon(L.divIcon({ className: "city-label", html: `<span>${zh() ? l.zh : l.en}</span>`, iconSize: [0, 0] }));
  }
  for (const l of provinceLabels) {
    l.marker.setIcon(L.divIcon({ className: "province-label", html: `<span>${zh() ? l.zh : l.en}</span>`, iconSize: [0, 0] }));
  }
  map.attributionControl.setPrefix(t("map-prefix"));
  map.getContainer().setAttribute("aria-label", t("map-label"));
  for (const [sel, key] of [[".leaflet-control-zoom-in", "zoom-in"], [".leaflet-control-zoom-out", "zoom-out"]]) {
    const a = map.getContainer().querySelector(sel);
    if (a) { a.title = t(key); a.setAttribute("aria-label", t(key)); }
  }
}

function popupFor(stationId) {
  const at = lastFind?.query.at ?? chinaInstant($("when").value);
  let d;
  try { d = catalogue.stationDetails(stationId, at); } catch (e) {
    return el("div", { className: "popup", textContent: userMessage(e) });
  }
  const hit = lastFind?.found.find((s) => s.stationId === stationId);
  const services = d.servicesNow.map(nameOf);
  return el("div", { className: "popup", dataset: { station: stationId } },
    el("strong", { className: "name", textContent: nameOf(d.outlet) }),
    el("div", { className: "small", textContent: zh() ? d.outlet.addressZh : d.outlet.addressEn }),
    el("div", {}, el("span", { className: `state status-${d.status.state}`, textContent: statusText(d.status, at) }),
      hit ? ` · ${distanceText(hit.distanceM)}` : ""),
    el("div", { className: "reason", textContent: hoursText(stationId, d.status, at) }),
    el("div", { className: "services small", textContent: services.length ? t("services-now", { list: listJoin(services) }) : t("no-services") }));
}

function drawStations() {
  stationLayer.clearLayers();
  markers.clear();
  const rank = new Map((lastFind?.found ?? []).map((s, i) => [s.stationId, [i + 1, s.status.state]]));
  const layers = features.map((f) => {
    const [lon, lat] = f.geometry.coordinates;
    const [r, state] = rank.get(f.id) ?? [0, ""];
    const name = zh() ? f.properties.name_zh : f.properties.name_en;
    const m = L.marker([lat, lon], { icon: pinIcon(r, state), title: name, alt: name, rank: r, zIndexOffset: r ? 1000 - r : 0 });
    m.bindPopup(() => popupFor(f.id), { maxWidth: 280, autoPanPadding: [12, 12] });
    markers.set(f.id, m);
    return m;
  });
  stationLayer.addLayers(layers);
  youLayer.clearLayers();
  if (!lastFind) return;
  const { me, radiusKm } = lastFind;
  if (!me) return;
  const circle = L.circle(me, { radius: radiusKm * 1000, color: "#1565c0", weight: 1, fillOpacity: 0.04, interactive: false });
  youLayer.addLayer(circle);
  const nearest = lastFind.nearest && markers.get(lastFind.nearest.stationId);
  if (nearest) {
    youLayer.addLayer(L.polyline([me, nearest.getLatLng()], { color: "#1565c0", weight: 2, dashArray: "6 6", interactive: false }));
  }
  youLayer.addLayer(L.circleMarker(me, { radius: 8, color: "#fff", weight: 3, fillColor: "#1565c0", fillOpacity: 1, className: "you" })
    .bindTooltip(t("you")));
}

function fitToResults() {
  if (!lastFind?.me) return;
  const pts = [lastFind.me, ...lastFind.found.map((s) => markers.get(s.stationId)?.getLatLng()).filter(Boolean)];
  const circle = L.latLng(lastFind.me).toBounds(Math.min(lastFind.radiusKm, 3000) * 2000);
  const nearest = lastFind.nearest && markers.get(lastFind.nearest.stationId);
  if (lastFind.found.length === 0) {
    // Nothing within the radius: show the search circle and the way to the nearest station.
    if (nearest) circle.extend(nearest.getLatLng());
    map.fitBounds(circle, { padding: [16, 16] });
  } else {
    // Close enough to read the streets' scale, far enough to keep the city's outline in view.
    map.fitBounds(L.latLngBounds(pts), { padding: [36, 36], maxZoom: 13 });
  }
}

function showOnMap(stationId) {
  const m = markers.get(stationId);
  if (!m) return;
  $("map").scrollIntoView({ block: "nearest" });
  stationLayer.zoomToShowLayer(m, () => m.openPopup());
}

// ---- finder --------------------------------------------------------------------------------

function numberOrNull(id) {
  const v = $(id).value.trim();
  return v === "" ? null : Number(v);
}

function find() {
  const radiusKm = numberOrNull("radius");
  const query = {
    position: { lat: numberOrNull("lat"), lon: numberOrNull("lon"), datum: $("datum").value },
    at: chinaInstant($("when").value),
    limit: numberOrNull("limit") ?? 5,
    radiusM: radiusKm === null ? null : radiusKm * 1000,
    openOnly: $("open-only").checked,
    needs: [...document.querySelectorAll("input[name=need]:checked")].map((i) => i.value),
  };
  if ($("theme").value) query.theme = $("theme").value;
  if (query.radiusM === null) delete query.radiusM;
  try {
    const found = catalogue.nearby(query);
    let nearest = null;
    if (found.length === 0) {
      nearest = catalogue.nearby({ ...query, limit: 1, radiusM: 6_000_000 })[0] ?? null;
    }
    const w = convertCoordinate(query.position, "wgs84");
    lastFind = { found, query, radiusKm: (query.radiusM ?? 50_000) / 1000, nearest, me: [w.lat, w.lon] };
    errors.finder = null;
  } catch (e) {
    lastFind = null;
    errors.finder = e;
  }
  renderError("finder");
  renderStations();
  drawStations();
  fitToResults();
}

function renderStations() {
  const list = $("results");
  const summary = $("finder-summary");
  if (!lastFind) { list.replaceChildren(); summary.hidden = true; summary.textContent = ""; return; }
  const { found, query, radiusKm, nearest } = lastFind;
  const radius = numberText(radiusKm, 1);
  summary.hidden = false;
  if (found.length === 0) {
    summary.className = "summary-line none";
    const sep = zh() ? "" : " ";  // no space between Chinese sentences
    summary.replaceChildren(t("none", { radius }),
      nearest ? `${sep}${t("nearest", { name: nameOf(nearest), dist: distanceText(nearest.distanceM) })}` : "",
      query.openOnly ? `${sep}${t("none-open-hint")}` : "");
  } else {
    summary.className = "summary-line";
    summary.textContent = t("found", { n: found.length, radius });
  }
  list.replaceChildren(...found.map((s, i) => {
    const services = s.servicesNow.map(serviceName);
    return el("li", { className: "station-result", dataset: { station: s.stationId } },
      el("div", { className: "r-head" }, el("span", { className: `rank status-${s.status.state}`, textContent: String(i + 1) }),
        el("strong", { className: "name", textContent: nameOf(s) })),
      el("div", {}, el("span", { className: "distance", textContent: distanceText(s.distanceM) }), " · ",
        el("span", { className: `state status-${s.status.state}`, textContent: statusText(s.status, query.at) })),
      el("div", { className: "reason", textContent: hoursText(s.stationId, s.status, query.at) }),
      el("div", { className: "services small", textContent: services.length ? t("services-now", { list: listJoin(services) }) : t("no-services") }),
      el("div", { className: "address small", textContent: zh() ? s.addressZh : s.addressEn }),
      el("button", { type: "button", className: "show-on-map link", textContent: t("show-on-map"), onclick: () => showOnMap(s.stationId) }));
  }));
}

// ---- eligibility ---------------------------------------------------------------------------

function checkbox(code, group) {
  const input = el("input", { type: "checkbox", value: code, name: group });
  const span = el("span", { dataset: { code } });
  return el("label", { className: "check" }, input, " ", span);
}

function historyRow(value = "") {
  const input = el("input", { type: "datetime-local", value, className: "history-at" });
  const remove = el("button", { type: "button", className: "link history-remove", dataset: { t: "history-remove" }, textContent: t("history-remove") });
  const row = el("div", { className: "history-row" }, input, " ", remove);
  remove.addEventListener("click", () => row.remove());
  return row;
}

function fillSample() {
  const p = SAMPLE_COURIER;
  $("resident-id").value = p.residentId; $("occupation").value = p.occupation;
  $("employer").value = p.employerCode; $("employment-start").value = p.employmentStart;
  $("province").value = p.province; $("city").value = p.city;
  $("income").value = String(p.monthlyIncomeFen / 100);
  $("kyc").value = p.kycLevel; $("risk-grade").value = p.riskAssessment.grade;
  $("assessed-at").value = p.riskAssessment.assessedAt;
  $("history-list").replaceChildren(...p.assessmentHistory.map((v) => historyRow(v)));
  for (const i of document.querySelectorAll("input[name=profile-need]")) i.checked = p.needs.includes(i.value);
  for (const i of document.querySelectorAll("input[name=held]")) i.checked = p.heldProducts.includes(i.value);
}

function readProfile() {
  const v = (id) => $(id).value.trim();
  const profile = {
    needs: [...document.querySelectorAll("input[name=profile-need]:checked")].map((i) => i.value),
    heldProducts: [...document.querySelectorAll("input[name=held]:checked")].map((i) => i.value),
    personalisationOptOut: $("non-personalised").checked,
  };
  if (v("resident-id")) profile.residentId = v("resident-id");
  if (v("occupation")) profile.occupation = v("occupation");
  if (v("employer")) profile.employerCode = v("employer");
  if (v("employment-start")) profile.employmentStart = v("employment-start");
  if (v("province")) profile.province = v("province");
  if (v("city")) profile.city = v("city");
  if (v("income")) profile.monthlyIncomeFen = Math.round(Number(v("income")) * 100);
  if (v("kyc")) profile.kycLevel = v("kyc");
  if (v("risk-grade") || v("assessed-at")) {
    profile.riskAssessment = { grade: v("risk-grade"), assessedAt: chinaInstant(v("assessed-at")) };
  }
  const history = [...document.querySelectorAll("#history-list .history-at")].map((i) => i.value).filter(Boolean);
  if (history.length) profile.assessmentHistory = history.map(chinaInstant);
  return profile;
}

function match() {
  try {
    lastMatch = catalogue.matchProducts(readProfile(), chinaInstant($("as-of").value),
      { personalised: !$("non-personalised").checked });
    errors.profile = null;
  } catch (e) {
    lastMatch = null;
    errors.profile = e;
  }
  renderError("profile");
  renderMatch();
}

function renderDecision(decision) {
  const details = el("details", { className: "reasons" }, el("summary", { textContent: t("reasons") }));
  for (const rule of decision.rules) {
    const ul = el("ul");
    for (const c of rule.criteria) {
      const mark = c.status === "passed" ? "✓" : c.status === "failed" ? "✗" : "?";
      const li = el("li", { className: `criterion ${c.status}` }, `${mark} ${loc(c.message)}`);
      if (c.hint) li.append(" ", el("span", { className: "hint", textContent: loc(c.hint.message) }));
      ul.append(li);
    }
    details.append(el("div", { className: `rule ${rule.status}`, textContent: loc(rule.description) }), ul);
  }
  return details;
}

function renderEntry(entry) {
  const li = el("li", { className: "product", dataset: { product: entry.productId } });
  li.append(el("strong", { className: "name", textContent: `${entry.rank ? `${entry.rank}. ` : ""}${loc(entry.name)}` }),
    el("div", { className: "summary", textContent: loc(entry.decision.summary) }));
  if (entry.exclusion && loc(entry.exclusion.message) !== loc(entry.decision.summary)) {
    li.append(el("div", { className: "exclusion failed", textContent: loc(entry.exclusion.message) }));
  }
  if (entry.decision.eligibleOn) {
    li.append(el("div", { className: "eligible-on hint", textContent: t("eligible-on", { date: entry.decision.eligibleOn }) }));
  }
  for (const h of entry.decision.hints) li.append(el("div", { className: "hint", textContent: loc(h.message) }));
  for (const n of entry.notices ?? []) li.append(el("div", { className: "notice small", textContent: loc(n.message) }));
  // The catalogue's own priority is the bank's internal weighting: not shown to couriers.
  // Why it is recommended: only for recommended products.
  const why = entry.rank ? entry.factors.filter((f) => f.code !== "catalogue_priority") : [];
  if (why.length) {
    li.append(el("ul", { className: "factors" }, ...why.map((f) => el("li", { className: "small", textContent: `${t("why")}${loc(f.message)}` }))));
  }
  li.append(renderDecision(entry.decision));
  return li;
}

function renderMatch() {
  $("products").hidden = !lastMatch;
  if (!lastMatch) {
    for (const id of ["match-notices", "recommended", "excluded"]) $(id).replaceChildren();
    return;
  }
  $("match-notices").replaceChildren(...lastMatch.notices.map((n) =>
    el("div", { className: "notice", dataset: { code: n.code }, textContent: loc(n.message) })));
  const empty = (key) => el("li", { className: "empty", textContent: t(key) });
  $("recommended").replaceChildren(...(lastMatch.recommended.length ? lastMatch.recommended.map(renderEntry) : [empty("none-recommended")]));
  $("excluded").replaceChildren(...(lastMatch.excluded.length ? lastMatch.excluded.map(renderEntry) : [empty("none-excluded")]));
}

// ---- language and setup --------------------------------------------------------------------

function options(select, rows, withUnset) {
  const value = select.value;
  select.replaceChildren(...(withUnset ? [el("option", { value: "", textContent: t("unset") })] : []),
    ...rows.map((r) => el("option", { value: r[0], textContent: pick(r) })));
  select.value = value;
}

function applyLang() {
  document.documentElement.lang = lang;
  document.title = t("title");
  for (const node of document.querySelectorAll("[data-t]")) node.textContent = t(node.dataset.t);
  for (const node of document.querySelectorAll("[data-t-aria]")) node.setAttribute("aria-label", t(node.dataset.tAria));
  for (const b of document.querySelectorAll(".lang button")) b.setAttribute("aria-pressed", String(b.dataset.lang === lang));
  const place = $("place").value;
  $("place").replaceChildren(...PLACES.map((p, i) => el("option", { value: String(i), textContent: zh() ? p.zh : p.en })));
  $("place").value = place || "0";
  options($("theme"), [["", t("all-themes"), t("all-themes")], ...doc.themes.map((th) => [th.code, th.name_zh, th.name_en])]);
  options($("occupation"), OCCUPATIONS, true);
  options($("province"), PROVINCES, true);
  options($("city"), cities, true);
  options($("kyc"), KYC_LEVELS, true);
  options($("risk-grade"), RISK_GRADES, true);
  $("needs").querySelectorAll("label span").forEach((s) => { s.textContent = serviceName(s.dataset.code); });
  $("profile-needs").querySelectorAll("label span").forEach((s) => { s.textContent = pick(NEEDS.find((n) => n[0] === s.dataset.code)); });
  $("held").querySelectorAll("label span").forEach((s) => {
    s.textContent = loc(doc.product_catalogue.products.find((p) => p.id === s.dataset.code).name);
  });
  labelMap();
  renderError("finder");
  renderError("profile");
  renderStations();
  drawStations();
  renderMatch();
}

function setup(provinces, shandong) {
  $("needs").append(...doc.services.map((s) => checkbox(s.code, "need")));
  $("profile-needs").append(...NEEDS.map((n) => checkbox(n[0], "profile-need")));
  $("held").append(...doc.product_catalogue.products.map((p) => checkbox(p.id, "held")));
  // Cities of work as the catalogue writes them (济南), from the boundary data.
  cities = shandong.features.filter((f) => !CITY_ZH_FIX[f.id]).sort((a, b) => a.id - b.id)
    .map((f) => [f.properties.name.replace(/市$/, ""), f.properties.name, CITY_EN[f.id]]);
  $("when").value = "2026-06-10T10:00";
  $("as-of").value = "2026-06-01T09:00";
  $("place").addEventListener("change", () => {
    const p = PLACES[Number($("place").value)];
    $("lat").value = p.lat; $("lon").value = p.lon; $("datum").value = p.datum;
  });
  for (const b of document.querySelectorAll(".lang button")) {
    b.addEventListener("click", () => { lang = b.dataset.lang; applyLang(); });
  }
  $("finder-form").addEventListener("submit", (ev) => { ev.preventDefault(); find(); });
  $("profile-form").addEventListener("submit", (ev) => { ev.preventDefault(); match(); });
  $("fill-sample").addEventListener("click", fillSample);
  $("history-add").addEventListener("click", () => $("history-list").append(historyRow()));
  setupMap(provinces, shandong);
  applyLang();
  $("place").dispatchEvent(new Event("change"));
}

async function loadJson(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r.json();
}

async function main() {
  const [, provinces, shandong] = await Promise.all([
    init(), loadJson(`${GEO}/china.json`), loadJson(`${GEO}/shan_dong_geo.json`),
  ]);
  catalogue = Catalogue.sample();
  doc = JSON.parse(catalogue.toJson());
  features = catalogue.toGeoJson().features;
  setup(provinces, shandong);
  document.body.dataset.ready = "true";
}

main().catch((e) => {
  document.body.dataset.ready = "error";
  errors.finder = e;
  renderError("finder");
  console.error(e);
});
