// doctor.ts's checks of a real set-up: each reads, none writes. SSM gets GetParameters only
// (no Put, no Delete), the callback one GET /login whose 302 is read, never followed (so FYERS
// issues nothing), Telegram getMe and getChat (no message).
import { GetParametersCommand, type Parameter, SSMClient } from "@aws-sdk/client-ssm";
import { loginKey, loginLinkFor, tokenInfo, withoutLoginKey } from "@fyers-token/core";
import { describeToken } from "./render.js";

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
  /** What to do when not ok; null when ok. */
  fix: string | null;
}

export interface DoctorInput {
  env: NodeJS.ProcessEnv;
  prefix: string;
  /** The callback's function URL (or custom domain), when given. */
  callbackUrl: string | undefined;
  nowMs: number;
  /** Each remote call's deadline. */
  timeoutMs: number;
  /** Marks values read (tokens, the app secret, the key) so no output shows them. */
  protect(...values: Array<string | undefined>): void;
}

const pass = (name: string, detail: string): Check => ({ name, ok: true, detail, fix: null });
const fail = (name: string, detail: string, fix: string): Check => ({ name, ok: false, detail, fix });

/** Every check, in the order a person fixes things: AWS, SSM, tokens, callback, Telegram. */
export async function runChecks(input: DoctorInput): Promise<Check[]> {
  const checks: Check[] = [];
  const region = await regionCheck(input.env);
  checks.push(region.check);
  if (region.client === undefined) return [...checks, ...(await telegramChecks(input))];
  const read = await readParameters(region.client, input);
  checks.push(read.identity);
  if (read.parameters !== undefined) {
    checks.push(...parameterChecks(read.parameters, input));
    checks.push(...tokenChecks(read.parameters, input));
    if (input.callbackUrl !== undefined) checks.push(await callbackCheck(read.parameters, input));
  }
  checks.push(...(await telegramChecks(input)));
  return checks;
}

// ── AWS: region and identity ───────────────────────────────────────────────────────────────

const REGION_FIX =
  "set the region of your SSM parameters and callback: export AWS_REGION=ap-south-1 (or aws configure set region ap-south-1 for your profile)";

async function regionCheck(env: NodeJS.ProcessEnv): Promise<{ check: Check; client?: SSMClient }> {
  // One attempt: a doctor reports what AWS said (throttled, refused), it does not retry it away.
  const client = new SSMClient({ maxAttempts: 1 });
  try {
    const region = await client.config.region();
    if (!region) throw new Error("no region");
    const from = env.AWS_REGION
      ? "AWS_REGION"
      : `the AWS config file, profile ${env.AWS_PROFILE ? `"${env.AWS_PROFILE}"` : "default"}`;
    return { check: pass("AWS region", `${region} (from ${from})`), client };
  } catch {
    client.destroy();
    return {
      check: fail("AWS region", "no region is set: the AWS SDK would not know where SSM is", REGION_FIX),
    };
  }
}

/** Where the credentials come from, as far as the environment says (the SDK's chain decides). */
function credentialSource(env: NodeJS.ProcessEnv): string {
  if (env.AWS_ACCESS_KEY_ID) return "AWS_ACCESS_KEY_ID";
  if (env.AWS_WEB_IDENTITY_TOKEN_FILE) return "web identity (AWS_WEB_IDENTITY_TOKEN_FILE)";
  if (env.AWS_PROFILE) return `profile "${env.AWS_PROFILE}"`;
  return "the default profile or an instance role";
}

const NAMES = ["client_id", "access_token", "refresh_token", "app_secret"] as const;
type Name = (typeof NAMES)[number];
type Read = { identity: Check; parameters?: Map<Name, Parameter> };

/**
 * ONE GetParameters with decryption: it proves the credentials (AWS answers only a signed,
 * known identity), the account (the parameters' ARNs), and what each parameter is. No STS
 * client is in this project: the SSM answer is the identity check.
 */
