/**
 * The daemon's serialized operation queue. API handlers, signal handlers and timers post operations here and
 * await the result; operations run one at a time in arrival order, so no two of them interleave on shared
 * state. An operation that throws rejects only its own promise.
 */
export class OpQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private closed = false;

  get depth(): number {
    return this.pending;
  }

  post<T>(op: () => T | Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new QueueClosedError());
    this.pending++;
    const run = this.tail.then(op);
    this.tail = run.then(
      () => this.pending--,
      () => this.pending--,
    );
    return run;
  }

  /** Refuse new operations; resolves when everything already posted has run. */
  async drain(): Promise<void> {
    this.closed = true;
    await this.tail;
  }
}

export class QueueClosedError extends Error {
  constructor() {
    super('daemon is shutting down');
    this.name = 'QueueClosedError';
  }
}
