import { api, query, session, ApiError } from './api.js';
import { h, clear, dateTime, money } from './dom.js';
import { dialogShell } from './control.js';
import { notify } from './notice.js';

const statusTags = { planned: 'warn', approved: 'warn', executing: 'warn', completed: 'good' };

function problemText(failure) {
  return failure instanceof ApiError ? failure.describe() : failure.message;
}

function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

// "312 actions · 312 tickets · 47 customers · USD 12,480.00": what the incident's window of its agents touched.
export function blastRadiusLine(summary) {
  return [
    plural(summary.actions, 'action'),
    ...summary.entities.map((entity) => plural(entity.distinct, entity.type)),
    ...summary.money.map((total) => `${total.currency} ${Number(total.amount).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`),
  ].join(' · ');
}

// Blast radius, compensation runs and open mitigation tasks of one incident; load() refreshes all three.
export function incidentRepair(incidentId) {
  const radius = h('div', { 'data-testid': 'blast-radius', 'aria-live': 'polite' }, 'Loading…');
  const runs = h('div', { 'data-testid': 'compensation-runs', 'aria-live': 'polite' });
  const mitigations = h('tbody');
  const planButton = session.mayOperate
    ? h('button', { type: 'button', class: 'primary', onclick: () => plan() }, 'Plan compensation')
    : null;
  let last = '';

  const load = async () => {
    try {
      const [report, allRuns, tasks] = await Promise.all([
        api(`/api/v1/blast-radius${query({ incident: incidentId, limit: 1 })}`),
        api(`/api/v1/compensations${query({ limit: 100 })}`),
        api(`/api/v1/mitigations${query({ status: 'open', limit: 500 })}`),
      ]);
      const mine = allRuns.filter((run) => run.incidentId === incidentId);
      const details = await Promise.all(mine.map((run) => api(`/api/v1/compensations/${encodeURIComponent(run.id)}`)));
      const open = tasks.filter((task) => task.incidentId === incidentId);
      // Re-rendered only on a change, so the buttons under a pointer or the keyboard focus stay put.
      const text = JSON.stringify([report.summary, details, open]);
      if (text === last) {
        return;
      }
      last = text;
      renderRadius(radius, report.summary);
      clear(runs, details.length === 0
        ? h('p', { class: 'muted' }, 'No compensation run for this incident yet.')
        : details.map((detail) => runCard(detail, load)));
      clear(mitigations, open.length === 0
        ? h('tr', {}, h('td', { colspan: 5 }, 'No open mitigation task.'))
        : open.map((task) => h('tr', { 'data-mitigation': task.id },
          h('td', {}, task.task),
          h('td', {}, task.owner),
          h('td', { class: 'mono' }, task.tool),
          h('td', {}, task.entities.join(', ')),
          h('td', {}, h('span', { class: 'tag warn' }, task.status)))));
    } catch (failure) {
      notify(`Blast radius and compensation of ${incidentId}: ${problemText(failure)}`, { bad: true });
    }
  };

  const plan = async () => {
    planButton.disabled = true;
    try {
      const detail = await api('/api/v1/compensations', { method: 'POST', body: { selection: { incidentId } } });
      notify(`Compensation run ${detail.run.id} planned over ${plural(detail.items.length, 'action')}; approve it to run.`);
      await load();
    } catch (failure) {
      notify(`Plan compensation: ${problemText(failure)}`, { bad: true });
    } finally {
      planButton.disabled = false;
    }
  };

  const element = h('section', { class: 'panel', 'aria-labelledby': 'repair-title' },
    h('div', { class: 'spread' }, h('h2', { id: 'repair-title' }, 'Blast radius and compensation'), planButton),
    radius,
    h('h3', {}, 'Compensation runs'),
    runs,
    h('div', { class: 'table-wrap' }, h('table', { 'data-testid': 'mitigations' },
      h('caption', {}, 'Open mitigation tasks (actions with no inverse)'),
      h('thead', {}, h('tr', {}, ['Task', 'Owner', 'Tool', 'Entities', 'Status'].map((name) => h('th', { scope: 'col' }, name)))),
      mitigations)));
  return { element, load };
}