async function readParameters(client: SSMClient, input: DoctorInput): Promise<Read> {
  const names = NAMES.map((name) => `${input.prefix}/${name}`);
  const source = credentialSource(input.env);
  try {
    const answer = await client.send(new GetParametersCommand({ Names: names, WithDecryption: true }), {
      abortSignal: AbortSignal.timeout(input.timeoutMs),
    });
    const parameters = new Map<Name, Parameter>();
    for (const parameter of answer.Parameters ?? []) {
      const name = NAMES.find((n) => parameter.Name === `${input.prefix}/${n}`);
      // The client id is not secret (it is in every login URL); the rest is.
      if (name !== "client_id") input.protect(parameter.Value);
      if (name) parameters.set(name, parameter);
    }
    const account = /^arn:aws[\w-]*:ssm:[^:]*:(\d{12}):/.exec(answer.Parameters?.[0]?.ARN ?? "")?.[1];
    const detail = `credentials from ${source} accepted by SSM${account ? `; account ${account}` : ""}`;
    return { identity: pass("AWS identity", detail), parameters };
  } catch (error) {
    return { identity: identityFailure(error, source, input) };
  } finally {
    client.destroy();
  }
}

function identityFailure(error: unknown, source: string, input: DoctorInput): Check {
  const name = (error as { name?: string }).name ?? "Error";
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  if (
    name === "CredentialsProviderError" ||
    (/credential/i.test(message) && !/\bnot authorized\b/.test(message))
  ) {
    return fail(
      "AWS identity",
      `no AWS credentials found (${source})`,
      "configure credentials: aws configure, or export AWS_PROFILE=NAME (aws sso login for SSO)",
    );
  }
  if (/Expired/.test(name)) {
    return fail(
      "AWS identity",
      `the session from ${source} has expired (${name})`,
      "renew it: aws sso login, or new keys",
    );
  }
  if (["UnrecognizedClientException", "InvalidSignatureException", "InvalidClientTokenId"].includes(name)) {
    return fail(
      "AWS identity",
      `AWS does not accept the credentials from ${source} (${name})`,
      "check the access key and secret (aws configure list), or use another profile",
    );
  }
  if (name === "AccessDeniedException") {
    const who = /User: (\S+) is not authorized/.exec(message)?.[1];
    return fail(
      "AWS identity",
      `${who ?? "this identity"} may not read ${input.prefix}/* (ssm:GetParameters denied)`,
      "grant the policy of npx tsx tools/iam-policy.ts action (ssm:GetParameters on the prefix, kms:Decrypt for a customer key)",
    );
  }
  if (name.startsWith("KMS") || name === "InvalidKeyId") {
    return fail(
      "AWS identity",
      `SSM could not decrypt the parameters (${name})`,
      "grant kms:Decrypt on the parameters' KMS key, or store them with the AWS-managed key",
    );
  }
  const endpoint = input.env.AWS_ENDPOINT_URL_SSM ?? "the SSM endpoint of the region";
  const unreachable =
    name === "TimeoutError" ||
    name === "AbortError" ||
    /ECONN|ENOTFOUND|EAI_AGAIN|socket/i.test(`${code} ${message}`);
  return fail(
    "AWS identity",
    unreachable
      ? `SSM did not answer at ${endpoint} (${code ?? name})`
      : `SSM refused the read (${name}: ${message.slice(0, 160)})`,
    unreachable
      ? "check the network, the region and AWS_ENDPOINT_URL_SSM (unset it for real AWS)"
      : "see the AWS error above; run it again with the same settings as the action",
  );
}

// ── SSM parameters and tokens ──────────────────────────────────────────────────────────────

function parameterCheck(
  parameters: Map<Name, Parameter>,
  name: Name,
  input: DoctorInput,
  missingFix: string,
): Check {
  const full = `${input.prefix}/${name}`;
  const parameter = parameters.get(name);
  if (parameter === undefined) return fail(full, "missing", missingFix);
  if (parameter.Type !== "SecureString") {
    return fail(
      full,
      `a ${parameter.Type ?? "plain"} parameter, not SecureString: its value is stored unencrypted`,
      `store it again as a SecureString: npx tsx packages/scripts/put-parameters.ts (tokens, --app-secret -), or aws ssm put-parameter --name ${full} --type SecureString --overwrite --value …`,
    );
  }
  if (!parameter.Value) return fail(full, "SecureString with an empty value", missingFix);
  return pass(full, "SecureString, decrypts");
}

