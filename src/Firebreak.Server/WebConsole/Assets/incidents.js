import { api, query, session, ApiError } from './api.js';
import { h, clear, time, dateTime } from './dom.js';
import { notify } from './notice.js';
import { incidentRepair } from './compensation.js';
import { incidentSimilar } from './similar.js';

const failureClasses = ['intent-misclassification', 'tool-misuse', 'context-drift', 'policy-bypass', 'cost-runaway', 'other'];
const statuses = ['declared', 'investigating', 'mitigated', 'resolved', 'closed'];
const severities = ['SEV1', 'SEV2', 'SEV3', 'SEV4'];
const roomEveryMs = 3000;

function field(id, text, control) {
  control.id = id;
  return h('label', { for: id }, text, control);
}

function problemText(failure) {
  return failure instanceof ApiError ? failure.describe() : failure.message;
}

export function showIncidents(view) {
  const body = h('tbody');
  const filter = h('select', { id: 'incident-status-filter' }, h('option', { value: '' }, 'any status'), statuses.map((status) => h('option', { value: status }, status)));
  const load = async () => {
    try {
      const incidents = await api(`/api/v1/incidents${query({ status: filter.value, limit: 100 })}`);
      clear(body, incidents.length ? incidents.map((incident) => h('tr', {},
        h('th', { scope: 'row' }, h('a', { href: `#/incidents/${encodeURIComponent(incident.id)}` }, incident.id)),
        h('td', {}, h('span', { class: `tag ${incident.severity === 'SEV1' || incident.severity === 'SEV2' ? 'bad' : 'warn'}` }, incident.severity)),
        h('td', {}, incident.status),
        h('td', {}, incident.title),
        h('td', {}, incident.agents.join(', ')),
        h('td', {}, incident.failureClass),
        h('td', {}, incident.commander),
        h('td', {}, dateTime(incident.milestones.detected)))) : h('tr', {}, h('td', { colspan: 8 }, 'No incidents.')));
    } catch (failure) {
      notify(`Incidents: ${problemText(failure)}`, { bad: true });
    }
  };
  filter.addEventListener('change', load);
  clear(view,
    h('h1', {}, 'Incidents'),
    session.mayOperate ? declareForm() : null,
    h('section', { class: 'panel', 'aria-labelledby': 'incident-list-title' },
      h('div', { class: 'spread' }, h('h2', { id: 'incident-list-title' }, 'All incidents'), h('label', { for: 'incident-status-filter' }, 'Status ', filter)),
      h('div', { class: 'table-wrap' }, h('table', {},
        h('thead', {}, h('tr', {}, ['Incident', 'Severity', 'Status', 'Title', 'Agents', 'Failure class', 'Commander', 'Detected'].map((name) => h('th', { scope: 'col' }, name)))),
        body))));
  load();
  const timer = setInterval(load, roomEveryMs * 2);
  return () => clearInterval(timer);
}

function declareForm() {
  const title = h('input', { required: true, maxlength: 200 });
  const agents = h('input', { required: true, placeholder: 'support' });
  const failureClass = h('select', {}, failureClasses.map((name) => h('option', { value: name }, name)));
  const commander = h('input', { required: true });
  const severity = h('select', {}, severities.map((name) => h('option', { value: name }, name)));
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h('form', { class: 'inline' },
    field('declare-title', 'Title', title),
    field('declare-agents', 'Agents (comma separated)', agents),
    field('declare-class', 'Failure class', failureClass),
    field('declare-severity', 'Severity', severity),
    field('declare-commander', 'Commander', commander),
    h('button', { type: 'submit', class: 'danger' }, 'Declare incident'),
    error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      const declared = await api('/api/v1/incidents', {
        method: 'POST',
        body: {
          title: title.value.trim(),
          agents: agents.value.split(',').map((agent) => agent.trim()).filter(Boolean),
          failureClass: failureClass.value,
          commander: commander.value.trim(),
          severity: severity.value,
        },
      });
      location.hash = `#/incidents/${encodeURIComponent(declared.incident.id)}`;
    } catch (failure) {
      error.textContent = problemText(failure);
    }
  });
  return h('section', { class: 'panel', 'aria-label': 'Declare an incident' }, h('h2', {}, 'Declare an incident'), form);
}

