import type { EventRequest } from "@fyers-token/testkit";
import type { Context, LambdaFunctionURLEvent } from "aws-lambda";

export type { EventRequest };
export function functionUrlEvent(request?: EventRequest): LambdaFunctionURLEvent;
export function lambdaContext(timeoutMs?: number): Context;
