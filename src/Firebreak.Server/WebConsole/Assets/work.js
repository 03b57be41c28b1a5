import { api, query, session } from './api.js';
import { h, clear, time, json, money } from './dom.js';
import { decisionDialog } from './control.js';
import { notify } from './notice.js';

const refreshEveryMs = 2000;

export function showWork(view) {
  const approvals = h('tbody');
  const held = h('tbody');
  const decided = h('tbody');
  clear(view,
    h('h1', {}, 'Approvals and held work'),
    h('section', { class: 'panel', 'aria-labelledby': 'pending-title' },
      h('h2', { id: 'pending-title' }, 'Pending approvals'),
      h('p', { class: 'muted small' }, 'Each approval is bound to these exact arguments: the agent can run nothing else with it.'),
      h('div', { class: 'table-wrap' }, h('table', { 'data-testid': 'pending-approvals' },
        h('thead', {}, h('tr', {}, ['Agent', 'Tool', 'Amount', 'Exact arguments', 'Run', 'Requested', 'Expires', session.mayOperate ? 'Decide' : null].filter(Boolean).map((name) => h('th', { scope: 'col' }, name)))),
        approvals))),
    h('section', { class: 'panel', 'aria-labelledby': 'held-title' },
      h('h2', { id: 'held-title' }, 'Held run inputs'),
      h('p', { class: 'muted small' }, 'Inputs that arrived while their agent was paused. Release redelivers them to the agent; discard drops them.'),
      h('div', { class: 'table-wrap' }, h('table', { 'data-testid': 'held-items' },
        h('thead', {}, h('tr', {}, ['Agent', 'Held', 'Reason', 'Correlation', 'Input', session.mayOperate ? 'Decide' : null].filter(Boolean).map((name) => h('th', { scope: 'col' }, name)))),
        held))),
    h('section', { class: 'panel', 'aria-labelledby': 'decided-title' },
      h('h2', { id: 'decided-title' }, 'Recently decided approvals'),
      h('div', { class: 'table-wrap' }, h('table', {},
        h('thead', {}, h('tr', {}, ['Agent', 'Tool', 'Amount', 'Status', 'By', 'At', 'Reason', 'Incident'].map((name) => h('th', { scope: 'col' }, name)))),
        decided))));

  // Re-rendering only when the data changed keeps keyboard focus on a button between polls.
  let last = '';
  const refresh = async () => {
    try {
      const [pending, heldItems, recent] = await Promise.all([
        api(`/api/v1/approvals${query({ status: 'pending', limit: 100 })}`),
        api(`/api/v1/held${query({ status: 'held', limit: 100 })}`),
        api(`/api/v1/approvals${query({ limit: 30 })}`),
      ]);
      const text = JSON.stringify([pending, heldItems, recent]);
      if (text === last) {
        return;
      }
      last = text;
      clear(approvals, pending.length ? pending.map((approval) => approvalRow(approval, refresh)) : h('tr', {}, h('td', { colspan: 8 }, 'Nothing is waiting for approval.')));
      clear(held, heldItems.length ? heldItems.map((item) => heldRow(item, refresh)) : h('tr', {}, h('td', { colspan: 6 }, 'Nothing is held.')));
      clear(decided, recent.filter((approval) => approval.status !== 'pending').map((approval) => h('tr', {},
        h('td', {}, approval.agentId),
        h('td', { class: 'mono' }, approval.tool),
        h('td', {}, money(approval.amount, approval.currency)),
        h('td', {}, h('span', { class: `tag ${approval.status === 'approved' ? 'good' : 'bad'}` }, approval.status)),
        h('td', {}, approval.decidedBy ?? '—'),
        h('td', {}, time(approval.decidedAt)),
        h('td', {}, approval.reason ?? '—'),
        h('td', {}, approval.incidentId ? h('a', { href: `#/incidents/${encodeURIComponent(approval.incidentId)}` }, approval.incidentId) : '—'))));
    } catch (error) {
      notify(`Approvals: ${error.message}`, { bad: true });
    }
  };
  refresh();
  const timer = setInterval(refresh, refreshEveryMs);
  return () => clearInterval(timer);
}

function approvalRow(approval, refresh) {
  const summary = `${approval.tool} for ${approval.agentId}${approval.amount !== null && approval.amount !== undefined ? ` (${money(approval.amount, approval.currency)})` : ''}`;
  const describe = h('div', {}, h('p', {}, summary), json(approval.arguments));
  return h('tr', { 'data-approval': approval.id },
    h('td', {}, approval.agentId),
    h('th', { scope: 'row', class: 'mono' }, approval.tool),
    h('td', {}, money(approval.amount, approval.currency)),
    h('td', {}, json(approval.arguments)),
    h('td', {}, approval.runId ? h('a', { href: `#/traces/run/${encodeURIComponent(approval.runId)}` }, 'trace') : '—'),
    h('td', {}, time(approval.createdAt)),
    h('td', {}, time(approval.expiresAt)),
    session.mayOperate
      ? h('td', {}, h('div', { class: 'row' },
        h('button', {
          type: 'button', class: 'primary', 'aria-label': `Approve ${summary}`,
          onclick: () => decisionDialog({ label: `Approve ${approval.tool}`, path: `/api/v1/approvals/${encodeURIComponent(approval.id)}/approve`, describe, onDone: refresh }),
        }, 'Approve'),
        h('button', {
          type: 'button', class: 'danger', 'aria-label': `Deny ${summary}`,
          onclick: () => decisionDialog({ label: `Deny ${approval.tool}`, path: `/api/v1/approvals/${encodeURIComponent(approval.id)}/deny`, describe, danger: true, onDone: refresh }),
        }, 'Deny')))
      : null);
}

function heldRow(item, refresh) {
  const describe = h('div', {}, h('p', {}, `Held input ${item.id} of ${item.agentId}`), json(item.input));
  return h('tr', { 'data-held': item.id },
    h('th', { scope: 'row' }, item.agentId),
    h('td', {}, time(item.heldAt)),
    h('td', {}, item.reason ?? '—'),
    h('td', { class: 'mono' }, item.correlationId ?? '—'),
    h('td', {}, json(item.input)),
    session.mayOperate
      ? h('td', {}, h('div', { class: 'row' },
        h('button', {
          type: 'button', class: 'primary', 'aria-label': `Release held input ${item.id}`,
          onclick: () => decisionDialog({ label: 'Release held input', path: `/api/v1/held/${encodeURIComponent(item.id)}/release`, describe, onDone: refresh }),
        }, 'Release'),
        h('button', {
          type: 'button', class: 'danger', 'aria-label': `Discard held input ${item.id}`,
          onclick: () => decisionDialog({ label: 'Discard held input', path: `/api/v1/held/${encodeURIComponent(item.id)}/discard`, describe, danger: true, onDone: refresh }),
        }, 'Discard')))
      : null);
}
