import { api, query } from './api.js';
import { h, clear, duration, durationSeconds, dateTime } from './dom.js';
import { stackedBars, horizontalBars, outcomeColours } from './charts.js';
import { feed } from './control.js';

const pages = 4;
const pageSize = 500;
const bucketCount = 30;
const refreshEveryMs = 10000;
const minimumWindowMs = 15 * 60000;

export function showDashboards(view, agentId) {
  const picker = h('select', { id: 'dashboard-agent' });
  const body = h('div');
  picker.addEventListener('change', () => { location.hash = `#/dashboards/${encodeURIComponent(picker.value)}`; });
  clear(view, h('div', { class: 'spread' }, h('h1', {}, 'Dashboards'), h('label', { for: 'dashboard-agent' }, 'Agent ', picker)), body);

  const load = async () => {
    try {
      const agents = await api('/api/v1/agents');
      const chosen = agentId ?? agents[0]?.id;
      clear(picker, agents.map((agent) => h('option', { value: agent.id, selected: agent.id === chosen }, agent.id)));
      if (!chosen) {
        clear(body, h('p', {}, 'No agent is registered.'));
        return;
      }
      const [actions, metrics, incidents, refusals] = await Promise.all([
        recentActions(chosen),
        api('/api/v1/incidents/metrics'),
        api(`/api/v1/incidents${query({ agent: chosen, limit: 100 })}`),
        api(`/api/v1/agents/${encodeURIComponent(chosen)}/refusals`),
      ]);
      render(body, chosen, actions, metrics, incidents, refusals);
    } catch (failure) {
      clear(body, h('p', { class: 'error', role: 'alert' }, failure.message));
    }
  };
  load();
  const timer = setInterval(load, refreshEveryMs);
  return () => clearInterval(timer);
}

async function recentActions(agentId) {
  const all = [];
  let before;
  for (let page = 0; page < pages; page++) {
    const actions = await api(`/api/v1/actions${query({ agent: agentId, limit: pageSize, before })}`);
    all.push(...actions);
    if (actions.length < pageSize) {
      break;
    }
    before = actions[actions.length - 1].seq;
  }
  return all;
}

