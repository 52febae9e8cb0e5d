import type { Context, LambdaFunctionURLEvent } from "aws-lambda";

export interface EventRequest {
  method?: string;
  path?: string;
  query?: string;
  headers?: Record<string, string>;
  cookies?: string[];
  body?: string;
  domainName?: string;
  sourceIp?: string;
  nowMs?: number;
}
export function functionUrlEvent(request?: EventRequest): LambdaFunctionURLEvent;
export function lambdaContext(timeoutMs?: number): Context;
