import { randomBytes } from "node:crypto";

export interface LoginUrlInput {
  apiUrl: string;
  clientId: string;
  redirectUri: string;
  /** Defaults to 128 random bits; pass one to check it on the redirect. */
  state?: string;
}

/** A fresh `state`: 128 random bits, URL-safe. */
export function newState(): string {
  return randomBytes(16).toString("base64url");
}

/** The URL a person opens to log in; FYERS then redirects to `redirectUri` with an auth code. */
export function buildLoginUrl(input: LoginUrlInput): { url: string; state: string } {
  const state = input.state ?? newState();
  const url = new URL(`${input.apiUrl.replace(/\/+$/, "")}/generate-authcode`);
  // URLSearchParams encodes the redirect URI, which FYERS compares byte for byte.
  url.search = new URLSearchParams({
    client_id: input.clientId,
    redirect_uri: input.redirectUri,
    response_type: "code",
    state,
  }).toString();
  return { url: url.toString(), state };
}
