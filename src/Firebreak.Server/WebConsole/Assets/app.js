import { session, signIn, signOut } from './api.js';
import { h, clear } from './dom.js';
import { showBoard } from './board.js';
import { showWork } from './work.js';
import { showIncidents, showIncidentRoom } from './incidents.js';
import { showTraces } from './traces.js';
import { showDashboards } from './dashboards.js';
import { startControlFeed, stopControlFeed } from './control.js';

const view = document.getElementById('view');
const signInSection = document.getElementById('sign-in');
const nav = document.getElementById('nav');
const who = document.getElementById('who');

// Each view returns a function that stops its timers when the user navigates away.
let leave = () => {};

const routes = [
  [/^#\/board$/, 'board', () => showBoard(view)],
  [/^#\/work$/, 'work', () => showWork(view)],
  [/^#\/incidents$/, 'incidents', () => showIncidents(view)],
  [/^#\/incidents\/([^/]+)$/, 'incidents', (id) => showIncidentRoom(view, id)],
  [/^#\/traces(?:\/(run|correlation|entity)\/(.+))?$/, 'traces', (by, value) => showTraces(view, by, value)],
  [/^#\/dashboards(?:\/([^/]+))?$/, 'dashboards', (agent) => showDashboards(view, agent)],
];

function route() {
  leave();
  leave = () => {};
  if (!session.role) {
    return;
  }
  const hash = location.hash || '#/board';
  for (const [pattern, section, show] of routes) {
    const match = pattern.exec(hash);
    if (match) {
      for (const link of nav.querySelectorAll('a')) {
        if (link.dataset.section === section) {
          link.setAttribute('aria-current', 'page');
        } else {
          link.removeAttribute('aria-current');
        }
      }
      clear(view);
      leave = show(...match.slice(1).map((part) => (part === undefined ? undefined : decodeURIComponent(part)))) ?? (() => {});
      document.getElementById('main').focus({ preventScroll: true });
      return;
    }
  }
  location.hash = '#/board';
}

function showSignedIn() {
  signInSection.hidden = true;
  nav.hidden = false;
  clear(who,
    h('span', { class: 'tag', 'data-testid': 'role' }, session.mayOperate ? 'operator' : 'viewer (read only)'),
    h('button', { type: 'button', onclick: () => { signOut(); showSignedOut(); } }, 'Sign out'));
  startControlFeed();
  route();
}

function showSignedOut(message) {
  leave();
  leave = () => {};
  stopControlFeed();
  clear(view);
  clear(who);
  nav.hidden = true;
  signInSection.hidden = false;
  document.getElementById('sign-in-error').textContent = message ?? '';
  document.getElementById('api-key').focus();
}

document.getElementById('sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = document.getElementById('api-key');
  const error = document.getElementById('sign-in-error');
  error.textContent = '';
  try {
    await signIn(input.value.trim());
    input.value = '';
    showSignedIn();
  } catch (failure) {
    error.textContent = failure.message;
  }
});

window.addEventListener('hashchange', route);
window.addEventListener('firebreak:unauthorized', () => {
  signOut();
  showSignedOut('The server no longer accepts this key. Sign in again.');
});

if (session.key) {
  signIn(session.key).then(showSignedIn, (failure) => showSignedOut(failure.message));
} else {
  showSignedOut();
}
