import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 4056:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   K: () => (/* binding */ bookmarkedLink)
/* harmony export */ });
/* harmony import */ var _fyers_token_core__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3905);

function bookmarkedLink(loginLink) {
    return `open your bookmarked login link (\`${(0,_fyers_token_core__WEBPACK_IMPORTED_MODULE_0__/* .withoutLoginKey */ .BB)(loginLink)}?k=…\`, the one \`npm run login-link\` prints; Telegram and the webhook get it whole)`;
}


/***/ }),

/***/ 3491:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Dr: () => (/* binding */ GitHubTimeoutError),
/* harmony export */   Wc: () => (/* binding */ openIssueApi)
/* harmony export */ });
/* unused harmony exports GITHUB_TIMEOUT_MS, GITHUB_HEADERS */
/* harmony import */ var _fyers_token_core__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(9765);

const GITHUB_TIMEOUT_MS = _fyers_token_core__WEBPACK_IMPORTED_MODULE_0__/* .TUNING_DEFAULTS_MS */ .cb.serviceTimeout;
const GITHUB_HEADERS = {
    accept: "application/vnd.github+json",
    "x-github-api-version": "2022-11-28",
};
class GitHubTimeoutError extends Error {
    name = "GitHubTimeoutError";
}
async function openIssueApi(token, context, debug, timeoutMs = GITHUB_TIMEOUT_MS) {
    if (token === undefined)
        throw new Error("the github-token input is empty");
    const [owner, repo] = context.repository?.split("/") ?? [];
    if (!owner || !repo)
        throw new Error("GITHUB_REPOSITORY is not set (owner/repo)");
    debug("loading @actions/github for the login issue");
    const { getOctokit } = await __nccwpck_require__.e(/* import() */ 329).then(__nccwpck_require__.bind(__nccwpck_require__, 1329));
    const octokit = getOctokit(token);
    octokit.hook.wrap("request", (request, options) => {
        Object.assign(options.headers, GITHUB_HEADERS);
        return withDeadline(async () => request(options), options, timeoutMs);
    });
    const { rest } = octokit;
    const where = { owner, repo };
    return {
        async listOpen(label) {
            const { data } = await rest.issues.listForRepo({
                ...where,
                labels: label,
                state: "open",
                per_page: 100,
            });
            return data
                .filter((issue) => issue.pull_request === undefined)
                .map((issue) => ({ number: issue.number, title: issue.title, body: issue.body ?? "" }));
        },
        async create({ title, body, labels }) {
            const { data } = await rest.issues.create({ ...where, title, body, labels });
            return data.number;
        },
        async update(number, { title, body }) {
            await rest.issues.update({ ...where, issue_number: number, title, body });
        },
        async comment(number, body) {
            await rest.issues.createComment({ ...where, issue_number: number, body });
        },
        async close(number) {
            await rest.issues.update({
                ...where,
                issue_number: number,
                state: "closed",
                state_reason: "completed",
            });
        },
        async ensureLabel(label) {
            try {
                await rest.issues.getLabel({ ...where, name: label.name });
                return;
            }
            catch (error) {
                if (error.status !== 404)
                    throw error;
            }
            try {
                await rest.issues.createLabel({ ...where, ...label });
            }
            catch (error) {
                if (error.status !== 422)
                    throw error;
            }
        },
    };
}
async function withDeadline(send, options, timeoutMs) {
    const signal = AbortSignal.timeout(timeoutMs);
    options.request = { ...options.request, signal };
    try {
        return await send();
    }
    catch (error) {
        if (!signal.aborted)
            throw error;
        const host = URL.canParse(options.url, options.baseUrl)
            ? new URL(options.url, options.baseUrl).host
            : "the GitHub API";
        throw new GitHubTimeoutError(`GitHub (${host}) did not answer within ${timeoutMs / 1000}s`, {
            cause: error,
        });
    }
}


/***/ }),

/***/ 1845:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  G0: () => (/* binding */ deadlineOf),
  $i: () => (/* binding */ loginState),
  me: () => (/* binding */ notify),
  No: () => (/* binding */ works)
});

// EXTERNAL MODULE: ../core/src/notify/holidays.ts
var holidays = __nccwpck_require__(1861);
// EXTERNAL MODULE: ../core/src/time.ts
var time = __nccwpck_require__(5829);
;// CONCATENATED MODULE: ../core/src/notify/decide.ts

function decideNotice(previous, now, channels) {
    if (now.state === "ok") {
        if (previous === undefined)
            return { next: null, closeIssue: false };
        return { announce: "renewed", next: null, closeIssue: previous.channels.includes("issue") };
    }
    if (previous !== undefined &&
        previous.event === now.state &&
        previous.cause === now.cause &&
        !passed(previous.deadline, now.nowMs)) {
        return { next: previous, closeIssue: false };
    }
    const next = { event: now.state, since: (0,time/* isoUtc */.u8)(now.nowMs), channels: [...channels] };
    if (now.cause !== undefined)
        next.cause = now.cause;
    if (now.deadlineMs !== undefined)
        next.deadline = (0,time/* isoUtc */.u8)(now.deadlineMs);
    return { announce: now.state, next, closeIssue: false };
}
function passed(deadline, nowMs) {
    if (deadline === undefined)
        return false;
    const ms = Date.parse(deadline);
    return Number.isFinite(ms) && nowMs >= ms;
}

// EXTERNAL MODULE: ../core/src/tokens/status.ts + 2 modules
var tokens_status = __nccwpck_require__(6656);
;// CONCATENATED MODULE: ./src/notices.ts

function loginState(report) {
    if (report.failure !== undefined)
        return "renewal-failed";
    if (report.result === "login-required")
        return "login-required";
    return report.loginDue === undefined ? "ok" : "login-due";
}
async function notify(report, inputs, ports) {
    if (report.dryRun || report.mode === "verify")
        return {};
    const state = loginState(report);
    const { io } = ports;
    if (state !== "ok") {
        const day = (0,holidays/* tradingDay */.y)(report.nowMs, inputs.holidays);
        if (!day.trading) {
            io.warning(`${OFF_DAY_WHAT[state]}, but ${day.why}: nobody is notified today; the next trading day's run notifies as usual.`);
            return { offDay: day.why };
        }
    }
    let previous = await lastAnnounced(report, inputs, ports);
    let decision = decide(report, inputs, ports, state, previous);
    if (decision.announce === undefined && !decision.closeIssue) {
        if (state === "ok" && previous === undefined && decision.next === null)
            return {};
        return announce(state, decision, previous, report, inputs, ports);
    }
    const guarded = state !== "ok" && report.noticeUnread !== true && ports.noticeKept !== false;
    const holder = guarded ? await takeLock(ports) : undefined;
    try {
        if (guarded) {
            const fresh = await reread(ports);
            if (fresh !== undefined) {
                const arrived = state === "login-required" || state === "renewal-failed" ? usable(fresh, ports) : undefined;
                if (arrived !== undefined)
                    return { freshToken: arrived };
                previous = fresh.notice;
                decision = decide(report, inputs, ports, state, previous);
            }
        }
        return await announce(state, decision, previous, report, inputs, ports);
    }
    finally {
        if (holder !== undefined)
            await releaseLock(ports, holder);
    }
}
async function announce(...args) {
    const { announce: carryOut } = await __nccwpck_require__.e(/* import() */ 966).then(__nccwpck_require__.bind(__nccwpck_require__, 2966));
    return carryOut(...args);
}
const OFF_DAY_WHAT = {
    "login-required": "A FYERS login is required",
    "login-due": "A FYERS login is due soon",
    "renewal-failed": "The FYERS token could not be renewed",
};
async function lastAnnounced(report, inputs, ports) {
    if (report.noticeUnread !== true)
        return report.notice;
    if (!inputs.notify.includes("issue"))
        return undefined;
    const { readIssueNotice } = await __nccwpck_require__.e(/* import() */ 966).then(__nccwpck_require__.bind(__nccwpck_require__, 2966));
    return readIssueNotice(ports.context, ports.issues, ports.io);
}
function decide(report, inputs, ports, state, previous) {
    const deadlineMs = deadlineOf(report, state);
    const renewed = report.result === "exchanged" || report.result === "refreshed";
    const cause = report.failure?.cause;
    const decided = decideNotice(previous, {
        state,
        renewed,
        nowMs: report.nowMs,
        ...(cause === undefined ? {} : { cause }),
        ...(deadlineMs === undefined ? {} : { deadlineMs }),
    }, inputs.notify);
    return ports.noticeKept === false && renewed && inputs.notify.includes("issue")
        ? { ...decided, closeIssue: true }
        : decided;
}
const LOCK_TTL_MS = 30_000;
const LOCK_POLL_MS = 250;
async function takeLock(ports) {
    const { store, io, holder } = ports;
    if (store.lockNotice === undefined)
        return undefined;
    try {
        for (let attempt = 0; attempt * LOCK_POLL_MS < LOCK_TTL_MS; attempt++) {
            if ((await store.lockNotice(holder, LOCK_TTL_MS, ports.clock())) === "taken")
                return holder;
            await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
        }
        io.warning(`Another run has held the announce lock ${lockName(ports)} for ${LOCK_TTL_MS / 1000} s: announcing without it, so a message may come twice.`);
    }
    catch (error) {
        io.warning(`Could not take the announce lock ${lockName(ports)} (${messageOf(error)}): two runs at once may both announce. ` +
            `Fix: allow ssm:PutParameter, ssm:GetParameters and ssm:DeleteParameter on ${lockName(ports)} (the ActionAnnouncesOnceUnderALock statement of docs/iam/fyers-token-policy.json).`);
    }
    return undefined;
}
async function releaseLock(ports, holder) {
    try {
        await ports.store.unlockNotice?.(holder);
    }
    catch (error) {
        ports.io.warning(`Could not release the announce lock ${lockName(ports)} (${messageOf(error)}); it expires by itself within ${LOCK_TTL_MS / 1000} s.`);
    }
}
const lockName = (ports) => `${ports.context.ssmPrefix}/login_notice_lock`;
async function reread(ports) {
    try {
        return await ports.store.read();
    }
    catch (error) {
        ports.io.debug(`Could not read the store again before announcing: ${messageOf(error)}`);
        return undefined;
    }
}
function usable(tokens, ports) {
    if (tokens.accessToken === undefined || tokens.accessToken === ports.accessTokenRead?.())
        return undefined;
    return works((0,tokens_status/* tokenInfo */.oG)(tokens.accessToken, ports.clock())) ? tokens.accessToken : undefined;
}
function works(access) {
    return (0,tokens_status/* hasAtLeast */.vO)(access, 60) && access.status === "valid";
}
function messageOf(error) {
    return error instanceof Error ? error.message : String(error);
}
function deadlineOf(report, state) {
    if (state === "login-required" || state === "renewal-failed")
        return (0,time/* nextRollover */.R8)(report.nowMs);
    return state === "login-due" ? report.loginDue?.byMs : undefined;
}


/***/ }),

/***/ 6206:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Vp: () => (/* binding */ runUrl),
/* harmony export */   pO: () => (/* binding */ runContext),
/* harmony export */   pk: () => (/* binding */ workflowUrl)
/* harmony export */ });
function runContext(env) {
    const workflowPath = env.GITHUB_WORKFLOW_REF?.split("@")[0];
    const workflowFile = workflowPath?.split("/").pop();
    return {
        serverUrl: (env.GITHUB_SERVER_URL || "https://github.com").replace(/\/+$/, ""),
        repository: env.GITHUB_REPOSITORY || undefined,
        workflowFile: workflowFile || undefined,
        runId: env.GITHUB_RUN_ID || undefined,
    };
}
function workflowUrl(context) {
    if (context.repository === undefined)
        return undefined;
    const base = `${context.serverUrl}/${context.repository}/actions`;
    return context.workflowFile === undefined ? base : `${base}/workflows/${context.workflowFile}`;
}
function runUrl(context) {
    if (context.repository === undefined || context.runId === undefined)
        return undefined;
    return `${context.serverUrl}/${context.repository}/actions/runs/${context.runId}`;
}


/***/ }),

/***/ 8890:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   y: () => (/* binding */ RESULT_TEXT)
/* harmony export */ });
const RESULT_TEXT = {
    refreshed: "refreshed the access token",
    exchanged: "exchanged the auth code for new tokens",
    skipped: "skipped: the access token is still good",
    valid: "the stored access token is valid",
    invalid: "the stored access token is not valid",
    "login-required": "a login is required",
};


/***/ }),

/***/ 319:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   DN: () => (/* binding */ isFyersTokenError),
/* harmony export */   Fj: () => (/* binding */ configError),
/* harmony export */   xO: () => (/* binding */ FyersTokenError)
/* harmony export */ });
/* unused harmony export exitCodeFor */
class FyersTokenError extends Error {
    name = "FyersTokenError";
    code;
    hint;
    fyersCode;
    fyersMessage;
    httpStatus;
    variable;
    savedTo;
    constructor(code, message, options = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.code = code;
        this.hint = options.hint;
        this.fyersCode = options.fyersCode;
        this.fyersMessage = options.fyersMessage;
        this.httpStatus = options.httpStatus;
        this.variable = options.variable;
        this.savedTo = options.savedTo;
        Object.defineProperty(this, "issued", { value: options.issued, enumerable: false });
    }
}
function isFyersTokenError(error, code) {
    return error instanceof FyersTokenError && (code === undefined || error.code === code);
}
function exitCodeFor(error) {
    if (!(error instanceof FyersTokenError))
        return 1;
    switch (error.code) {
        case "invalid_config":
        case "bad_credentials":
            return 2;
        case "login_required":
        case "timeout":
            return 3;
        default:
            return 1;
    }
}
function configError(variable, message, hint) {
    return new FyersTokenError("invalid_config", `${variable}: ${message}`, { variable, hint });
}


/***/ }),

/***/ 2212:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   FX: () => (/* binding */ HASH_HINT),
/* harmony export */   Un: () => (/* binding */ REFRESH_HINT),
/* harmony export */   dn: () => (/* binding */ AUTH_CODE_HINT),
/* harmony export */   nc: () => (/* binding */ loginCommand),
/* harmony export */   xQ: () => (/* binding */ RATE_HINT)
/* harmony export */ });
const HASH_HINT = 'check FYERS_CLIENT_ID (with its suffix, e.g. ABCDE12345-100) and FYERS_APP_SECRET; the hash FYERS expects is sha256 of "CLIENT_ID:APP_SECRET": echo -n "$FYERS_CLIENT_ID:$FYERS_APP_SECRET" | sha256sum';
const AUTH_CODE_HINT = "auth codes are single use and expire within minutes: log in again (npx tsx packages/scripts/login.ts) and use the new code at once, copied without extra characters";
const REFRESH_HINT = "since April 2026 FYERS requires a 2FA login every trading day and may refuse refresh tokens: log in again (npx tsx packages/scripts/login.ts)";
const RATE_HINT = "FYERS allows 10 requests/s and 200/min; going over the per-minute limit more than 3 times a day blocks the user for the day: wait a minute, then run once";
function loginCommand(kind = "file") {
    return `npx tsx packages/scripts/login.ts${kind === "ssm" ? " --store ssm" : ""}`;
}


/***/ }),

