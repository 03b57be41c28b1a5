import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type ServerSentEvent, readServerSentEvents } from "../src/index.js";

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) {
        controller.enqueue(encoder.encode(chunk));
      }

      controller.close();
    },
  });
}

async function parse(chunks: string[]): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  for await (const event of readServerSentEvents(streamOf(chunks))) {
    events.push(event);
  }

  return events;
}

describe("readServerSentEvents", () => {
  test("reads named events with their id and data", async () => {
    assert.deepEqual(await parse(["id: 7\nevent: snapshot\ndata: {\"epoch\":7}\n\n"]), [{ event: "snapshot", id: "7", data: "{\"epoch\":7}" }]);
  });

  test("joins data lines with newlines and names an unnamed event message", async () => {
    assert.deepEqual(await parse(["data: a\ndata: b\n\n"]), [{ event: "message", id: null, data: "a\nb" }]);
  });

  test("skips comments and events without data", async () => {
    assert.deepEqual(await parse([": keep-alive\n\nevent: heartbeat\n\nevent: heartbeat\ndata: {}\n\n"]), [{ event: "heartbeat", id: null, data: "{}" }]);
  });

  test("takes LF, CR and CRLF line ends, also split across chunks", async () => {
    const events = await parse(["event: a\r", "\ndata: 1\r\n\r", "\nevent: b\rdata: 2\r\r", "data: 3\n\n"]);
    assert.deepEqual(events, [
      { event: "a", id: null, data: "1" },
      { event: "b", id: null, data: "2" },
      { event: "message", id: null, data: "3" },
    ]);
  });

  test("reassembles multi-byte characters split across chunks", async () => {
    const bytes = new TextEncoder().encode("data: café\n\n");
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 9));
        controller.enqueue(bytes.slice(9));
        controller.close();
      },
    });
    const events: ServerSentEvent[] = [];
    for await (const event of readServerSentEvents(stream)) {
      events.push(event);
    }

    assert.deepEqual(events, [{ event: "message", id: null, data: "café" }]);
  });

  test("drops an event the stream cut off before its blank line", async () => {
    assert.deepEqual(await parse(["data: whole\n\ndata: cut"]), [{ event: "message", id: null, data: "whole" }]);
  });
});
