// Small SVG charts: no library, readable by screen readers through a title, a description and a data table.
const svgNs = 'http://www.w3.org/2000/svg';

function svg(tag, attributes, ...children) {
  const element = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes)) {
    element.setAttribute(name, String(value));
  }
  for (const child of children) {
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export const outcomeColours = {
  executed: '#1f7a3a',
  pending: '#8a94a0',
  blocked: '#b3261e',
  shadowed: '#5b3fa8',
  awaiting_approval: '#7a5a00',
  denied: '#a85400',
  failed: '#3d4650',
  compensated: '#0b6b7a',
};

// buckets: [{ label, values: { series: number } }]; series: names in stacking order.
export function stackedBars({ title, description, buckets, series, colours }) {
  const width = 640;
  const height = 220;
  const left = 36;
  const bottom = 24;
  const top = 8;
  const max = Math.max(1, ...buckets.map((bucket) => series.reduce((sum, name) => sum + (bucket.values[name] ?? 0), 0)));
  const plotHeight = height - bottom - top;
  const step = (width - left) / Math.max(1, buckets.length);
  const barWidth = Math.max(2, step * 0.8);
  const id = `chart-${Math.random().toString(36).slice(2)}`;
  const chart = svg('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${id}-t ${id}-d` },
    svg('title', { id: `${id}-t` }, title),
    svg('desc', { id: `${id}-d` }, description));
  for (const fraction of [0, 0.5, 1]) {
    const y = top + plotHeight * (1 - fraction);
    chart.append(svg('line', { x1: left, x2: width, y1: y, y2: y, stroke: '#d5dae0' }), svg('text', { x: left - 4, y: y + 4, 'text-anchor': 'end' }, Math.round(max * fraction)));
  }
  buckets.forEach((bucket, index) => {
    let y = top + plotHeight;
    for (const name of series) {
      const value = bucket.values[name] ?? 0;
      if (value === 0) {
        continue;
      }
      const barHeight = (value / max) * plotHeight;
      y -= barHeight;
      chart.append(svg('rect', { x: left + index * step, y, width: barWidth, height: barHeight, fill: colours[name] ?? '#0b5cad' },
        svg('title', {}, `${bucket.label}: ${value} ${name}`)));
    }
    if (index % Math.ceil(buckets.length / 6) === 0) {
      chart.append(svg('text', { x: left + index * step, y: height - 6 }, bucket.label));
    }
  });
  return chart;
}

// rows: [{ label, value, text }] drawn as horizontal bars.
export function horizontalBars({ title, description, rows, colour = '#0b5cad' }) {
  const width = 640;
  const rowHeight = 26;
  const left = 180;
  const height = Math.max(rowHeight, rows.length * rowHeight) + 8;
  const max = Math.max(1, ...rows.map((row) => row.value));
  const id = `chart-${Math.random().toString(36).slice(2)}`;
  const chart = svg('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${id}-t ${id}-d` },
    svg('title', { id: `${id}-t` }, title),
    svg('desc', { id: `${id}-d` }, description));
  rows.forEach((row, index) => {
    const y = 4 + index * rowHeight;
    const barWidth = ((width - left - 90) * row.value) / max;
    chart.append(
      svg('text', { x: left - 8, y: y + 16, 'text-anchor': 'end' }, row.label),
      svg('rect', { x: left, y: y + 4, width: Math.max(1, barWidth), height: rowHeight - 10, fill: colour }),
      svg('text', { x: left + barWidth + 6, y: y + 16 }, row.text));
  });
  return chart;
}