const LOGIN_FIX =
  "log in: the callback's login link (npx tsx packages/scripts/login-link.ts --url …), or npx tsx packages/scripts/login.ts --store ssm";

function parameterChecks(parameters: Map<Name, Parameter>, input: DoctorInput): Check[] {
  const checks = [
    parameterCheck(
      parameters,
      "client_id",
      input,
      `store your app id: aws ssm put-parameter --name ${input.prefix}/client_id --type SecureString --value ABCDE12345-100`,
    ),
    parameterCheck(parameters, "access_token", input, LOGIN_FIX),
    parameterCheck(parameters, "refresh_token", input, LOGIN_FIX),
  ];
  if (input.callbackUrl !== undefined) {
    checks.push(
      parameterCheck(
        parameters,
        "app_secret",
        input,
        "the callback reads it: npx tsx packages/scripts/put-parameters.ts --app-secret - (the secret on stdin)",
      ),
    );
  }
  return checks;
}

function tokenChecks(parameters: Map<Name, Parameter>, input: DoctorInput): Check[] {
  const labels = { access_token: "access token", refresh_token: "refresh token" } as const;
  return (["access_token", "refresh_token"] as const).flatMap((name) => {
    const value = parameters.get(name)?.Value;
    if (!value) return [];
    const info = tokenInfo(value, input.nowMs);
    const detail = describeToken(info);
    if (info.status === "valid" || info.status === "expiring") return [pass(labels[name], detail)];
    return [
      fail(
        labels[name],
        info.status === "unknown" ? "not a FYERS token (no JWT expiry)" : detail,
        name === "access_token" ? `${LOGIN_FIX} (FYERS requires a login every trading day)` : LOGIN_FIX,
      ),
    ];
  });
}

// ── The callback ───────────────────────────────────────────────────────────────────────────

/** The callback's base: the given URL without a trailing /login (people paste either). */
export function callbackBase(url: string): URL {
  const base = new URL(url);
  base.pathname = base.pathname.replace(/\/+$/, "").replace(/\/login$/, "");
  base.search = "";
  base.hash = "";
  return base;
}

async function callbackCheck(parameters: Map<Name, Parameter>, input: DoctorInput): Promise<Check> {
  const name = "callback /login";
  const url = input.callbackUrl ?? "";
  const secret = parameters.get("app_secret")?.Value;
  const clientId = parameters.get("client_id")?.Value;
  if (!secret || !clientId) {
    return fail(
      name,
      "not checked: the login key comes from {prefix}/app_secret and client_id",
      "store them first (above)",
    );
  }
  input.protect(loginKey(secret));
  const link = loginLinkFor(url, secret);
  const shown = withoutLoginKey(link);
  const expected = `${callbackBase(url).toString().replace(/\/$/, "")}/callback`;
  let answer: Response;
  try {
    answer = await fetch(link, { redirect: "manual", signal: AbortSignal.timeout(input.timeoutMs) });
    await answer.body?.cancel();
  } catch (error) {
    const why = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    return fail(
      name,
      `${shown}?k=… did not answer (${why})`,
      "check the URL: the FunctionUrl output of the deploy",
    );
  }
  if (answer.status !== 302) {
    return fail(
      name,
      `${shown}?k=… answered ${answer.status}, not a 302 to FYERS`,
      answer.status === 404
        ? "the key does not match: this callback reads another app secret (another prefix or region?), or the URL is not the callback's"
        : "see the function's log in CloudWatch for this request",
    );
  }
  const location = answer.headers.get("location") ?? "";
  const target = URL.canParse(location) ? new URL(location) : undefined;
  if (target === undefined || !target.pathname.endsWith("/generate-authcode")) {
    return fail(
      name,
      "the 302 does not lead to FYERS' generate-authcode",
      "deploy the callback again (npm run cdk -- deploy …)",
    );
  }
  const sentId = target.searchParams.get("client_id");
  if (sentId !== clientId) {
    return fail(
      name,
      `the callback sends client_id ${sentId ?? "(none)"}, SSM holds ${clientId}`,
      "the callback reads another prefix or region than this check: deploy it with -c prefix=… in this region",
    );
  }
  const redirect = target.searchParams.get("redirect_uri");
  if (redirect !== expected) {
    return fail(
      name,
      `the callback sends redirect_uri ${redirect ?? "(none)"}, not ${expected}`,
      `deploy without -c redirectUri (or with -c redirectUri=${expected}), and register ${expected} as the app's redirect URL at FYERS`,
    );
  }
  const configured = input.env.FYERS_REDIRECT_URI?.trim();
  if (configured && configured !== expected) {
    return fail(
      name,
      `FYERS_REDIRECT_URI is ${configured}, the callback's is ${expected}`,
      `set FYERS_REDIRECT_URI=${expected} (the redirect URL registered at FYERS), or unset it`,
    );
  }
  return pass(name, `302 to FYERS with client_id ${clientId} and redirect_uri ${expected}`);
}