export function showIncidentRoom(view, id) {
  const header = h('div');
  const timeline = h('ol', { class: 'timeline', 'data-testid': 'incident-timeline', 'aria-live': 'polite' });
  const communications = h('div');
  const actionItems = h('tbody');
  const postmortem = h('pre', { class: 'json', 'data-testid': 'postmortem' }, 'Loading…');
  let lastTimeline = -1;
  let lastDetail = '';
  const repair = incidentRepair(id);
  const similar = incidentSimilar(id);

  const load = async () => {
    try {
      const detail = await api(`/api/v1/incidents/${encodeURIComponent(id)}`);
      const text = JSON.stringify(detail);
      if (text === lastDetail) {
        return;
      }
      lastDetail = text;
      renderHeader(header, detail, load);
      similar.load();
      if (detail.timeline.length !== lastTimeline) {
        lastTimeline = detail.timeline.length;
        clear(timeline, detail.timeline.map((entry) => h('li', { class: `kind-${entry.kind}`, 'data-kind': entry.kind },
          h('div', { class: 'step-head' }, h('span', { class: 'step-kind' }, entry.kind), time(entry.at), h('span', { class: 'muted' }, entry.actor)),
          h('div', {}, entry.text))));
      }
      clear(communications, detail.communications.length === 0 ? h('p', { class: 'muted' }, 'No message has gone out yet.') : detail.communications.map((message) => {
        const full = [message.subject, message.body].filter(Boolean).join('\n\n');
        return h('article', { class: 'panel', 'data-channel': message.channel },
          h('div', { class: 'spread' },
            h('strong', {}, `${message.channel} · #${message.seq}`),
            h('span', { class: 'muted small' }, message.actor, ' · ', time(message.at)),
            h('button', { type: 'button', onclick: () => copy(full) }, 'Copy')),
          message.subject ? h('p', {}, h('strong', {}, message.subject)) : null,
          h('pre', {}, message.body));
      }));
      clear(actionItems, detail.actionItems.length === 0
        ? h('tr', {}, h('td', { colspan: 5 }, 'No action items yet.'))
        : detail.actionItems.map((item) => h('tr', {},
          h('td', {}, String(item.number)), h('td', {}, item.text), h('td', {}, item.owner), h('td', {}, item.due), h('td', {}, item.status))));
      postmortem.textContent = await api(`/api/v1/incidents/${encodeURIComponent(id)}/postmortem`, { text: true });
    } catch (failure) {
      notify(`Incident ${id}: ${problemText(failure)}`, { bad: true });
    }
  };

  clear(view,
    header,
    repair.element,
    similar.element,
    h('div', { class: 'grid' },
      h('section', { class: 'panel', 'aria-labelledby': 'timeline-title' },
        h('h2', { id: 'timeline-title' }, 'Timeline'),
        timeline,
        session.mayOperate ? noteForm(id, load) : null),
      h('div', {},
        h('section', { class: 'panel', 'aria-labelledby': 'comms-title' },
          h('h2', { id: 'comms-title' }, 'Communications'),
          h('p', { class: 'muted small' }, 'Rendered by the server from its message templates (internal update, customer notice, chat line) and recorded as sent; copy the text to wherever it must go.'),
          session.mayOperate ? communicationForm(id, load) : null,
          communications),
        h('section', { class: 'panel', 'aria-labelledby': 'actions-title' },
          h('h2', { id: 'actions-title' }, 'Action items'),
          h('div', { class: 'table-wrap' }, h('table', {},
            h('thead', {}, h('tr', {}, ['#', 'What', 'Owner', 'Due', 'Status'].map((name) => h('th', { scope: 'col' }, name)))),
            actionItems)),
          session.mayOperate ? actionItemForm(id, load) : null))),
    h('section', { class: 'panel', 'aria-labelledby': 'postmortem-title' },
      h('div', { class: 'spread' }, h('h2', { id: 'postmortem-title' }, 'Postmortem draft'), h('button', { type: 'button', onclick: () => copy(postmortem.textContent) }, 'Copy Markdown')),
      postmortem));
  load();
  repair.load();
  const timer = setInterval(load, roomEveryMs);
  const repairTimer = setInterval(repair.load, roomEveryMs);
  return () => {
    clearInterval(timer);
    clearInterval(repairTimer);
  };
}

function renderHeader(header, detail, reload) {
  const incident = detail.incident;
  const overdue = detail.deadlines.nextUpdate?.isOverdue;
  clear(header,
    h('div', { class: 'spread' },
      h('h1', {}, `${incident.id}: ${incident.title}`),
      h('div', { class: 'row' },
        h('span', { class: `tag ${incident.severity === 'SEV1' || incident.severity === 'SEV2' ? 'bad' : 'warn'}`, 'data-testid': 'severity' }, `Severity ${incident.severity}`),
        h('span', { class: 'tag', 'data-testid': 'status' }, `Status ${incident.status}`),
        overdue ? h('span', { class: 'tag bad' }, 'status update OVERDUE') : null)),
    h('section', { class: 'panel' },
      h('dl', { class: 'facts' },
        h('dt', {}, 'Commander'), h('dd', { 'data-testid': 'commander' }, incident.commander),
        h('dt', {}, 'Scribe'), h('dd', {}, incident.scribe ?? '—'),
        h('dt', {}, 'Responders'), h('dd', {}, incident.responders.join(', ') || '—'),
        h('dt', {}, 'Agents'), h('dd', {}, incident.agents.map((agent, index) => [index ? ', ' : '', h('a', { href: `#/dashboards/${encodeURIComponent(agent)}` }, agent)])),
        h('dt', {}, 'Failure class'), h('dd', {}, `${incident.failureClass}${incident.tool ? ` · tool ${incident.tool}` : ''}`),
        h('dt', {}, 'Window'), h('dd', {}, dateTime(incident.windowStart), ' → ', incident.windowEnd ? dateTime(incident.windowEnd) : 'ongoing'),
        h('dt', {}, 'Milestones'), h('dd', {}, ['detected', 'acknowledged', 'mitigated', 'resolved'].map((name) => h('span', { class: 'tag' }, `${name} `, incident.milestones[name] ? time(incident.milestones[name]) : '—'))),
        h('dt', {}, 'Next update due'), h('dd', {}, detail.deadlines.nextUpdate?.dueAt ? dateTime(detail.deadlines.nextUpdate.dueAt) : '—'),
        incident.recurrenceOf ? [h('dt', {}, 'Recurrence of'), h('dd', {}, h('a', { href: `#/incidents/${encodeURIComponent(incident.recurrenceOf)}` }, incident.recurrenceOf))] : null),
      session.mayOperate ? commandForms(incident, reload) : null));
}

