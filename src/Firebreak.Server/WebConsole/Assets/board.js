import { api, query, session } from './api.js';
import { h, clear, time } from './dom.js';
import { feed, onControl, effective, modeBadge, containmentDialog } from './control.js';
import { notify } from './notice.js';
import { releaseState, rollbackDialog, shortRelease } from './releases.js';

const pointsEveryMs = 2000;
const rateEveryMs = 3000;
const rateWindowMs = 60000;

const agentActions = [
  { mode: 'killed', text: 'Kill agent', className: 'danger big' },
  { mode: 'approval', text: 'Require approval', className: 'mode-approval' },
  { mode: 'shadow', text: 'Shadow', className: 'mode-shadow' },
  { mode: 'fallback', text: 'Fallback', className: 'mode-fallback' },
  { mode: 'paused', text: 'Pause (drain)', className: 'mode-paused' },
  { mode: 'normal', text: 'Resume', className: 'mode-normal' },
];

const toolActions = [
  { mode: 'killed', text: 'Revoke', className: 'danger' },
  { mode: 'approval', text: 'Require approval', className: 'mode-approval' },
  { mode: 'shadow', text: 'Shadow', className: 'mode-shadow' },
  { mode: 'normal', text: 'Restore', className: 'mode-normal' },
];

export function showBoard(view) {
  const cards = new Map();
  const epochLine = h('p', { class: 'muted', 'data-testid': 'epoch' }, 'Waiting for the control stream…');
  const globalLine = h('p');
  const list = h('div', { class: 'grid' });
  clear(view, h('div', { class: 'spread' }, h('h1', {}, 'Agents'), epochLine), globalLine, list);
  let points = [];

  const render = () => {
    const event = feed.event;
    if (!event) {
      return;
    }
    epochLine.textContent = `Control epoch ${event.epoch} · stream ${feed.connected ? 'live' : 'reconnecting'}`;
    const global = effective(event.snapshot, null, null).decidedBy;
    clear(globalLine, global ? ['Global control, over every agent: ', modeBadge(global.mode), ` set at epoch ${global.epoch} by ${global.actor}: “${global.reason}”`] : null);
    for (const agent of event.agents) {
      let card = cards.get(agent.id);
      if (!card) {
        card = agentCard(agent);
        cards.set(agent.id, card);
        list.append(card.element);
      }
      card.update(event, points);
    }
  };

  const refreshPoints = async () => {
    try {
      points = await api('/api/v1/enforcement-points');
      for (const card of cards.values()) {
        card.updatePoints(points, feed.event?.epoch ?? 0);
      }
    } catch (error) {
      notify(`Enforcement points: ${error.message}`, { bad: true });
    }
  };

  const refreshRates = async () => {
    for (const card of cards.values()) {
      await card.updateRate();
    }
  };

  const unsubscribe = onControl((name) => {
    if (name === 'snapshot' || name === 'disconnected') {
      render();
      refreshPoints();
    }
  });
  render();
  refreshPoints();
  refreshRates();
  const pointsTimer = setInterval(refreshPoints, pointsEveryMs);
  const rateTimer = setInterval(refreshRates, rateEveryMs);
  return () => {
    unsubscribe();
    clearInterval(pointsTimer);
    clearInterval(rateTimer);
  };
}

