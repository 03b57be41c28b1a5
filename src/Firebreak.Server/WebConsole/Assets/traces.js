import { api, query, ApiError } from './api.js';
import { h, clear, time, dateTime, json, money } from './dom.js';

const entityPages = 4;
const pageSize = 500;

const kindLabels = {
  run_started: 'run started',
  step: 'step',
  action: 'tool call (action)',
  action_completed: 'action completed',
  run_ended: 'run ended',
  control_change: 'control change',
  toxic_mark: 'marked toxic',
};

export function showTraces(view, by, value) {
  const kind = h('select', { id: 'trace-by', name: 'by' },
    h('option', { value: 'run', selected: by !== 'correlation' && by !== 'entity' }, 'run id'),
    h('option', { value: 'correlation', selected: by === 'correlation' }, 'correlation id'),
    h('option', { value: 'entity', selected: by === 'entity' }, 'entity (customer:47)'));
  const text = h('input', { id: 'trace-value', name: 'value', required: true, value: value ?? '', spellcheck: 'false' });
  const form = h('form', { class: 'inline', role: 'search', 'aria-label': 'Find a decision trace' },
    h('label', { for: 'trace-by' }, 'Search by', kind),
    h('label', { for: 'trace-value' }, 'Value', text),
    h('button', { type: 'submit', class: 'primary' }, 'Find'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/traces/${kind.value}/${encodeURIComponent(text.value.trim())}`;
  });
  const result = h('div');
  clear(view, h('h1', {}, 'Decision traces'), h('section', { class: 'panel' }, form), result);

  if (!by) {
    recentRuns(result);
  } else if (by === 'run') {
    runTraces(result, () => api(`/api/v1/runs/${encodeURIComponent(value)}/trace`).then((trace) => [trace]));
  } else if (by === 'correlation') {
    runTraces(result, () => api(`/api/v1/traces/${encodeURIComponent(value)}`));
  } else {
    entitySearch(result, value);
  }
}

async function recentRuns(result) {
  try {
    const runs = await api(`/api/v1/runs${query({ limit: 30 })}`);
    clear(result, h('section', { class: 'panel', 'aria-labelledby': 'recent-runs' },
      h('h2', { id: 'recent-runs' }, 'Recent runs'),
      h('div', { class: 'table-wrap' }, h('table', { 'data-testid': 'recent-runs' },
        h('thead', {}, h('tr', {}, ['Run', 'Agent', 'Status', 'Correlation', 'Started'].map((name) => h('th', { scope: 'col' }, name)))),
        h('tbody', {}, runs.length ? runs.map(runRow) : h('tr', {}, h('td', { colspan: 5 }, 'No runs recorded yet.')))))));
  } catch (failure) {
    clear(result, h('p', { class: 'error', role: 'alert' }, failure.message));
  }
}

function runRow(run) {
  return h('tr', {},
    h('th', { scope: 'row' }, h('a', { href: `#/traces/run/${encodeURIComponent(run.id)}`, class: 'mono' }, run.id)),
    h('td', {}, run.agentId),
    h('td', {}, run.status),
    h('td', {}, h('a', { href: `#/traces/correlation/${encodeURIComponent(run.correlationId)}`, class: 'mono' }, run.correlationId)),
    h('td', {}, dateTime(run.startedAt)));
}

async function runTraces(result, load) {
  clear(result, h('p', { class: 'muted' }, 'Loading…'));
  try {
    const [traces, verification] = await Promise.all([load(), api('/api/v1/ledger/verify')]);
    clear(result, traces.length === 0 ? h('p', {}, 'No run has this correlation id.') : traces.map((trace) => traceView(trace, verification)));
  } catch (failure) {
    clear(result, h('p', { class: 'error', role: 'alert' }, failure instanceof ApiError ? failure.describe() : failure.message));
  }
}

// The server recomputes the whole hash chain; a trace is intact when no item sits at or after the first broken link.
function chainBadge(trace, verification) {
  if (verification.valid) {
    return h('p', { class: 'tag good', 'data-testid': 'chain' }, `Hash chain verified: ${verification.entriesChecked} ledger entries checked${verification.checkpointSeq ? ` from checkpoint ${verification.checkpointSeq}` : ''}`);
  }
  const broken = trace.items.some((item) => item.seq >= verification.firstBrokenSeq);
  return h('p', { class: 'tag bad', 'data-testid': 'chain' },
    `Hash chain BROKEN at entry ${verification.firstBrokenSeq}: ${verification.reason}. ${broken ? 'This trace includes entries at or after the break: do not trust them.' : 'The break is before this trace.'}`);
}

function traceView(trace, verification) {
  const run = trace.run;
  const release = run.release ?? {};
  // A completion names only its idempotency key; the tool comes from the action it completes.
  const tools = new Map(trace.items.filter((item) => item.kind === 'action').map((item) => [item.payload.idempotencyKey, item.payload.tool]));
  return h('section', { class: 'panel', 'aria-label': `Trace of run ${run.id}`, 'data-run': run.id },
    h('div', { class: 'spread' }, h('h2', {}, `Run ${run.id}`), chainBadge(trace, verification)),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Agent'), h('dd', {}, h('a', { href: `#/dashboards/${encodeURIComponent(run.agentId)}` }, run.agentId)),
      h('dt', {}, 'Status'), h('dd', { 'data-testid': 'run-status' }, run.status),
      h('dt', {}, 'Correlation'), h('dd', {}, h('a', { class: 'mono', href: `#/traces/correlation/${encodeURIComponent(run.correlationId)}` }, run.correlationId)),
      h('dt', {}, 'Release'), h('dd', {}, [release.releaseId, release.modelId, release.promptVersion, release.agentVersion].filter(Boolean).join(' · ') || 'unversioned'),
      h('dt', {}, 'Started'), h('dd', {}, dateTime(run.startedAt)),
      h('dt', {}, 'Ended'), h('dd', {}, dateTime(run.endedAt))),
    h('h3', {}, `${trace.items.length} ledger entries, oldest first`),
    h('ol', { class: 'timeline', 'data-testid': 'trace-timeline' }, trace.items.map((item) => itemView(item, tools))));
}