/***/ 3905:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   BB: () => (/* binding */ withoutLoginKey),
/* harmony export */   BP: () => (/* binding */ LOGIN_KEY_PATTERN),
/* harmony export */   k$: () => (/* binding */ loginKeyOf)
/* harmony export */ });
/* unused harmony exports loginKey, isLoginKey, loginLinkFor */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);

const KEY_BYTES = 32;
const LOGIN_KEY_PATTERN = /^[A-Za-z0-9_-]{43}$/;
function loginKey(appSecret) {
    return Buffer.from(hkdfSync("sha256", appSecret, "fyers-token callback", "login link v1", KEY_BYTES)).toString("base64url");
}
function isLoginKey(given, appSecret) {
    if (typeof given !== "string" || !LOGIN_KEY_PATTERN.test(given))
        return false;
    return timingSafeEqual(Buffer.from(given), Buffer.from(loginKey(appSecret)));
}
function loginLinkFor(baseUrl, appSecret) {
    const url = new URL(baseUrl);
    url.pathname = `${url.pathname.replace(/\/+$/, "").replace(/\/login$/, "")}/login`;
    url.search = new URLSearchParams({ k: loginKey(appSecret) }).toString();
    url.hash = "";
    return url.toString();
}
function withoutLoginKey(link) {
    if (!URL.canParse(link))
        return link;
    const url = new URL(link);
    url.searchParams.delete("k");
    url.hash = "";
    return url.toString();
}
function loginKeyOf(link) {
    if (!URL.canParse(link))
        return undefined;
    return new URL(link).searchParams.get("k") ?? undefined;
}


/***/ }),

/***/ 1861:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   x: () => (/* binding */ parseHolidays),
/* harmony export */   y: () => (/* binding */ tradingDay)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(319);
/* harmony import */ var _time_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(5829);


const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
function parseHolidays(text, name) {
    const dates = new Set();
    for (const line of text.split(/\r?\n/)) {
        const data = line.replace(/#.*$/, "");
        const hidden = /#.*?(\d{4}-\d{2}-\d{2})/.exec(line)?.[1];
        if (hidden !== undefined) {
            throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .configError */ .Fj)(name, `"${hidden}" is inside a comment (after #), so it would not count as a holiday`, "put each date on its own line before its # comment (a YAML `>` block joins lines: use `|`), or leave the comments out");
        }
        for (const word of data.split(/[\s,]+/)) {
            if (word === "")
                continue;
            if (!isCalendarDate(word)) {
                throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .configError */ .Fj)(name, `"${word.slice(0, 20)}" is not a date; write YYYY-MM-DD dates, comma or newline separated`, "e.g. 2026-01-26,2026-03-03");
            }
            dates.add(word);
        }
    }
    return dates;
}
function isCalendarDate(word) {
    const match = DATE.exec(word);
    if (!match)
        return false;
    const [, year, month, day] = match.map(Number);
    const date = new Date(Date.UTC(year, month - 1, day));
    return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
function tradingDay(nowMs, holidays) {
    const ist = new Date(nowMs + _time_js__WEBPACK_IMPORTED_MODULE_1__/* .IST_OFFSET_MS */ .Yd);
    const date = ist.toISOString().slice(0, 10);
    const weekday = ist.getUTCDay();
    if (weekday === 0 || weekday === 6) {
        return { trading: false, why: `${date} is a ${WEEKDAYS[weekday]} (IST), not a trading day` };
    }
    if (holidays.has(date))
        return { trading: false, why: `${date} is listed in the holidays, not a trading day` };
    return { trading: true };
}


/***/ }),

/***/ 3559:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   d: () => (/* binding */ webhookSecrets)
/* harmony export */ });
const KEY_LIKE = (part) => part.length >= 20 || (part.length >= 8 && /\d/.test(part));
function webhookSecrets(url) {
    const secrets = [url];
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        return secrets;
    }
    const path = `${parsed.pathname}${parsed.search}`;
    secrets.push(parsed.href);
    if (path.length >= 8)
        secrets.push(path);
    const parts = [
        ...parsed.pathname.split("/").map((part) => safeDecode(part)),
        ...[...parsed.searchParams.values()],
        safeDecode(parsed.password),
    ];
    for (const part of parts)
        if (KEY_LIKE(part))
            secrets.push(part);
    return [...new Set(secrets)];
}
function safeDecode(part) {
    try {
        return decodeURIComponent(part);
    }
    catch {
        return part;
    }
}


/***/ }),

/***/ 8681:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   HV: () => (/* binding */ createScrubber),
/* harmony export */   IZ: () => (/* binding */ trusted)
/* harmony export */ });
/* unused harmony exports maskToken, SHORT_SECRET */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);

function maskToken(value) {
    if (!value)
        return "(none)";
    return `${value.slice(0, 8)}…`;
}
const JWT_LIKE = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g;
const SHORT_SECRET = 8;
const TIMESTAMP = /\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z| IST)?)?/g;
const NONCE = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(6).toString("hex");
const OPEN = `\uE000${NONCE}\uE001`;
const CLOSE = `\uE002${NONCE}\uE003`;
function unmarked(text) {
    return text.split(OPEN).join("").split(CLOSE).join("");
}
function trusted(text) {
    return `${OPEN}${unmarked(String(text))}${CLOSE}`;
}
function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
function spans(text) {
    const out = [];
    let rest = text;
    for (;;) {
        const open = rest.indexOf(OPEN);
        const close = open < 0 ? -1 : rest.indexOf(CLOSE, open + OPEN.length);
        if (close < 0) {
            out.push({ text: unmarked(rest), trusted: false });
            return out;
        }
        out.push({ text: unmarked(rest.slice(0, open)), trusted: false });
        out.push({ text: unmarked(rest.slice(open + OPEN.length, close)), trusted: true });
        rest = rest.slice(close + CLOSE.length);
    }
}
function createScrubber() {
    const secrets = new Set();
    const sorted = () => [...secrets].sort((a, b) => b.length - a.length);
    const scrubLong = (text) => {
        let out = text.replace(JWT_LIKE, (token) => maskToken(token));
        for (const secret of sorted())
            if (secret.length >= SHORT_SECRET)
                out = out.split(secret).join("***");
        return out;
    };
    const scrubShort = (text) => {
        let out = text;
        for (const secret of sorted()) {
            if (secret.length >= SHORT_SECRET)
                continue;
            out = out.replace(new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(secret)}(?![A-Za-z0-9])`, "g"), "***");
        }
        return out;
    };
    const scrubForeign = (text) => {
        const parts = [];
        let last = 0;
        for (const match of text.matchAll(TIMESTAMP)) {
            parts.push(scrubShort(text.slice(last, match.index)), match[0]);
            last = match.index + match[0].length;
        }
        parts.push(scrubShort(text.slice(last)));
        return parts.join("");
    };
    return {
        add(...values) {
            for (const value of values)
                if (value && value.length >= 4)
                    secrets.add(value);
        },
        scrub(text) {
            const parts = spans(text).map((span) => span.trusted ? scrubLong(span.text) : scrubForeign(scrubLong(span.text)));
            return scrubLong(parts.join(""));
        },
    };
}


/***/ }),

/***/ 4125:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   E0: () => (/* binding */ changedFields),
/* harmony export */   Uh: () => (/* binding */ parseNotice),
/* harmony export */   Zj: () => (/* binding */ sameNotice),
/* harmony export */   h1: () => (/* binding */ merge)
/* harmony export */ });
/* unused harmony export TOKEN_FIELDS */
const TOKEN_FIELDS = ["clientId", "accessToken", "refreshToken"];
function merge(current, update) {
    const next = { ...current, clientId: update.clientId };
    if (update.accessToken !== undefined)
        next.accessToken = update.accessToken;
    if (update.refreshToken !== undefined)
        next.refreshToken = update.refreshToken;
    return next;
}
function changedFields(current, next, order = TOKEN_FIELDS) {
    return order.filter((k) => next[k] !== undefined && next[k] !== current[k]);
}
function sameNotice(a, b) {
    return JSON.stringify(normalizeNotice(a)) === JSON.stringify(normalizeNotice(b));
}
function normalizeNotice(n) {
    return (n && {
        event: n.event,
        since: n.since,
        channels: [...n.channels],
        deadline: n.deadline ?? null,
        cause: n.cause ?? null,
    });
}
function parseNotice(value) {
    if (typeof value === "string") {
        if (value === "" || value === "none")
            return undefined;
        try {
            return parseNotice(JSON.parse(value));
        }
        catch {
            return undefined;
        }
    }
    if (typeof value !== "object" || value === null)
        return undefined;
    const v = value;
    if (v.event !== "login-required" && v.event !== "login-due" && v.event !== "renewal-failed")
        return undefined;
    if (typeof v.since !== "string")
        return undefined;
    if (!Array.isArray(v.channels) || !v.channels.every((c) => typeof c === "string"))
        return undefined;
    const notice = { event: v.event, since: v.since, channels: [...v.channels] };
    if (typeof v.deadline === "string")
        notice.deadline = v.deadline;
    if (typeof v.cause === "string")
        notice.cause = v.cause;
    return notice;
}


/***/ }),

/***/ 5829:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   R8: () => (/* binding */ nextRollover),
/* harmony export */   Yd: () => (/* binding */ IST_OFFSET_MS),
/* harmony export */   kK: () => (/* binding */ formatIst),
/* harmony export */   ml: () => (/* binding */ systemClock),
/* harmony export */   u8: () => (/* binding */ isoUtc)
/* harmony export */ });
const IST_OFFSET_MS = 5.5 * 3600 * 1000;
const ROLLOVER_UTC_MS = 30 * 60 * 1000;
const DAY_MS = 86400 * 1000;
function isoUtc(ms) {
    return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}
const LAST_IST_MS = Date.parse("9999-12-31T18:29:59Z");
function formatIst(ms) {
    if (!(ms >= 0 && ms <= LAST_IST_MS))
        return "an unknown time";
    const ist = new Date(ms + IST_OFFSET_MS).toISOString();
    return `${ist.slice(0, 10)} ${ist.slice(11, 16)} IST`;
}
function nextRollover(nowMs) {
    const lastRollover = Math.floor((nowMs - ROLLOVER_UTC_MS) / DAY_MS) * DAY_MS + ROLLOVER_UTC_MS;
    return lastRollover + DAY_MS;
}
const systemClock = () => Date.now();


/***/ }),

/***/ 6656:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  vO: () => (/* binding */ hasAtLeast),
  t7: () => (/* binding */ mayBeUsable),
  oG: () => (/* binding */ tokenInfo)
});

// EXTERNAL MODULE: ../core/src/time.ts
var time = __nccwpck_require__(5829);
;// CONCATENATED MODULE: ../../node_modules/jwt-decode/build/esm/index.js
class InvalidTokenError extends Error {
}
InvalidTokenError.prototype.name = "InvalidTokenError";
function b64DecodeUnicode(str) {
    return decodeURIComponent(atob(str).replace(/(.)/g, (m, p) => {
        let code = p.charCodeAt(0).toString(16).toUpperCase();
        if (code.length < 2) {
            code = "0" + code;
        }
        return "%" + code;
    }));
}
function base64UrlDecode(str) {
    let output = str.replace(/-/g, "+").replace(/_/g, "/");
    switch (output.length % 4) {
        case 0:
            break;
        case 2:
            output += "==";
            break;
        case 3:
            output += "=";
            break;
        default:
            throw new Error("base64 string is not of the correct length");
    }
    try {
        return b64DecodeUnicode(output);
    }
    catch (err) {
        return atob(output);
    }
}
function jwtDecode(token, options) {
    if (typeof token !== "string") {
        throw new InvalidTokenError("Invalid token specified: must be a string");
    }
    options || (options = {});
    const pos = options.header === true ? 0 : 1;
    const part = token.split(".")[pos];
    if (typeof part !== "string") {
        throw new InvalidTokenError(`Invalid token specified: missing part #${pos + 1}`);
    }
    let decoded;
    try {
        decoded = base64UrlDecode(part);
    }
    catch (e) {
        throw new InvalidTokenError(`Invalid token specified: invalid base64 for part #${pos + 1} (${e.message})`);
    }
    try {
        return JSON.parse(decoded);
    }
    catch (e) {
        throw new InvalidTokenError(`Invalid token specified: invalid json for part #${pos + 1} (${e.message})`);
    }
}

;// CONCATENATED MODULE: ../core/src/tokens/jwt.ts

function decodeClaims(token) {
    try {
        const claims = jwtDecode(token);
        return typeof claims === "object" && claims !== null ? claims : undefined;
    }
    catch {
        return undefined;
    }
}
const LAST_EXP_SECONDS = 253_402_300_799;
function expiresAtMs(token) {
    const exp = decodeClaims(token)?.exp;
    if (typeof exp !== "number" || !(exp >= 0 && exp <= LAST_EXP_SECONDS))
        return undefined;
    return exp * 1000;
}

;// CONCATENATED MODULE: ../core/src/tokens/status.ts


function tokenInfo(token, nowMs, windowSeconds = 0) {
    if (!token)
        return { status: "missing", expires_at: null, seconds_left: null };
    const expMs = expiresAtMs(token);
    if (expMs === undefined)
        return { status: "unknown", expires_at: null, seconds_left: null };
    const secondsLeft = Math.floor((expMs - nowMs) / 1000);
    const status = secondsLeft <= 0 ? "expired" : secondsLeft < windowSeconds ? "expiring" : "valid";
    return { status, expires_at: (0,time/* isoUtc */.u8)(expMs), seconds_left: secondsLeft };
}
function hasAtLeast(info, minSeconds) {
    return info.seconds_left !== null && info.seconds_left >= minSeconds && info.seconds_left > 0;
}
function mayBeUsable(info) {
    return info.status === "valid" || info.status === "expiring" || info.status === "unknown";
}


/***/ }),

/***/ 9765:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Wm: () => (/* binding */ tuningMs),
/* harmony export */   cb: () => (/* binding */ TUNING_DEFAULTS_MS),
/* harmony export */   qj: () => (/* binding */ checkTuning)
/* harmony export */ });
/* unused harmony export TUNING_ENV */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(319);

const TUNING_ENV = {
    rateLimitPause: "FYERS_RATE_LIMIT_PAUSE",
    retryBackoff: "FYERS_RETRY_BACKOFF",
    lockWait: "FYERS_LOCK_WAIT",
    serviceTimeout: "FYERS_SERVICE_TIMEOUT",
};
const TUNING_DEFAULTS_MS = {
    rateLimitPause: 30_000,
    retryBackoff: 500,
    lockWait: 5_000,
    serviceTimeout: 10_000,
};
const MAX_MS = {
    rateLimitPause: 600_000,
    retryBackoff: 60_000,
    lockWait: 600_000,
    serviceTimeout: 600_000,
};
const MIN_MS = { rateLimitPause: 0, retryBackoff: 0, lockWait: 0, serviceTimeout: 1 };
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000 };
const VALUE = /^(\d{1,7})(ms|s|m)$/;
function tuningMs(setting, env = process.env) {
    const variable = TUNING_ENV[setting];
    const text = env[variable]?.trim();
    if (!text)
        return TUNING_DEFAULTS_MS[setting];
    const match = VALUE.exec(text);
    const ms = match ? Number(match[1]) * UNIT_MS[match[2]] : Number.NaN;
    if (!(ms >= MIN_MS[setting] && ms <= MAX_MS[setting])) {
        const quoted = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .configError */ .Fj)(variable, `${quoted} is not a duration from ${MIN_MS[setting]}ms to ${MAX_MS[setting] / 60_000}m`, `use <integer><ms|s|m>, e.g. 200ms or 2s, or unset it for the default (${TUNING_DEFAULTS_MS[setting]}ms); a test/advanced setting`);
    }
    return ms;
}
function checkTuning(env = process.env) {
    return {
        rateLimitPause: tuningMs("rateLimitPause", env),
        retryBackoff: tuningMs("retryBackoff", env),
        lockWait: tuningMs("lockWait", env),
        serviceTimeout: tuningMs("serviceTimeout", env),
    };
}