function commandForms(incident, reload) {
  const status = h('select', {}, statuses.map((name) => h('option', { value: name, selected: name === incident.status }, name)));
  const note = h('input', { placeholder: 'why (optional)' });
  const severity = h('select', {}, severities.map((name) => h('option', { value: name, selected: name === incident.severity }, name)));
  const severityReason = h('input', { required: true, placeholder: 'why (required)' });
  const commander = h('input', { value: incident.commander, required: true });
  const statusForm = h('form', { class: 'inline' }, field('room-status', 'Status', status), field('room-status-note', 'Note', note), h('button', { type: 'submit' }, 'Change status'));
  const severityForm = h('form', { class: 'inline' }, field('room-severity', 'Severity', severity), field('room-severity-reason', 'Reason', severityReason), h('button', { type: 'submit' }, 'Change severity'));
  const commanderForm = h('form', { class: 'inline' }, field('room-commander', 'Commander', commander), h('button', { type: 'submit' }, 'Hand over'));
  const submit = (form, path, body) => form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api(`/api/v1/incidents/${encodeURIComponent(incident.id)}/${path}`, { method: 'POST', body: body() });
      notify(`${incident.id}: ${path} changed.`);
      reload();
    } catch (failure) {
      notify(problemText(failure), { bad: true });
    }
  });
  submit(statusForm, 'status', () => ({ status: status.value, note: note.value.trim() || undefined }));
  submit(severityForm, 'severity', () => ({ severity: severity.value, reason: severityReason.value.trim() }));
  submit(commanderForm, 'roles', () => ({ commander: commander.value.trim() }));
  return h('div', { class: 'row' }, statusForm, severityForm, commanderForm);
}

function noteForm(id, reload) {
  const text = h('input', { required: true, maxlength: 2000 });
  const form = h('form', { class: 'inline' }, field('room-note', 'Add a note', text), h('button', { type: 'submit' }, 'Add note'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api(`/api/v1/incidents/${encodeURIComponent(id)}/notes`, { method: 'POST', body: { text: text.value.trim() } });
      text.value = '';
      reload();
    } catch (failure) {
      notify(problemText(failure), { bad: true });
    }
  });
  return form;
}

function communicationForm(id, reload) {
  const channel = h('select', {}, h('option', { value: 'internal' }, 'internal update'), h('option', { value: 'customer' }, 'customer notice'), h('option', { value: 'chat' }, 'chat line'));
  const impact = h('input', { required: true });
  const current = h('input', { required: true });
  const eta = h('input', { placeholder: 'unknown' });
  const workaround = h('input');
  const form = h('form', { class: 'inline' },
    field('comms-channel', 'Template', channel),
    field('comms-impact', 'Impact', impact),
    field('comms-action', 'Current action', current),
    field('comms-eta', 'Estimated resolution', eta),
    field('comms-workaround', 'Workaround', workaround),
    h('button', { type: 'submit', class: 'primary' }, 'Render and send'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api(`/api/v1/incidents/${encodeURIComponent(id)}/communications`, {
        method: 'POST',
        body: { channel: channel.value, impact: impact.value.trim(), currentAction: current.value.trim(), estimatedResolution: eta.value.trim() || undefined, workaround: workaround.value.trim() || undefined },
      });
      notify('Message rendered and recorded.');
      reload();
    } catch (failure) {
      notify(problemText(failure), { bad: true });
    }
  });
  return form;
}

function actionItemForm(id, reload) {
  const text = h('input', { required: true });
  const owner = h('input', { required: true });
  const due = h('input', { type: 'date', required: true });
  const form = h('form', { class: 'inline' }, field('item-text', 'Action', text), field('item-owner', 'Owner', owner), field('item-due', 'Due', due), h('button', { type: 'submit' }, 'Add action item'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api(`/api/v1/incidents/${encodeURIComponent(id)}/actions`, { method: 'POST', body: { text: text.value.trim(), owner: owner.value.trim(), due: due.value } });
      text.value = '';
      reload();
    } catch (failure) {
      notify(problemText(failure), { bad: true });
    }
  });
  return form;
}

async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    notify('Copied to the clipboard.');
  } catch {
    notify('The browser refused clipboard access; select the text and copy it by hand.', { bad: true });
  }
}