function itemView(item, tools) {
  const payload = item.payload ?? {};
  const stepKind = item.kind === 'step' ? payload.kind : null;
  const label = stepKind ? stepKind.replace('_', ' ') : kindLabels[item.kind] ?? item.kind;
  return h('li', { class: `kind-${stepKind ?? item.kind}`, 'data-kind': stepKind ?? item.kind },
    h('div', { class: 'step-head' },
      h('span', { class: 'step-kind' }, label),
      time(item.at),
      h('span', { class: 'muted small mono' }, `#${item.seq} · ${item.hash.slice(0, 12)}…`)),
    summary(item.kind, payload, tools),
    h('details', {}, h('summary', {}, 'Full entry'), json(payload), h('p', { class: 'small mono' }, `hash ${item.hash}`)));
}

function summary(kind, payload, tools) {
  switch (kind) {
    case 'action':
    case 'action_completed':
      return h('div', {},
        h('p', {}, h('strong', { class: 'mono' }, payload.tool ?? tools.get(payload.idempotencyKey) ?? payload.idempotencyKey), ' → ', h('span', { class: `tag ${payload.outcome === 'executed' ? 'good' : payload.outcome === 'pending' ? '' : 'bad'}` }, payload.outcome ?? ''),
          payload.amount !== undefined && payload.amount !== null ? ` · ${money(payload.amount, payload.currency)}` : '',
          (payload.entities ?? []).length ? ` · ${payload.entities.join(', ')}` : '',
          payload.durationMs !== undefined && payload.durationMs !== null ? ` · ${payload.durationMs} ms` : ''),
        payload.error ? h('p', { class: 'error' }, payload.error) : null,
        payload.arguments ? h('details', {}, h('summary', {}, 'Arguments'), json(payload.arguments)) : null,
        payload.result ? h('details', {}, h('summary', {}, 'Result'), json(payload.result)) : null);
    case 'run_started':
      return h('p', { class: 'small' }, `agent ${payload.agentId}, correlation ${payload.correlationId}`);
    case 'run_ended':
      return h('p', {}, h('span', { class: 'tag' }, payload.status));
    case 'toxic_mark':
      return h('p', {}, h('span', { class: 'tag bad' }, 'toxic'), ` ${payload.reason} (${payload.markedBy}${payload.incidentId ? `, ${payload.incidentId}` : ''})`);
    case 'step':
      return h('div', {},
        payload.name ? h('p', { class: 'mono' }, payload.name) : null,
        (payload.sourceIds ?? []).length ? h('p', { class: 'small' }, `sources: ${payload.sourceIds.join(', ')}`) : null,
        payload.data !== undefined && payload.data !== null ? preview(payload.data) : null);
    default:
      return null;
  }
}

function preview(data) {
  const text = typeof data === 'string' ? data : JSON.stringify(data);
  return h('p', { class: 'small' }, text.length > 300 ? `${text.slice(0, 300)}…` : text);
}

// No entity index exists in the API yet, so this reads the newest actions page by page and keeps those that name the entity.
async function entitySearch(result, entity) {
  clear(result, h('p', { class: 'muted' }, 'Searching…'));
  try {
    const matches = [];
    let before;
    let scanned = 0;
    for (let page = 0; page < entityPages; page++) {
      const actions = await api(`/api/v1/actions${query({ limit: pageSize, before })}`);
      scanned += actions.length;
      matches.push(...actions.filter((action) => action.entities.includes(entity)));
      if (actions.length < pageSize) {
        break;
      }
      before = actions[actions.length - 1].seq;
    }
    clear(result, h('section', { class: 'panel', 'aria-labelledby': 'entity-title' },
      h('h2', { id: 'entity-title' }, `Actions naming ${entity}`),
      h('p', { class: 'muted small' }, `${matches.length} of the newest ${scanned} actions.`),
      h('div', { class: 'table-wrap' }, h('table', {},
        h('thead', {}, h('tr', {}, ['When', 'Agent', 'Tool', 'Outcome', 'Amount', 'Run'].map((name) => h('th', { scope: 'col' }, name)))),
        h('tbody', {}, matches.map((action) => h('tr', {},
          h('td', {}, dateTime(action.recordedAt)),
          h('td', {}, action.agentId),
          h('td', { class: 'mono' }, action.tool),
          h('td', {}, action.outcome),
          h('td', {}, money(action.amount, action.currency)),
          h('td', {}, action.runId ? h('a', { href: `#/traces/run/${encodeURIComponent(action.runId)}` }, action.runId) : '—'))))))));
  } catch (failure) {
    clear(result, h('p', { class: 'error', role: 'alert' }, failure.message));
  }
}
