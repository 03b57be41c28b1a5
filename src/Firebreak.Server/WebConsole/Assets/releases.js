import { api, query, ApiError } from './api.js';
import { h, clear, dateTime } from './dom.js';
import { dialogShell, confirmationTable, incidentSelect } from './control.js';
import { notify } from './notice.js';

const shortIdLength = 12;

export function shortRelease(id) {
  return id ? id.slice(0, shortIdLength) : null;
}

export function releaseState(agentId) {
  return api(`/api/v1/agents/${encodeURIComponent(agentId)}/releases/state`);
}

// Rollback goes to the last-known-good release: it asks for a reason and an incident, then shows who confirmed.
export async function rollbackDialog(agentId, onDone) {
  const label = `Roll back ${agentId}`;
  const { dialog, title } = dialogShell(label);
  const reason = h('textarea', { id: 'rollback-reason', name: 'reason', required: true, maxlength: 1000 });
  const incident = await incidentSelect('rollback-incident');
  const error = h('p', { class: 'error', role: 'alert' });
  const result = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'danger big' }, label);
  const form = h('form', { class: 'stack' },
    h('p', {}, `Goes back to the last-known-good release of ${agentId} and pushes it to its enforcement points.`),
    h('label', { for: 'rollback-reason' }, 'Reason (required, recorded on the activation and the incident)'),
    reason,
    h('label', { for: 'rollback-incident' }, 'Incident'),
    incident,
    error,
    h('div', { class: 'row' }, submit, h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.textContent = '';
    const body = { reason: reason.value.trim() };
    if (incident.value) {
      body.incidentId = incident.value;
    }
    try {
      const done = await api(`/api/v1/agents/${encodeURIComponent(agentId)}/releases/rollback${query({ wait: 5000 })}`, { method: 'POST', body, timeoutMs: 15000 });
      const activation = done.activation;
      form.remove();
      clear(result,
        h('p', { 'data-testid': 'change-done' },
          `Done: ${agentId} rolled back from ${shortRelease(activation.fromReleaseId) ?? 'no release'} to ${shortRelease(activation.toReleaseId)}. Epoch ${activation.epoch}, by ${activation.actor} at `,
          dateTime(activation.at), '.'),
        confirmationTable({ ...done, epoch: activation.epoch }),
        h('div', { class: 'row' }, h('button', { type: 'button', class: 'primary', onclick: () => dialog.close() }, 'Close')));
      result.querySelector('button').focus();
      notify(`${label}: now on ${shortRelease(activation.toReleaseId)}, ${done.confirmed} point(s) confirmed, ${done.unconfirmed} not.`);
      onDone?.();
    } catch (failure) {
      error.textContent = failure instanceof ApiError ? failure.describe() : failure.message;
      submit.disabled = false;
    }
  });
  dialog.append(title, form, result);
  dialog.showModal();
  reason.focus();
}
