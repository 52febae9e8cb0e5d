// The leak guard of issue 5: every run's output is scanned for every secret value, and the test
// records how many runs it scanned and what it found (task.meta, read by the summary reporter).
import { findSecrets } from "@fyers-token/testkit/harness";
import type { TaskMeta } from "vitest";

export interface Text {
  /** Where the text came from, e.g. "stderr of refresh.ts". */
  where: string;
  text: string;
}

export class LeakGuard {
  constructor(private readonly meta: TaskMeta) {
    meta.runsScanned = 0;
    meta.leaks = 0;
  }

  /** Counts one run, scans each of its texts for every secret; returns the hits, named by where. */
  scan(texts: Text[], secrets: Iterable<string>): string[] {
    // A value this short is not a secret we hold (the PIN has 4 characters, the shortest).
    const values = [...new Set(secrets)].filter((value) => value.length >= 4);
    const hits = texts.flatMap(({ where, text }) =>
      findSecrets(text, values).map((hit) => `${where}: ${hit}`),
    );
    this.meta.runsScanned = (this.meta.runsScanned ?? 0) + 1;
    this.meta.leaks = (this.meta.leaks ?? 0) + hits.length;
    return hits;
  }
}

/** Token-shaped values in a FYERS request the fakes recorded: codes, tokens, hash, PIN. */
export function requestSecrets(requests: { body: unknown; headers: Record<string, unknown> }[]): string[] {
  const found: string[] = [];
  for (const request of requests) {
    const body = (typeof request.body === "object" && request.body !== null ? request.body : {}) as Record<
      string,
      unknown
    >;
    for (const key of ["code", "refresh_token", "appIdHash", "pin"]) {
      const value = body[key];
      if (typeof value === "string") found.push(value);
    }
    const auth = request.headers.authorization;
    if (typeof auth === "string" && auth.includes(":")) found.push(auth.slice(auth.indexOf(":") + 1));
  }
  return found;
}

/** The SSM fake's secret values (every parameter but the client id). */
export function parameterSecrets(parameters: Map<string, { name: string; value: string }>): string[] {
  // The login notice and its lock are plain Strings the login issue may carry: no secret in them.
  const plain = /\/(client_id|login_notice|login_notice_lock)$/;
  return [...parameters.values()].filter((p) => !plain.test(p.name)).map((p) => p.value);
}
