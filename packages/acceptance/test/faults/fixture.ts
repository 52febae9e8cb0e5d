// The fixture every acceptance suite runs its cases in: testkit's scripts sandbox (`box`, made on
// first use), the action's fakes (`fakes`, started on first use) and the leak guard (`guard`).
import { type Fakes, it as sandboxIt, startFakes } from "@fyers-token/testkit/harness";
import { LeakGuard } from "./guard.js";

export const test = sandboxIt.extend<{ fakes: Fakes; guard: LeakGuard }>({
  // biome-ignore lint/correctness/noEmptyPattern: vitest fixtures must destructure their first argument
  fakes: async ({}, use) => {
    const fakes = await startFakes();
    await use(fakes);
    await fakes.close();
  },
  guard: async ({ task }, use) => {
    await use(new LeakGuard(task.meta));
  },
});
