export const id = 524;
export const ids = [524];
export const modules = {

/***/ 6524:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  expectOk: () => (/* binding */ expectOk),
  processExchange: () => (/* binding */ processExchange),
  processLogout: () => (/* binding */ processLogout),
  processProfile: () => (/* binding */ processProfile),
  processRefresh: () => (/* binding */ processRefresh)
});

// EXTERNAL MODULE: ../../node_modules/valibot/dist/index.mjs
var dist = __webpack_require__(458);
// EXTERNAL MODULE: ../core/src/errors.ts
var errors = __webpack_require__(319);
// EXTERNAL MODULE: ../core/src/fyers/hints.ts
var hints = __webpack_require__(2212);
;// CONCATENATED MODULE: ../core/src/fyers/schemas.ts

const Envelope = dist/* looseObject */._H3({
    s: dist/* string */.YjP(),
    code: dist/* optional */.lqM(dist/* number */.aig()),
    message: dist/* optional */.lqM(dist/* string */.YjP()),
});
const Jwtish = dist/* pipe */.FsL(dist/* string */.YjP(), dist/* minLength */.BpQ(10));
const ExchangeResponse = dist/* looseObject */._H3({
    s: dist/* literal */.euz("ok"),
    access_token: Jwtish,
    refresh_token: Jwtish,
});
const RefreshResponse = dist/* looseObject */._H3({
    s: dist/* literal */.euz("ok"),
    access_token: Jwtish,
    refresh_token: dist/* optional */.lqM(Jwtish),
});
const ProfileResponse = dist/* looseObject */._H3({
    s: dist/* literal */.euz("ok"),
    data: dist/* looseObject */._H3({
        name: dist/* optional */.lqM(dist/* string */.YjP()),
        display_name: dist/* optional */.lqM(dist/* string */.YjP()),
        fy_id: dist/* optional */.lqM(dist/* string */.YjP()),
    }),
});
const LogoutResponse = dist/* looseObject */._H3({ s: dist/* literal */.euz("ok") });

;// CONCATENATED MODULE: ../core/src/fyers/classify.ts




