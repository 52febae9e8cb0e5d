// One bench process (Node 24, fresh): `cold <bundle>` times import + the first /login request;
// `warm <bundle> <runs>` times callbacks inside the handler of a warm instance; `bare <bundle>
// <runs>` times the same SSM and FYERS calls made with the bare SDK and fetch (the floor).
import { pathToFileURL } from "node:url";
import { functionUrlEvent, lambdaContext } from "../test/support/function-url.mjs";

const [mode, bundle, runsText] = process.argv.slice(2);
const runs = Number(runsText ?? 1);
const prefix = process.env.FYERS_SSM_PREFIX;
const names = ["client_id", "app_secret", "access_token", "refresh_token"].map((n) => `${prefix}/${n}`);
const get = (path, query = "") =>
  functionUrlEvent({ path, query, domainName: "bench.lambda-url.ap-south-1.on.aws" });

/** What FYERS' login page does after the person logs in: a fresh code on the redirect. */
async function redirectFrom(loginUrl) {
  const answer = await fetch(loginUrl, { redirect: "manual" });
  return new URL(answer.headers.get("location"));
}

if (mode === "cold") {
  const started = performance.now();
  const { handler } = await import(pathToFileURL(bundle).href);
  const answer = await handler(bundle.includes("baseline") ? {} : get("/login"), lambdaContext());
  const ms = performance.now() - started;
  if (answer.statusCode !== 302 && answer.statusCode !== 200)
    throw new Error(`cold: status ${answer.statusCode}`);
  console.log(JSON.stringify({ ms }));
} else if (mode === "warm") {
  const { handler } = await import(pathToFileURL(bundle).href);
  const times = [];
  for (let i = 0; i < runs + 1; i++) {
    const login = await handler(get("/login"), lambdaContext());
    const back = await redirectFrom(login.headers.location);
    const started = performance.now();
    const answer = await handler(get("/callback", back.search), lambdaContext());
    const ms = performance.now() - started;
    if (answer.statusCode !== 200) throw new Error(`warm: status ${answer.statusCode}: ${answer.body}`);
    if (i > 0) times.push(ms); // the first callback warms the FYERS client's code paths
  }
  console.log(JSON.stringify({ times }));
} else if (mode === "bare") {
  const { SSMClient, GetParametersCommand, PutParameterCommand } = await import(pathToFileURL(bundle).href);
  const ssm = new SSMClient({});
  const { createHash } = await import("node:crypto");
  const api = process.env.FYERS_API_URL;
  const times = [];
  for (let i = 0; i < runs + 1; i++) {
    const read = await ssm.send(new GetParametersCommand({ Names: names, WithDecryption: true }));
    const value = (n) => read.Parameters.find((p) => p.Name === `${prefix}/${n}`)?.Value;
    const back = await redirectFrom(
      `${api}/generate-authcode?client_id=${value("client_id")}&redirect_uri=https://x/callback&response_type=code&state=s`,
    );
    const started = performance.now();
    // The warm handler's one read: the tokens only (the secret is cached).
    await ssm.send(
      new GetParametersCommand({
        Names: names.filter((n) => !n.endsWith("app_secret")),
        WithDecryption: true,
      }),
    );
    const hash = createHash("sha256")
      .update(`${value("client_id")}:${value("app_secret")}`)
      .digest("hex");
    const answer = await fetch(`${api}/validate-authcode`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        grant_type: "authorization_code",
        appIdHash: hash,
        code: back.searchParams.get("auth_code"),
      }),
      signal: AbortSignal.timeout(3500),
    });
    const tokens = await answer.json();
    for (const [name, token] of [
      ["refresh_token", tokens.refresh_token],
      ["access_token", tokens.access_token],
    ]) {
      await ssm.send(
        new PutParameterCommand({
          Name: `${prefix}/${name}`,
          Value: token,
          Type: "SecureString",
          Overwrite: true,
        }),
      );
    }
    const ms = performance.now() - started;
    if (i > 0) times.push(ms);
  }
  console.log(JSON.stringify({ times }));
}
