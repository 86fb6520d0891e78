// Copies the vendored libraries from node_modules (installed from
// package-lock.json with `npm ci`) into dist/, which is committed so that
// `cargo build` alone builds the dashboard. Run: npm ci && npm run vendor
import { copyFileSync, mkdirSync } from "node:fs";

const files = [
  ["leaflet/dist/leaflet.js", "leaflet.js"],
  ["leaflet/dist/leaflet.css", "leaflet.css"],
  ["leaflet.markercluster/dist/leaflet.markercluster.js", "leaflet.markercluster.js"],
  ["leaflet.markercluster/dist/MarkerCluster.css", "MarkerCluster.css"],
  ["topojson-client/dist/topojson-client.min.js", "topojson-client.min.js"],
  ["world-atlas/countries-50m.json", "countries-50m.json"],
];
mkdirSync("dist", { recursive: true });
for (const [from, to] of files) {
  copyFileSync(`node_modules/${from}`, `dist/${to}`);
  console.log(`dist/${to} <- node_modules/${from}`);
}