const TOKEN_REJECTED_CODES = new Set([-8, -15, -16, -17]);
const CREDENTIAL_CODES = new Set([-371, -352]);
const RATE_LIMIT_CODES = new Set([-429, -353]);
function parseEnvelope(endpoint, answer) {
    let json;
    try {
        json = JSON.parse(answer.text);
    }
    catch {
        throw unexpected(endpoint, answer, `${answer.contentType || "a body"} instead of JSON`);
    }
    const parsed = dist/* safeParse */.xLC(Envelope, json);
    if (!parsed.success)
        throw unexpected(endpoint, answer, "JSON without the FYERS fields s/code/message");
    return parsed.output;
}
function unexpected(endpoint, answer, what) {
    if (answer.status === 429)
        return rateLimited(endpoint, answer, undefined);
    if (answer.status >= 500)
        return unavailable(endpoint, answer);
    return new errors/* FyersTokenError */.xO("unexpected_response", `FYERS ${endpoint} answered HTTP ${answer.status} with ${what}`, {
        httpStatus: answer.status,
        hint: "check FYERS_API_URL (default https://api-t1.fyers.in/api/v3); FYERS may also be in maintenance",
    });
}
function unavailable(endpoint, answer) {
    return new errors/* FyersTokenError */.xO("unavailable", `FYERS ${endpoint} failed with HTTP ${answer.status} after retries`, {
        httpStatus: answer.status,
        hint: "FYERS is having trouble; try again in a few minutes",
    });
}
function rateLimited(endpoint, answer, envelope) {
    const said = envelope?.code === undefined ? `HTTP ${answer.status}` : `code ${envelope.code}`;
    return new errors/* FyersTokenError */.xO("rate_limited", `FYERS rate-limited this app; try again in a minute (${endpoint} answered ${said})`, {
        httpStatus: answer.status,
        fyersCode: envelope?.code,
        fyersMessage: envelope?.message,
        hint: hints/* RATE_HINT */.xQ,
    });
}
function isTokenRejected(answer, envelope) {
    return answer.status === 401 || (envelope.code !== undefined && TOKEN_REJECTED_CODES.has(envelope.code));
}
function classifyFailure(endpoint, answer, envelope) {
    const { code, message = "" } = envelope;
    const said = `FYERS said ${code ?? answer.status}: ${message || "(no message)"}`;
    const details = { httpStatus: answer.status, fyersCode: code, fyersMessage: message };
    if (answer.status === 429 || (code !== undefined && RATE_LIMIT_CODES.has(code))) {
        return rateLimited(endpoint, answer, envelope);
    }
    if (answer.status >= 500)
        return unavailable(endpoint, answer);
    if ((code !== undefined && CREDENTIAL_CODES.has(code)) || /hash|app ?id|app secret/i.test(message)) {
        return new errors/* FyersTokenError */.xO("bad_credentials", `FYERS rejected the client id or app secret (${said})`, {
            ...details,
            hint: hints/* HASH_HINT */.FX,
        });
    }
    switch (endpoint) {
        case "validate-authcode":
            return new errors/* FyersTokenError */.xO("login_required", `FYERS refused the auth code (${said})`, {
                ...details,
                hint: hints/* AUTH_CODE_HINT */.dn,
            });
        case "validate-refresh-token":
            if (/\bpin\b/i.test(message)) {
                return new errors/* FyersTokenError */.xO("bad_credentials", `FYERS rejected the PIN (${said})`, {
                    ...details,
                    hint: "check FYERS_PIN: the 4-digit PIN you log in to FYERS with",
                });
            }
            return new errors/* FyersTokenError */.xO("login_required", `FYERS refused the refresh (${said})`, {
                ...details,
                hint: hints/* REFRESH_HINT */.Un,
            });
        default:
            if (isTokenRejected(answer, envelope)) {
                return new errors/* FyersTokenError */.xO("login_required", `FYERS rejected the access token (${said})`, {
                    ...details,
                    hint: "refresh it (npx tsx packages/scripts/refresh.ts) or log in again",
                });
            }
            return new errors/* FyersTokenError */.xO("unexpected_response", `FYERS ${endpoint} failed (${said})`, details);
    }
}

;// CONCATENATED MODULE: ../core/src/fyers/responses.ts




function expectOk(endpoint, answer, schema) {
    const envelope = parseEnvelope(endpoint, answer);
    if (answer.status >= 300 || envelope.s !== "ok")
        throw classifyFailure(endpoint, answer, envelope);
    const parsed = dist/* safeParse */.xLC(schema, envelope);
    if (!parsed.success) {
        const field = dist/* getDotPath */.BuJ(parsed.issues[0]) ?? "body";
        throw new errors/* FyersTokenError */.xO("unexpected_response", `FYERS ${endpoint} answered "ok" without a valid ${field}`, { httpStatus: answer.status, hint: "FYERS may have changed its API; please report this" });
    }
    return parsed.output;
}
function processExchange(answer) {
    const body = expectOk("validate-authcode", answer, ExchangeResponse);
    return { accessToken: body.access_token, refreshToken: body.refresh_token };
}
function processRefresh(answer) {
    const body = expectOk("validate-refresh-token", answer, RefreshResponse);
    return body.refresh_token === undefined
        ? { accessToken: body.access_token }
        : { accessToken: body.access_token, refreshToken: body.refresh_token };
}
function processProfile(answer) {
    const envelope = parseEnvelope("profile", answer);
    if (envelope.s !== "ok" && isTokenRejected(answer, envelope) && answer.status !== 429) {
        return {
            ok: false,
            httpStatus: answer.status,
            fyersCode: envelope.code,
            message: envelope.message ?? "",
        };
    }
    const { data } = expectOk("profile", answer, ProfileResponse);
    return { ok: true, name: data.name ?? data.display_name, fyId: data.fy_id };
}
function processLogout(answer) {
    expectOk("logout", answer, LogoutResponse);
}


/***/ })

};