/***/ }),

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 8611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 5692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 9278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 4589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 1421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 7540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 4708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:process");

/***/ }),

/***/ 1792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 5574:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 4756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
var __webpack_exports__ = {};

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
// EXTERNAL MODULE: ../core/src/errors.ts
var errors = __nccwpck_require__(319);
;// CONCATENATED MODULE: ../core/src/duration.ts

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;
const DURATION_RANGES = {
    timeout: { min: 1, max: DAY },
    fyersTimeout: { min: 1, max: 10 * MINUTE },
    minRemaining: { min: 0, max: 23 * HOUR },
    warnBefore: { min: 0, max: 30 * DAY },
};
const ANY_DURATION = { min: 0, max: 365 * DAY };
const UNITS = [
    ["d", DAY],
    ["h", HOUR],
    ["m", MINUTE],
    ["s", 1],
];
const DURATION = /^(-)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;
const FORM_HINT = "use one or more <integer><unit>, largest unit first, with units d, h, m, s, e.g. 90s, 2h, 1h30m, 3d";
const MAX_QUOTED = 40;
function parseDuration(text, name, range = ANY_DURATION) {
    const value = text.trim();
    const match = DURATION.exec(value);
    if (!match || match.slice(2).every((part) => part === undefined)) {
        throw (0,errors/* configError */.Fj)(name, `${quote(text)} is not a duration`, FORM_HINT);
    }
    let seconds = 0;
    UNITS.forEach(([, size], index) => {
        const amount = match[index + 2];
        if (amount !== undefined)
            seconds += Number(amount) * size;
    });
    if (match[1] === "-")
        seconds = -seconds;
    if (!(seconds >= range.min && seconds <= range.max)) {
        const span = `at least ${compact(range.min)} and at most ${compact(range.max)}`;
        throw (0,errors/* configError */.Fj)(name, `${quote(text)} is out of range: use ${span}`, `set ${name} to a duration of ${span}, e.g. ${examples(range)}`);
    }
    return seconds;
}
function quote(text) {
    return text.length > MAX_QUOTED
        ? `"${text.slice(0, MAX_QUOTED)}…" (${text.length} characters)`
        : `"${text}"`;
}
function compact(totalSeconds) {
    let rest = totalSeconds;
    let text = "";
    for (const [unit, size] of UNITS) {
        const amount = Math.floor(rest / size);
        rest -= amount * size;
        if (amount > 0)
            text += `${amount}${unit}`;
    }
    return text || "0s";
}
function examples(range) {
    const inside = [30, 600, 5400, 3 * DAY].filter((s) => s >= range.min && s <= range.max).map(compact);
    if (inside.length === 0)
        return compact(range.max);
    return inside.length === 1 ? `${inside[0]}` : `${inside.slice(0, -1).join(", ")} or ${inside.at(-1)}`;
}
function formatDuration(totalSeconds) {
    const sign = totalSeconds < 0 ? "-" : "";
    let rest = Math.abs(Math.round(totalSeconds));
    const parts = [];
    for (const [unit, size] of UNITS) {
        const amount = Math.floor(rest / size);
        rest -= amount * size;
        if (amount > 0 || (unit === "s" && parts.length === 0))
            parts.push(`${amount}${unit}`);
    }
    return sign + parts.slice(0, 2).join(" ");
}

// EXTERNAL MODULE: ../core/src/tuning.ts
var src_tuning = __nccwpck_require__(9765);
// EXTERNAL MODULE: ../core/src/store/port.ts
var port = __nccwpck_require__(4125);
;// CONCATENATED MODULE: ../core/src/store/ssm.ts




const DEFAULT_SSM_PREFIX = "/stock-pipeline/fyers";
const IAM_POLICY_FILE = "docs/iam/fyers-token-policy.json";
const DEFAULT_SSM_TIMEOUT_MS = 10_000;
const KEYS = { clientId: "client_id", accessToken: "access_token", refreshToken: "refresh_token" };
const WRITE_ORDER = ["clientId", "refreshToken", "accessToken"];
const NOTICE_KEY = "login_notice";
const CLEARED_NOTICE = "none";
const LOCK_KEY = "login_notice_lock";
const MAX_NAMES = 10;
const EXTRA_NAME = /^[A-Za-z0-9_.-]{1,100}$/;
function parameterNames(prefix) {
    return {
        clientId: `${prefix}/${KEYS.clientId}`,
        accessToken: `${prefix}/${KEYS.accessToken}`,
        refreshToken: `${prefix}/${KEYS.refreshToken}`,
    };
}
function ssmError(error, action, parameter, kmsKeyId) {
    const name = error.name ?? "Error";
    const where = `ssm:${action} on ${parameter}`;
    if (name === "AccessDeniedException") {
        return new errors/* FyersTokenError */.xO("store_failed", `AWS denied ${where}`, {
            cause: error,
            hint: `grant ssm:${action} on this parameter to the role or user in use; ${IAM_POLICY_FILE} is a least-privilege policy for exactly the parameters this project uses`,
        });
    }
    if (name.startsWith("KMS") || name === "InvalidKeyId") {
        return new errors/* FyersTokenError */.xO("store_failed", `AWS KMS refused ${where} (${name})`, {
            cause: error,
            hint: `check the KMS key${kmsKeyId ? ` ${kmsKeyId}` : ""} exists and allows kms:Encrypt/kms:Decrypt to this role (FYERS_SSM_KMS_KEY_ID)`,
        });
    }
    if (name === "CredentialsProviderError" || /credential/i.test(name)) {
        return new errors/* FyersTokenError */.xO("store_failed", `no AWS credentials for ${where}`, {
            cause: error,
            hint: "set AWS_PROFILE (or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY); in GitHub Actions use aws-actions/configure-aws-credentials",
        });
    }
    if (/region/i.test(error.message ?? "")) {
        return new errors/* FyersTokenError */.xO("invalid_config", `AWS_REGION: no AWS region for ${where}`, {
            cause: error,
            variable: "AWS_REGION",
            hint: "set AWS_REGION, e.g. AWS_REGION=ap-south-1",
        });
    }
    const message = error.message;
    return new errors/* FyersTokenError */.xO("store_failed", `AWS SSM ${action} failed on ${parameter} (${name}${message ? `: ${message}` : ""})`, {
        cause: error,
        hint: "check AWS_REGION, the network and AWS_ENDPOINT_URL_SSM if set",
    });
}
function describeMs(ms) {
    return ms < 1000 ? `${ms}ms` : formatDuration(ms / 1000);
}
function deadlineError(timeoutMs, action, parameter, cause) {
    return new errors/* FyersTokenError */.xO("unavailable", `AWS SSM did not answer within ${describeMs(timeoutMs)} (ssm:${action} on ${parameter})`, {
        cause,
        hint: "check the network, AWS_REGION and AWS_ENDPOINT_URL_SSM if set, then run again",
    });
}
const TOKEN_NAMES = {
    clientId: "client id",
    accessToken: "access token",
    refreshToken: "refresh token",
};
function describePartialWrite(wanted, written) {
    const tokens = (fields) => fields.filter((f) => f !== "clientId").map((f) => `the new ${TOKEN_NAMES[f]}`);
    const held = tokens(written);
    const missing = tokens(wanted.filter((f) => !written.includes(f)));
    if (held.length === 0)
        return `SSM holds none of the new tokens`;
    return `SSM holds ${held.join(" and ")} but not ${missing.join(" or ") || "the client id"}`;
}
function createSsmStore(options = {}) {
    const prefix = options.prefix ?? DEFAULT_SSM_PREFIX;
    const names = parameterNames(prefix);
    const noticeName = `${prefix}/${NOTICE_KEY}`;
    const timeoutMs = options.timeoutMs ?? (0,src_tuning/* tuningMs */.Wm)("serviceTimeout");
    let client;
    const connect = () => {
        client ??= Promise.all(/* import() */[__nccwpck_require__.e(28), __nccwpck_require__.e(748)]).then(__nccwpck_require__.bind(__nccwpck_require__, 4748)).then((sdk) => ({
            sdk,
            ssm: new sdk.SSMClient({
                requestHandler: { connectionTimeout: timeoutMs, requestTimeout: timeoutMs },
                ...options.clientConfig,
            }),
        }));
        return client;
    };
    async function call(action, parameter, send) {
        const controller = new AbortController();
        let timer;
        const deadline = new Promise((_, reject) => {
            timer = setTimeout(() => {
                controller.abort();
                reject(deadlineError(timeoutMs, action, parameter));
            }, timeoutMs);
        });
        try {
            const { sdk, ssm } = await Promise.race([connect(), deadline]);
            return await Promise.race([send(ssm, sdk, controller.signal), deadline]);
        }
        catch (error) {
            if (error instanceof errors/* FyersTokenError */.xO)
                throw error;
            const name = error.name;
            if (controller.signal.aborted || name === "TimeoutError" || name === "AbortError")
                throw deadlineError(timeoutMs, action, parameter, error);
            throw ssmError(error, action, parameter, options.kmsKeyId);
        }
        finally {
            clearTimeout(timer);
        }
    }
    async function getParameters(all, notice) {
        const answer = await call("GetParameters", `${prefix}/*`, (ssm, sdk, abortSignal) => ssm.send(new sdk.GetParametersCommand({ Names: all, WithDecryption: true }), { abortSignal }));
        const value = (name) => answer.Parameters?.find((p) => p.Name === name)?.Value;
        const tokens = {};
        for (const key of WRITE_ORDER) {
            const found = value(names[key]);
            if (found)
                tokens[key] = found;
        }
        if (notice) {
            const stored = (0,port/* parseNotice */.Uh)(value(noticeName));
            if (stored)
                tokens.notice = stored;
        }
        return { tokens, value };
    }
    const tokenNames = (notice) => [...Object.values(names), ...(notice ? [noticeName] : [])];
    let noticeOn = options.withNotice === true;
    async function getWithNotice(all) {
        if (!noticeOn)
            return getParameters(all.filter((n) => n !== noticeName), false);
        try {
            return await getParameters(all, true);
        }
        catch (error) {
            const denied = error instanceof errors/* FyersTokenError */.xO && /^AWS denied /.test(error.message);
            if (!denied || options.onNoticeDenied === undefined)
                throw error;
            const answer = await getParameters(all.filter((n) => n !== noticeName), false);
            noticeOn = false;
            options.onNoticeDenied(`AWS denied ssm:GetParameters on ${noticeName}, where fyers-token remembers the login notice it sent; ` +
                `running without it (every run that finds a login needed announces it again, and the login issue closes only after an exchange or a refresh). ` +
                `Fix: allow ssm:GetParameters and ssm:PutParameter on ${noticeName} (the ActionRemembersTheLoginNoticeItSent statement of ${IAM_POLICY_FILE})`);
            return answer;
        }
    }
    async function readWith(extra) {
        const notice = options.withNotice === true;
        const base = tokenNames(notice);
        for (const name of extra) {
            if (!EXTRA_NAME.test(name) || base.includes(`${prefix}/${name}`))
                throw new errors/* FyersTokenError */.xO("invalid_config", `readWith: "${name}" is not a parameter name to read`);
        }
        if (base.length + extra.length > MAX_NAMES)
            throw new errors/* FyersTokenError */.xO("invalid_config", `readWith: at most ${MAX_NAMES - base.length} extra names`);
        const { tokens, value } = await getWithNotice([...base, ...extra.map((n) => `${prefix}/${n}`)]);
        const extras = {};
        for (const name of extra) {
            const found = value(`${prefix}/${name}`);
            if (found)
                extras[name] = found;
        }
        return { tokens, extras };
    }
    const read = async () => (await getWithNotice(tokenNames(noticeOn))).tokens;
    const readAccess = async () => (await getParameters([names.clientId, names.accessToken], false)).tokens;
    async function put(name, value, type) {
        await call("PutParameter", name, (ssm, sdk, abortSignal) => ssm.send(new sdk.PutParameterCommand({
            Name: name,
            Value: value,
            Type: type,
            Overwrite: true,
            ...(type === "SecureString" && options.kmsKeyId ? { KeyId: options.kmsKeyId } : {}),
        }), { abortSignal }));
    }
    async function write(update, current) {
        const before = current ?? (await read());
        const next = (0,port/* merge */.h1)(before, update);
        const wanted = (0,port/* changedFields */.E0)(before, next, WRITE_ORDER);
        const written = [];
        for (const key of wanted) {
            try {
                await put(names[key], next[key], "SecureString");
            }
            catch (error) {
                throw partialWriteError(error, wanted, written);
            }
            written.push(key);
        }
        return written;
    }
    function partialWriteError(error, wanted, written) {
        if (!(error instanceof errors/* FyersTokenError */.xO))
            return error;
        const done = written.length > 0
            ? ` (already written: ${written.map((k) => names[k]).join(", ")}); ${describePartialWrite(wanted, written)}`
            : "";
        return new errors/* FyersTokenError */.xO(error.code, `${error.message}${done}`, {
            cause: error.cause,
            hint: error.hint,
            variable: error.variable,
            savedTo: written.filter((k) => k !== "clientId").map((k) => `ssm:${names[k]}`),
        });
    }
    async function writeNotice(notice, current) {
        if (options.withNotice === true && !noticeOn)
            return;
        const before = current ?? (await getParameters(tokenNames(true), true)).tokens;
        if ((0,port/* sameNotice */.Zj)(before.notice, notice ?? undefined))
            return;
        await put(noticeName, notice === null ? CLEARED_NOTICE : JSON.stringify(notice), "String");
    }
    const lockName = `${prefix}/${LOCK_KEY}`;
    const createLock = (value) => call("PutParameter", lockName, (ssm, sdk, abortSignal) => ssm
        .send(new sdk.PutParameterCommand({ Name: lockName, Value: value, Type: "String", Overwrite: false }), {
        abortSignal,
    })
        .then(() => true, (error) => {
        if (error.name === "ParameterAlreadyExists")
            return false;
        throw error;
    }));
    async function readLock() {
        const answer = await call("GetParameters", lockName, (ssm, sdk, abortSignal) => ssm.send(new sdk.GetParametersCommand({ Names: [lockName] }), { abortSignal }));
        const raw = answer.Parameters?.[0]?.Value;
        if (raw === undefined)
            return undefined;
        try {
            const parsed = JSON.parse(raw);
            const untilMs = typeof parsed.until === "string" ? Date.parse(parsed.until) : Number.NaN;
            return { holder: String(parsed.holder), untilMs: Number.isNaN(untilMs) ? 0 : untilMs };
        }
        catch {
            return { holder: "", untilMs: 0 };
        }
    }
    const deleteLock = () => call("DeleteParameter", lockName, (ssm, sdk, abortSignal) => ssm.send(new sdk.DeleteParameterCommand({ Name: lockName }), { abortSignal }).then(() => undefined, (error) => {
        if (error.name !== "ParameterNotFound")
            throw error;
    }));
    async function lockNotice(holder, ttlMs, nowMs) {
        const value = JSON.stringify({ holder, until: new Date(nowMs + ttlMs).toISOString() });
        for (let attempt = 0; attempt < 2; attempt++) {
            if (await createLock(value))
                return "taken";
            const current = await readLock();
            if (current !== undefined && current.untilMs > nowMs)
                return "held";
            if (current !== undefined)
                await deleteLock();
        }
        return "held";
    }
    async function unlockNotice(holder) {
        const current = await readLock();
        if (current?.holder === holder)
            await deleteLock();
    }
    async function deleteAccessToken() {
        return call("DeleteParameter", names.accessToken, (ssm, sdk, abortSignal) => ssm.send(new sdk.DeleteParameterCommand({ Name: names.accessToken }), { abortSignal }).then(() => true, (error) => {
            if (error.name === "ParameterNotFound")
                return false;
            throw error;
        }));
    }
    return {
        kind: "ssm",
        location: prefix,
        read,
        readWith,
        readAccess,
        write,
        checkWritable: async () => undefined,
        writeNotice,
        lockNotice,
        unlockNotice,
        deleteAccessToken,
    };
}

