// The bench's fakes, in their own process so they never share an event loop with the timing.
// Prints one JSON line with the endpoints, then answers stdin commands: "reset", "counts", "exit".
import { createInterface } from "node:readline";
import { makeAccessToken, makeRefreshToken, startFyersFake, startSsmFake } from "@fyers-token/testkit";

const PREFIX = "/stock-pipeline/fyers";
const [ssm, fyers] = await Promise.all([startSsmFake(), startFyersFake()]);
ssm.put(`${PREFIX}/client_id`, fyers.clientId);
ssm.put(`${PREFIX}/access_token`, makeAccessToken({ expSeconds: 6 * 3600 }));
ssm.put(`${PREFIX}/refresh_token`, makeRefreshToken({ expSeconds: 10 * 86400 }));

const reply = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
reply({
  ssm: ssm.endpoint,
  fyers: fyers.baseUrl,
  clientId: fyers.clientId,
  appSecret: fyers.appSecret,
  pin: fyers.pin,
});

for await (const line of createInterface({ input: process.stdin })) {
  if (line === "reset") {
    ssm.requests.length = 0;
    fyers.requests.length = 0;
    reply({ ok: true });
  } else if (line === "counts") {
    reply({ ssm: ssm.requests.map((r) => r.op), fyers: fyers.requests.length });
  } else break;
}
await Promise.all([ssm.close(), fyers.close()]);