function renderRadius(slot, summary) {
  if (summary.actions === 0) {
    clear(slot, h('p', { class: 'muted' }, 'No action of the incident\'s agents in its window.'));
    return;
  }
  clear(slot,
    h('p', { class: 'rate', 'data-testid': 'blast-radius-summary' }, blastRadiusLine(summary)),
    h('p', { class: 'muted small' }, `${plural(summary.runs, 'run')}, from `, dateTime(summary.firstAt), ' to ', dateTime(summary.lastAt)),
    h('div', { class: 'grid' },
      h('div', { class: 'table-wrap' }, h('table', {},
        h('caption', {}, 'Distinct entities per type'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Type'), h('th', { scope: 'col' }, 'Distinct'))),
        h('tbody', {}, summary.entities.map((entity) => h('tr', {}, h('th', { scope: 'row' }, entity.type), h('td', {}, String(entity.distinct))))))),
      h('div', { class: 'table-wrap' }, h('table', {},
        h('caption', {}, 'Money per currency'),
        h('thead', {}, h('tr', {}, ['Currency', 'Amount', 'Actions'].map((name) => h('th', { scope: 'col' }, name)))),
        h('tbody', {}, summary.money.length === 0
          ? h('tr', {}, h('td', { colspan: 3 }, 'No money moved.'))
          : summary.money.map((total) => h('tr', {}, h('th', { scope: 'row' }, total.currency), h('td', {}, money(total.amount, total.currency)), h('td', {}, String(total.actions)))))))));
}

function runCard(detail, reload) {
  const run = detail.run;
  const progress = run.progress;
  const finished = progress.done + progress.failed + progress.skipped;
  const kinds = {};
  for (const item of detail.items) {
    kinds[item.kind] = (kinds[item.kind] ?? 0) + 1;
  }
  const action = (label, path, describe) => h('button', {
    type: 'button',
    class: 'primary',
    'aria-label': `${label} ${run.id}`,
    onclick: () => confirmDialog({ label: `${label} compensation run ${run.id}`, describe, path: `/api/v1/compensations/${encodeURIComponent(run.id)}/${path}`, onDone: reload }),
  }, label);
  const integrity = detail.integrity;
  return h('article', { class: 'panel', 'data-run': run.id, 'data-status': run.status },
    h('div', { class: 'spread' },
      h('strong', { class: 'mono' }, run.id),
      h('span', { class: `tag ${statusTags[run.status] ?? ''}`, 'data-testid': 'run-status' }, `Status ${run.status}`)),
    h('p', { class: 'small muted' },
      `${plural(kinds.http ?? 0, 'compensation')}, ${plural(kinds.mitigation ?? 0, 'mitigation')}, ${detail.alreadyCompensated.length} already held by other runs. Planned by ${run.createdBy}`,
      run.approvedBy ? `, approved by ${run.approvedBy}` : '', '.'),
    h('label', { class: 'small', for: `progress-${run.id}` }, 'Progress'),
    h('progress', { id: `progress-${run.id}`, max: Math.max(progress.total, 1), value: finished }),
    h('p', { 'data-testid': 'run-progress' }, `${progress.done} done · ${progress.failed} failed · ${progress.skipped} skipped · ${progress.total} total`),
    run.status === 'completed'
      ? h('p', { 'data-testid': 'run-integrity' }, `Integrity: ${integrity.verified} of ${integrity.checked} verified against the backend, ${integrity.unverifiable} unverifiable, ${plural(integrity.mismatches.length, 'mismatch')}.`)
      : null,
    detail.failed.length > 0
      ? h('div', { class: 'table-wrap' }, h('table', {},
        h('caption', {}, 'Failed compensations'),
        h('thead', {}, h('tr', {}, ['Action', 'Tool', 'Entities', 'Attempts', 'Error'].map((name) => h('th', { scope: 'col' }, name)))),
        h('tbody', {}, detail.failed.map((item) => h('tr', {},
          h('td', {}, String(item.actionSeq)), h('td', { class: 'mono' }, item.tool), h('td', {}, item.entities.join(', ')), h('td', {}, String(item.attempts)), h('td', {}, item.error ?? '—'))))))
      : null,
    session.mayOperate && run.status === 'planned' ? action('Approve', 'approve', `Approve ${plural(progress.planned, 'compensation')} to run against the systems the agent changed.`) : null,
    session.mayOperate && run.status === 'approved' ? action('Execute', 'execute', `Start the ${plural(progress.planned, 'compensation')}: each takes effect once, across crashes and retries.`) : null);
}

function confirmDialog({ label, describe, path, onDone }) {
  const { dialog, title } = dialogShell(label);
  const error = h('p', { class: 'error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'primary' }, label);
  const form = h('form', { class: 'stack' },
    h('p', {}, describe),
    error,
    h('div', { class: 'row' }, submit, h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      await api(path, { method: 'POST' });
      dialog.close();
      notify(`${label}: done.`);
      onDone?.();
    } catch (failure) {
      error.textContent = problemText(failure);
      submit.disabled = false;
    }
  });
  dialog.append(title, form);
  dialog.showModal();
  submit.focus();
}
