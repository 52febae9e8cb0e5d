/**
 * A sliding one-minute budget of FYERS calls for this instance: each call takes a slot, a slot
 * frees a minute after its call. Lambda runs one request at a time per instance, so
 * `available` then `take` in one request cannot race another.
 */
export class CallBudget {
  private readonly calls: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  available(nowMs: number): boolean {
    this.expire(nowMs);
    return this.calls.length < this.limit;
  }

  /** Records a call about to be made; false (and nothing recorded) when the budget is spent. */
  take(nowMs: number): boolean {
    if (!this.available(nowMs)) return false;
    this.calls.push(nowMs);
    return true;
  }

  private expire(nowMs: number): void {
    while (this.calls.length > 0 && nowMs - (this.calls[0] as number) >= this.windowMs) this.calls.shift();
  }
}
