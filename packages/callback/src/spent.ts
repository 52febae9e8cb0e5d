import { STATE_TTL_SECONDS } from "./state.js";

/** At most this many remembered states: a warm instance sees a few logins a day. */
const MAX_REMEMBERED = 100;

/**
 * States whose code this instance already took to FYERS and FYERS answered (tokens issued, or
 * the code refused). A reload of that redirect must not send the spent code again: it would
 * cost a FYERS call and the page would wrongly suggest the code is still good.
 */
export class SpentStates {
  private readonly spent = new Map<string, number>();

  remember(mac: string, nowMs: number): void {
    this.forgetOld(nowMs);
    if (this.spent.size >= MAX_REMEMBERED) {
      const oldest = this.spent.keys().next().value;
      if (oldest !== undefined) this.spent.delete(oldest);
    }
    this.spent.set(mac, nowMs);
  }

  has(mac: string, nowMs: number): boolean {
    this.forgetOld(nowMs);
    return this.spent.has(mac);
  }

  private forgetOld(nowMs: number): void {
    for (const [mac, at] of this.spent) {
      if (nowMs - at <= STATE_TTL_SECONDS * 1000) break;
      this.spent.delete(mac);
    }
  }
}
