// Browser tests of the sitrep dashboard, in the system chromium through
// playwright-core (no browser download). Usage:
//   node dashboard.test.mjs http://127.0.0.1:PORT/ ARTIFACTS_DIR
// Prints one line per check and a closing "N passed, M failed"; exits 1 on
// any failure.
import { chromium } from "playwright-core";
import { join } from "node:path";

const base = process.argv[2];
const artifacts = process.argv[3] || "artifacts";
if (!base) { console.error("usage: node dashboard.test.mjs BASE_URL [ARTIFACTS_DIR]"); process.exit(2); }

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  // No --user-data-dir: launch() always starts chromium on a fresh
  // temporary profile of its own, and rejects the flag.
});

let passed = 0, failed = 0;
const errors = [];
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e.message.split("\n")[0]}`);
  }
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }

async function openDashboard(viewport, opts = {}) {
  const page = await browser.newPage({ viewport, ...opts });
  page.on("pageerror", (e) => errors.push(e.message));
  // Offline means offline: any request that leaves the server is a failure.
  const origin = new URL(base).origin;
  await page.route("**/*", (route) => {
    if (!route.request().url().startsWith(origin)) { errors.push(`external request: ${route.request().url()}`); return route.abort(); }
    return route.continue();
  });
  await page.goto(base);
  await page.waitForSelector("body[data-ready='1']", { timeout: 15000 });
  return page;
}
const total = (page) => page.$eval("#count", (e) => Number(e.dataset.total));
const rowCount = (page) => page.$$eval("#events tbody tr", (r) => r.length);
async function waitTotalChange(page, before) {
  await page.waitForFunction((b) => {
    const e = document.querySelector("#count");
    return e && e.dataset.total !== undefined && Number(e.dataset.total) !== b && !document.querySelector("#status").textContent.startsWith("loading");
  }, before, { timeout: 5000 });
}

const page = await openDashboard({ width: 1280, height: 800 });
const initial = await total(page);

await check("the map shows event markers on the offline basemap", async () => {
  const countries = await page.$$eval(".leaflet-overlay-pane path:not(.ev-marker)", (p) => p.length);
  assert(countries > 100, `expected country borders, found ${countries} paths`);
  const markers = await page.$$eval("path.ev-marker", (p) => p.length);
  const clusters = await page.$$eval(".marker-cluster", (c) => c.map((x) => Number(x.textContent) || 0));
  const shown = markers + clusters.reduce((a, b) => a + b, 0);
  assert(markers + clusters.length > 0, "no markers or clusters on the map");
  assert(initial > 0, "the table says 0 events");
  assert(shown > 0 && shown <= initial, `markers account for ${shown} events of ${initial}`);
});

await check("brushing the timeline filters the table", async () => {
  const bars = await page.$$eval("#timeline rect.bar-rect", (rs) => rs.map((r) => { const b = r.getBoundingClientRect(); return [b.left, b.right]; }));
  assert(bars.length >= 2, `need at least two timeline bars, found ${bars.length}`);
  const box = await page.$eval("#timeline", (s) => { const b = s.getBoundingClientRect(); return { x: b.left, y: b.top, w: b.width, h: b.height }; });
  // Select from just before the last bar to the right edge: the newest bucket only.
  const last = bars.sort((a, b) => a[0] - b[0])[bars.length - 1];
  const prev = bars[bars.length - 2];
  const from = Math.max(prev[1] + 0.5, last[0] - 2);
  const y = box.y + box.h / 2;
  await page.mouse.move(from, y);
  await page.mouse.down();
  await page.mouse.move((from + box.x + box.w) / 2, y, { steps: 4 });
  await page.mouse.move(box.x + box.w - 2, y, { steps: 4 });
  await page.mouse.up();
  await waitTotalChange(page, initial);
  const after = await total(page);
  const rows = await rowCount(page);
  const label = await page.textContent("#brush-label");
  const [since, until] = label.split(" – ");
  const dates = await page.$$eval("#events tbody tr td:first-child", (t) => t.map((x) => x.textContent));
  assert(after > 0 && after < initial, `brush gave ${after} of ${initial} events`);
  assert(rows === after, `table has ${rows} rows for ${after} events`);
  assert(dates.every((d) => d >= since.slice(0, 7)), `rows outside ${label}: ${dates.join(", ")}`);
  await page.click("#brush-clear");
  await waitTotalChange(page, after);
  assert((await total(page)) === initial, "clearing the brush did not restore every event");
});

await check("clicking an event opens its evidence, highlighted in the article", async () => {
  const marker = await page.$("path.ev-marker");
  let id;
  if (marker) {
    await marker.click({ force: true });
  } else {
    // Every marker is clustered at this zoom: open one from the table.
    const row = await page.$("#events tbody tr");
    id = await row.getAttribute("data-id");
    await row.click();
  }
  await page.waitForSelector("#panel-event mark.evidence", { timeout: 5000 });
  const mark = await page.textContent("#panel-event mark.evidence");
  const quoted = await page.$$eval("#panel-event q", (q) => q.map((x) => x.textContent));
  assert(mark.length > 20, `highlighted span too short: '${mark}'`);
  assert(quoted.some((q) => q.includes(mark) || mark.includes(q)), "the highlighted span is not one of the evidence sentences");
  const sources = await page.$$eval("#panel-event .sources li", (l) => l.length);
  assert(sources >= 1, "no cluster sources listed");
  if (id) assert((await page.getAttribute("#events tbody tr.selected", "data-id")) === id, "the clicked row is not marked selected");
});
await page.screenshot({ path: join(artifacts, "dashboard-1280x800.png") });

await check("a country filter changes the counts", async () => {
  const options = await page.$$eval("#f-country option", (o) => o.map((x) => x.value).filter(Boolean));
  assert(options.length >= 2, `need two countries to filter, found ${options.length}`);
  const before = await total(page);
  const country = options[0];
  await page.selectOption("#f-country", country);
  await waitTotalChange(page, before);
  const after = await total(page);
  const places = await page.$$eval("#events tbody tr td:nth-child(5)", (t) => t.map((x) => x.textContent));
  assert(after > 0 && after < before, `filter ${country} gave ${after} of ${before}`);
  assert(places.every((p) => p.includes(`(${country})`)), `rows from other countries: ${places.join("; ")}`);
  const bars = await page.$$eval("#timeline rect.bar-rect", (r) => r.length);
  assert(bars >= 1, "the timeline is empty after filtering");
  await page.selectOption("#f-country", "");
  await waitTotalChange(page, after);
});
await page.close();

await check("usable on a 390-px phone screen", async () => {
  const phone = await openDashboard({ width: 390, height: 844 }, { isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(overflow <= 1, `page is ${overflow}px wider than the screen`);
  const map = await phone.$eval("#map", (m) => m.getBoundingClientRect().width);
  assert(map >= 340, `map only ${map}px wide`);
  await phone.screenshot({ path: join(artifacts, "dashboard-390-phone.png"), fullPage: true });
  await phone.click("#events tbody tr");
  await phone.waitForSelector("#panel-event mark.evidence", { timeout: 5000 });
  const panel = await phone.$eval("#panel", (p) => p.getBoundingClientRect().width);
  assert(panel >= 380, `event panel only ${panel}px wide on the phone`);
  await phone.screenshot({ path: join(artifacts, "dashboard-390-phone-event.png") });
  await phone.close();
});

await check("no script errors and no requests leave the server", async () => {
  assert(errors.length === 0, errors.join("; "));
});

await browser.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
