import { FirebreakApiError } from "./errors.js";

/**
 * Records sent in order, in the background. A record the server cannot take now (unreachable, or a 5xx) is retried
 * after `retryDelayMs`, or sooner when {@link wake} says the server is back; one it refuses (4xx) is reported and dropped,
 * as sending it again would be refused again.
 */
export class Outbox {
  private readonly queue: Array<{ send: () => Promise<unknown>; expected?: (error: FirebreakApiError) => boolean }> = [];
  private running = false;
  private closed = false;
  private wakeUp: (() => void) | null = null;
  private readonly drained = new Set<() => void>();

  constructor(private readonly retryDelayMs: number, private readonly report: (error: unknown) => void) {}

  /** @param expected A refusal that is an expected answer, not reported. */
  enqueue(send: () => Promise<unknown>, expected?: (error: FirebreakApiError) => boolean): void {
    if (this.closed) {
      return;
    }

    this.queue.push(expected === undefined ? { send } : { send, expected });
    if (!this.running) {
      this.running = true;
      void this.drain();
    }
  }

  /** A sign the server is reachable: a record waiting to be retried is sent now. */
  wake(): void {
    this.wakeUp?.();
  }

  /** Resolves `true` once every record is sent (or dropped), `false` when `timeoutMs` passed first. */
  flush(timeoutMs: number): Promise<boolean> {
    if (this.queue.length === 0) {
      return Promise.resolve(true);
    }

    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.drained.delete(done);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.drained.delete(done);
        resolve(false);
      }, timeoutMs);
      this.drained.add(done);
    });
  }

  /** Stops sending; records still queued are dropped. */
  close(): void {
    this.closed = true;
    this.queue.length = 0;
    this.wake();
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.closed) {
      try {
        await this.queue[0]!.send();
        this.queue.shift();
      } catch (error) {
        if (error instanceof FirebreakApiError && error.status < 500) {
          const expected = this.queue.shift()?.expected?.(error) ?? false;
          if (!expected) {
            this.report(error);
          }

          continue;
        }

        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.retryDelayMs);
          timer.unref();
          this.wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wakeUp = null;
      }
    }

    this.running = false;
    for (const done of [...this.drained]) {
      done();
    }
  }
}
