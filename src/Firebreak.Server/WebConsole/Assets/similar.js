// Similar cases in the incident room: the runs whose failure signature equals or comes closest to those of the
// incident's runs (taken from its blast radius), with the incidents they belong to.
import { api, query, ApiError } from './api.js';
import { h, clear, dateTime } from './dom.js';

const sampleRuns = 3;
const perRun = 10;
const shown = 15;

export function incidentSimilar(incidentId) {
  const body = h('div', { 'data-testid': 'similar-cases', 'aria-live': 'polite' }, 'Loading…');
  let last = '';

  const load = async () => {
    try {
      const report = await api(`/api/v1/blast-radius${query({ incident: incidentId, limit: 50 })}`);
      const own = [...new Set(report.actions.map((action) => action.runId).filter(Boolean))];
      const answers = await Promise.all(own.slice(0, sampleRuns).map((run) => api(`/api/v1/runs/${encodeURIComponent(run)}/similar${query({ limit: perRun })}`)));
      const best = new Map();
      for (const answer of answers) {
        for (const run of answer.similar) {
          if (!own.includes(run.runId) && (best.get(run.runId)?.score ?? -1) < run.score) {
            best.set(run.runId, run);
          }
        }
      }
      const runs = [...best.values()].sort((a, b) => b.score - a.score || b.startedAt.localeCompare(a.startedAt)).slice(0, shown);
      const incidents = new Map(answers.flatMap((answer) => answer.incidents).map((incident) => [incident.id, incident]));
      const text = JSON.stringify([own.length, runs, [...incidents.keys()]]);
      if (text === last) {
        return;
      }
      last = text;
      render(body, own.length, runs, incidents, incidentId);
    } catch (failure) {
      clear(body, h('p', { class: 'error' }, failure instanceof ApiError ? failure.describe() : failure.message));
    }
  };

  const element = h('section', { class: 'panel', 'aria-labelledby': 'similar-title' },
    h('h2', { id: 'similar-title' }, 'Similar cases'),
    h('p', { class: 'muted small' }, 'Runs whose failure signature (agent, tool sequence, argument shapes, failure class, guardrails, outcome) equals or comes closest to those of this incident\'s runs.'),
    body);
  return { element, load };
}

function render(body, ownCount, runs, incidents, incidentId) {
  if (ownCount === 0) {
    clear(body, h('p', { class: 'muted' }, 'No run in this incident\'s blast radius yet.'));
    return;
  }
  if (runs.length === 0) {
    clear(body, h('p', { class: 'muted' }, 'No similar run.'));
    return;
  }
  const link = (id) => id === incidentId ? h('span', { class: 'muted' }, `${id} (this one)`) : h('a', { href: `#/incidents/${encodeURIComponent(id)}`, title: incidents.get(id)?.title ?? '' }, id);
  clear(body, h('div', { class: 'table-wrap' }, h('table', {},
    h('thead', {}, h('tr', {}, ['Run', 'Agent', 'Started', 'Score', 'Matched', 'Tools', 'Incidents'].map((name) => h('th', { scope: 'col' }, name)))),
    h('tbody', {}, runs.map((run) => h('tr', { 'data-run': run.runId, 'data-score': String(run.score) },
      h('th', { scope: 'row' }, run.runId),
      h('td', {}, run.agentId),
      h('td', {}, dateTime(run.startedAt)),
      h('td', {}, run.sameSignature ? h('span', { class: 'tag bad' }, 'same signature') : run.score.toFixed(2)),
      h('td', {}, run.matched.join(', ')),
      h('td', {}, run.tools.join(' → ')),
      h('td', {}, run.incidents.length ? run.incidents.map((id, index) => [index ? ', ' : '', link(id)]) : '—')))))));
}
