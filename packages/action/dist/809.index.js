export const id = 809;
export const ids = [809];
export const modules = {

/***/ 5809:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ec: () => (/* binding */ syncLoginIssue),
/* harmony export */   readIssueNotice: () => (/* binding */ readIssueNotice)
/* harmony export */ });
/* unused harmony exports LOGIN_LABEL, issueTitle, issueBody, inert, describeGitHubError */
/* harmony import */ var _fyers_token_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8681);
/* harmony import */ var _fyers_token_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4125);
/* harmony import */ var _fyers_token_core__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5829);
/* harmony import */ var _bookmark_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4056);
/* harmony import */ var _github_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3491);
/* harmony import */ var _ports_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6206);
/* harmony import */ var _report_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8890);





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
    return `${NOTICE_MARK}${(0,_fyers_token_core__WEBPACK_IMPORTED_MODULE_2__/* .trusted */ .IZ)(JSON.stringify(notice))} -->`;
}
async function readIssueNotice(context, openApi, io) {
    try {
        const api = await openApi();
        const mine = (await api.listOpen(LOGIN_LABEL)).find((i) => i.body.includes(marker(context.ssmPrefix)));
        const start = mine?.body.indexOf(NOTICE_MARK) ?? -1;
        if (mine === undefined || start < 0)
            return undefined;
        const json = mine.body.slice(start + NOTICE_MARK.length, mine.body.indexOf(" -->", start));
        return (0,_fyers_token_core__WEBPACK_IMPORTED_MODULE_3__/* .parseNotice */ .Uh)(JSON.parse(json));
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
    const validity = expiry === null ? undefined : `valid until ${(0,_fyers_token_core__WEBPACK_IMPORTED_MODULE_4__/* .formatIst */ .kK)(Date.parse(expiry))} (${expiry})`;
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
    const deadline = due?.byMs ?? (0,_fyers_token_core__WEBPACK_IMPORTED_MODULE_4__/* .nextRollover */ .R8)(report.nowMs);
    const workflow = (0,_ports_js__WEBPACK_IMPORTED_MODULE_5__/* .workflowUrl */ .pk)(context.run);
    const run = (0,_ports_js__WEBPACK_IMPORTED_MODULE_5__/* .runUrl */ .Vp)(context.run);
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
            `**What happened:** ${_report_js__WEBPACK_IMPORTED_MODULE_1__/* .RESULT_TEXT */ .y[report.result]}: ${inert(report.reason)}.`,
        ];
    const lines = [
        marker(context.ssmPrefix),
        ...(notice === undefined ? [] : [noticeMarker(notice)]),
        ...headline,
        "",
        due === undefined
            ? `**Deadline:** ${(0,_fyers_token_core__WEBPACK_IMPORTED_MODULE_4__/* .formatIst */ .kK)(deadline)} (${(0,_fyers_token_core__WEBPACK_IMPORTED_MODULE_4__/* .isoUtc */ .u8)(deadline)}), the next FYERS token rollover. Until ${failure === undefined ? "you log in" : "this is fixed"}, programs reading the token have none that works.`
            : `**Deadline:** ${(0,_fyers_token_core__WEBPACK_IMPORTED_MODULE_4__/* .formatIst */ .kK)(deadline)} (${(0,_fyers_token_core__WEBPACK_IMPORTED_MODULE_4__/* .isoUtc */ .u8)(deadline)}). After that no stored token works until you log in.`,
        "",
        ...(failure === undefined || failure.loginHelps ? [...loginSteps(context, workflow), ""] : []),
        failure === undefined
            ? "This issue closes by itself at the next run that finds a fresh token (after a login, an exchange or a refresh)."
            : "This issue closes by itself at the next run that renews the token or finds a fresh one.",
        "",
        `<sub>Updated ${(0,_fyers_token_core__WEBPACK_IMPORTED_MODULE_4__/* .formatIst */ .kK)(report.nowMs)}${run ? ` by [this run](${run})` : ""}.</sub>`,
    ];
    return lines.join("\n");
}
const MAX_REASON = 2000;
function inert(text) {
    const cut = /[\uD800-\uDBFF]/.test(text.charAt(MAX_REASON - 2)) ? MAX_REASON - 2 : MAX_REASON - 1;
    const short = text.length > MAX_REASON ? `${text.slice(0, cut)}…` : text;
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
        `**To log in:** ${(0,_bookmark_js__WEBPACK_IMPORTED_MODULE_6__/* .bookmarkedLink */ .K)(context.loginLink)} and log in to FYERS (2FA). That is all: the tokens go straight to SSM.`,
        "",
        "If the link does not work, the manual way:",
        ...manual,
    ];
}
function describeGitHubError(error) {
    if (error instanceof _github_js__WEBPACK_IMPORTED_MODULE_0__/* .GitHubTimeoutError */ .Dr)
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


/***/ })

};
