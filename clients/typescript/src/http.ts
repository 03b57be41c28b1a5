import { FirebreakApiError, type ProblemDetails } from "./errors.js";

/** A JSON client of the Firebreak API, authenticated with one key. */
export class FirebreakHttp {
  private readonly base: string;

  /**
   * @param serverUrl The server, such as `http://127.0.0.1:5080`.
   * @param apiKey Sent as `Authorization: Bearer <key>`.
   * @param fetchImpl The platform `fetch` unless given.
   */
  constructor(serverUrl: string | URL, private readonly apiKey: string, private readonly fetchImpl: typeof fetch = fetch) {
    this.base = String(serverUrl).replace(/\/+$/, "");
  }

  /** Sends a request and parses its JSON answer (`undefined` for an empty one). */
  async send<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const response = await this.fetchImpl(this.base + path, {
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
    const response = await this.fetchImpl(this.base + path, {
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
}

function parseProblem(text: string): ProblemDetails | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null ? (parsed as ProblemDetails) : null;
  } catch {
    return null;
  }
}