function agentCard(agent) {
  const titleId = `agent-${agent.id}`;
  const modeSlot = h('span');
  const decidedSlot = h('p', { class: 'small' });
  const releaseSlot = h('dd', {}, '—');
  const frozenSlot = h('dd', {}, 'no');
  const activeSlot = h('dd', { class: 'mono', 'data-testid': `active-release-${agent.id}` }, '…');
  const goodSlot = h('dd', { class: 'mono', 'data-testid': `good-release-${agent.id}` }, '…');
  const candidateSlot = h('dd', { 'data-testid': `candidate-release-${agent.id}` }, '…');
  const rateSlot = h('span', { class: 'rate', 'data-testid': `rate-${agent.id}` }, '…');
  const outcomesSlot = h('span', { class: 'small muted' });
  const tools = h('tbody');
  const pointsBody = h('tbody');
  const controls = session.mayOperate
    ? h('div', { class: 'controls', role: 'group', 'aria-label': `Containment for agent ${agent.id}` },
      agentActions.map((action) => h('button', {
        type: 'button',
        class: action.className,
        'aria-label': `${action.text} ${agent.id}`,
        onclick: () => containmentDialog({
          label: `${action.text} ${agent.id}`,
          danger: action.mode === 'killed',
          request: { target: 'agent', agentId: agent.id, mode: action.mode },
        }),
      }, action.text)),
      h('button', {
        type: 'button',
        class: 'danger',
        'aria-label': `Roll back ${agent.id}`,
        onclick: () => rollbackDialog(agent.id, () => updateRelease()),
      }, 'Roll back'))
    : null;

  const element = h('section', { class: 'panel agent-card', 'aria-labelledby': titleId, 'data-agent': agent.id },
    h('header', {},
      h('div', {}, h('h2', { id: titleId }, agent.id), h('p', { class: 'muted small' }, `${agent.description ?? ''} Owner: ${agent.owner ?? '—'}`)),
      h('div', { class: 'row' }, h('span', { class: 'muted' }, 'Agent control:'), modeSlot)),
    decidedSlot,
    h('div', { class: 'row' },
      h('div', {}, rateSlot, h('span', { class: 'muted' }, ' actions / min')),
      outcomesSlot),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Active release'), activeSlot,
      h('dt', {}, 'Last-known-good'), goodSlot,
      h('dt', {}, 'Candidate'), candidateSlot,
      h('dt', {}, 'Release (latest run)'), releaseSlot,
      h('dt', {}, 'Frozen'), frozenSlot),
    controls,
    h('div', { class: 'table-wrap' }, h('table', {},
      h('caption', {}, 'Tools and their effective control'),
      h('thead', {}, h('tr', {}, ['Tool', 'Risk', 'Fail mode', 'Effective control', session.mayOperate ? 'Change' : null].filter(Boolean).map((name) => h('th', { scope: 'col' }, name)))),
      tools)),
    h('div', { class: 'table-wrap' }, h('table', {},
      h('caption', {}, 'Enforcement points'),
      h('thead', {}, h('tr', {}, ['Point', 'Host', 'Node', 'Connected', 'Epoch', 'Lease', 'Last seen'].map((name) => h('th', { scope: 'col' }, name)))),
      pointsBody)));

  const update = (event, points) => {
    const agentControl = effective(event.snapshot, agent.id, null);
    element.classList.toggle('killed', agentControl.mode === 'killed');
    clear(modeSlot, modeBadge(agentControl.mode));
    const decided = agentControl.decidedBy;
    clear(decidedSlot, decided ? `${decided.scope} set ${decided.mode} at epoch ${decided.epoch} by ${decided.actor}: “${decided.reason}”${decided.incidentId ? ` (${decided.incidentId})` : ''}${decided.expiresAt ? `, until ${new Date(decided.expiresAt).toISOString()}` : ''}` : null);
    frozenSlot.textContent = (event.snapshot.frozenAgents ?? []).includes(agent.id) ? 'yes: releases and configuration may not change' : 'no';
    clear(tools, (event.agents.find((candidate) => candidate.id === agent.id)?.tools ?? agent.tools).map((tool) => toolRow(agent, tool, event.snapshot)));
    updatePoints(points, event.epoch);
  };

  const updatePoints = (points, epoch) => {
    const mine = points.filter((point) => point.agentId === agent.id);
    clear(pointsBody, mine.length === 0
      ? h('tr', {}, h('td', { colspan: 7 }, h('span', { class: 'tag warn' }, 'no enforcement point connected')))
      : mine.map((point) => h('tr', { 'data-point': point.pointId },
        h('td', { class: 'mono' }, point.pointId),
        h('td', {}, point.host ?? '—'),
        h('td', { class: 'mono' }, point.node ?? '—'),
        h('td', {}, point.connected ? h('span', { class: 'tag good' }, 'connected') : h('span', { class: 'tag bad' }, 'disconnected')),
        h('td', {}, point.appliedEpoch >= epoch
          ? h('span', { class: 'tag good' }, `confirmed ${point.appliedEpoch}`)
          : h('span', { class: 'tag bad' }, `behind: ${point.appliedEpoch} of ${epoch}`)),
        h('td', {}, point.leaseState === 'fresh' ? h('span', { class: 'tag good' }, 'lease fresh') : h('span', { class: 'tag bad' }, 'lease STALE')),
        h('td', {}, time(point.lastSeen)))));
  };

  const updateRelease = async () => {
    try {
      const state = await releaseState(agent.id);
      activeSlot.textContent = shortRelease(state.activeReleaseId) ?? 'none active';
      goodSlot.textContent = shortRelease(state.lastKnownGoodReleaseId) ?? 'none';
      candidateSlot.textContent = state.candidateReleaseId ? `${shortRelease(state.candidateReleaseId)} on ${state.candidatePercent}% of runs` : 'none';
    } catch (error) {
      activeSlot.textContent = `? ${error.message}`;
    }
  };

  const updateRate = async () => {
    await updateRelease();
    try {
      const [actions, runs] = await Promise.all([
        api(`/api/v1/actions${query({ agent: agent.id, limit: 500 })}`),
        api(`/api/v1/runs${query({ agent: agent.id, limit: 1 })}`),
      ]);
      const since = Date.now() - rateWindowMs;
      const recent = actions.filter((action) => new Date(action.recordedAt).getTime() >= since);
      rateSlot.textContent = String(recent.length);
      const byOutcome = {};
      for (const action of recent) {
        byOutcome[action.outcome] = (byOutcome[action.outcome] ?? 0) + 1;
      }
      outcomesSlot.textContent = Object.entries(byOutcome).map(([outcome, count]) => `${count} ${outcome}`).join(' · ') || 'none in the last minute';
      const release = runs[0]?.release;
      releaseSlot.textContent = release ? [release.releaseId, release.modelId, release.promptVersion, release.agentVersion].filter(Boolean).join(' · ') || 'unversioned' : 'no run yet';
    } catch (error) {
      rateSlot.textContent = '?';
      outcomesSlot.textContent = error.message;
    }
  };

  return { element, update, updatePoints, updateRate };
}

function toolRow(agent, tool, snapshot) {
  const control = effective(snapshot, agent.id, tool.name);
  const decided = control.decidedBy;
  return h('tr', { 'data-tool': tool.name },
    h('th', { scope: 'row', class: 'mono' }, tool.name),
    h('td', {}, tool.risk),
    h('td', {}, `fail ${tool.failMode ?? tool.effectiveFailMode ?? (tool.risk === 'read' ? 'open' : 'closed')}`),
    h('td', {}, modeBadge(control.mode), decided ? h('div', { class: 'small muted' }, `from ${decided.scope}`) : null),
    session.mayOperate
      ? h('td', {}, h('div', { class: 'row' }, toolActions.map((action) => h('button', {
        type: 'button',
        class: action.className,
        'aria-label': `${action.text} ${tool.name}`,
        onclick: () => containmentDialog({
          label: `${action.text} ${agent.id}/${tool.name}`,
          danger: action.mode === 'killed',
          request: { target: 'tools', agentId: agent.id, tools: [tool.name], mode: action.mode },
        }),
      }, action.text))))
      : null);
}
