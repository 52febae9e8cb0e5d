// The same work without our code: the SSM calls the callback was seen making (recorded by the
// bench from the SSM fake, replayed as they were sent) and the FYERS exchange over the global
// fetch, with the bare AWS SDK. Built with the callback's own esbuild options (callback.bench.mjs).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import {
  DeleteParameterCommand,
  GetParameterCommand,
  GetParametersCommand,
  PutParameterCommand,
  SSMClient,
} from "@aws-sdk/client-ssm";

const COMMANDS = {
  DeleteParameter: DeleteParameterCommand,
  GetParameter: GetParameterCommand,
  GetParameters: GetParametersCommand,
  PutParameter: PutParameterCommand,
};
let ssm;
let appIdHash;

function send(call) {
  const Command = COMMANDS[call.op];
  if (!Command) throw new Error(`bare-sdk.mjs cannot replay SSM ${call.op}: add its command`);
  ssm ??= new SSMClient({});
  return ssm.send(new Command(call.input));
}

/** Replays one request's plan: `{ reads, exchange, writes }`, as callback.bench.mjs recorded it. */
export async function replay(plan, authCode) {
  for (const call of plan.reads) {
    const answer = await send(call);
    const value = (name) => answer.Parameters?.find((p) => p.Name.endsWith(`/${name}`))?.Value;
    if (value("app_secret"))
      appIdHash = createHash("sha256")
        .update(`${value("client_id")}:${value("app_secret")}`)
        .digest("hex");
  }
  if (plan.exchange) {
    const answer = await fetch(`${process.env.FYERS_API_URL}/validate-authcode`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ grant_type: "authorization_code", appIdHash, code: authCode }),
      signal: AbortSignal.timeout(3500),
    });
    const tokens = await answer.json();
    if (tokens.s !== "ok") throw new Error(`bare exchange: ${JSON.stringify(tokens)}`);
  }
  for (const call of plan.writes) await send(call);
}

export async function handler(event) {
  await replay(
    JSON.parse(readFileSync(process.env.BENCH_PLAN, "utf8")),
    event.queryStringParameters?.auth_code,
  );
  return { statusCode: 200 };
}
