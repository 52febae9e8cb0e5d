// An AWS SSM Parameter Store fake speaking the AWS JSON 1.1 protocol (POST /, X-Amz-Target:
// AmazonSSM.<Op>), good enough for the real @aws-sdk/client-ssm and the real AWS CLI.
import { createHash, randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import {
  copyHeaders,
  type Headers,
  isObject,
  listen,
  parseBody,
  readBody,
  sendJson,
  takeRule,
} from "./http.js";

export type SsmFailure = "throttle" | "access_denied" | "kms" | "internal";
export type SsmOp =
  | "GetParameters"
  | "GetParameter"
  | "PutParameter"
  | "DeleteParameter"
  | "DeleteParameters"
  | "GetParametersByPath"
  | "DescribeParameters";

export interface SsmFailureRule {
  failure: SsmFailure;
  op?: SsmOp;
  /** Only requests naming this parameter (Name, or one of Names). */
  name?: string;
  times?: number;
}

export interface StoredParameter {
  name: string;
  value: string;
  type: "String" | "SecureString" | "StringList";
  version: number;
  keyId?: string;
  /** Epoch milliseconds. */
  lastModified: number;
}

export interface SsmRequest {
  op: string;
  /** Date.now() when it arrived. */
  at: number;
  // biome-ignore lint/suspicious/noExplicitAny: request bodies are free-form JSON for test asserts
  body: any;
  headers: Headers;
}

export interface SsmFake {
  /** "http://127.0.0.1:PORT" */
  endpoint: string;
  parameters: Map<string, StoredParameter>;
  requests: SsmRequest[];
  /** Seeds a parameter directly (default type SecureString), bumping its version. */
  put(name: string, value: string, type?: StoredParameter["type"]): void;
  fail(rule: SsmFailureRule): void;
  clearFailures(): void;
  close(): Promise<void>;
}

const ACCOUNT = "123456789012";
const REGION = "ap-south-1";
const DEFAULT_KEY = "alias/aws/ssm";
const TYPES = ["String", "SecureString", "StringList"] as const;
const MAX_VALUE_LENGTH = 4096; // Standard tier

class SsmError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const arn = (name: string): string =>
  `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter${name.startsWith("/") ? "" : "/"}${name}`;

/** What GetParameters returns for a SecureString read without decryption: opaque base64. */
const ciphertext = (p: StoredParameter): string =>
  `AQICAH${createHash("sha256").update(`${p.name}:${p.version}:${p.value}`).digest("base64")}`;

function names(body: Record<string, unknown>): string[] {
  if (typeof body.Name === "string") return [body.Name];
  if (Array.isArray(body.Names)) return body.Names.filter((n) => typeof n === "string");
  return [];
}

function failureError(rule: SsmFailureRule, op: string, name: string | undefined): SsmError {
  switch (rule.failure) {
    case "throttle":
      return new SsmError("ThrottlingException", "Rate exceeded");
    case "access_denied":
      return new SsmError(
        "AccessDeniedException",
        `User: arn:aws:sts::${ACCOUNT}:assumed-role/fyers/x is not authorized to perform: ssm:${op} ` +
          `on resource: ${arn(name ?? "/stock-pipeline/fyers/access_token")} ` +
          `because no identity-based policy allows the ssm:${op} action`,
      );
    case "kms":
      return new SsmError(
        "InvalidKeyId",
        op === "PutParameter"
          ? "Invalid keyId: the KMS key is disabled or does not exist"
          : "The ciphertext refers to a KMS key that does not exist, is not enabled, or you are not allowed to use",
      );
    case "internal":
      return new SsmError("InternalServerError", "Internal server error", 500);
  }
}

export async function startSsmFake(): Promise<SsmFake> {
  const parameters = new Map<string, StoredParameter>();
  const requests: SsmRequest[] = [];
  const rules: SsmFailureRule[] = [];

  const store = (
    name: string,
    value: string,
    type: StoredParameter["type"],
    keyId?: string,
  ): StoredParameter => {
    const previous = parameters.get(name);
    const param: StoredParameter = {
      name,
      value,
      type,
      version: (previous?.version ?? 0) + 1,
      lastModified: Date.now(),
    };
    if (type === "SecureString") param.keyId = keyId ?? DEFAULT_KEY;
    parameters.set(name, param);
    return param;
  };

  const render = (p: StoredParameter, decrypt: boolean) => ({
    Name: p.name,
    Type: p.type,
    Value: p.type === "SecureString" && !decrypt ? ciphertext(p) : p.value,
    Version: p.version,
    LastModifiedDate: p.lastModified / 1000,
    ARN: arn(p.name),
    DataType: "text",
  });

  const mustExist = (name: unknown): StoredParameter => {
    const param = typeof name === "string" ? parameters.get(name) : undefined;
    if (param === undefined) throw new SsmError("ParameterNotFound", `Parameter ${String(name)} not found.`);
    return param;
  };

  const namesList = (value: unknown): string[] => {
    if (!Array.isArray(value) || value.length === 0 || value.length > 10) {
      throw new SsmError(
        "ValidationException",
        "1 validation error detected: Value at 'names' failed to satisfy constraint: Member must have length between 1 and 10",
      );
    }
    return value.map(String);
  };

  const ops: Record<SsmOp, (b: Record<string, unknown>) => unknown> = {
    GetParameters: (b) => {
      const decrypt = b.WithDecryption === true;
      const wanted = namesList(b.Names);
      const found = wanted.flatMap((n) => {
        const p = parameters.get(n);
        return p === undefined ? [] : [render(p, decrypt)];
      });
      return { Parameters: found, InvalidParameters: wanted.filter((n) => !parameters.has(n)) };
    },
    GetParameter: (b) => ({ Parameter: render(mustExist(b.Name), b.WithDecryption === true) }),
    PutParameter: (b) => {
      const { Name: name, Value: value, Type: type } = b;
      if (typeof name !== "string" || name === "" || typeof value !== "string" || value === "") {
        throw new SsmError("ValidationException", "Name and Value are required and must not be empty");
      }
      if (name.includes("/") && !name.startsWith("/")) {
        throw new SsmError(
          "ValidationException",
          'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive). If formed as a path, it must be fully qualified with a leading /.',
        );
      }
      if (type !== undefined && !TYPES.includes(type as StoredParameter["type"])) {
        throw new SsmError("ValidationException", `Invalid parameter type: ${String(type)}`);
      }
      if (value.length > MAX_VALUE_LENGTH) {
        throw new SsmError(
          "ValidationException",
          `Standard tier parameters support a maximum parameter value of ${MAX_VALUE_LENGTH} characters.`,
        );
      }
      const previous = parameters.get(name);
      if (previous !== undefined && b.Overwrite !== true) {
        throw new SsmError(
          "ParameterAlreadyExists",
          "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.",
        );
      }
      const keyId = typeof b.KeyId === "string" ? b.KeyId : undefined;
      const t = (type as StoredParameter["type"] | undefined) ?? previous?.type ?? "String";
      return { Version: store(name, value, t, keyId).version, Tier: "Standard" };
    },
    DeleteParameter: (b) => {
      parameters.delete(mustExist(b.Name).name);
      return {};
    },
    DeleteParameters: (b) => {
      const wanted = namesList(b.Names);
      const deleted = wanted.filter((n) => parameters.delete(n));
      return { DeletedParameters: deleted, InvalidParameters: wanted.filter((n) => !deleted.includes(n)) };
    },
    GetParametersByPath: (b) => {
      const path = b.Path;
      if (typeof path !== "string" || !path.startsWith("/")) {
        throw new SsmError("ValidationException", "The parameter path must begin with a forward slash (/).");
      }
      const prefix = path.endsWith("/") ? path : `${path}/`;
      const under = [...parameters.values()].filter(
        (p) =>
          p.name.startsWith(prefix) && (b.Recursive === true || !p.name.slice(prefix.length).includes("/")),
      );
      return { Parameters: under.map((p) => render(p, b.WithDecryption === true)) };
    },
    // Minimal: Name filters (Equals / BeginsWith) only, no paging.
    DescribeParameters: (b) => {
      const filters = Array.isArray(b.ParameterFilters) ? b.ParameterFilters.filter(isObject) : [];
      const matches = (p: StoredParameter): boolean =>
        filters.every((f) => {
          if (f.Key !== "Name" || !Array.isArray(f.Values)) return true;
          const values = f.Values.map(String);
          return f.Option === "BeginsWith"
            ? values.some((v) => p.name.startsWith(v))
            : values.includes(p.name);
        });
      return {
        Parameters: [...parameters.values()].filter(matches).map((p) => ({
          Name: p.name,
          ARN: arn(p.name),
          Type: p.type,
          ...(p.keyId === undefined ? {} : { KeyId: p.keyId }),
          LastModifiedDate: p.lastModified / 1000,
          LastModifiedUser: `arn:aws:sts::${ACCOUNT}:assumed-role/fyers/x`,
          Version: p.version,
          Tier: "Standard",
          Policies: [],
          DataType: "text",
        })),
      };
    },
  };

  /** A failure rule for this request, if one matches; "kms" only where KMS is involved. */
  const injected = (op: SsmOp, body: Record<string, unknown>): SsmError | undefined => {
    const named = names(body);
    const rule = takeRule(
      rules,
      (r) =>
        (r.op === undefined || r.op === op) &&
        (r.name === undefined || named.includes(r.name)) &&
        (r.failure !== "kms" || op === "PutParameter" || body.WithDecryption === true),
    );
    return rule === undefined ? undefined : failureError(rule, op, rule.name ?? named[0]);
  };

  const sendError = (res: ServerResponse, err: SsmError, requestId: string): void => {
    sendJson(
      res,
      err.status,
      { __type: err.code, message: err.message },
      { "x-amzn-RequestId": requestId, "x-amzn-ErrorType": err.code },
      "application/x-amz-json-1.1",
    );
  };

  const server = await listen(async (req, res) => {
    const requestId = randomUUID();
    const raw = parseBody(await readBody(req));
    const target = String(req.headers["x-amz-target"] ?? "");
    const op = target.startsWith("AmazonSSM.") ? target.slice("AmazonSSM.".length) : target;
    requests.push({ op, at: Date.now(), body: raw, headers: copyHeaders(req) });
    try {
      // No SigV4 check, but a signed request is required so real clients are exercised.
      if (!String(req.headers.authorization ?? "").startsWith("AWS4-HMAC-SHA256")) {
        throw new SsmError("MissingAuthenticationTokenException", "Missing Authentication Token");
      }
      if (req.method !== "POST" || !Object.hasOwn(ops, op)) {
        throw new SsmError("UnknownOperationException", `Unknown operation ${target}`);
      }
      if (!isObject(raw)) throw new SsmError("SerializationException", "Request body is not a JSON object");
      const known = op as SsmOp;
      const failure = injected(known, raw);
      if (failure !== undefined) throw failure;
      const result = ops[known](raw);
      sendJson(res, 200, result, { "x-amzn-RequestId": requestId }, "application/x-amz-json-1.1");
    } catch (err) {
      if (!(err instanceof SsmError)) throw err;
      sendError(res, err, requestId);
    }
  });

  return {
    endpoint: `http://127.0.0.1:${server.port}`,
    parameters,
    requests,
    put: (name, value, type = "SecureString") => {
      store(name, value, type);
    },
    fail: (rule) => {
      if (rule.times === undefined || rule.times > 0) rules.push({ ...rule });
    },
    clearFailures: () => {
      rules.length = 0;
    },
    close: () => server.close(),
  };
}