;// CONCATENATED MODULE: ../core/src/config.ts




const DEFAULT_API_URL = "https://api-t1.fyers.in/api/v3";
const DEFAULT_REDIRECT_URI = "https://trade.fyers.in/api-login/redirect-to-app";
const DEFAULT_TOKEN_FILE = "fyers_tokens.json";
const ENV_NAMES = {
    clientId: "FYERS_CLIENT_ID",
    appSecret: "FYERS_APP_SECRET",
    redirectUri: "FYERS_REDIRECT_URI",
    pin: "FYERS_PIN",
    apiUrl: "FYERS_API_URL",
    store: "FYERS_STORE",
    tokenFile: "FYERS_TOKEN_FILE",
    ssmPrefix: "FYERS_SSM_PREFIX",
    kmsKeyId: "FYERS_SSM_KMS_KEY_ID",
};
const CLIENT_ID = /^[A-Z0-9]{4,20}-\d{3}$/;
const PIN = /^\d{4}$/;
const SSM_PREFIX = /^(\/[A-Za-z0-9_.-]+)+$/;
function loadConfig(env, options = {}) {
    const nameOf = (key) => options.names?.[key] ?? ENV_NAMES[key];
    const get = (key) => {
        const value = options.overrides?.[key] ?? env[ENV_NAMES[key]];
        const trimmed = value?.trim();
        return trimmed === "" ? undefined : trimmed;
    };
    return {
        clientId: checkClientId(get("clientId"), nameOf("clientId")),
        appSecret: checkSecret(get("appSecret"), nameOf("appSecret")),
        redirectUri: checkUrl(get("redirectUri") ?? DEFAULT_REDIRECT_URI, nameOf("redirectUri"), "https://trade.fyers.in/api-login/redirect-to-app"),
        pin: checkPin(get("pin"), nameOf("pin")),
        apiUrl: checkUrl(get("apiUrl") ?? DEFAULT_API_URL, nameOf("apiUrl"), DEFAULT_API_URL).replace(/\/+$/, ""),
        store: checkStore(get("store") ?? options.defaultStore ?? "file", nameOf("store")),
        tokenFile: (0,external_node_path_.resolve)(options.cwd ?? process.cwd(), get("tokenFile") ?? DEFAULT_TOKEN_FILE),
        ssmPrefix: checkPrefix(get("ssmPrefix") ?? DEFAULT_SSM_PREFIX, nameOf("ssmPrefix")),
        kmsKeyId: get("kmsKeyId"),
    };
}
function checkClientId(value, name) {
    if (value === undefined) {
        throw (0,errors/* configError */.Fj)(name, "is required", "set it to your app id with its suffix, e.g. ABCDE12345-100 (FYERS API dashboard → My Apps)");
    }
    if (!CLIENT_ID.test(value))
        throw (0,errors/* configError */.Fj)(name, `"${value}" is not a FYERS app id`, clientIdHint(value));
    return value;
}
function clientIdHint(value) {
    const upper = value.toUpperCase();
    const capitals = upper === value ? "" : "use capital letters";
    if (CLIENT_ID.test(upper))
        return `${capitals}: ${upper}`;
    if (/^[A-Z0-9]{4,20}$/.test(upper)) {
        const fix = capitals ? `${capitals} and add the app-type suffix` : "add the app-type suffix";
        return `${fix}: ${upper}-100 for a user app (-102 for a third-party app)`;
    }
    return "an app id looks like ABCDE12345-100: capital letters and digits, a dash, then three digits";
}
function checkSecret(value, name) {
    if (value !== undefined && /\s/.test(value)) {
        throw (0,errors/* configError */.Fj)(name, "contains white space", "copy the app secret again from the FYERS API dashboard");
    }
    return value;
}
function checkPin(value, name) {
    if (value !== undefined && !PIN.test(value)) {
        throw (0,errors/* configError */.Fj)(name, "must be the 4 digits of your FYERS PIN", "set it to your 4-digit PIN, digits only");
    }
    return value;
}
function checkUrl(value, name, example) {
    let url;
    try {
        url = new URL(value);
    }
    catch {
        throw (0,errors/* configError */.Fj)(name, `"${value}" is not a URL`, `use a full URL, e.g. ${example}`);
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
        throw (0,errors/* configError */.Fj)(name, `"${value}" is not an http(s) URL`, `use a full URL, e.g. ${example}`);
    }
    return value;
}
function checkStore(value, name) {
    if (value !== "file" && value !== "ssm")
        throw (0,errors/* configError */.Fj)(name, `"${value}" is not a store`, 'use "file" or "ssm"');
    return value;
}
function checkPrefix(value, name) {
    const prefix = value.replace(/\/+$/, "");
    if (!SSM_PREFIX.test(prefix)) {
        throw (0,errors/* configError */.Fj)(name, `"${value}" is not an SSM path prefix`, "use a path that starts with /, of letters, digits, _ . - separated by /, e.g. /stock-pipeline/fyers");
    }
    return prefix;
}
function requireAppSecret(config, purpose, name = ENV_NAMES.appSecret) {
    if (config.appSecret === undefined) {
        throw (0,errors/* configError */.Fj)(name, `is required to ${purpose}`, "set it to the app secret from the FYERS API dashboard (My Apps)");
    }
    return config.appSecret;
}
function requirePin(config, name = ENV_NAMES.pin) {
    if (config.pin === undefined) {
        throw (0,errors/* configError */.Fj)(name, "is required to refresh the access token", "set it to your 4-digit FYERS PIN");
    }
    return config.pin;
}

const TIMEOUT_ENV = "FYERS_TIMEOUT";
function fyersTimeoutMs(env) {
    const value = env[TIMEOUT_ENV]?.trim();
    if (!value)
        return undefined;
    return parseDuration(value, TIMEOUT_ENV, DURATION_RANGES.fyersTimeout) * 1000;
}

;// CONCATENATED MODULE: external "node:timers/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers/promises");
// EXTERNAL MODULE: ../core/src/fyers/hints.ts
var hints = __nccwpck_require__(2212);
;// CONCATENATED MODULE: ../core/src/fyers/http.ts