function render(body, agentId, actions, metrics, incidents, refusals) {
  const times = actions.map((action) => new Date(action.recordedAt).getTime());
  const end = Math.max(Date.now(), ...times);
  const start = Math.min(end - minimumWindowMs, ...times);
  const span = end - start;
  const size = span / bucketCount;
  const buckets = Array.from({ length: bucketCount }, (_, index) => ({
    label: new Date(start + index * size).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hour12: false }),
    values: {},
  }));
  const totals = {};
  for (const action of actions) {
    const index = Math.min(bucketCount - 1, Math.floor((new Date(action.recordedAt).getTime() - start) / size));
    buckets[index].values[action.outcome] = (buckets[index].values[action.outcome] ?? 0) + 1;
    totals[action.outcome] = (totals[action.outcome] ?? 0) + 1;
  }
  const series = Object.keys(outcomeColours).filter((name) => totals[name]);
  const mine = metrics.byAgent[agentId];
  const open = incidents.filter((incident) => incident.status !== 'closed' && incident.status !== 'resolved');
  const recurrences = metrics.recurrence.recurrences;
  const classes = Object.entries(metrics.byFailureClass);
  const snapshotEpoch = feed.event?.epoch;

  clear(body,
    h('section', { class: 'panel', 'aria-labelledby': 'kpi-title' },
      h('h2', { id: 'kpi-title' }, `${agentId}: response over the last 30 days`),
      h('div', { class: 'kpis' },
        kpi('Open incidents', String(open.length), open.length ? 'bad' : ''),
        kpi('Incidents', String(mine?.incidents ?? 0)),
        kpi('MTTA', duration(mine?.meanTimeToAcknowledge)),
        kpi('Time to mitigate', duration(mine?.meanTimeToMitigate)),
        kpi('MTTR', duration(mine?.meanTimeToResolve)),
        kpi('Recurrence rate (all agents)', `${Math.round(metrics.recurrence.rate * 100)}%`),
        snapshotEpoch === undefined ? null : kpi('Control epoch', String(snapshotEpoch)))),
    h('section', { class: 'panel', 'aria-labelledby': 'outcomes-title' },
      h('h2', { id: 'outcomes-title' }, 'Actions by outcome over time'),
      actions.length === 0 ? h('p', {}, 'No actions recorded.') : [
        stackedBars({
          title: `Actions of ${agentId} by outcome`,
          description: `${actions.length} actions from ${new Date(start).toISOString()} to ${new Date(end).toISOString()}: ${Object.entries(totals).map(([name, count]) => `${count} ${name}`).join(', ')}.`,
          buckets,
          series,
          colours: outcomeColours,
        }),
        h('div', { class: 'legend' }, series.map((name) => h('span', {}, h('span', { class: 'swatch', style: { background: outcomeColours[name] } }), `${name}: ${totals[name]}`))),
      ]),
    refusedAttempts(refusals),
    h('div', { class: 'grid' },
      h('section', { class: 'panel', 'aria-labelledby': 'open-title' },
        h('h2', { id: 'open-title' }, 'Open incidents'),
        open.length === 0 ? h('p', {}, 'None.') : h('ul', {}, open.map((incident) => h('li', {},
          h('a', { href: `#/incidents/${encodeURIComponent(incident.id)}` }, `${incident.id} ${incident.severity}`), ` ${incident.status}: ${incident.title}`)))),
      h('section', { class: 'panel', 'aria-labelledby': 'class-title' },
        h('h2', { id: 'class-title' }, 'Per failure class (all agents)'),
        classes.length === 0 ? h('p', {}, 'No incidents in the period.') : [
          horizontalBars({
            title: 'Incidents per failure class',
            description: classes.map(([name, times]) => `${name}: ${times.incidents}`).join(', '),
            rows: classes.map(([name, times]) => ({ label: name, value: times.incidents, text: `${times.incidents} · MTTR ${duration(times.meanTimeToResolve)}` })),
          }),
          h('div', { class: 'table-wrap' }, h('table', {},
            h('thead', {}, h('tr', {}, ['Failure class', 'Incidents', 'MTTA', 'Mitigate', 'MTTR'].map((name) => h('th', { scope: 'col' }, name)))),
            h('tbody', {}, classes.map(([name, times]) => h('tr', {},
              h('th', { scope: 'row' }, name), h('td', {}, String(times.incidents)), h('td', {}, duration(times.meanTimeToAcknowledge)),
              h('td', {}, duration(times.meanTimeToMitigate)), h('td', {}, duration(times.meanTimeToResolve))))))),
        ]),
      h('section', { class: 'panel', 'aria-labelledby': 'recurrence-title' },
        h('h2', { id: 'recurrence-title' }, 'Recurrences'),
        recurrences.length === 0 ? h('p', {}, 'No incident repeated an earlier one within 30 days.') : h('ul', {}, recurrences.map((link) => h('li', {},
          h('a', { href: `#/incidents/${encodeURIComponent(link.incidentId)}` }, link.incidentId), ' repeats ',
          h('a', { href: `#/incidents/${encodeURIComponent(link.previousIncidentId)}` }, link.previousIncidentId)))),
        h('p', { class: 'small muted' }, `Period ${new Date(metrics.from).toISOString().slice(0, 10)} to ${new Date(metrics.to).toISOString().slice(0, 10)}; MTTR per severity: `,
          Object.entries(metrics.bySeverity).map(([name, times]) => `${name} ${duration(times.meanTimeToResolve)}`).join(', ') || 'none', '.')),
      h('section', { class: 'panel', 'aria-labelledby': 'mttr-title' },
        h('h2', { id: 'mttr-title' }, 'MTTR per agent'),
        Object.keys(metrics.byAgent).length === 0 ? h('p', {}, 'No incidents in the period.') : horizontalBars({
          title: 'Mean time to resolve per agent',
          description: Object.entries(metrics.byAgent).map(([name, times]) => `${name}: ${duration(times.meanTimeToResolve)}`).join(', '),
          rows: Object.entries(metrics.byAgent).map(([name, times]) => ({ label: name, value: durationSeconds(times.meanTimeToResolve) ?? 0, text: duration(times.meanTimeToResolve) })),
          colour: '#a85400',
        }))),
    h('p', { class: 'small muted' }, `Updated `, dateTime(new Date().toISOString())));
}

// Requests of the agent's own keys that the server refused (403): an agent trying to act outside its containment.
function refusedAttempts(refusals) {
  return h('section', { class: 'panel', 'aria-labelledby': 'refused-title', 'data-testid': 'refused-attempts' },
    h('h2', { id: 'refused-title' }, 'Refused attempts'),
    refusals.total === 0 ? h('p', {}, 'No key of this agent was refused since this server started.') : [
      h('p', {}, `${refusals.total} request${refusals.total === 1 ? '' : 's'} of this agent's keys refused since this server started; the latest:`),
      h('div', { class: 'table-wrap' }, h('table', {},
        h('thead', {}, h('tr', {}, ['When', 'Key', 'Request'].map((name) => h('th', { scope: 'col' }, name)))),
        h('tbody', {}, refusals.recent.map((refusal) => h('tr', { 'data-refusal': refusal.route },
          h('td', {}, dateTime(refusal.at)), h('td', {}, `${refusal.keyName} (${refusal.keyId})`), h('td', {}, h('code', {}, `${refusal.method} ${refusal.route}`))))))),
    ]);
}

function kpi(label, value, tone = '') {
  return h('div', { class: `kpi ${tone}` }, h('div', { class: 'muted small' }, label), h('div', { class: 'value' }, value));
}
