import { h } from "./dom.js";

const SVG = "http://www.w3.org/2000/svg";
function s(tag, attributes = {}, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

// A line chart of `points` ([{t: Date, v: number}]) as inline SVG, with its label and the latest value.
export function lineChart(label, points, format = (v) => v.toFixed(2)) {
  const width = 600, height = 140, pad = 28;
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img", "aria-label": label });
  const values = points.map((p) => p.v);
  const max = Math.max(1e-9, ...values);
  const times = points.map((p) => p.t.getTime());
  const t0 = Math.min(...times), t1 = Math.max(...times);
  svg.append(s("line", { x1: pad, y1: height - pad, x2: width - 4, y2: height - pad, class: "axis" }));
  svg.append(s("text", { x: 2, y: 12 }, format(max)));
  svg.append(s("text", { x: 2, y: height - pad }, "0"));
  if (points.length >= 2 && t1 > t0) {
    const d = points.map((p, i) => {
      const x = pad + ((p.t.getTime() - t0) / (t1 - t0)) * (width - pad - 4);
      const y = height - pad - (p.v / max) * (height - pad - 14);
      return `${i ? "L" : "M"}${x.toFixed(1)},${y.toFixed(1)}`;
    }).join(" ");
    svg.append(s("path", { d, class: "line" }));
  } else {
    svg.append(s("text", { x: width / 2 - 60, y: height / 2 }, "not enough samples yet"));
  }
  const latest = values.length ? format(values[values.length - 1]) : "—";
  return h("figure", { class: "card" }, h("figcaption", {}, h("strong", {}, label), " ", h("span", { class: "muted" }, `now ${latest}`)), svg);
}
