import { createScrubber, type Scrubber } from "@fyers-token/core";

/** One JSON line per request for CloudWatch: where, what came of it, how long. Always scrubbed. */
export interface LogLine {
  route: string;
  method: string;
  status: number;
  outcome: string;
  /** The Lambda request id, also shown on the page, so the owner finds this line. */
  requestId: string;
  ms: number;
  /** A typed error's code and message, or what was stored. */
  detail?: string;
}

export class RequestLog {
  readonly scrubber: Scrubber = createScrubber();
  private readonly startedAt = performance.now();

  /** Values this request saw that must never show: the secret, the code, tokens, the state. */
  hide(...values: Array<string | undefined>): void {
    this.scrubber.add(...values);
  }

  write(line: Omit<LogLine, "ms">, out: (text: string) => void = console.log): void {
    const ms = Math.round(performance.now() - this.startedAt);
    out(this.scrubber.scrub(JSON.stringify({ ...line, ms })));
  }
}