const DEFAULT_TIMEOUT_MS = 10_000;
function isRetryable(status) {
    return status >= 500;
}
const RATE_LIMIT_PAUSE_MS = src_tuning/* TUNING_DEFAULTS_MS */.cb.rateLimitPause;
const pausedUntil = new Map();
function forgetRateLimits() {
    pausedUntil.clear();
}
function formatMs(ms) {
    return ms < 1000 ? `${ms}ms` : `${Math.round(ms / 1000)}s`;
}
function rateLimited(why) {
    return new errors/* FyersTokenError */.xO("rate_limited", `FYERS rate-limited this app; try again in a minute (${why})`, {
        httpStatus: 429,
        hint: `${hints/* RATE_HINT */.xQ}; FYERS_TIMEOUT=1m lets a run wait out the pause once`,
    });
}
function parseRetryAfter(value, nowMs = Date.now()) {
    if (value === null || value.trim() === "")
        return undefined;
    const seconds = Number(value);
    if (Number.isFinite(seconds))
        return Math.max(0, seconds * 1000);
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
const MAX_BODY_BYTES = 1024 * 1024;
function tooLargeFor(endpoint) {
    return (status) => new errors/* FyersTokenError */.xO("unexpected_response", `FYERS answered more than 1 MiB to ${endpoint} (HTTP ${status}); the answer was not read further and the connection was closed`, {
        httpStatus: status,
        hint: "FYERS answers are a few kB: check that FYERS_API_URL is FYERS' REST API (https://api-t1.fyers.in/api/v3) and no proxy answers in its place",
    });
}
const declaredTooLarge = (contentLength) => Number(contentLength ?? 0) > MAX_BODY_BYTES;
function readNodeBody(res, tooLarge) {
    const status = res.statusCode ?? 0;
    return new Promise((resolve, reject) => {
        if (declaredTooLarge(res.headers["content-length"])) {
            res.destroy();
            reject(tooLarge(status));
            return;
        }
        const chunks = [];
        let size = 0;
        res.on("data", (chunk) => {
            size += chunk.length;
            if (size > MAX_BODY_BYTES) {
                res.destroy();
                reject(tooLarge(status));
            }
            else
                chunks.push(chunk);
        });
        res.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        res.on("error", reject);
        res.on("close", () => {
            if (!res.complete)
                reject(new Error("the connection closed before the answer was complete"));
        });
    });
}
function headerOf(res) {
    return (name) => {
        const value = res.headers[name.toLowerCase()];
        if (value === undefined)
            return null;
        return Array.isArray(value) ? value.join(", ") : value;
    };
}
async function nodeHttp(https) {
    const name = https ? "node:https" : "node:http";
    const loaded = process.getBuiltinModule?.(name);
    return loaded ?? (https ? Promise.resolve(/* import() */).then(__nccwpck_require__.t.bind(__nccwpck_require__, 4708, 23)) : Promise.resolve(/* import() */).then(__nccwpck_require__.t.bind(__nccwpck_require__, 7067, 23)));
}
function nodeTransport(tooLarge) {
    return async (request, signal) => {
        const url = new URL(request.url);
        const { request: open } = await nodeHttp(url.protocol === "https:");
        return new Promise((resolve, reject) => {
            const req = open(url, { method: request.method, headers: request.headers, signal }, (res) => {
                readNodeBody(res, tooLarge).then((text) => resolve({ status: res.statusCode ?? 0, header: headerOf(res), text }), reject);
            });
            req.on("error", reject);
            req.end(request.body);
        });
    };
}
async function readFetchBody(response, tooLarge) {
    const giveUp = () => {
        response.body?.cancel().catch(() => undefined);
        return tooLarge(response.status);
    };
    if (declaredTooLarge(response.headers.get("content-length")))
        throw giveUp();
    if (!response.body) {
        const text = await response.text();
        if (Buffer.byteLength(text) > MAX_BODY_BYTES)
            throw tooLarge(response.status);
        return text;
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let size = 0;
    let text = "";
    for (;;) {
        const { done, value } = await reader.read();
        if (done)
            return text + decoder.decode();
        size += value.byteLength;
        if (size > MAX_BODY_BYTES) {
            reader.cancel().catch(() => undefined);
            throw tooLarge(response.status);
        }
        text += decoder.decode(value, { stream: true });
    }
}
function fetchTransport(fetchFn, tooLarge) {
    return async (request, signal) => {
        const init = { method: request.method, headers: request.headers, signal };
        if (request.body !== undefined)
            init.body = request.body;
        const response = await fetchFn(request.url, init);
        const text = await readFetchBody(response, tooLarge);
        return { status: response.status, header: (name) => response.headers.get(name), text };
    };
}
function describeNetworkError(error) {
    const own = error;
    const cause = own.cause;
    return (cause?.code ?? cause?.message ?? own.code ?? (error instanceof Error ? error.message : String(error)));
}
async function send(request, options = {}, onAttempt = () => undefined) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
    const random = options.random ?? Math.random;
    const tuning = (0,src_tuning/* checkTuning */.qj)();
    const deadline = Date.now() + timeoutMs;
    const url = new URL(request.url);
    const { host, origin } = url;
    const endpoint = url.pathname.split("/").pop() || host;
    const tooLarge = tooLargeFor(endpoint);
    const transport = options.fetch ? fetchTransport(options.fetch, tooLarge) : nodeTransport(tooLarge);
    const backoff = (attempt) => (options.baseDelayMs ?? tuning.retryBackoff) * 2 ** (attempt - 1) * (0.5 + random() / 2);
    const pause = (ms) => (0,promises_namespaceObject.setTimeout)(ms, undefined, options.signal ? { signal: options.signal } : undefined);
    let waitedOut = false;
    for (let attempt = 1;; attempt++) {
        const held = (pausedUntil.get(origin) ?? 0) - Date.now();
        if (held > 0) {
            if (waitedOut || Date.now() + held >= deadline) {
                throw rateLimited(`a request of this run got HTTP 429; ${endpoint} was not sent within the ${formatMs(held)} pause left`);
            }
            await pause(held);
            waitedOut = true;
        }
        const remaining = deadline - Date.now();
        const timeout = AbortSignal.timeout(Math.max(1, remaining));
        const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
        let answer;
        let failure;
        try {
            onAttempt();
            const raw = await transport(request, signal);
            answer = {
                status: raw.status,
                contentType: raw.header("content-type") ?? "",
                text: raw.text,
                retryAfterMs: parseRetryAfter(raw.header("retry-after")),
            };
        }
        catch (error) {
            if (error instanceof errors/* FyersTokenError */.xO)
                throw error;
            if (options.signal?.aborted) {
                throw new errors/* FyersTokenError */.xO("unavailable", `the request to ${host} was cancelled`, { cause: error });
            }
            if (timeout.aborted) {
                throw new errors/* FyersTokenError */.xO("unavailable", `FYERS (${host}) did not answer within ${formatMs(timeoutMs)}`, { cause: error, hint: "FYERS may be slow or down; try again in a few minutes" });
            }
            failure = new errors/* FyersTokenError */.xO("unavailable", `could not reach FYERS at ${host} (${describeNetworkError(error)})`, { cause: error, hint: "check the network and FYERS_API_URL" });
        }
        if (answer?.status === 429) {
            const wait = Math.max(options.rateLimitPauseMs ?? tuning.rateLimitPause, answer.retryAfterMs ?? 0);
            pausedUntil.set(origin, Date.now() + wait);
            if (waitedOut)
                throw rateLimited(`${endpoint} answered HTTP 429, too many requests, again after this run waited`);
            if (attempt >= maxAttempts || Date.now() + wait >= deadline) {
                throw rateLimited(`${endpoint} answered HTTP 429, too many requests; not waited, since the ${formatMs(wait)} pause does not fit in this call's ${formatMs(timeoutMs)} deadline`);
            }
            continue;
        }
        if (answer && !isRetryable(answer.status))
            return answer;
        const wait = backoff(attempt);
        if (attempt >= maxAttempts || Date.now() + wait >= deadline) {
            if (answer)
                return answer;
            throw failure;
        }
        await pause(wait);
    }
}

;// CONCATENATED MODULE: ../core/src/fyers/client.ts

const JSON_HEADERS = { "content-type": "application/json", accept: "application/json" };
function endpointUrl(apiUrl, endpoint) {
    return `${apiUrl.replace(/\/+$/, "")}/${endpoint}`;
}
function exchangeRequest(apiUrl, appIdHash, authCode) {
    return {
        url: endpointUrl(apiUrl, "validate-authcode"),
        method: "POST",
        headers: JSON_HEADERS,
        body: JSON.stringify({ grant_type: "authorization_code", appIdHash, code: authCode }),
    };
}
function refreshRequest(apiUrl, appIdHash, refreshToken, pin) {
    return {
        url: endpointUrl(apiUrl, "validate-refresh-token"),
        method: "POST",
        headers: JSON_HEADERS,
        body: JSON.stringify({ grant_type: "refresh_token", appIdHash, refresh_token: refreshToken, pin }),
    };
}
function authorizedRequest(apiUrl, endpoint, clientId, accessToken) {
    return {
        url: endpointUrl(apiUrl, endpoint),
        method: endpoint === "profile" ? "GET" : "POST",
        headers: { accept: "application/json", authorization: `${clientId}:${accessToken}` },
    };
}
function createFyersClient(options) {
    const { apiUrl, clientId, ...http } = options;
    let requestCount = 0;
    const call = (request) => send(request, http, () => {
        requestCount++;
    });
    const responses = () => Promise.all(/* import() */[__nccwpck_require__.e(458), __nccwpck_require__.e(524)]).then(__nccwpck_require__.bind(__nccwpck_require__, 6524));
    return {
        get requestCount() {
            return requestCount;
        },
        async exchangeAuthCode(appIdHash, authCode) {
            const answer = await call(exchangeRequest(apiUrl, appIdHash, authCode));
            return (await responses()).processExchange(answer);
        },
        async refreshAccessToken(appIdHash, refreshToken, pin) {
            const answer = await call(refreshRequest(apiUrl, appIdHash, refreshToken, pin));
            return (await responses()).processRefresh(answer);
        },
        async getProfile(accessToken) {
            const answer = await call(authorizedRequest(apiUrl, "profile", clientId, accessToken));
            return (await responses()).processProfile(answer);
        },
        async logout(accessToken) {
            const answer = await call(authorizedRequest(apiUrl, "logout", clientId, accessToken));
            (await responses()).processLogout(answer);
        },
    };
}

// EXTERNAL MODULE: ../core/src/time.ts
var time = __nccwpck_require__(5829);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(8161);
;// CONCATENATED MODULE: ./src/actions-io.ts




function getInput(name, env) {
    return (env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();
}
function escapeData(value) {
    return value.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeProperty(value) {
    return escapeData(value).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
const COMMAND_START = /^(\s*)(::|##\[)/;
function plainLines(message) {
    return message
        .split(/\r\n|\r|\n/)
        .map((line) => line.replace(COMMAND_START, (_, space, start) => start === "::" ? `${space}%3A%3A` : `${space}%23%23[`))
        .join(external_node_os_.EOL);
}
function command(name, message, properties = {}) {
    const props = Object.entries(properties)
        .filter(([, v]) => v)
        .map(([k, v]) => `${k}=${escapeProperty(v)}`)
        .join(",");
    return `::${name}${props ? ` ${props}` : ""}::${escapeData(message)}${external_node_os_.EOL}`;
}
function outputBlock(name, value) {
    const delimiter = `ghadelimiter_${(0,external_node_crypto_.randomUUID)()}`;
    if (name.includes(delimiter) || value.includes(delimiter)) {
        throw new Error(`output ${name}: the value contains the delimiter ${delimiter}`);
    }
    return `${name}<<${delimiter}${external_node_os_.EOL}${value}${external_node_os_.EOL}${delimiter}${external_node_os_.EOL}`;
}
function actionsIO(env, write = (t) => process.stdout.write(t)) {
    const masked = new Set();
    return {
        setSecret: (value) => {
            if (masked.has(value))
                return;
            masked.add(value);
            write(command("add-mask", value));
        },
        setOutput: (name, value) => {
            const file = env.GITHUB_OUTPUT;
            if (!file) {
                write(external_node_os_.EOL);
                write(command("set-output", value, { name }));
                return;
            }
            if (!(0,external_node_fs_.existsSync)(file))
                throw new Error(`GITHUB_OUTPUT names a missing file: ${file}`);
            (0,external_node_fs_.appendFileSync)(file, outputBlock(name, value), "utf8");
        },
        info: (message) => write(`${plainLines(message)}${external_node_os_.EOL}`),
        debug: (message) => write(command("debug", message)),
        warning: (message) => write(command("warning", message)),
        setFailed: (message) => {
            process.exitCode = 1;
            write(command("error", message));
        },
        async writeSummary(markdown) {
            const file = env.GITHUB_STEP_SUMMARY;
            if (!file)
                return;
            await (0,promises_.appendFile)(file, `${markdown}${external_node_os_.EOL}`, "utf8");
        },
    };
}

;// CONCATENATED MODULE: ./src/failure.ts

function failureMessage(error) {
    if (error instanceof errors/* FyersTokenError */.xO) {
        return error.hint === undefined ? error.message : `${error.message}\nHint: ${error.hint}`;
    }
    if (error instanceof Error)
        return error.message;
    return String(error);
}
async function reportFailure(io, error) {
    const message = failureMessage(error);
    const typed = error instanceof errors/* FyersTokenError */.xO ? error : undefined;
    const issued = typed?.issued;
    if (issued !== undefined) {
        io.setSecret(issued.accessToken);
        if (issued.refreshToken !== undefined)
            io.setSecret(issued.refreshToken);
        io.setOutput("access-token", issued.accessToken);
    }
    const lines = ["### FYERS token: failed", "", ...message.split("\n").map((line) => `${line}  `), ""];
    if (typed?.savedTo !== undefined && typed.savedTo.length > 0) {
        lines.push(`The new tokens are stored in: ${typed.savedTo.map((where) => `\`${where}\``).join(", ")}.`, "");
    }
    if (issued !== undefined) {
        lines.push("The access token FYERS issued is still this step's `access-token` output, for later steps.", "");
    }
    io.setFailed(message);
    await io.writeSummary(lines.join("\n"));
}

// EXTERNAL MODULE: ./src/github.ts
var github = __nccwpck_require__(3491);
// EXTERNAL MODULE: ../core/src/tokens/status.ts + 2 modules
var tokens_status = __nccwpck_require__(6656);
;// CONCATENATED MODULE: ../core/src/lifecycle/plan.ts


const DEFAULT_MIN_REMAINING_SECONDS = 2 * 3600;
const DEFAULT_WARN_BEFORE_SECONDS = 3 * 86400;
async function plan(ports, input = {}) {
    const stored = await ports.store.read();
    const now = (ports.clock ?? time/* systemClock */.ml)();
    const minRemaining = input.minRemainingSeconds ?? DEFAULT_MIN_REMAINING_SECONDS;
    const access = (0,tokens_status/* tokenInfo */.oG)(stored.accessToken, now, minRemaining);
    const refresh = (0,tokens_status/* tokenInfo */.oG)(stored.refreshToken, now, input.warnBeforeSeconds ?? DEFAULT_WARN_BEFORE_SECONDS);
    const base = {
        access_token: access,
        refresh_token: refresh,
        refresh_expiring: refresh.status === "expiring",
        stored,
    };
    const decide = (action, reason) => ({ action, reason, ...base });
    if (input.authCode)
        return decide("exchange", "an auth code was given");
    if (!input.force && (0,tokens_status/* hasAtLeast */.vO)(access, minRemaining)) {
        return decide("skip", `the access token is valid until ${(0,time/* formatIst */.kK)(Date.parse(access.expires_at ?? ""))}`);
    }
    if ((0,tokens_status/* mayBeUsable */.t7)(refresh)) {
        return decide("refresh", input.force ? "a refresh was forced" : describeAccess(access.status));
    }
    return decide("login-required", describeRefresh(refresh.status, refresh.expires_at));
}
function describeAccess(status) {
    if (status === "missing")
        return "no access token is stored";
    if (status === "unknown")
        return "the access token's expiry is unknown";
    return status === "expired" ? "the access token has expired" : "the access token expires soon";
}
function describeRefresh(status, expiresAt) {
    if (status === "missing")
        return "no refresh token is stored";
    return `the refresh token expired${expiresAt ? ` at ${(0,time/* formatIst */.kK)(Date.parse(expiresAt))}` : ""}`;
}

;// CONCATENATED MODULE: ../core/src/notify/settings.ts


const CHANNEL_ENV_NAMES = {
    botToken: "FYERS_TELEGRAM_BOT_TOKEN",
    chatId: "FYERS_TELEGRAM_CHAT_ID",
    webhookUrl: "FYERS_WEBHOOK_URL",
    telegramApiUrl: "TELEGRAM_API_URL",
};
const BOT_TOKEN = /^\d{1,20}:[\w-]{30,}$/;
const CHAT_ID = /^(-?\d{1,20}|@[A-Za-z][\w]{3,31})$/;
function channelSettings(channels, input, names) {
    const settings = {};
    if (channels.includes("telegram")) {
        const botToken = input.botToken?.trim() ?? "";
        const chatId = input.chatId?.trim() ?? "";
        if (botToken === "") {
            throw (0,errors/* configError */.Fj)(names.botToken, "is not set, and notify lists telegram", "create a bot with @BotFather and set its token");
        }
        if (!BOT_TOKEN.test(botToken)) {
            throw (0,errors/* configError */.Fj)(names.botToken, "does not look like a Telegram bot token (digits, a colon, then about 35 letters)", "copy the token @BotFather sent, e.g. 123456789:AA…");
        }
        if (chatId === "") {
            throw (0,errors/* configError */.Fj)(names.chatId, "is not set, and notify lists telegram", "send the bot a message, then read the chat id from getUpdates");
        }
        if (!CHAT_ID.test(chatId)) {
            throw (0,errors/* configError */.Fj)(names.chatId, "is not a Telegram chat id (a number such as 123456789 or -1001234567890, or @channelname)");
        }
        const apiUrl = input.telegramApiUrl?.trim() ?? "";
        settings.telegram = { botToken, chatId };
        if (apiUrl !== "")
            settings.telegram.apiUrl = settings_checkUrl(apiUrl, names.telegramApiUrl, true);
    }
    if (channels.includes("webhook")) {
        const url = input.webhookUrl?.trim() ?? "";
        if (url === "")
            throw (0,errors/* configError */.Fj)(names.webhookUrl, "is not set, and notify lists webhook");
        settings.webhook = { url: settings_checkUrl(url, names.webhookUrl, false) };
    }
    return settings;
}
function parseLoginLink(text, name) {
    const link = settings_checkUrl(text.trim(), name, true, withoutLoginKey(text.trim()));
    const path = new URL(link).pathname;
    if (!path.endsWith("/login")) {
        throw configError(name, `must end in /login, the callback's login page (it answers 404 anywhere else), not "${path.slice(0, 60)}"`, "use the link `npm run login-link` prints, e.g. https://abc123.lambda-url.ap-south-1.on.aws/login?k=…");
    }
    return link;
}
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
function settings_checkUrl(text, name, showValue, shownAs = text) {
    const shown = showValue ? ` "${shownAs.slice(0, 100)}"` : "";
    let url;
    try {
        url = new URL(text);
    }
    catch {
        throw (0,errors/* configError */.Fj)(name, `is not a URL${shown}`, "write the whole URL, starting with https://");
    }
    if (url.protocol === "https:")
        return text;
    if (url.protocol === "http:" && LOOPBACK.has(url.hostname))
        return text;
    throw (0,errors/* configError */.Fj)(name, `must be an https:// URL${shown} (http only on 127.0.0.1 or localhost)`);
}

// EXTERNAL MODULE: ../core/src/notify/holidays.ts
var holidays = __nccwpck_require__(1861);
;// CONCATENATED MODULE: ../core/src/fyers/auth-code.ts

const MAX_INPUT_CHARS = 16_384;
const INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const QUOTES = /^["'`\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a]+|["'`\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a]+$/g;
const WRAP = /[^\S\r\n]*[\r\n]+[^\S\r\n]*/g;
const CODE = /^[A-Za-z0-9_.-]+$/;
const HINT = "paste the auth_code from the redirect URL, or the whole redirect URL";
function parseAuthCode(input, name = "auth-code") {
    if (input.length > MAX_INPUT_CHARS) {
        throw refused(name, `is ${input.length} characters long, far more than an auth code or redirect URL`);
    }
    const text = input.replace(INVISIBLE, "").trim().replace(QUOTES, "").trim().replace(WRAP, "");
    if (text === "")
        throw refused(name, "is empty");
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text) && !text.includes("auth_code="))
        return { code: checkCode(text, name) };
    const params = redirectParams(text);
    const code = params.get("auth_code")?.trim();
    if (!code) {
        if (params.get("s") === "error" || params.get("code")?.startsWith("-")) {
            throw new errors/* FyersTokenError */.xO("login_required", `the redirect URL reports a failed login (${params.get("message") ?? "no message"}) and has no auth_code`, {
                hint: "log in again and copy the whole URL your browser lands on after the login (it contains auth_code=…)",
            });
        }
        throw new errors/* FyersTokenError */.xO("invalid_config", `${name}: the URL has no auth_code parameter`, {
            variable: name,
            hint: "paste the whole URL your browser lands on after the login (it contains auth_code=…), or just the code",
        });
    }
    const state = params.get("state");
    const checked = checkCode(code, name);
    return state === null ? { code: checked } : { code: checked, state };
}
function redirectParams(text) {
    const hash = text.indexOf("#");
    const main = hash < 0 ? text : text.slice(0, hash);
    const fragment = hash < 0 ? "" : text.slice(hash + 1);
    const params = searchParams(afterQuestionMark(main));
    if (params.has("auth_code"))
        return params;
    const inFragment = searchParams(afterQuestionMark(fragment));
    const fragmentSays = inFragment.has("auth_code") || (!params.has("s") && inFragment.has("s"));
    return fragmentSays ? inFragment : params;
}
const afterQuestionMark = (text) => (text.includes("?") ? text.slice(text.indexOf("?") + 1) : text);
const searchParams = (query) => new URLSearchParams(query.replace(/&amp;/gi, "&"));
function checkCode(code, name) {
    if (CODE.test(code))
        return checkWhole(code, name);
    const bad = [...code].find((char) => !CODE.test(char)) ?? "";
    const what = /\s/.test(bad) ? "a space inside" : `a character no FYERS auth code has (${describe(bad)})`;
    throw refused(name, `contains ${what}`, "copy the code again from the redirect URL: it is one word of letters, digits, - _ and .");
}
function checkWhole(code, name) {
    const parts = code.split(".").filter((part) => part !== "").length;
    if (!code.startsWith("eyJ") || parts === 3)
        return code;
    throw refused(name, `is cut short: it has ${parts} of the 3 dot-separated parts of a FYERS auth code`, "copy the whole code (or the whole redirect URL) again, in one piece");
}
function describe(char) {
    const point = char.codePointAt(0) ?? 0;
    const unicode = `U+${point.toString(16).toUpperCase().padStart(4, "0")}`;
    return point > 0x20 && point < 0x7f ? `"${char}"` : unicode;
}
function refused(name, message, hint = HINT) {
    return new errors/* FyersTokenError */.xO("invalid_config", `${name}: ${message}`, { variable: name, hint });
}

;// CONCATENATED MODULE: ../core/src/notify/channels.ts

const CHANNELS = ["issue", "telegram", "webhook"];
function parseNotify(text, name) {
    const words = text
        .split(/[\s,]+/)
        .map((word) => word.trim().toLowerCase())
        .filter((word) => word !== "");
    const expected = `expected a comma list of ${CHANNELS.join(", ")}, or none`;
    if (words.length === 0)
        throw (0,errors/* configError */.Fj)(name, `is empty; ${expected}`, `e.g. ${name}=issue,telegram`);
    if (words.includes("none")) {
        if (words.length > 1)
            throw (0,errors/* configError */.Fj)(name, `"none" cannot be combined with other channels`);
        return [];
    }
    const channels = [];
    for (const word of words) {
        const channel = CHANNELS.find((known) => known === word);
        if (channel === undefined)
            throw (0,errors/* configError */.Fj)(name, `unknown channel "${word.slice(0, 20)}"; ${expected}`);
        if (!channels.includes(channel))
            channels.push(channel);
    }
    return channels;
}

// EXTERNAL MODULE: ../core/src/fyers/login-key.ts
var login_key = __nccwpck_require__(3905);
;// CONCATENATED MODULE: ./src/inputs.ts

const INPUT = {
    clientId: "client-id",
    appSecret: "app-secret",
    pin: "pin",
    authCode: "auth-code",
    redirectUri: "redirect-uri",
    mode: "mode",
    ssmPrefix: "ssm-prefix",
    kmsKeyId: "kms-key-id",
    minRemaining: "min-remaining",
    force: "force",
    warnBefore: "warn-before",
    notify: "notify",
    githubToken: "github-token",
    apiUrl: "api-url",
    dryRun: "dry-run",
    loginLink: "login-link",
    telegramBotToken: "telegram-bot-token",
    telegramChatId: "telegram-chat-id",
    webhookUrl: "webhook-url",
    holidays: "holidays",
};
const TELEGRAM_API_ENV = "TELEGRAM_API_URL";
const MODES = ["auto", "refresh", "exchange", "verify"];
function readRawInputs(getInput) {
    const raw = {};
    for (const [key, name] of Object.entries(INPUT)) {
        raw[key] = getInput(name).trim();
    }
    return raw;
}
function parseInputs(raw, env = {}) {
    const mode = parseMode(raw.mode);
    const config = loadConfig({}, {
        overrides: {
            clientId: raw.clientId,
            appSecret: raw.appSecret,
            pin: raw.pin,
            redirectUri: raw.redirectUri,
            apiUrl: raw.apiUrl,
            ssmPrefix: raw.ssmPrefix,
            kmsKeyId: raw.kmsKeyId,
            store: "ssm",
        },
        names: {
            clientId: INPUT.clientId,
            appSecret: INPUT.appSecret,
            pin: INPUT.pin,
            redirectUri: INPUT.redirectUri,
            apiUrl: INPUT.apiUrl,
            ssmPrefix: INPUT.ssmPrefix,
            kmsKeyId: INPUT.kmsKeyId,
        },
        defaultStore: "ssm",
    });
    const notify = parseChannels(raw.notify);
    const common = {
        clientId: config.clientId,
        pin: config.pin,
        redirectUri: config.redirectUri,
        apiUrl: config.apiUrl,
        ssmPrefix: config.ssmPrefix,
        kmsKeyId: config.kmsKeyId,
        minRemainingSeconds: parseOptionalDuration(raw.minRemaining, INPUT.minRemaining, DEFAULT_MIN_REMAINING_SECONDS, DURATION_RANGES.minRemaining),
        warnBeforeSeconds: parseOptionalDuration(raw.warnBefore, INPUT.warnBefore, DEFAULT_WARN_BEFORE_SECONDS, DURATION_RANGES.warnBefore),
        notify,
        channels: withHint(() => channelSettings(notify, {
            botToken: raw.telegramBotToken,
            chatId: raw.telegramChatId,
            webhookUrl: raw.webhookUrl,
            telegramApiUrl: env[TELEGRAM_API_ENV],
        }, {
            botToken: INPUT.telegramBotToken,
            chatId: INPUT.telegramChatId,
            webhookUrl: INPUT.webhookUrl,
            telegramApiUrl: TELEGRAM_API_ENV,
        })),
        holidays: (0,holidays/* parseHolidays */.x)(raw.holidays, INPUT.holidays),
        githubToken: raw.githubToken === "" ? undefined : raw.githubToken,
        dryRun: parseBoolean(raw.dryRun, INPUT.dryRun),
        ...inputs_parseLoginLink(raw.loginLink),
        ...unlistedChannels(raw, notify),
    };
    const force = parseBoolean(raw.force, INPUT.force);
    if (mode === "verify")
        return { ...common, mode, appSecret: config.appSecret };
    const appSecret = requireAppSecret(config, `${mode === "auto" ? "exchange or refresh" : mode} tokens`, INPUT.appSecret);
    if (mode === "refresh")
        requirePin(config, INPUT.pin);
    if (mode === "exchange" && raw.authCode === "") {
        throw (0,errors/* configError */.Fj)(INPUT.authCode, "is required with mode: exchange", "pass the auth_code from the login redirect, or the whole redirect URL");
    }
    const authCode = raw.authCode === "" ? undefined : { raw: raw.authCode, ...parseAuthCode(raw.authCode, INPUT.authCode) };
    return { ...common, mode, appSecret, authCode, force };
}
function parseMode(value) {
    if (value === "")
        return "auto";
    const mode = MODES.find((m) => m === value);
    if (mode === undefined) {
        throw (0,errors/* configError */.Fj)(INPUT.mode, `"${value}" is not a mode`, `use one of ${MODES.join(", ")}`);
    }
    return mode;
}
function unlistedChannels(raw, notify) {
    if (notify.length === 0)
        return {};
    const given = [
        ["telegram", raw.telegramBotToken !== ""],
        ["webhook", raw.webhookUrl !== ""],
    ];
    const unlisted = given.filter(([channel, set]) => set && !notify.includes(channel)).map(([c]) => c);
    return unlisted.length === 0 ? {} : { unlisted };
}
function parseChannels(value) {
    return withHint(() => parseNotify(value === "" ? "issue" : value, INPUT.notify));
}
const INPUT_HINTS = {
    [INPUT.notify]: "e.g. notify: issue,telegram (or none)",
    [INPUT.webhookUrl]: "the receiver's whole URL, starting with https:// (store it as a repository secret)",
    [INPUT.telegramChatId]: "send the bot a message, then read chat.id from https://api.telegram.org/bot<token>/getUpdates",
};
function withHint(parse) {
    try {
        return parse();
    }
    catch (error) {
        if (!(0,errors/* isFyersTokenError */.DN)(error, "invalid_config") || error.hint !== undefined)
            throw error;
        const hint = error.variable === undefined ? undefined : INPUT_HINTS[error.variable];
        if (hint === undefined)
            throw error;
        throw new errors/* FyersTokenError */.xO("invalid_config", error.message, { variable: error.variable, hint });
    }
}
const LOGIN_LINK_HINT = "set it to the link `npm run login-link` prints, e.g. https://abc123.lambda-url.ap-south-1.on.aws/login?k=…, stored as the FYERS_LOGIN_LINK secret";
function inputs_parseLoginLink(value) {
    if (value === "")
        return { loginLink: undefined };
    if (!URL.canParse(value))
        throw (0,errors/* configError */.Fj)(INPUT.loginLink, "is not a URL", LOGIN_LINK_HINT);
    const url = new URL(value);
    if (url.protocol !== "https:")
        throw (0,errors/* configError */.Fj)(INPUT.loginLink, `must be an https URL, not ${url.protocol}`, LOGIN_LINK_HINT);
    if (url.username !== "" || url.password !== "") {
        throw (0,errors/* configError */.Fj)(INPUT.loginLink, "must not carry a user name or password", LOGIN_LINK_HINT);
    }
    if (!url.pathname.endsWith("/login")) {
        throw (0,errors/* configError */.Fj)(INPUT.loginLink, `must end in /login, the callback's login page (it answers 404 anywhere else), not "${url.pathname.slice(0, 60)}"`, LOGIN_LINK_HINT);
    }
    const key = (0,login_key/* loginKeyOf */.k$)(value);
    if (key === undefined || !login_key/* LOGIN_KEY_PATTERN */.BP.test(key)) {
        const what = key === undefined ? "has no key (?k=…)" : "has a key (k=) that is not one login-link.ts prints";
        return {
            loginLink: undefined,
            loginLinkProblem: `${INPUT.loginLink} ${what}: the callback answers 404 to it, so the notices give the manual login instead. Fix: ${LOGIN_LINK_HINT}.`,
        };
    }
    return { loginLink: url.toString() };
}
function parseBoolean(value, name, fallback = false) {
    if (value === "")
        return fallback;
    if (["true", "True", "TRUE"].includes(value))
        return true;
    if (["false", "False", "FALSE"].includes(value))
        return false;
    throw (0,errors/* configError */.Fj)(name, `"${value}" is not a boolean`, 'use "true" or "false"');
}
function parseOptionalDuration(value, name, fallback, range) {
    return value === "" ? fallback : parseDuration(value, name, range);
}

;// CONCATENATED MODULE: ../core/src/fyers/hash.ts

function appIdHash(clientId, appSecret) {
    return (0,external_node_crypto_.createHash)("sha256").update(`${clientId}:${appSecret}`, "utf8").digest("hex");
}

// EXTERNAL MODULE: ../core/src/notify/webhook-secrets.ts
var webhook_secrets = __nccwpck_require__(3559);
;// CONCATENATED MODULE: ./src/masking.ts

function maskAll(mask, values) {
    for (const value of values)
        if (value !== undefined && value !== "")
            mask(value);
}
function maskRawInputs(raw, mask) {
    maskAll(mask, [raw.appSecret, raw.pin, raw.authCode, raw.githubToken, raw.webhookUrl, raw.telegramChatId]);
    maskAll(mask, [raw.telegramBotToken, raw.telegramBotToken.split(":")[1]]);
    const key = (0,login_key/* loginKeyOf */.k$)(raw.loginLink);
    if (key !== undefined && key.length >= 8)
        mask(key);
    if (raw.clientId !== "" && raw.appSecret !== "")
        mask(appIdHash(raw.clientId, raw.appSecret));
}
function maskInputs(inputs, mask) {
    maskAll(mask, [inputs.appSecret, inputs.pin, inputs.githubToken]);
    if (inputs.loginLink !== undefined)
        maskAll(mask, [(0,login_key/* loginKeyOf */.k$)(inputs.loginLink)]);
    const webhook = inputs.channels.webhook?.url;
    if (webhook !== undefined)
        maskAll(mask, (0,webhook_secrets/* webhookSecrets */.d)(webhook));
    const telegram = inputs.channels.telegram;
    maskAll(mask, [telegram?.botToken, telegram?.botToken.split(":")[1], telegram?.chatId]);
    if (inputs.mode !== "verify") {
        maskAll(mask, [inputs.authCode?.raw, inputs.authCode?.code]);
        mask(appIdHash(inputs.clientId, inputs.appSecret));
    }
}
function maskingStore(store, mask) {
    const lock = store.lockNotice === undefined || store.unlockNotice === undefined
        ? {}
        : {
            lockNotice: store.lockNotice.bind(store),
            unlockNotice: store.unlockNotice.bind(store),
        };
    return {
        ...lock,
        kind: store.kind,
        location: store.location,
        async read() {
            const tokens = await store.read();
            maskAll(mask, [tokens.accessToken, tokens.refreshToken]);
            return tokens;
        },
        write: (update, current) => store.write(update, current),
        checkWritable: () => store.checkWritable(),
        writeNotice: (notice, current) => store.writeNotice(notice, current),
        deleteAccessToken: () => store.deleteAccessToken(),
    };
}
function maskingClient(client, mask) {
    return {
        get requestCount() {
            return client.requestCount;
        },
        async exchangeAuthCode(hash, code) {
            const tokens = await client.exchangeAuthCode(hash, code);
            maskAll(mask, [tokens.accessToken, tokens.refreshToken]);
            return tokens;
        },
        async refreshAccessToken(hash, refreshToken, pin) {
            const tokens = await client.refreshAccessToken(hash, refreshToken, pin);
            maskAll(mask, [tokens.accessToken, tokens.refreshToken]);
            return tokens;
        },
        getProfile: (token) => client.getProfile(token),
        logout: (token) => client.logout(token),
    };
}

// EXTERNAL MODULE: ./src/ports.ts
var ports = __nccwpck_require__(6206);
;// CONCATENATED MODULE: ../core/src/fyers/login-url.ts

function newState() {
    return (0,external_node_crypto_.randomBytes)(16).toString("base64url");
}
function buildLoginUrl(input) {
    const state = input.state ?? newState();
    const url = new URL(`${input.apiUrl.replace(/\/+$/, "")}/generate-authcode`);
    url.search = new URLSearchParams({
        client_id: input.clientId,
        redirect_uri: input.redirectUri,
        response_type: "code",
        state,
    }).toString();
    return { url: url.toString(), state };
}

;// CONCATENATED MODULE: ../core/src/notify/causes.ts


const FIXES = {
    pin_rejected: {
        words: "FYERS rejected the PIN",
        fix: "update the FYERS_PIN secret (the 4-digit PIN you log in to FYERS with); until then, log in with the login link",
        loginHelps: true,
    },
    app_secret_rejected: {
        words: "FYERS rejected the client id or app secret",
        fix: "update the FYERS_APP_SECRET secret from myapi.fyers.in (a rotated secret must be stored again) and check FYERS_CLIENT_ID, e.g. ABCDE12345-100",
        loginHelps: false,
    },
    fyers_unavailable: {
        words: "FYERS could not be reached or failed (5xx) after retries",
        fix: "nothing to change if FYERS is down: the next scheduled run tries again, or log in with the login link once FYERS is back",
        loginHelps: true,
    },
    fyers_rate_limited: {
        words: "FYERS rate-limited this app",
        fix: hints/* RATE_HINT */.xQ,
        loginHelps: false,
    },
    ssm_denied: {
        words: "AWS denied the SSM access the run needs",
        fix: "grant the role the fyers-token policy (docs/iam/fyers-token-policy.json) and check the AWS credentials step",
        loginHelps: false,
    },
    ssm_unreachable: {
        words: "AWS SSM could not be reached or failed",
        fix: "check AWS_REGION and the network; the next scheduled run tries again",
        loginHelps: false,
    },
    kms_refused: {
        words: "AWS KMS refused to encrypt or decrypt the tokens in SSM",
        fix: "check that the KMS key exists, is enabled and allows kms:Encrypt and kms:Decrypt to the role (kms-key-id)",
        loginHelps: false,
    },
    failed: {
        words: "the token run failed",
        fix: "see the failed run's log for what to change",
        loginHelps: false,
    },
};
function renewalFailure(error, fromStore) {
    const typed = error instanceof errors/* FyersTokenError */.xO ? error : undefined;
    const cause = causeOf(typed, fromStore);
    const known = FIXES[cause];
    const exact = fromStore || cause === "failed" ? typed?.hint : undefined;
    return { cause, ...known, fix: exact ?? known.fix };
}
function causeOf(error, fromStore) {
    if (error === undefined)
        return "failed";
    if (fromStore) {
        if (/\bKMS\b/.test(error.message))
            return "kms_refused";
        if (/^AWS denied |no AWS credentials/.test(error.message))
            return "ssm_denied";
        return "ssm_unreachable";
    }
    switch (error.code) {
        case "bad_credentials":
            return error.fyersCode === -413 || /\bPIN\b/.test(error.message)
                ? "pin_rejected"
                : "app_secret_rejected";
        case "unavailable":
        case "unexpected_response":
            return "fyers_unavailable";
        case "rate_limited":
            return "fyers_rate_limited";
        default:
            return "failed";
    }
}

// EXTERNAL MODULE: ./src/bookmark.ts
var bookmark = __nccwpck_require__(4056);
;// CONCATENATED MODULE: ../core/src/lifecycle/verify.ts


async function checkProfile(client, accessToken) {
    const answer = await client.getProfile(accessToken);
    if (answer.ok)
        return { ok: true, checked: true, name: answer.name };
    return {
        ok: false,
        checked: true,
        message: `FYERS rejected the access token (${answer.fyersCode ?? answer.httpStatus}: ${answer.message || "no message"})`,
    };
}
async function verify(ports, options = {}) {
    const now = (ports.clock ?? time/* systemClock */.ml)();
    const stored = await ports.store.read();
    const access = (0,tokens_status/* tokenInfo */.oG)(stored.accessToken, now);
    const refreshInfo = (0,tokens_status/* tokenInfo */.oG)(stored.refreshToken, now, options.warnBeforeSeconds ?? 0);
    let profile;
    if (!stored.accessToken) {
        profile = { ok: false, checked: false, message: "no access token is stored" };
    }
    else if (access.status === "expired" && access.expires_at) {
        profile = {
            ok: false,
            checked: false,
            message: `the access token expired at ${(0,time/* formatIst */.kK)(Date.parse(access.expires_at))}`,
        };
    }
    else {
        profile = await checkProfile(ports.client, stored.accessToken);
    }
    return {
        valid: profile.ok,
        accessToken: profile.ok ? stored.accessToken : undefined,
        access_token: access,
        refresh_token: refreshInfo,
        profile,
        store: `${ports.store.kind}:${ports.store.location}`,
        requests: ports.client.requestCount,
    };
}

;// CONCATENATED MODULE: ../core/src/tokens/login-due.ts

function isAlive(info) {
    return info.seconds_left !== null && info.seconds_left > 0;
}
function loginDue(access, refresh, warnBeforeSeconds, nowMs) {
    if (refresh.status === "expired" || refresh.status === "missing") {
        if (!isAlive(access))
            return undefined;
        const byMs = access.expires_at === null ? (0,time/* nextRollover */.R8)(nowMs) : Date.parse(access.expires_at);
        const reason = refresh.status === "missing"
            ? "no refresh token is stored"
            : `the refresh token expired at ${(0,time/* formatIst */.kK)(Date.parse(refresh.expires_at ?? ""))}`;
        return { byMs, reason: `${reason}, so the access token cannot be refreshed when it expires` };
    }
    const left = refresh.seconds_left;
    if (refresh.expires_at === null || left === null || left <= 0 || left >= warnBeforeSeconds)
        return undefined;
    const byMs = Date.parse(refresh.expires_at);
    return { byMs, reason: `the refresh token expires at ${(0,time/* formatIst */.kK)(byMs)}` };
}

;// CONCATENATED MODULE: ./src/check.ts

async function check(ports, inputs) {
    const result = await verify(ports, { warnBeforeSeconds: inputs.warnBeforeSeconds });
    return {
        mode: "verify",
        result: result.valid ? "valid" : "invalid",
        dryRun: inputs.dryRun,
        reason: result.profile.ok ? "FYERS accepted the stored access token" : result.profile.message,
        accessToken: result.accessToken,
        access: result.access_token,
        refresh: result.refresh_token,
        loginDue: loginDue(result.access_token, result.refresh_token, inputs.warnBeforeSeconds, ports.clock()),
        profileProblem: undefined,
        warnings: [],
        store: result.store,
        fyersRequests: result.requests,
        nowMs: ports.clock(),
        notice: undefined,
    };
}

// EXTERNAL MODULE: ./src/notices.ts + 1 modules
var notices = __nccwpck_require__(1845);
// EXTERNAL MODULE: ../core/src/redact.ts
var redact = __nccwpck_require__(8681);
;// CONCATENATED MODULE: ./src/outputs.ts

function setOutputs(io, report, loginUrl) {
    io.setOutput("result", (0,redact/* trusted */.IZ)(report.result));
    io.setOutput("access-token", report.accessToken ?? "");
    io.setOutput("access-token-expires-at", (0,redact/* trusted */.IZ)(report.access.expires_at ?? ""));
    io.setOutput("refresh-token-expires-at", (0,redact/* trusted */.IZ)(report.refresh.expires_at ?? ""));
    io.setOutput("login-url", (0,redact/* trusted */.IZ)(loginUrl));
}

;// CONCATENATED MODULE: ../core/src/lifecycle/exchange.ts





async function exchange(ports, input, alreadyRead = []) {
    const { code, state } = parseAuthCode(input.authCode);
    if (input.expectedState !== undefined && state !== undefined && state !== input.expectedState) {
        throw new errors/* FyersTokenError */.xO("state_mismatch", "the redirect's state does not match the login URL's; nothing was saved", {
            hint: "open the login URL printed by this run, not an older one, and log in again",
        });
    }
    const current = [];
    for (const [index, store] of ports.stores.entries()) {
        current.push(alreadyRead[index] ?? (await store.read()));
        await store.checkWritable();
    }
    const tokens = await ports.client.exchangeAuthCode(appIdHash(input.clientId, input.appSecret), code);
    const savedTo = await saveAll(ports.stores, { clientId: input.clientId, ...tokens }, current);
    const now = (ports.clock ?? time/* systemClock */.ml)();
    return {
        action: "exchanged",
        tokens,
        saved_to: savedTo,
        access_token: (0,tokens_status/* tokenInfo */.oG)(tokens.accessToken, now),
        refresh_token: (0,tokens_status/* tokenInfo */.oG)(tokens.refreshToken, now),
        requests: ports.client.requestCount,
    };
}
async function saveAll(stores, update, current = []) {
    const savedTo = [];
    const failures = [];
    for (const [index, store] of stores.entries()) {
        try {
            await store.write(update, current[index]);
            savedTo.push(`${store.kind}:${store.location}`);
        }
        catch (error) {
            if (!(error instanceof errors/* FyersTokenError */.xO))
                throw error;
            failures.push({ store, error });
            savedTo.push(...(error.savedTo ?? []));
        }
    }
    const first = failures[0]?.error;
    if (first === undefined)
        return savedTo;
    const ssmFailed = failures.some((f) => f.store.kind === "ssm");
    const where = savedTo.length === 0
        ? "the new tokens were not saved anywhere, and the auth code is used up"
        : `the new tokens are saved in ${savedTo.join(" and ")}`;
    const fix = savedTo.length === 0
        ? "log in again and use the new auth code"
        : ssmFailed
            ? "copy them to SSM with npx tsx packages/scripts/put-parameters.ts"
            : "the next login writes the token file again (it keeps its older tokens until then)";
    throw new errors/* FyersTokenError */.xO(first.code, `${failures.map((f) => f.error.message).join("; ")}; ${where}`, {
        cause: first,
        hint: `${first.hint ?? ""}${first.hint ? "; then " : ""}${fix}`,
        savedTo,
        issued: {
            accessToken: update.accessToken,
            ...(update.refreshToken ? { refreshToken: update.refreshToken } : {}),
        },
    });
}

;// CONCATENATED MODULE: ../core/src/lifecycle/refresh.ts






async function refresh(ports, input, alreadyRead, options = {}) {
    const clock = ports.clock ?? time/* systemClock */.ml;
    const stored = alreadyRead ?? (await ports.store.read());
    const refreshInfo = (0,tokens_status/* tokenInfo */.oG)(stored.refreshToken, clock());
    if (!stored.refreshToken) {
        throw new errors/* FyersTokenError */.xO("login_required", `no refresh token is stored in ${ports.store.location}`, {
            hint: `log in: ${(0,hints/* loginCommand */.nc)(ports.store.kind)}`,
        });
    }
    if (refreshInfo.status === "expired" && refreshInfo.expires_at) {
        throw new errors/* FyersTokenError */.xO("login_required", `the stored refresh token expired at ${(0,time/* formatIst */.kK)(Date.parse(refreshInfo.expires_at))}`, { hint: hints/* REFRESH_HINT */.Un });
    }
    const hash = appIdHash(input.clientId, input.appSecret);
    const fresh = await ports.client.refreshAccessToken(hash, stored.refreshToken, input.pin);
    await storeRefreshed(ports.store, { clientId: input.clientId, ...fresh }, stored, options.fallbackStore);
    ports.logger?.info(`saved the new access token to ${ports.store.kind}:${ports.store.location}`);
    const warnings = [];
    const profile = await profileAfterRefresh(ports, fresh.accessToken, warnings);
    const now = clock();
    return {
        action: "refreshed",
        accessToken: fresh.accessToken,
        refresh_token_rotated: fresh.refreshToken !== undefined,
        access_token: (0,tokens_status/* tokenInfo */.oG)(fresh.accessToken, now),
        refresh_token: (0,tokens_status/* tokenInfo */.oG)(fresh.refreshToken ?? stored.refreshToken, now),
        profile,
        warnings,
        requests: ports.client.requestCount,
    };
}
async function profileAfterRefresh(ports, accessToken, warnings) {
    try {
        return await checkProfile(ports.client, accessToken);
    }
    catch (error) {
        if (!(0,errors/* isFyersTokenError */.DN)(error, "unavailable") && !(0,errors/* isFyersTokenError */.DN)(error, "rate_limited"))
            throw error;
        const message = `the new access token is stored, but the profile check could not run: ${error.message}`;
        warnings.push(message);
        ports.logger?.warn(message);
        return { ok: false, checked: false, message };
    }
}
const refresh_describe = (store) => `${store.kind}:${store.location}`;
async function storeRefreshed(store, update, current, fallback) {
    try {
        await store.write(update, current);
        return;
    }
    catch (error) {
        if (!(error instanceof errors/* FyersTokenError */.xO))
            throw error;
        const issued = {
            accessToken: update.accessToken,
            ...(update.refreshToken ? { refreshToken: update.refreshToken } : {}),
        };
        const plural = update.refreshToken !== undefined;
        const what = plural ? "the new tokens" : "the new access token";
        const partly = error.savedTo ?? [];
        const notStored = partly.length
            ? `${what} ${plural ? "are" : "is"} only partly stored (${partly.join(", ")})`
            : `${what} ${plural ? "were" : "was"} not stored`;
        if (fallback === undefined) {
            throw new errors/* FyersTokenError */.xO("store_failed", `${error.message}; ${notStored}`, {
                cause: error,
                hint: `${error.hint ?? "fix the store"}; then run the refresh again`,
                savedTo: partly,
                issued,
            });
        }
        const refreshToken = update.refreshToken ?? current.refreshToken;
        try {
            await fallback.write({ ...update, ...(refreshToken === undefined ? {} : { refreshToken }) });
        }
        catch (fallbackError) {
            const why = fallbackError instanceof Error ? fallbackError.message : String(fallbackError);
            throw new errors/* FyersTokenError */.xO("store_failed", `${error.message}; the fallback ${refresh_describe(fallback)} failed too (${why}); ${notStored}`, { cause: error, hint: error.hint, savedTo: partly, issued });
        }
        throw new errors/* FyersTokenError */.xO("store_failed", `${error.message}; ${what} ${plural ? "are" : "is"} saved in ${refresh_describe(fallback)} instead`, {
            cause: error,
            hint: `${error.hint ?? "fix the store"}; then copy them from ${fallback.location} with npx tsx packages/scripts/put-parameters.ts`,
            savedTo: [...partly, refresh_describe(fallback)],
            issued,
        });
    }
}

;// CONCATENATED MODULE: ../core/src/lifecycle/auto.ts






const OUTCOME = {
    exchange: "exchanged",
    refresh: "refreshed",
    skip: "skipped",
    "login-required": "login-required",
};
async function auto(ports, input, options = {}) {
    const clock = ports.clock ?? time/* systemClock */.ml;
    const warnBefore = input.warnBeforeSeconds ?? DEFAULT_WARN_BEFORE_SECONDS;
    const decided = await plan(ports, input);
    const stored = isAlive(decided.access_token) ? decided.stored.accessToken : undefined;
    const report = (result, reason, issued) => {
        const access = issued?.access_token ?? decided.access_token;
        const refreshInfo = issued?.refresh_token ?? decided.refresh_token;
        const accessToken = issued
            ? issuedToken(issued)
            : result === "skipped"
                ? decided.stored.accessToken
                : stored;
        return {
            result,
            reason,
            plan: decided,
            dry_run: input.dryRun === true,
            accessToken,
            access_token: access,
            refresh_token: refreshInfo,
            login_due: result === "login-required" ? undefined : loginDue(access, refreshInfo, warnBefore, clock()),
            ...(issued ? { detail: issued } : {}),
            warnings: issued?.action === "refreshed" ? issued.warnings : [],
            requests: ports.client.requestCount,
        };
    };
    if (decided.action === "refresh" && !input.pin) {
        return report("login-required", `${decided.reason}, and without ${input.pinSource ?? "FYERS_PIN"} it cannot be refreshed`);
    }
    if (input.dryRun || decided.action === "skip" || decided.action === "login-required") {
        return report(OUTCOME[decided.action], decided.reason);
    }
    try {
        const issued = decided.action === "exchange"
            ? await exchange({ ...ports, stores: [ports.store] }, { ...input, authCode: input.authCode ?? "" }, [
                decided.stored,
            ])
            : await refresh(ports, { ...input, pin: input.pin ?? "" }, decided.stored, options);
        return report(issued.action, decided.reason, issued);
    }
    catch (error) {
        if ((0,errors/* isFyersTokenError */.DN)(error, "login_required"))
            return report("login-required", error.message);
        throw error;
    }
}
function issuedToken(issued) {
    return issued.action === "exchanged" ? issued.tokens.accessToken : issued.accessToken;
}

;// CONCATENATED MODULE: ./src/renew.ts


async function renew(ports, inputs) {
    const done = await auto(ports, {
        clientId: inputs.clientId,
        appSecret: inputs.appSecret,
        pin: inputs.pin,
        pinSource: `the ${INPUT.pin} input`,
        authCode: inputs.mode === "refresh" ? undefined : inputs.authCode?.raw,
        force: inputs.mode === "refresh" || inputs.force,
        minRemainingSeconds: inputs.minRemainingSeconds,
        warnBeforeSeconds: inputs.warnBeforeSeconds,
        dryRun: inputs.dryRun,
    });
    const profile = done.detail?.action === "refreshed" ? done.detail.profile : undefined;
    return {
        mode: inputs.mode,
        result: done.result,
        dryRun: inputs.dryRun,
        reason: done.reason,
        accessToken: done.accessToken,
        access: done.access_token,
        refresh: done.refresh_token,
        loginDue: done.login_due,
        profileProblem: profile && !profile.ok && profile.checked ? profile.message : undefined,
        warnings: done.warnings,
        store: `${ports.store.kind}:${ports.store.location}`,
        fyersRequests: done.requests,
        nowMs: ports.clock(),
        notice: done.plan.stored.notice,
    };
}

// EXTERNAL MODULE: ./src/report.ts
var src_report = __nccwpck_require__(8890);
;// CONCATENATED MODULE: ./src/scrubbing.ts

const TOKEN_OUTPUT = "access-token";
function scrubbingIO(io) {
    const scrubber = (0,redact/* createScrubber */.HV)();
    const scrub = (text) => scrubber.scrub(text);
    return {
        scrub,
        setSecret(value) {
            scrubber.add(value);
            io.setSecret(value);
        },
        setOutput: (name, value) => io.setOutput(name, name === TOKEN_OUTPUT ? value : scrub(value)),
        info: (message) => io.info(scrub(message)),
        debug: (message) => io.debug(scrub(message)),
        warning: (message) => io.warning(scrub(message)),
        setFailed: (message) => io.setFailed(scrub(message)),
        writeSummary: (markdown) => io.writeSummary(scrub(markdown)),
    };
}
function scrubbingIssues(api, scrub) {
    return {
        listOpen: (label) => api.listOpen(label),
        create: ({ title, body, labels }) => api.create({ title: scrub(title), body: scrub(body), labels }),
        update: (number, { title, body }) => api.update(number, { title: scrub(title), body: scrub(body) }),
        comment: (number, body) => api.comment(number, scrub(body)),
        close: (number) => api.close(number),
        ensureLabel: (label) => api.ensureLabel(label),
    };
}

;// CONCATENATED MODULE: ./src/summary.ts


const IST_OFFSET_MS = 5.5 * 3600 * 1000;
const WOULD = {
    refreshed: "would refresh the access token",
    exchanged: "would exchange the auth code",
    skipped: "would skip: the access token is still good",
    "login-required": "a login would be required",
};
function renderSummary(report, links) {
    const issueUrl = links.issueUrl === undefined ? undefined : (0,redact/* trusted */.IZ)(links.issueUrl);
    const headline = report.dryRun
        ? `dry run, ${WOULD[report.result] ?? src_report/* RESULT_TEXT */.y[report.result]}`
        : src_report/* RESULT_TEXT */.y[report.result];
    const lines = [
        `### FYERS token: ${headline}`,
        "",
        `${capitalize(report.reason)}.`,
        "",
        "| token | status | expires (IST) | expires (UTC) | time left |",
        "| --- | --- | --- | --- | --- |",
        tokenRow("access token", report.access),
        tokenRow("refresh token", report.refresh),
        "",
    ];
    if (report.result === "login-required" && links.freshToken === true) {
        lines.push("**No login needed after all:** a fresh access token reached the store while this run decided.", "");
    }
    else if (report.result === "login-required") {
        lines.push(links.loginLink === undefined
            ? `**Log in:** [open the FYERS login](${links.loginUrl}), then run the workflow with the redirect URL as \`auth_code\`.`
            : `**Log in:** open your bookmarked login link (\`${links.loginLink}?k=…\`, from Telegram or \`npm run login-link\`) and log in; the tokens go straight to SSM. Or [open the FYERS login](${links.loginUrl}) and run the workflow with the redirect URL as \`auth_code\`.`);
        if (issueUrl)
            lines.push(`Steps are in the [login issue](${issueUrl}).`);
        if (links.offDay)
            lines.push(`Nobody was notified: ${links.offDay}.`);
        lines.push("");
    }
    else if (report.loginDue !== undefined) {
        const due = report.loginDue;
        lines.push(`**A login is due by ${(0,time/* formatIst */.kK)(due.byMs)}** (${(0,time/* isoUtc */.u8)(due.byMs)}): ${due.reason}.` +
            (issueUrl ? ` See the [login issue](${issueUrl}).` : ""), "");
    }
    const chart = validityChart(report, links.warnBeforeSeconds);
    if (chart !== undefined)
        lines.push(chart, "");
    lines.push(`<sub>mode \`${report.mode}\`${report.dryRun ? " (dry run: nothing issued or written)" : ""} · store \`${report.store}\` · FYERS requests: ${report.fyersRequests}</sub>`, "");
    return lines.join("\n");
}
function tokenRow(name, info) {
    if (info.expires_at === null)
        return `| ${name} | ${info.status} | – | – | – |`;
    const ms = Date.parse(info.expires_at);
    const left = info.seconds_left ?? 0;
    const timeLeft = left > 0 ? formatDuration(left) : `expired ${formatDuration(-left)} ago`;
    return `| ${name} | ${info.status} | ${(0,time/* formatIst */.kK)(ms)} | ${info.expires_at} | ${timeLeft} |`;
}
function mermaidTime(ms) {
    return new Date(ms + IST_OFFSET_MS).toISOString().slice(0, 16).replace("T", " ");
}
function validityChart(report, warnBeforeSeconds) {
    const now = report.nowMs;
    const bars = [];
    const bar = (section, rows) => bars.push(`    section ${section}`, ...rows);
    const expiry = (info) => (info.expires_at === null ? undefined : Date.parse(info.expires_at));
    const access = expiry(report.access);
    if (access !== undefined && access > now) {
        bar("Access token", [
            `    valid, ${formatDuration((access - now) / 1000)} left :active, a1, ${mermaidTime(now)}, ${mermaidTime(access)}`,
        ]);
    }
    const refresh = expiry(report.refresh);
    if (refresh !== undefined && refresh > now) {
        const warnFrom = Math.max(now, refresh - warnBeforeSeconds * 1000);
        const rows = [];
        if (warnFrom > now)
            rows.push(`    refresh works :r1, ${mermaidTime(now)}, ${mermaidTime(warnFrom)}`);
        rows.push(`    login due :crit, r2, ${mermaidTime(warnFrom)}, ${mermaidTime(refresh)}`);
        bar("Refresh token", rows);
    }
    if (bars.length === 0)
        return undefined;
    return [
        "```mermaid",
        "gantt",
        "    title Token validity from now (times in IST)",
        "    dateFormat YYYY-MM-DD HH:mm",
        "    axisFormat %d %b %H:%M",
        ...bars,
        "```",
    ].join("\n");
}
function capitalize(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}

;// CONCATENATED MODULE: ./src/run.ts












async function run(inputs, deps) {
    const io = scrubbingIO(deps.io);
    const issues = async () => scrubbingIssues(await deps.issues(), io.scrub);
    const mask = (value) => io.setSecret(value);
    const store = recordingStore(maskingStore(deps.store, mask));
    const { url: loginUrl } = buildLoginUrl(inputs);
    const noticePorts = () => ({
        store,
        clock: deps.clock,
        holder: `${deps.context.runId ?? "local"}-${process.pid}-${(0,external_node_crypto_.randomBytes)(4).toString("hex")}`,
        accessTokenRead: () => store.firstRead?.accessToken,
        issues,
        io,
        noticeKept: deps.noticeProblem?.() === undefined,
        context: {
            clientId: inputs.clientId,
            ssmPrefix: inputs.ssmPrefix,
            loginUrl,
            loginLink: inputs.loginLink,
            run: deps.context,
        },
    });
    try {
        maskInputs(inputs, mask);
        warnUnlisted(io, inputs);
        if (inputs.loginLinkProblem !== undefined)
            io.warning(inputs.loginLinkProblem);
        const ports = { client: maskingClient(deps.client, mask), store, clock: deps.clock };
        const report = inputs.mode === "verify" ? await check(ports, inputs) : await renew(ports, inputs);
        const noticeProblem = deps.noticeProblem?.();
        if (noticeProblem !== undefined)
            io.warning(noticeProblem);
        io.info(logLine(report));
        setOutputs(io, report, loginUrl);
        const { issueUrl, offDay, freshToken } = await (0,notices/* notify */.me)(report, inputs, noticePorts());
        if (freshToken !== undefined) {
            io.setOutput("access-token", freshToken);
            io.info(`A fresh access token arrived in ${report.store} while this run decided (a login or another run stored it): nothing to announce, nothing to do.`);
        }
        warn(io, report);
        const publicLink = inputs.loginLink === undefined ? undefined : (0,login_key/* withoutLoginKey */.BB)(inputs.loginLink);
        await io.writeSummary(renderSummary(report, {
            loginUrl,
            loginLink: publicLink,
            issueUrl,
            offDay,
            freshToken: freshToken !== undefined,
            warnBeforeSeconds: inputs.warnBeforeSeconds,
        }));
        const where = inputs.loginLink === undefined ? (issueUrl ?? loginUrl) : (0,bookmark/* bookmarkedLink */.K)(inputs.loginLink);
        if (offDay === undefined && freshToken === undefined)
            failIfPersonNeeded(io, report, where);
        return report;
    }
    catch (error) {
        await announceFailure(error, inputs, store, deps, noticePorts);
        await reportFailure(io, error);
        return undefined;
    }
}
function recordingStore(store) {
    let firstRead;
    let reads = 0;
    let readFailed = false;
    return {
        ...store,
        async read() {
            const first = reads++ === 0;
            try {
                const tokens = await store.read();
                if (first)
                    firstRead = tokens;
                return tokens;
            }
            catch (error) {
                if (first)
                    readFailed = true;
                throw error;
            }
        },
        get firstRead() {
            return firstRead;
        },
        get readFailed() {
            return readFailed;
        },
    };
}
async function announceFailure(error, inputs, store, deps, noticePorts) {
    if (inputs.mode === "verify" || inputs.dryRun)
        return;
    const nowMs = deps.clock();
    const stored = store.firstRead;
    const access = (0,tokens_status/* tokenInfo */.oG)(stored?.accessToken, nowMs);
    if (!store.readFailed && (0,notices/* works */.No)(access))
        return;
    const failure = renewalFailure(error, fromStore(error));
    const report = {
        mode: inputs.mode,
        result: "login-required",
        dryRun: false,
        reason: error instanceof Error ? error.message : String(error),
        accessToken: undefined,
        access,
        refresh: (0,tokens_status/* tokenInfo */.oG)(stored?.refreshToken, nowMs),
        loginDue: undefined,
        profileProblem: undefined,
        warnings: [],
        store: `${store.kind}:${store.location}`,
        fyersRequests: deps.client.requestCount,
        nowMs,
        notice: stored?.notice,
        failure,
        noticeUnread: store.readFailed,
    };
    const ports = noticePorts();
    try {
        await (0,notices/* notify */.me)(report, inputs, ports);
    }
    catch (notifyError) {
        ports.io.warning(`Could not announce the failure: ${notifyError instanceof Error ? notifyError.message : String(notifyError)}`);
    }
}
function fromStore(error) {
    if (!(error instanceof errors/* FyersTokenError */.xO))
        return false;
    return error.code === "store_failed" || /^AWS SSM /.test(error.message);
}
const CHANNEL_INPUT = { telegram: "telegram-bot-token", webhook: "webhook-url" };
function warnUnlisted(io, inputs) {
    for (const channel of inputs.unlisted ?? []) {
        if (channel === "issue")
            continue;
        io.warning(`${CHANNEL_INPUT[channel]} is set, but notify (${inputs.notify.join(",")}) does not list ${channel}: no ${channel} notice is sent. ` +
            `Add it, e.g. notify: ${[...inputs.notify, channel].join(",")} (the shipped workflow reads the FYERS_NOTIFY variable).`);
    }
}
function logLine(report) {
    const prefix = report.dryRun ? "Dry run: would be " : "";
    return `${prefix}${report.result} (mode ${report.mode}): ${report.reason}. FYERS requests: ${report.fyersRequests}.`;
}
function warn(io, report) {
    const due = report.loginDue;
    if (due !== undefined) {
        const left = formatDuration((due.byMs - report.nowMs) / 1000);
        io.warning(`A FYERS login is due by ${(0,time/* formatIst */.kK)(due.byMs)} (${(0,time/* isoUtc */.u8)(due.byMs)}), in ${left}: ${due.reason}.`);
    }
    const done = src_report/* RESULT_TEXT */.y[report.result];
    for (const warning of report.warnings)
        io.warning(`${done.charAt(0).toUpperCase()}${done.slice(1)}; ${warning}.`);
    if (report.profileProblem !== undefined) {
        io.warning(`The new access token was saved, but the profile check failed: ${report.profileProblem}.`);
    }
    if (report.dryRun && report.result === "login-required") {
        io.warning(`Dry run: a FYERS login would be required: ${report.reason}.`);
    }
}
function failIfPersonNeeded(io, report, where) {
    if (report.dryRun)
        return;
    if (report.result === "login-required") {
        io.setFailed(`A FYERS login is required: ${report.reason}.\nLog in: ${where}`);
    }
    else if (report.result === "invalid") {
        io.setFailed(`The stored FYERS access token is not valid: ${report.reason}.\nHint: run the action with mode: refresh, or log in and run it with the auth code.`);
    }
}

;// CONCATENATED MODULE: ./src/main.ts









async function main(env = process.env) {
    const io = actionsIO(env);
    let inputs;
    let deps;
    const early = scrubbingIO(io);
    try {
        const raw = readRawInputs((name) => getInput(name, env));
        maskRawInputs(raw, early.setSecret);
        inputs = parseInputs(raw, env);
        deps = createDeps(inputs, io, env);
    }
    catch (error) {
        early.setFailed(failureMessage(error));
        return;
    }
    await run(inputs, deps);
}
function createDeps(inputs, io, env) {
    const context = (0,ports/* runContext */.pO)(env);
    const timeoutMs = fyersTimeoutMs(env);
    const githubTimeoutMs = (0,src_tuning/* tuningMs */.Wm)("serviceTimeout", env);
    let noticeProblem;
    return {
        client: createFyersClient({
            apiUrl: inputs.apiUrl,
            clientId: inputs.clientId,
            ...(timeoutMs === undefined ? {} : { timeoutMs }),
        }),
        store: createSsmStore({
            prefix: inputs.ssmPrefix,
            kmsKeyId: inputs.kmsKeyId,
            withNotice: true,
            onNoticeDenied: (warning) => {
                noticeProblem = warning;
            },
        }),
        clock: time/* systemClock */.ml,
        io,
        context,
        issues: () => (0,github/* openIssueApi */.Wc)(inputs.githubToken, context, io.debug, githubTimeoutMs),
        noticeProblem: () => noticeProblem,
    };
}

;// CONCATENATED MODULE: ./src/index.ts

void main();

