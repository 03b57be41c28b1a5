/** One server-sent event. */
export interface ServerSentEvent {
  /** The `event:` field; `message` when the event named none. */
  event: string;
  /** The `id:` field of this event, or `null` when it carried none. */
  id: string | null;
  data: string;
}

/**
 * Parses a `text/event-stream` body (the WHATWG event-stream format): fields up to a blank line make an event,
 * `data:` lines join with newlines, comments (`:`) are skipped, and lines end with LF, CR or CRLF, also across chunks.
 */
export async function* readServerSentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder();
  let buffer = "";
  let event: string | null = null;
  let id: string | null = null;
  let data: string[] = [];
  const reader = body.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      for (;;) {
        const end = lineEnd(buffer, done);
        if (end === null) {
          break;
        }

        const line = buffer.slice(0, end.at);
        buffer = buffer.slice(end.at + end.length);
        if (line.length === 0) {
          if (data.length > 0) {
            yield { event: event ?? "message", id, data: data.join("\n") };
          }

          event = null;
          id = null;
          data = [];
          continue;
        }

        if (line.startsWith(":")) {
          continue;
        }

        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        let text = colon < 0 ? "" : line.slice(colon + 1);
        if (text.startsWith(" ")) {
          text = text.slice(1);
        }

        if (field === "event") {
          event = text;
        } else if (field === "id") {
          id = text;
        } else if (field === "data") {
          data.push(text);
        }
      }

      if (done) {
        return;
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

function lineEnd(buffer: string, done: boolean): { at: number; length: number } | null {
  for (let i = 0; i < buffer.length; i++) {
    const c = buffer.charCodeAt(i);
    if (c === 10) {
      return { at: i, length: 1 };
    }

    if (c === 13) {
      // A CR at the end of a chunk may be the first half of a CRLF still in flight.
      if (i + 1 === buffer.length && !done) {
        return null;
      }

      return { at: i, length: buffer.charCodeAt(i + 1) === 10 ? 2 : 1 };
    }
  }

  return null;
}
