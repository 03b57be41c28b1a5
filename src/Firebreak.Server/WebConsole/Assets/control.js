import { api, query, readControlStream, ApiError } from './api.js';
import { h, clear, dateTime } from './dom.js';
import { notify } from './notice.js';

export const modes = ['normal', 'approval', 'shadow', 'fallback', 'paused', 'killed'];
const rank = Object.fromEntries(modes.map((mode, index) => [mode, index]));
const reconnectMs = 2000;

// The latest snapshot event from the control stream, shared by every view.
export const feed = { event: null, connected: false, listeners: new Set() };
let abort = null;

export function startControlFeed() {
  stopControlFeed();
  abort = new AbortController();
  const { signal } = abort;
  const loop = async () => {
    while (!signal.aborted) {
      try {
        await readControlStream((name, data) => {
          feed.connected = true;
          if (name === 'snapshot') {
            feed.event = data;
          }
          for (const listener of feed.listeners) {
            listener(name, data);
          }
        }, signal);
      } catch (error) {
        if (signal.aborted) {
          return;
        }
        if (error instanceof ApiError && error.status === 401) {
          return;
        }
      }
      feed.connected = false;
      for (const listener of feed.listeners) {
        listener('disconnected', null);
      }
      await new Promise((resolve) => setTimeout(resolve, reconnectMs));
    }
  };
  loop();
}

export function stopControlFeed() {
  abort?.abort();
  abort = null;
  feed.event = null;
  feed.connected = false;
}

export function onControl(listener) {
  feed.listeners.add(listener);
  return () => feed.listeners.delete(listener);
}

function active(setting, now) {
  return setting && setting.mode !== 'normal' && (!setting.expiresAt || new Date(setting.expiresAt) > now);
}

// Mirrors ControlSnapshot.EffectiveMode: the most restrictive active setting across global, agent and tool scopes; ties go to the wider scope.
export function effective(snapshot, agentId, toolName) {
  const now = new Date();
  const byScope = new Map((snapshot?.settings ?? []).map((setting) => [setting.scope, setting]));
  const scopes = ['global'];
  if (agentId) {
    scopes.push(`agent:${agentId}`);
  }
  if (agentId && toolName) {
    scopes.push(`tool:${agentId}/${toolName}`);
  }
  let decided = null;
  for (const scope of scopes) {
    const setting = byScope.get(scope);
    if (active(setting, now) && (!decided || rank[setting.mode] > rank[decided.mode])) {
      decided = setting;
    }
  }
  return decided ? { mode: decided.mode, decidedBy: decided } : { mode: 'normal', decidedBy: null };
}

export function modeBadge(mode) {
  const labels = { normal: 'normal', approval: 'approval required', shadow: 'shadow', fallback: 'fallback', paused: 'paused (draining)', killed: 'killed' };
  return h('span', { class: `mode mode-${mode}`, 'data-mode': mode }, labels[mode] ?? mode);
}

export async function openIncidents() {
  const incidents = await api(`/api/v1/incidents${query({ limit: 100 })}`);
  return incidents.filter((incident) => incident.status !== 'closed' && incident.status !== 'resolved');
}

export async function incidentSelect(id) {
  const select = h('select', { id, name: 'incident' }, h('option', { value: '' }, 'none'));
  try {
    for (const incident of await openIncidents()) {
      select.append(h('option', { value: incident.id }, `${incident.id} · ${incident.severity} · ${incident.title}`));
    }
  } catch (error) {
    notify(`Could not list incidents: ${error.message}`, { bad: true });
  }
  return select;
}

export function dialogShell(titleText) {
  const titleId = `dialog-title-${Math.random().toString(36).slice(2)}`;
  const dialog = h('dialog', { 'aria-labelledby': titleId });
  const title = h('h2', { id: titleId }, titleText);
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  return { dialog, title };
}

