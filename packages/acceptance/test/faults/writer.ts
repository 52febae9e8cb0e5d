// One of the concurrent writers of the file-store fault: a tiny program over core's file store.
// Usage: tsx writer.ts PATH ID COUNT START_AT_MS. Waits until START_AT_MS so that all writers
// start together, then writes COUNT new access tokens. Writer 0's first write also stores a new
// refresh token (as when FYERS rotates it): every later write must keep it. Prints each update
// once it is stored, one JSON line each.
import { setTimeout as delay } from "node:timers/promises";
import { createFileStore } from "@fyers-token/core";

const [path = "", id = "0", count = "10", startAt = "0"] = process.argv.slice(2);
while (Date.now() < Number(startAt)) await delay(2);
const store = createFileStore({ path });
for (let n = 0; n < Number(count); n++) {
  const update = {
    clientId: "ABCDE12345-100",
    accessToken: `access-${id}-${n}`,
    ...(id === "0" && n === 0 ? { refreshToken: "refresh-rotated" } : {}),
  };
  await store.write(update);
  process.stdout.write(`${JSON.stringify(update)}\n`);
}
