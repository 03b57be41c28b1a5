// The only place that talks to the server. The key lives in sessionStorage: it goes when the tab closes.
const storageKey = 'firebreak.apiKey';
const requestTimeoutMs = 30000;

export const session = {
  key: sessionStorage.getItem(storageKey),
  role: null,
  get mayOperate() {
    return this.role === 'operator';
  },
};

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }

  describe() {
    const fields = Object.entries(this.problem?.errors ?? {}).map(([field, messages]) => `${field}: ${[].concat(messages).join(', ')}`);
    return [this.problem?.title, this.problem?.detail, ...fields].filter(Boolean).join(' — ') || this.message;
  }
}

function headers(body) {
  const result = { Authorization: `Bearer ${session.key}`, Accept: 'application/json, text/markdown, text/plain' };
  if (body !== undefined) {
    result['Content-Type'] = 'application/json';
  }
  return result;
}

export async function api(path, { method = 'GET', body, text = false, timeoutMs = requestTimeoutMs } = {}) {
  const response = await fetch(path, {
    method,
    headers: headers(body),
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) {
    let problem;
    try {
      problem = await response.json();
    } catch {
      problem = { title: response.statusText };
    }
    if (response.status === 401 && session.role) {
      window.dispatchEvent(new CustomEvent('firebreak:unauthorized'));
    }
    throw new ApiError(response.status, problem);
  }
  if (response.status === 204) {
    return null;
  }
  return text ? response.text() : response.json();
}

export function query(parameters) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined && value !== null && value !== '') {
      search.set(name, value);
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

// The role is what the server lets the key do: only operators may list keys. A viewer is refused with 403.
async function probeRole() {
  try {
    await api('/api/v1/keys');
    return 'operator';
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) {
      return 'viewer';
    }
    throw error;
  }
}

export async function signIn(key) {
  session.key = key;
  try {
    await api('/api/v1/agents');
    session.role = await probeRole();
  } catch (error) {
    session.key = null;
    session.role = null;
    if (error instanceof ApiError && error.status === 403) {
      throw new Error('This key may not read the console (agent and ci keys act for their agents only). Use an operator or viewer key.');
    }
    if (error instanceof ApiError && error.status === 401) {
      throw new Error('The server does not know this key, or it was revoked.');
    }
    throw error;
  }
  sessionStorage.setItem(storageKey, key);
}

export function signOut() {
  sessionStorage.removeItem(storageKey);
  session.key = null;
  session.role = null;
}

// EventSource cannot send an Authorization header, so the stream is read with fetch and parsed here.
// Resolves when the stream ends; rejects on a network error; onEvent gets (eventName, data).
export async function readControlStream(onEvent, signal) {
  const response = await fetch('/api/v1/control/stream', { headers: { ...headers(), Accept: 'text/event-stream' }, signal });
  if (!response.ok) {
    throw new ApiError(response.status, { title: response.statusText });
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += value;
    let boundary;
    while ((boundary = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      let name = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) {
          name = line.slice(6).trim();
        } else if (line.startsWith('data:')) {
          data.push(line.slice(5).trimStart());
        }
      }
      if (data.length > 0) {
        onEvent(name, JSON.parse(data.join('\n')));
      }
    }
  }
}