// ── Telegram ───────────────────────────────────────────────────────────────────────────────

async function telegramChecks(input: DoctorInput): Promise<Check[]> {
  const token = input.env.FYERS_TELEGRAM_BOT_TOKEN?.trim();
  const chatId = input.env.FYERS_TELEGRAM_CHAT_ID?.trim();
  if (!token && !chatId) return [];
  input.protect(token);
  if (!token || !chatId) {
    return [
      fail(
        "Telegram",
        `${token ? "FYERS_TELEGRAM_CHAT_ID" : "FYERS_TELEGRAM_BOT_TOKEN"} is not set`,
        "set both FYERS_TELEGRAM_BOT_TOKEN and FYERS_TELEGRAM_CHAT_ID, or neither",
      ),
    ];
  }
  const api = (input.env.TELEGRAM_API_URL?.trim() || "https://api.telegram.org").replace(/\/+$/, "");
  const me = await telegram(api, token, "getMe", undefined, input.timeoutMs);
  if (!me.ok) {
    return [
      fail(
        "Telegram bot",
        `getMe: ${me.description}`,
        me.status === 401 || me.status === 404
          ? "the bot token is wrong: copy it again from @BotFather (/mybots → API Token)"
          : "try again; check TELEGRAM_API_URL if you set it",
      ),
    ];
  }
  const username = (me.result as { username?: string } | undefined)?.username;
  const bot = pass("Telegram bot", `getMe: @${username ?? "unknown"}`);
  const chat = await telegram(api, token, "getChat", { chat_id: chatId }, input.timeoutMs);
  if (!chat.ok) {
    return [
      bot,
      fail(
        "Telegram chat",
        `getChat ${chatId}: ${chat.description}`,
        "send /start to the bot from that chat, then check the id (FYERS_TELEGRAM_CHAT_ID)",
      ),
    ];
  }
  const type = (chat.result as { type?: string } | undefined)?.type;
  return [bot, pass("Telegram chat", `getChat ${chatId}: a ${type ?? "known"} chat the bot can reach`)];
}

type TelegramAnswer = { ok: true; result: unknown } | { ok: false; status: number; description: string };

async function telegram(
  api: string,
  token: string,
  method: string,
  body: object | undefined,
  timeoutMs: number,
): Promise<TelegramAnswer> {
  try {
    const answer = await fetch(`${api}/bot${token}/${method}`, {
      method: body === undefined ? "GET" : "POST",
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const json = (await answer.json().catch(() => ({}))) as {
      ok?: boolean;
      result?: unknown;
      description?: string;
    };
    if (answer.ok && json.ok === true) return { ok: true, result: json.result };
    return { ok: false, status: answer.status, description: json.description ?? `HTTP ${answer.status}` };
  } catch (error) {
    const why = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    return { ok: false, status: 0, description: `no answer (${why})` };
  }
}
