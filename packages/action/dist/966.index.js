export const id = 966;
export const ids = [966];
export const modules = {

/***/ 2966:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  announce: () => (/* binding */ announce),
  readIssueNotice: () => (/* reexport */ readIssueNotice)
});

// EXTERNAL MODULE: ../core/src/redact.ts
var redact = __webpack_require__(8681);
// EXTERNAL MODULE: ../core/src/tuning.ts
var tuning = __webpack_require__(9765);
// EXTERNAL MODULE: ../core/src/time.ts
var time = __webpack_require__(5829);
;// CONCATENATED MODULE: ../core/src/notify/message.ts

const TITLES = {
    "login-required": "FYERS login required",
    "login-due": "FYERS login due soon",
    "renewal-failed": "FYERS token renewal failed",
    renewed: "FYERS token renewed",
};
function links(content) {
    if (content.event === "renewed")
        return [];
    if (content.event === "renewal-failed" && content.loginHelps !== true)
        return [];
    if (content.loginLink !== undefined)
        return [{ label: "Log in now", url: content.loginLink }];
    const out = [];
    if (content.loginUrl !== undefined)
        out.push({ label: "Open the FYERS login", url: content.loginUrl });
    if (content.runUrl !== undefined) {
        out.push({ label: "Run the workflow with the redirect URL", url: content.runUrl });
    }
    return out;
}
const MAX_REASON = 500;
function brief(text) {
    if (text.length <= MAX_REASON)
        return text;
    const cut = /[\uD800-\uDBFF]/.test(text.charAt(MAX_REASON - 2)) ? MAX_REASON - 2 : MAX_REASON - 1;
    return `${text.slice(0, cut)}…`;
}
function lines(content) {
    if (content.event === "renewed") {
        const until = content.validUntilMs === undefined ? "" : `, valid until ${(0,time/* formatIst */.kK)(content.validUntilMs)}`;
        return [`Done${until}.`];
    }
    const out = [brief(content.reason)];
    if (content.fix !== undefined)
        out.push(`Fix: ${brief(content.fix)}`);
    if (content.deadlineMs !== undefined)
        out.push(`Log in before ${(0,time/* formatIst */.kK)(content.deadlineMs)}.`);
    return out;
}
function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
function telegramText(content) {
    const title = `<b>${escapeHtml(TITLES[content.event])}</b> for ${escapeHtml(content.clientId)}`;
    const body = lines(content).map(escapeHtml);
    const taps = links(content).map((link) => `<a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a>`);
    return [title, ...body, ...taps].join("\n");
}
function noticeText(content) {
    const title = `${TITLES[content.event]} for ${content.clientId}`;
    const taps = links(content).map((link) => `${link.label}: ${link.url}`);
    return [title, ...lines(content), ...taps].join("\n");
}
function escapeSlack(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
function webhookPayload(content) {
    const renewed = content.event === "renewed";
    return {
        text: escapeSlack(noticeText(content)),
        event: content.event,
        client_id: content.clientId,
        deadline: !renewed && content.deadlineMs !== undefined ? (0,time/* isoUtc */.u8)(content.deadlineMs) : null,
        login_link: links(content).length === 0 ? null : (content.loginLink ?? content.loginUrl ?? null),
        valid_until: renewed && content.validUntilMs !== undefined ? (0,time/* isoUtc */.u8)(content.validUntilMs) : null,
        cause: content.event === "renewal-failed" ? (content.cause ?? null) : null,
    };
}

// EXTERNAL MODULE: ../core/src/notify/webhook-secrets.ts
var webhook_secrets = __webpack_require__(3559);
;// CONCATENATED MODULE: ../core/src/notify/deliver.ts




const DEFAULT_TELEGRAM_API_URL = "https://api.telegram.org";
const DEFAULT_NOTIFY_TIMEOUT_MS = 10_000;
const backoffSteps = (first) => [first, 3 * first];
async function deliver(settings, channels, content) {
    const scrubber = secretsOf(settings);
    const wanted = [...new Set(channels)];
    return Promise.all(wanted.map(async (channel) => {
        try {
            const problem = await deliverTo(channel, settings, content);
            return problem === undefined
                ? { channel, ok: true }
                : { channel, ok: false, warning: scrubber.scrub(problem) };
        }
        catch (error) {
            const warning = `${label(channel)} notice failed: ${error instanceof Error ? error.message : String(error)}`;
            return { channel, ok: false, warning: scrubber.scrub(warning) };
        }
    }));
}
function label(channel) {
    return channel === "telegram" ? "Telegram" : "Webhook";
}
function secretsOf(settings) {
    const scrubber = (0,redact/* createScrubber */.HV)();
    const token = settings.telegram?.botToken;
    scrubber.add(token, token?.split(":")[1]);
    const url = settings.webhook?.url;
    if (url !== undefined)
        scrubber.add(...(0,webhook_secrets/* webhookSecrets */.d)(url));
    return scrubber;
}
async function deliverTo(channel, settings, content) {
    const fetchFn = settings.fetch ?? fetch;
    const timeoutMs = settings.timeoutMs ?? (0,tuning/* tuningMs */.Wm)("serviceTimeout");
    if (channel === "telegram") {
        const telegram = settings.telegram;
        if (telegram === undefined)
            return "Telegram notice not sent: no bot token and chat id are set";
        const api = (telegram.apiUrl ?? DEFAULT_TELEGRAM_API_URL).replace(/\/+$/, "");
        const body = {
            chat_id: telegram.chatId,
            text: telegramText(content),
            parse_mode: "HTML",
            link_preview_options: { is_disabled: true },
        };
        const problem = await withRetries(timeoutMs, (signal) => postJson(fetchFn, `${api}/bot${telegram.botToken}/sendMessage`, body, signal).then(telegramAttempt));
        return problem === undefined ? undefined : `Telegram notice not sent: ${problem}`;
    }
    const webhook = settings.webhook;
    if (webhook === undefined)
        return "Webhook notice not sent: no webhook URL is set";
    const problem = await withRetries(timeoutMs, (signal) => postJson(fetchFn, webhook.url, webhookPayload(content), signal).then(webhookAttempt));
    return problem === undefined ? undefined : `Webhook notice not sent: ${problem}`;
}
async function postJson(fetchFn, url, body, signal) {
    const res = await fetchFn(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        redirect: "manual",
        signal,
    });
    return { status: res.status, retryAfter: res.headers.get("retry-after"), text: await res.text() };
}
const retryable = (status) => status === 429 || status >= 500;
function seconds(value) {
    const n = typeof value === "string" ? Number(value) : value;
    return typeof n === "number" && Number.isFinite(n) && n >= 0 ? n * 1000 : undefined;
}
function snippet(text) {
    const line = text
        .replace(/<[^>]*>/g, " ")
        .replace(/\s+/g, " ")
        .trim();
    return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
function telegramAttempt(answer) {
    let json;
    try {
        json = JSON.parse(answer.text);
    }
    catch {
        json = undefined;
    }
    if (answer.status >= 200 && answer.status < 300 && json?.ok === true)
        return { ok: true };
    const description = typeof json?.description === "string" ? json.description : snippet(answer.text);
    const problem = `${description || "no description"} (HTTP ${answer.status})${telegramHint(answer.status, description)}`;
    const retryAfterMs = seconds(json?.parameters?.retry_after) ?? seconds(answer.retryAfter);
    return {
        ok: false,
        problem,
        retry: retryable(answer.status),
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
}
function telegramHint(status, description) {
    if (status === 401 || status === 404)
        return "; the bot token is wrong or revoked: copy it again from @BotFather";
    if (/chat not found/i.test(description)) {
        return "; check the chat id, and send the bot a message first (a bot cannot start a chat)";
    }
    if (status === 403)
        return "; the bot cannot write to this chat: unblock it or add it to the group";
    return "";
}
function webhookAttempt(answer) {
    if (answer.status >= 200 && answer.status < 300)
        return { ok: true };
    const body = snippet(answer.text);
    const problem = `the webhook answered HTTP ${answer.status}${body === "" ? "" : `: ${body}`}`;
    const retryAfterMs = seconds(answer.retryAfter);
    return {
        ok: false,
        problem,
        retry: retryable(answer.status),
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
}
async function withRetries(timeoutMs, attempt) {
    const deadline = Date.now() + timeoutMs;
    const within = `within ${formatSeconds(timeoutMs)}`;
    const steps = backoffSteps((0,tuning/* tuningMs */.Wm)("retryBackoff"));
    for (let tries = 0;; tries += 1) {
        const remaining = deadline - Date.now();
        let outcome;
        try {
            outcome = await attempt(AbortSignal.timeout(Math.max(1, remaining)));
        }
        catch (error) {
            if (isTimeout(error))
                return `no answer ${within}`;
            outcome = { ok: false, problem: networkProblem(error), retry: true };
        }
        if (outcome.ok)
            return undefined;
        const wait = steps[tries];
        if (!outcome.retry || wait === undefined)
            return outcome.problem;
        const waitMs = outcome.retryAfterMs ?? wait;
        if (Date.now() + waitMs >= deadline) {
            const after = outcome.retryAfterMs === undefined ? "" : ` (asked to retry after ${formatSeconds(waitMs)})`;
            return `${outcome.problem}; gave up${after} to stay ${within}`;
        }
        await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
}
function isTimeout(error) {
    return error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
}
function networkProblem(error) {
    const cause = error instanceof Error ? error.cause : undefined;
    if (typeof cause?.code === "string")
        return `could not connect (${cause.code})`;
    return error instanceof Error ? error.message : String(error);
}
function formatSeconds(ms) {
    return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}

// EXTERNAL MODULE: ../core/src/errors.ts
var errors = __webpack_require__(319);
// EXTERNAL MODULE: ../core/src/store/port.ts
var port = __webpack_require__(4125);
// EXTERNAL MODULE: ./src/bookmark.ts
var bookmark = __webpack_require__(4056);
// EXTERNAL MODULE: ./src/github.ts
var github = __webpack_require__(3491);
// EXTERNAL MODULE: ./src/ports.ts
var src_ports = __webpack_require__(6206);
// EXTERNAL MODULE: ./src/report.ts
var src_report = __webpack_require__(8890);
;// CONCATENATED MODULE: ./src/login-issue.ts





const LOGIN_LABEL = "fyers-login";
const LABEL = {
    name: LOGIN_LABEL,
    color: "d93f0b",
    description: "A FYERS login is needed (opened and closed by the fyers-token action)",
};
function marker(ssmPrefix) {
    return `<!-- fyers-token: ${ssmPrefix} -->`;
}
const NOTICE_MARK = "<!-- fyers-token-notice: ";
function noticeMarker(notice) {
    return `${NOTICE_MARK}${(0,redact/* trusted */.IZ)(JSON.stringify(notice))} -->`;
}
async function readIssueNotice(context, openApi, io) {
    try {
        const api = await openApi();
        const mine = (await api.listOpen(LOGIN_LABEL)).find((i) => i.body.includes(marker(context.ssmPrefix)));
        const start = mine?.body.indexOf(NOTICE_MARK) ?? -1;
        if (mine === undefined || start < 0)
            return undefined;
        const json = mine.body.slice(start + NOTICE_MARK.length, mine.body.indexOf(" -->", start));
        return (0,port/* parseNotice */.Uh)(JSON.parse(json));
    }
    catch (error) {
        io.debug(`Could not read the login issue's notice: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
    }
}
async function syncLoginIssue(action, report, context, openApi, io, create = true, notice) {
    let step = "open the GitHub API";
    try {
        const api = await openApi();
        step = `list open ${LOGIN_LABEL} issues`;
        const mine = (await api.listOpen(LOGIN_LABEL)).filter((i) => i.body.includes(marker(context.ssmPrefix)));
        if (action === "close") {
            step = "close the login issue";
            for (const issue of mine)
                await closeIssue(api, issue, report, io);
            return { ok: true };
        }
        const title = issueTitle(report, context);
        const body = issueBody(report, context, notice ?? undefined);
        const existing = mine[0];
        if (existing !== undefined) {
            step = `update issue #${existing.number}`;
            await api.update(existing.number, { title, body });
            io.info(`Updated the login issue #${existing.number}.`);
            return { ok: true, url: issueUrl(context.run, existing.number) };
        }
        if (!create) {
            io.info("The login issue was closed by hand: no new one until a new login is announced.");
            return { ok: true };
        }
        step = "create the login issue";
        await api.ensureLabel(LABEL);
        const number = await api.create({ title, body, labels: [LOGIN_LABEL] });
        io.info(`Opened the login issue #${number}.`);
        return { ok: true, url: issueUrl(context.run, number) };
    }
    catch (error) {
        io.warning(`Could not ${step}: ${describeGitHubError(error)}`);
        return { ok: false };
    }
}
async function closeIssue(api, issue, report, io) {
    const expiry = report.access.expires_at;
    const validity = expiry === null ? undefined : `valid until ${(0,time/* formatIst */.kK)(Date.parse(expiry))} (${expiry})`;
    const [what, whose] = report.result === "exchanged"
        ? ["The auth code was exchanged.", "The new access token"]
        : report.result === "refreshed"
            ? ["The access token was refreshed.", "The new access token"]
            :
                ["The login went through.", "The stored access token"];
    const until = validity === undefined ? "" : ` ${whose} is ${validity}.`;
    await api.comment(issue.number, `${what}${until} Closing.`);
    await api.close(issue.number);
    io.info(`Closed the login issue #${issue.number}.`);
}
function issueUrl(run, number) {
    return run.repository === undefined ? undefined : `${run.serverUrl}/${run.repository}/issues/${number}`;
}
function issueTitle(report, context) {
    if (report.failure !== undefined)
        return `FYERS token renewal failed for ${context.clientId}`;
    return report.loginDue === undefined
        ? `FYERS login required for ${context.clientId}`
        : `FYERS login due soon for ${context.clientId}`;
}
function issueBody(report, context, notice) {
    const due = report.loginDue;
    const failure = report.failure;
    const deadline = due?.byMs ?? (0,time/* nextRollover */.R8)(report.nowMs);
    const workflow = (0,src_ports/* workflowUrl */.pk)(context.run);
    const run = (0,src_ports/* runUrl */.Vp)(context.run);
    const where = `for app \`${context.clientId}\` (tokens in SSM under \`${context.ssmPrefix}\`)`;
    const headline = failure !== undefined
        ? [
            `**The FYERS token could not be renewed** ${where}: ${failure.words}.`,
            "",
            `**What happened:** ${inert(report.reason)}.`,
            "",
            `**Fix:** ${inert(failure.fix)}.`,
        ]
        : [
            due === undefined
                ? `**A FYERS login is required** ${where}.`
                : `**A FYERS login is due soon** ${where}: ${due.reason}.`,
            "",
            `**What happened:** ${src_report/* RESULT_TEXT */.y[report.result]}: ${inert(report.reason)}.`,
        ];
    const lines = [
        marker(context.ssmPrefix),
        ...(notice === undefined ? [] : [noticeMarker(notice)]),
        ...headline,
        "",
        due === undefined
            ? `**Deadline:** ${(0,time/* formatIst */.kK)(deadline)} (${(0,time/* isoUtc */.u8)(deadline)}), the next FYERS token rollover. Until ${failure === undefined ? "you log in" : "this is fixed"}, programs reading the token have none that works.`
            : `**Deadline:** ${(0,time/* formatIst */.kK)(deadline)} (${(0,time/* isoUtc */.u8)(deadline)}). After that no stored token works until you log in.`,
        "",
        ...(failure === undefined || failure.loginHelps ? [...loginSteps(context, workflow), ""] : []),
        failure === undefined
            ? "This issue closes by itself at the next run that finds a fresh token (after a login, an exchange or a refresh)."
            : "This issue closes by itself at the next run that renews the token or finds a fresh one.",
        "",
        `<sub>Updated ${(0,time/* formatIst */.kK)(report.nowMs)}${run ? ` by [this run](${run})` : ""}.</sub>`,
    ];
    return lines.join("\n");
}
const login_issue_MAX_REASON = 2000;
function inert(text) {
    const cut = /[\uD800-\uDBFF]/.test(text.charAt(login_issue_MAX_REASON - 2)) ? login_issue_MAX_REASON - 2 : login_issue_MAX_REASON - 1;
    const short = text.length > login_issue_MAX_REASON ? `${text.slice(0, cut)}…` : text;
    return short.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/@/g, "@&#8203;");
}
function loginSteps(context, workflow) {
    const manual = [
        `1. Open the [FYERS login](${context.loginUrl}) and log in (2FA).`,
        "2. Copy the whole address your browser lands on (it contains `auth_code=`).",
        workflow
            ? `3. Open [Run workflow](${workflow}), paste it into **auth_code** and run it at once: the code is single use and expires within minutes.`
            : "3. Run the fyers-token workflow with it as the **auth_code** input, at once: the code is single use and expires within minutes.",
    ];
    if (context.loginLink === undefined)
        return ["**To log in:**", ...manual];
    return [
        `**To log in:** ${(0,bookmark/* bookmarkedLink */.K)(context.loginLink)} and log in to FYERS (2FA). That is all: the tokens go straight to SSM.`,
        "",
        "If the link does not work, the manual way:",
        ...manual,
    ];
}
function describeGitHubError(error) {
    if (error instanceof github/* GitHubTimeoutError */.Dr)
        return error.message;
    const status = error.status;
    const message = error instanceof Error ? error.message : String(error);
    if (status === 403 || status === 404) {
        return `GitHub answered ${status} (${message}); give the job \`permissions: issues: write\`, or set notify: none`;
    }
    if (typeof status !== "number")
        return message;
    const answered = error.response !== undefined;
    return answered ? `GitHub answered ${status} (${message})` : `could not reach GitHub (${message})`;
}

// EXTERNAL MODULE: ./src/notices.ts + 1 modules
var notices = __webpack_require__(1845);
;// CONCATENATED MODULE: ./src/announce.ts





async function announce(state, decision, previous, report, inputs, ports) {
    const issue = await issueStep(state, decision, report, inputs, ports);
    const reached = issue.ok && state !== "ok" ? ["issue"] : [];
    reached.push(...(await messageStep(state, decision, previous, report, inputs, ports)));
    const next = decision.closeIssue && !issue.ok && previous !== undefined
        ?
            { ...previous, channels: ["issue"] }
        : nextNotice(decision.next, decision.announce !== undefined, reached);
    const lost = decision.announce !== undefined && decision.announce !== "renewed" && reached.length === 0;
    if (!lost && report.noticeUnread !== true)
        await storeNotice(ports, next, previous);
    return { issueUrl: issue.url };
}
async function issueStep(state, decision, report, inputs, ports) {
    if (state !== "ok" && inputs.notify.includes("issue")) {
        const scrubbed = { ...report, reason: ports.io.scrub(report.reason) };
        const create = decision.announce !== undefined || !(report.notice?.channels.includes("issue") ?? false);
        return syncLoginIssue("open", scrubbed, ports.context, ports.issues, ports.io, create, decision.next);
    }
    if (decision.closeIssue)
        return syncLoginIssue("close", report, ports.context, ports.issues, ports.io);
    return { ok: false };
}
async function messageStep(state, decision, previous, report, inputs, ports) {
    if (decision.announce !== undefined) {
        const wanted = decision.announce === "renewed" ? (previous?.channels ?? []) : inputs.notify;
        return message(decision.announce, wanted, report, inputs, ports);
    }
    if (state === "ok" || previous === undefined)
        return [];
    const missed = inputs.notify.filter((channel) => !previous.channels.includes(channel));
    return message(previous.event, missed, report, inputs, ports);
}
function nextNotice(decided, announced, reached) {
    if (decided === null)
        return null;
    const channels = announced ? reached : [...new Set([...decided.channels, ...reached])];
    return { ...decided, channels };
}
async function message(event, wanted, report, inputs, ports) {
    const targets = ["telegram", "webhook"].filter((channel) => wanted.includes(channel) && inputs.channels[channel] !== undefined);
    if (targets.length === 0)
        return [];
    const deliveries = await deliver(inputs.channels, targets, noticeContent(event, report, ports));
    const reached = [];
    for (const delivery of deliveries) {
        if (delivery.ok)
            reached.push(delivery.channel);
        else
            ports.io.warning(delivery.warning ?? `${delivery.channel} notice not sent`);
    }
    if (reached.length > 0)
        ports.io.info(`Sent the ${event} notice to ${reached.join(" and ")}.`);
    return reached;
}
function noticeContent(event, report, ports) {
    const { context, io } = ports;
    const content = {
        event,
        clientId: context.clientId,
        reason: io.scrub(sentence(report.loginDue?.reason ?? report.reason)),
        loginUrl: context.loginUrl,
    };
    const deadlineMs = (0,notices/* deadlineOf */.G0)(report, (0,notices/* loginState */.$i)(report));
    if (deadlineMs !== undefined)
        content.deadlineMs = deadlineMs;
    if (report.access.expires_at !== null)
        content.validUntilMs = Date.parse(report.access.expires_at);
    if (context.loginLink !== undefined)
        content.loginLink = context.loginLink;
    const failure = report.failure;
    if (event === "renewal-failed" && failure !== undefined) {
        content.reason = io.scrub(sentence(`${failure.words}: ${report.reason}`));
        content.cause = failure.cause;
        content.fix = io.scrub(sentence(failure.fix));
        content.loginHelps = failure.loginHelps;
    }
    const runPage = (0,src_ports/* workflowUrl */.pk)(context.run);
    if (runPage !== undefined)
        content.runUrl = runPage;
    return content;
}
function sentence(text) {
    const capital = text.charAt(0).toUpperCase() + text.slice(1);
    return capital.endsWith(".") ? capital : `${capital}.`;
}
async function storeNotice(ports, next, previous) {
    const current = previous === undefined ? {} : { notice: previous };
    try {
        await ports.store.writeNotice(next, current);
    }
    catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        const hint = error instanceof errors/* FyersTokenError */.xO && error.hint ? ` Hint: ${error.hint}.` : "";
        ports.io.warning(`Could not store the login notice (${why}); the next run may announce it again.${hint}`);
    }
}


/***/ })

};
