// Builds DOM nodes without innerHTML, so text from the API is always text, never markup.
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === 'style' && typeof value === 'object') {
      // Through the CSSOM, which the console's Content-Security-Policy allows; a style attribute it would block.
      Object.assign(element.style, value);
    } else if (name === 'class') {
      element.className = value;
    } else if (name === 'text') {
      element.textContent = value;
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(parent, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(parent, child);
    } else {
      parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
}

export function clear(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

export function time(value) {
  if (!value) {
    return '—';
  }
  const date = new Date(value);
  return h('time', { datetime: date.toISOString(), title: date.toISOString() }, date.toLocaleTimeString([], { hour12: false }));
}

export function dateTime(value) {
  if (!value) {
    return '—';
  }
  const date = new Date(value);
  return h('time', { datetime: date.toISOString() }, date.toISOString().replace('T', ' ').slice(0, 19) + 'Z');
}

export function json(value) {
  return h('pre', { class: 'json' }, JSON.stringify(value, null, 2));
}

// "TimeSpan" values arrive as "d.hh:mm:ss.fffffff" or "hh:mm:ss"; shown as 1h 02m 03s.
export function duration(text) {
  if (!text) {
    return '—';
  }
  const match = /^(?:(\d+)\.)?(\d+):(\d+):(\d+)/.exec(text);
  if (!match) {
    return text;
  }
  const [, days, hours, minutes, seconds] = match;
  const totalHours = Number(days ?? 0) * 24 + Number(hours);
  const parts = [];
  if (totalHours > 0) {
    parts.push(`${totalHours}h`);
  }
  if (totalHours > 0 || Number(minutes) > 0) {
    parts.push(`${minutes.padStart(2, '0')}m`);
  }
  parts.push(`${seconds.padStart(2, '0')}s`);
  return parts.join(' ');
}

export function durationSeconds(text) {
  const match = /^(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)/.exec(text ?? '');
  return match ? Number(match[1] ?? 0) * 86400 + Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4]) : null;
}

export function money(amount, currency) {
  return amount === null || amount === undefined ? '—' : `${Number(amount).toFixed(2)} ${currency ?? ''}`.trim();
}
