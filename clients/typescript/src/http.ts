import { FirebreakApiError, type ProblemDetails } from "./errors.js";

/**
 * A JSON client of the Firebreak API, authenticated with one key.
 *
 * Given several server addresses (the nodes of one Firebreak cluster on a shared PostgreSQL database), it sends every
 * request to one of them and moves to the next when a request to it fails to connect (the node is down or
 * unreachable); that request still throws, and the caller's retry goes to the next node. Requests are never resent
 * by the client itself: one that reached a node may have been applied before the node died.
 */
export class FirebreakHttp {
  private readonly bases: readonly string[];
  private current = 0;

  /**
   * @param serverUrl The server, such as `http://127.0.0.1:5080`, or the nodes of a cluster, tried in this order.
   * @param apiKey Sent as `Authorization: Bearer <key>`.
   * @param fetchImpl The platform `fetch` unless given.
   * @throws {TypeError} No address is given, or one is not an absolute `http:` or `https:` URL.
   */
  constructor(serverUrl: string | URL | ReadonlyArray<string | URL>, private readonly apiKey: string, private readonly fetchImpl: typeof fetch = fetch) {
    const urls = typeof serverUrl === "string" || serverUrl instanceof URL ? [serverUrl] : serverUrl;
    if (urls.length === 0) {
      throw new TypeError("Give at least one Firebreak server URL, such as http://127.0.0.1:5080.");
    }

    this.bases = urls.map((url) => {
      if (!URL.canParse(String(url)) || !/^https?:$/.test(new URL(String(url)).protocol)) {
        throw new TypeError(`Every Firebreak server URL must be an absolute http or https URL, such as http://127.0.0.1:5080, not ${String(url)}.`);
      }

      return String(url).replace(/\/+$/, "");
    });
  }

  /** The node requests go to now. */
  get serverUrl(): string {
    return this.bases[this.current]!;
  }

  /** Sends a request and parses its JSON answer (`undefined` for an empty one). */
  async send<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const response = await this.fetchFromCurrent(path, {
      method,
      headers: {
        authorization: `Bearer ${this.apiKey}`,
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? null : JSON.stringify(body),
      signal: signal ?? null,
    });
    const text = await response.text();
    if (!response.ok) {
      throw new FirebreakApiError(response.status, parseProblem(text), method, path);
    }

    return (text.length === 0 ? undefined : JSON.parse(text)) as T;
  }

  /** Opens `path` as a server-sent event stream; the caller reads and cancels the body. */
  async openStream(path: string, lastEventId: string | null, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
    const response = await this.fetchFromCurrent(path, {
      headers: {
        authorization: `Bearer ${this.apiKey}`,
        accept: "text/event-stream",
        ...(lastEventId === null ? {} : { "last-event-id": lastEventId }),
      },
      signal,
    });
    if (!response.ok || response.body === null) {
      throw new FirebreakApiError(response.status, parseProblem(await response.text()), "GET", path);
    }

    return response.body;
  }

  private async fetchFromCurrent(path: string, init: RequestInit): Promise<Response> {
    const node = this.current;
    try {
      return await this.fetchImpl(this.bases[node] + path, init);
    } catch (error) {
      // Only a failed connect proves the request never reached the node; the request still fails either way.
      if (this.bases.length > 1 && isConnectFailure(error) && this.current === node) {
        // Calls that fail together on one dead node move the client one node on, not one node each.
        this.current = (node + 1) % this.bases.length;
      }

      throw error;
    }
  }
}

// The errors of a connection that was never established: refused, no route, name not resolved, connect timed out.
const CONNECT_FAILURES = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "EHOSTDOWN", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"]);

/** Whether `error` (a `fetch` failure, its `cause` chain, or an `AggregateError` of connect attempts) is a failed connect. */
function isConnectFailure(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 8; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && CONNECT_FAILURES.has(code)) {
      return true;
    }

    if (current instanceof AggregateError && current.errors.length > 0 && current.errors.every(isConnectFailure)) {
      return true;
    }
  }

  return false;
}

function parseProblem(text: string): ProblemDetails | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null ? (parsed as ProblemDetails) : null;
  } catch {
    return null;
  }
}