export function confirmationTable(result) {
  const rows = result.confirmations.map((point) => h('tr', { 'data-point': point.pointId },
    h('td', { class: 'mono' }, point.pointId),
    h('td', {}, point.agentId ?? 'all agents'),
    h('td', {}, point.host ?? '—'),
    h('td', {}, point.confirmed ? h('span', { class: 'tag good' }, 'confirmed') : h('span', { class: 'tag bad' }, 'NOT confirmed')),
    h('td', {}, String(point.appliedEpoch)),
    h('td', {}, point.latencyMs === null || point.latencyMs === undefined ? '—' : `${point.latencyMs.toFixed(1)} ms`)));
  return h('div', { class: 'table-wrap' },
    h('table', { 'data-testid': 'confirmations' },
      h('caption', {}, `Epoch ${result.epoch}: ${result.confirmed} confirmed, ${result.unconfirmed} not confirmed`),
      h('thead', {}, h('tr', {}, ['Enforcement point', 'Agent', 'Host', 'Applied', 'Epoch held', 'Latency'].map((name) => h('th', { scope: 'col' }, name)))),
      h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: 6 }, 'No enforcement point had to apply this change.')))));
}

// Every containment action goes through here: it asks for a reason and an incident, then shows who confirmed.
export async function containmentDialog({ label, request, danger }) {
  const { dialog, title } = dialogShell(label);
  const reason = h('textarea', { id: 'containment-reason', name: 'reason', required: true, maxlength: 1000 });
  const incident = await incidentSelect('containment-incident');
  const minutes = h('input', { id: 'containment-for', name: 'for', type: 'number', min: 1, step: 1, inputmode: 'numeric' });
  const error = h('p', { class: 'error', role: 'alert' });
  const result = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: danger ? 'danger big' : 'primary big' }, label);
  const cancel = h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel');
  const form = h('form', { class: 'stack' },
    h('label', { for: 'containment-reason' }, 'Reason (required, recorded on the change and the incident)'),
    reason,
    h('label', { for: 'containment-incident' }, 'Incident'),
    incident,
    request.mode !== 'normal' ? [h('label', { for: 'containment-for' }, 'Expires after minutes (empty: until changed)'), minutes] : null,
    error,
    h('div', { class: 'row' }, submit, cancel));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.textContent = '';
    const body = { ...request, reason: reason.value.trim() };
    if (incident.value) {
      body.incidentId = incident.value;
    }
    if (minutes.value) {
      const total = Number(minutes.value);
      const days = Math.floor(total / 1440);
      const clock = `${String(Math.floor((total % 1440) / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}:00`;
      body.for = days > 0 ? `${days}.${clock}` : clock;
    }
    try {
      const change = await api(`/api/v1/control/changes${query({ wait: 5000 })}`, { method: 'POST', body, timeoutMs: 15000 });
      form.remove();
      clear(result,
        h('p', { 'data-testid': 'change-done' }, `Done: ${label}. Epoch ${change.epoch}, by ${change.change.actor} at `, dateTime(change.change.at), '.'),
        confirmationTable(change),
        h('div', { class: 'row' }, h('button', { type: 'button', class: 'primary', onclick: () => dialog.close() }, 'Close')));
      result.querySelector('button').focus();
      notify(`${label}: epoch ${change.epoch}, ${change.confirmed} point(s) confirmed, ${change.unconfirmed} not.`);
    } catch (failure) {
      error.textContent = failure instanceof ApiError ? failure.describe() : failure.message;
      submit.disabled = false;
    }
  });
  dialog.append(title, form, result);
  dialog.showModal();
  reason.focus();
}

// Approve, deny, release, discard: an optional reason and incident, then the call.
export async function decisionDialog({ label, path, describe, danger, onDone }) {
  const { dialog, title } = dialogShell(label);
  const reason = h('textarea', { id: 'decision-reason', name: 'reason', maxlength: 1000 });
  const incident = await incidentSelect('decision-incident');
  const error = h('p', { class: 'error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: danger ? 'danger' : 'primary' }, label);
  const form = h('form', { class: 'stack' },
    describe,
    h('label', { for: 'decision-reason' }, 'Reason (optional)'),
    reason,
    h('label', { for: 'decision-incident' }, 'Incident'),
    incident,
    error,
    h('div', { class: 'row' }, submit, h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    const body = {};
    if (reason.value.trim()) {
      body.reason = reason.value.trim();
    }
    if (incident.value) {
      body.incidentId = incident.value;
    }
    try {
      const decided = await api(path, { method: 'POST', body });
      dialog.close();
      notify(`${label}: done.`);
      onDone?.(decided);
    } catch (failure) {
      error.textContent = failure instanceof ApiError ? failure.describe() : failure.message;
      submit.disabled = false;
    }
  });
  dialog.append(title, form);
  dialog.showModal();
  submit.focus();
}
