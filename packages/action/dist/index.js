import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

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
    /** Where the new tokens are stored (`file:/path`, `ssm:/prefix`, or one SSM parameter). */
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
/** The exit codes of interface.md: 2 usage/credentials, 3 a person must log in, 1 anything else. */
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
// What to tell a person for each failure, drawn from the guide's troubleshooting section.
const HASH_HINT = 'check FYERS_CLIENT_ID (with its suffix, e.g. ABCDE12345-100) and FYERS_APP_SECRET; the hash FYERS expects is sha256 of "CLIENT_ID:APP_SECRET": echo -n "$FYERS_CLIENT_ID:$FYERS_APP_SECRET" | sha256sum';
const AUTH_CODE_HINT = "auth codes are single use and expire within minutes: log in again (npx tsx packages/scripts/login.ts) and use the new code at once, copied without extra characters";
const REFRESH_HINT = "since April 2026 FYERS requires a 2FA login every trading day and may refuse refresh tokens: log in again (npx tsx packages/scripts/login.ts)";
const RATE_HINT = "FYERS allows 10 requests/s and 200/min; going over the per-minute limit more than 3 times a day blocks the user for the day: wait a minute, then run once";
/** The command that logs in and saves to this store: SSM needs `--store ssm` unless FYERS_STORE says so. */
function loginCommand(kind = "file") {
    return `npx tsx packages/scripts/login.ts${kind === "ssm" ? " --store ssm" : ""}`;
}


/***/ }),

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 9140:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("constants");

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

/***/ 6928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

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
/**
 * One range per duration setting. Every maximum keeps a timer below Node's 2^31-1 ms (24.8 days)
 * limit where the value becomes one, so no setting can overflow a timer and fire at once.
 */
const DURATION_RANGES = {
    /** `login.ts --timeout`: how long to wait for the login redirect (a timer). */
    timeout: { min: 1, max: DAY },
    /** `FYERS_TIMEOUT`: the deadline of one FYERS call, retries included (a timer). */
    fyersTimeout: { min: 1, max: 10 * MINUTE },
    /** `min-remaining`: an access token lives until the next 06:00 IST, under 24 h. */
    minRemaining: { min: 0, max: 23 * HOUR },
    /** `warn-before`, `--warn-before`: a refresh token lives 15 days; 30d means "always warn". */
    warnBefore: { min: 0, max: 30 * DAY },
};
/** Used when a caller names no range: any duration a person could mean, never negative. */
const ANY_DURATION = { min: 0, max: 365 * DAY };
const UNITS = [
    ["d", DAY],
    ["h", HOUR],
    ["m", MINUTE],
    ["s", 1],
];
// Units in descending order, each at most once; a leading "-" is read so the range can refuse it.
const DURATION = /^(-)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;
const FORM_HINT = "use one or more <integer><unit>, largest unit first, with units d, h, m, s, e.g. 90s, 2h, 1h30m, 3d";
/** A duration is a few characters; longer text is quoted cut short in the error. */
const MAX_QUOTED = 40;
/**
 * Parses `90s`, `2h`, `1h30m`, `3d` into seconds, within `range` (default 0s..365d). Anything
 * else is an `invalid_config` error naming `name` (the flag, input or variable) and, for a value
 * out of range, the range.
 */
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
/** A duration as it is typed, every unit kept: `1d`, `23h`, `1h30m`, `0s`. */
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
/** Typical values inside the range, for the hint. */
function examples(range) {
    const inside = [30, 600, 5400, 3 * DAY].filter((s) => s >= range.min && s <= range.max).map(compact);
    if (inside.length === 0)
        return compact(range.max);
    return inside.length === 1 ? `${inside[0]}` : `${inside.slice(0, -1).join(", ")} or ${inside.at(-1)}`;
}
/** `3h 25m`, `2d 4h`, `45s`: the two largest units, for people. */
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

;// CONCATENATED MODULE: ../core/src/tuning.ts
// Test and advanced settings: how long a run waits where it waits on purpose. Unset, each is the
// default production uses; the suites shorten them so a spawned script or action does not sit out
// a 30 s pause. Read from the environment at the moment of waiting, like FYERS_TIMEOUT.
//   FYERS_RATE_LIMIT_PAUSE  the pause after a FYERS 429 (default 30s)
//   FYERS_RETRY_BACKOFF     the first retry back-off step of a FYERS call (default 500ms; doubles)
//   FYERS_LOCK_WAIT         how long to wait for a token-file lock another process holds (default 5s)
//   FYERS_SERVICE_TIMEOUT   the deadline of each call to AWS SSM, Telegram and the webhook (default 10s)

const TUNING_ENV = {
    rateLimitPause: "FYERS_RATE_LIMIT_PAUSE",
    retryBackoff: "FYERS_RETRY_BACKOFF",
    lockWait: "FYERS_LOCK_WAIT",
    serviceTimeout: "FYERS_SERVICE_TIMEOUT",
};
/** Defaults and largest values, in ms; every maximum is far below a timer's 2^31-1 ms. */
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
/** A deadline of 0 would time out every call; a pause or wait of 0 is just no wait. */
const MIN_MS = { rateLimitPause: 0, retryBackoff: 0, lockWait: 0, serviceTimeout: 1 };
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000 };
const VALUE = /^(\d{1,7})(ms|s|m)$/;
/**
 * The setting in ms: the environment's value, else the default. A value that is not
 * `<integer><ms|s|m>` within 0..max is an invalid_config error naming the variable.
 */
function tuning_tuningMs(setting, env = process.env) {
    const variable = TUNING_ENV[setting];
    const text = env[variable]?.trim();
    if (!text)
        return TUNING_DEFAULTS_MS[setting];
    const match = VALUE.exec(text);
    const ms = match ? Number(match[1]) * UNIT_MS[match[2]] : Number.NaN;
    if (!(ms >= MIN_MS[setting] && ms <= MAX_MS[setting])) {
        const quoted = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
        throw (0,errors/* configError */.Fj)(variable, `${quoted} is not a duration from ${MIN_MS[setting]}ms to ${MAX_MS[setting] / 60_000}m`, `use <integer><ms|s|m>, e.g. 200ms or 2s, or unset it for the default (${TUNING_DEFAULTS_MS[setting]}ms); a test/advanced setting`);
    }
    return ms;
}
/** Every setting at once, so a bad value is refused before the first FYERS request, not at a retry. */
function checkTuning(env = process.env) {
    return {
        rateLimitPause: tuning_tuningMs("rateLimitPause", env),
        retryBackoff: tuning_tuningMs("retryBackoff", env),
        lockWait: tuning_tuningMs("lockWait", env),
        serviceTimeout: tuning_tuningMs("serviceTimeout", env),
    };
}

;// CONCATENATED MODULE: ../core/src/store/port.ts
const TOKEN_FIELDS = ["clientId", "accessToken", "refreshToken"];
/** The stored tokens after applying `update`, as a store writes them. */
function port_merge(current, update) {
    const next = { ...current, clientId: update.clientId };
    if (update.accessToken !== undefined)
        next.accessToken = update.accessToken;
    if (update.refreshToken !== undefined)
        next.refreshToken = update.refreshToken;
    return next;
}
/** The token fields whose value `next` changes, in `order`. */
function port_changedFields(current, next, order = TOKEN_FIELDS) {
    return order.filter((k) => next[k] !== undefined && next[k] !== current[k]);
}
/** Two notices are the same when they would announce the same thing. */
function port_sameNotice(a, b) {
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
/** A stored notice from JSON, or undefined when the value is not a notice (a cleared one included). */
function port_parseNotice(value) {
    if (typeof value === "string") {
        if (value === "" || value === "none")
            return undefined;
        try {
            return port_parseNotice(JSON.parse(value));
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

;// CONCATENATED MODULE: ../core/src/store/ssm.ts




const DEFAULT_SSM_PREFIX = "/stock-pipeline/fyers";
/** The least-privilege IAM policy shipped with the project, named in access-denied messages. */
const IAM_POLICY_FILE = "docs/iam/fyers-token-policy.json";
/** Each SSM call's deadline unless `timeoutMs` says otherwise. */
const DEFAULT_SSM_TIMEOUT_MS = 10_000;
const KEYS = { clientId: "client_id", accessToken: "access_token", refreshToken: "refresh_token" };
/** Write order: the client id, then the long-lived refresh token, then the access token. */
const WRITE_ORDER = ["clientId", "refreshToken", "accessToken"];
/** The login notice: a plain String (not a secret), JSON, or `none` once cleared. */
const NOTICE_KEY = "login_notice";
const CLEARED_NOTICE = "none";
/** The announce lock: a plain String `{"holder","until"}`, created with Overwrite false, deleted after. */
const LOCK_KEY = "login_notice_lock";
/** GetParameters takes at most 10 names. */
const MAX_NAMES = 10;
const EXTRA_NAME = /^[A-Za-z0-9_.-]{1,100}$/;
function parameterNames(prefix) {
    return {
        clientId: `${prefix}/${KEYS.clientId}`,
        accessToken: `${prefix}/${KEYS.accessToken}`,
        refreshToken: `${prefix}/${KEYS.refreshToken}`,
    };
}
/** Turns an SDK error into one that names the IAM action, the parameter and what to do. */
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
/** "SSM holds the new refresh token but not the new access token", from what a write got done. */
function describePartialWrite(wanted, written) {
    const tokens = (fields) => fields.filter((f) => f !== "clientId").map((f) => `the new ${TOKEN_NAMES[f]}`);
    const held = tokens(written);
    const missing = tokens(wanted.filter((f) => !written.includes(f)));
    if (held.length === 0)
        return `SSM holds none of the new tokens`;
    return `SSM holds ${held.join(" and ")} but not ${missing.join(" or ") || "the client id"}`;
}
/**
 * The SSM Parameter Store: three SecureString parameters under `prefix`, read in ONE
 * GetParameters call with decryption, written with overwrite. The SDK loads on first use, so
 * a process that never touches SSM never pays for it. Every call has a deadline.
 */
function ssm_createSsmStore(options = {}) {
    const prefix = options.prefix ?? DEFAULT_SSM_PREFIX;
    const names = parameterNames(prefix);
    const noticeName = `${prefix}/${NOTICE_KEY}`;
    // Unset: DEFAULT_SSM_TIMEOUT_MS (10 s); FYERS_SERVICE_TIMEOUT, a test/advanced setting, changes it.
    const timeoutMs = options.timeoutMs ?? tuning_tuningMs("serviceTimeout");
    let client;
    const connect = () => {
        client ??= __nccwpck_require__.e(/* import() */ 28).then(__nccwpck_require__.t.bind(__nccwpck_require__, 4028, 19)).then((sdk) => ({
            sdk,
            ssm: new sdk.SSMClient({
                // The socket's own timeouts, so a hung connection is torn down, not just abandoned.
                requestHandler: { connectionTimeout: timeoutMs, requestTimeout: timeoutMs },
                ...options.clientConfig,
            }),
        }));
        return client;
    };
    /** One SDK call under the deadline: the abort signal cancels it, the timer bounds what it cannot. */
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
            const stored = port_parseNotice(value(noticeName));
            if (stored)
                tokens.notice = stored;
        }
        return { tokens, value };
    }
    const tokenNames = (notice) => [...Object.values(names), ...(notice ? [noticeName] : [])];
    /** Whether this store still reads and writes the notice (off once AWS denied it, see onNoticeDenied). */
    let noticeOn = options.withNotice === true;
    /**
     * The read with the notice; when AWS denies it and the same read without the notice goes
     * through, the notice alone is missing from the policy: warn once and go on without it.
     */
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
        const next = port_merge(before, update);
        const wanted = port_changedFields(before, next, WRITE_ORDER);
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
    /** The failed write's error, saying which parameters already hold the new values. */
    function partialWriteError(error, wanted, written) {
        if (!(error instanceof errors/* FyersTokenError */.xO))
            return error;
        // Only a partial write needs saying: the caller already says when nothing was stored.
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
        // AWS denied the notice (onNoticeDenied said so): writing it blind would only fail again.
        if (options.withNotice === true && !noticeOn)
            return;
        const before = current ?? (await getParameters(tokenNames(true), true)).tokens;
        if (port_sameNotice(before.notice, notice ?? undefined))
            return;
        await put(noticeName, notice === null ? CLEARED_NOTICE : JSON.stringify(notice), "String");
    }
    const lockName = `${prefix}/${LOCK_KEY}`;
    /** Creates the lock parameter unless it exists; false when another run created it first. */
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
            // A lock nobody can read the end of is treated as expired: it must never block forever.
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
        // Twice at most: a second try only after a released or expired lock was found.
        for (let attempt = 0; attempt < 2; attempt++) {
            if (await createLock(value))
                return "taken";
            const current = await readLock();
            if (current !== undefined && current.untilMs > nowMs)
                return "held";
            // Its holder died (or released it just now): take it over.
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
        // Writability cannot be probed without writing: the first PutParameter tells.
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
/** The environment names of interface.md, per config field. */
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
/** Reads the environment names of interface.md (plus overrides) into a validated Config. */
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
/** The fix for an app id of the wrong shape: capital letters, the suffix, or the whole form. */
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
    // The value is a secret: the message says what is wrong without showing it.
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
/** The app secret, or a usage error that says which operation needs it. */
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
// The test/advanced settings beside FYERS_TIMEOUT: the 429 pause, the retry back-off, the lock wait.

/** The variable that shortens or lengthens the deadline of each FYERS call. */
const TIMEOUT_ENV = "FYERS_TIMEOUT";
/**
 * `FYERS_TIMEOUT` (a duration from 1s to 10m, e.g. `30s`): one deadline per FYERS call, retries
 * included, in milliseconds; undefined when unset (the client's default, 10 s). For slow
 * networks, and for tests that must not wait 10 s.
 */
function fyersTimeoutMs(env) {
    const value = env[TIMEOUT_ENV]?.trim();
    if (!value)
        return undefined;
    return parseDuration(value, TIMEOUT_ENV, DURATION_RANGES.fyersTimeout) * 1000;
}

;// CONCATENATED MODULE: ../core/src/fyers/auth-code.ts

/** A redirect URL with its auth code is about 1 kB; anything this long was not copied from one. */
const MAX_INPUT_CHARS = 16_384;
/** Characters a copy can carry that nobody sees: zero-width spaces and joiners, BOM, soft hyphen, bidi marks. */
const INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
/** Straight, typographic ("smart") and guillemet quotes, and backticks, around the paste. */
const QUOTES = /^["'`\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a]+|["'`\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a]+$/g;
/** A line break and the indentation around it: a code or URL wrapped over lines by a chat or mail. */
const WRAP = /[^\S\r\n]*[\r\n]+[^\S\r\n]*/g;
/** FYERS auth codes are JWTs: base64url segments joined by dots. */
const CODE = /^[A-Za-z0-9_.-]+$/;
const HINT = "paste the auth_code from the redirect URL, or the whole redirect URL";
/**
 * Accepts what people paste: a bare auth code, or the whole redirect URL
 * (`…?s=ok&code=200&auth_code=…&state=…`), and repairs the copy mistakes that have one meaning:
 * quotes (smart ones too) around it, invisible characters, line breaks from wrapping, `&amp;`
 * for `&`. Anything else no FYERS code has (a space inside, other characters, megabytes of text)
 * is refused as `invalid_config` naming `name` (the flag or input), before any FYERS call.
 */
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
        // A redirect that reports a failed login means: log in again (exit 3), not fix a setting.
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
/**
 * The redirect's parameters: its query, or else its fragment, where a page or app that rewrote the
 * URL (`…/callback#s=ok&auth_code=…`, `…#/?auth_code=…`) puts them.
 */
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
// `&amp;` is how an HTML page or mail client shows `&` in a link it was copied from.
const searchParams = (query) => new URLSearchParams(query.replace(/&amp;/gi, "&"));
/** The code itself, or an error saying which character no FYERS code has (never the code). */
function checkCode(code, name) {
    if (CODE.test(code))
        return checkWhole(code, name);
    const bad = [...code].find((char) => !CODE.test(char)) ?? "";
    const what = /\s/.test(bad) ? "a space inside" : `a character no FYERS auth code has (${describe(bad)})`;
    throw refused(name, `contains ${what}`, "copy the code again from the redirect URL: it is one word of letters, digits, - _ and .");
}
/** A JWT (`eyJ…`) has three parts: fewer means the copy stopped early, e.g. at a line break. */
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

;// CONCATENATED MODULE: external "node:timers/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers/promises");
// EXTERNAL MODULE: ../core/src/fyers/hints.ts
var hints = __nccwpck_require__(2212);
;// CONCATENATED MODULE: ../core/src/fyers/http.ts




const DEFAULT_TIMEOUT_MS = 10_000;
/** Retried with backoff: no answer (network) and 5xx. An answered 4xx is final; 429 pauses. */
function isRetryable(status) {
    return status >= 500;
}
/**
 * After a 429 this process sends FYERS nothing for at least this long (or the server's longer
 * `Retry-After`): the limit that matters is per minute, and a 429 does not say which was hit.
 */
const RATE_LIMIT_PAUSE_MS = TUNING_DEFAULTS_MS.rateLimitPause; // 30 s; FYERS_RATE_LIMIT_PAUSE
/** Per origin (one FYERS host in production); one process is one script or action run. */
const pausedUntil = new Map();
/** Forgets every pause, as a new process would: for tests that share one process. */
function forgetRateLimits() {
    pausedUntil.clear();
}
/** `400ms`, `10s`: a deadline or pause for people. */
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
/**
 * The most of an answer this reads. FYERS answers are a few kB; past this it is not FYERS (a
 * wrong FYERS_API_URL, a proxy's page) and reading on would only spend memory (200 MiB once took
 * 745 MiB): the connection is closed instead.
 */
const MAX_BODY_BYTES = 1024 * 1024;
function tooLargeFor(endpoint) {
    return (status) => new errors/* FyersTokenError */.xO("unexpected_response", `FYERS answered more than 1 MiB to ${endpoint} (HTTP ${status}); the answer was not read further and the connection was closed`, {
        httpStatus: status,
        hint: "FYERS answers are a few kB: check that FYERS_API_URL is FYERS' REST API (https://api-t1.fyers.in/api/v3) and no proxy answers in its place",
    });
}
const declaredTooLarge = (contentLength) => Number(contentLength ?? 0) > MAX_BODY_BYTES;
/** A node:http response body as text, counted as it arrives; past the cap the socket is destroyed. */
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
        // A deadline or cancel mid-body destroys the request: the body then ends without "end".
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
/** The default: node:http(s), already loaded by the AWS SDK in the action and the callback. */
function nodeTransport(tooLarge) {
    return async (request, signal) => {
        const url = new URL(request.url);
        const { request: open } = url.protocol === "https:" ? await Promise.resolve(/* import() */).then(__nccwpck_require__.t.bind(__nccwpck_require__, 4708, 23)) : await Promise.resolve(/* import() */).then(__nccwpck_require__.t.bind(__nccwpck_require__, 7067, 23));
        return new Promise((resolve, reject) => {
            const req = open(url, { method: request.method, headers: request.headers, signal }, (res) => {
                readNodeBody(res, tooLarge).then((text) => resolve({ status: res.statusCode ?? 0, header: headerOf(res), text }), reject);
            });
            req.on("error", reject);
            // One end() with the whole body: node sends Content-Length, as fetch does, not chunked.
            req.end(request.body);
        });
    };
}
/** A web Response body as text, counted per chunk; past the cap the stream is cancelled. */
async function readFetchBody(response, tooLarge) {
    const giveUp = () => {
        response.body?.cancel().catch(() => undefined);
        return tooLarge(response.status);
    };
    if (declaredTooLarge(response.headers.get("content-length")))
        throw giveUp();
    if (!response.body) {
        // An injected fetch without streams: the cap still holds, after the fact.
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
    // fetch wraps the system error as `cause`; node:http throws it as it is.
    const own = error;
    const cause = own.cause;
    return (cause?.code ?? cause?.message ?? own.code ?? (error instanceof Error ? error.message : String(error)));
}
/** `onAttempt` runs once per request sent, retries included (the client's request count). */
async function send(request, options = {}, onAttempt = () => undefined) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
    const random = options.random ?? Math.random;
    const tuning = checkTuning(); // FYERS_RETRY_BACKOFF, FYERS_RATE_LIMIT_PAUSE: refused before a request
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
            // An earlier 429 in this process: wait it out once if the deadline allows, else stop.
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
            // An answer past the cap is final: the same URL would answer the same again.
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
            continue; // the pause at the top of the loop waits it out, once
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

// Request builders: pure, so a test can compare them with what the official SDK sends.
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
/** FYERS' own scheme: `Authorization: <client_id>:<access_token>`, no "Bearer". */
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
    // Counted per attempt, so retries show in the result's request count.
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

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
;// CONCATENATED MODULE: ../core/src/fyers/hash.ts

/**
 * FYERS' `appIdHash`: lowercase hex SHA-256 of `client_id:app_secret` (full client id, suffix
 * included). It is a credential: treat it like the app secret itself.
 */
function appIdHash(clientId, appSecret) {
    return (0,external_node_crypto_.createHash)("sha256").update(`${clientId}:${appSecret}`, "utf8").digest("hex");
}

;// CONCATENATED MODULE: ../core/src/fyers/login-key.ts

/**
 * The owner's login link: `{functionUrl}/login?k=KEY`. The key is derived from the app secret
 * (HKDF-SHA256, 256 bits, its own label, so it never equals the state key), so nothing new is
 * stored, the callback checks it with what it already reads, and it changes when the secret does.
 */
const KEY_BYTES = 32;
/** A key is base64url of 32 bytes: exactly 43 characters of [A-Za-z0-9_-]. */
const LOGIN_KEY_PATTERN = /^[A-Za-z0-9_-]{43}$/;
function loginKey(appSecret) {
    return Buffer.from(hkdfSync("sha256", appSecret, "fyers-token callback", "login link v1", KEY_BYTES)).toString("base64url");
}
/** Constant-time comparison of a key from a URL against the owner's; any other shape is false. */
function isLoginKey(given, appSecret) {
    if (typeof given !== "string" || !LOGIN_KEY_PATTERN.test(given))
        return false;
    return timingSafeEqual(Buffer.from(given), Buffer.from(loginKey(appSecret)));
}
/** The owner's link for a function URL (or a custom domain), e.g. `https://x.lambda-url.ap-south-1.on.aws/`. */
function loginLinkFor(baseUrl, appSecret) {
    const url = new URL(baseUrl);
    url.pathname = `${url.pathname.replace(/\/+$/, "").replace(/\/login$/, "")}/login`;
    url.search = new URLSearchParams({ k: loginKey(appSecret) }).toString();
    url.hash = "";
    return url.toString();
}
/** A login link without its key (`…/login`): what may be shown where others can read it. */
function login_key_withoutLoginKey(link) {
    if (!URL.canParse(link))
        return link;
    const url = new URL(link);
    url.searchParams.delete("k");
    url.hash = "";
    return url.toString();
}
/** The key a link carries, if any (to hand to a scrubber or `setSecret`). */
function loginKeyOf(link) {
    if (!URL.canParse(link))
        return undefined;
    return new URL(link).searchParams.get("k") ?? undefined;
}

;// CONCATENATED MODULE: ../core/src/fyers/login-url.ts

/** A fresh `state`: 128 random bits, URL-safe. */
function newState() {
    return (0,external_node_crypto_.randomBytes)(16).toString("base64url");
}
/** The URL a person opens to log in; FYERS then redirects to `redirectUri` with an auth code. */
function buildLoginUrl(input) {
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

;// CONCATENATED MODULE: ../core/src/time.ts
/** FYERS tokens roll over at 06:00 IST = 00:30 UTC; IST has no daylight saving. */
const IST_OFFSET_MS = 5.5 * 3600 * 1000;
const ROLLOVER_UTC_MS = 30 * 60 * 1000;
const DAY_MS = 86400 * 1000;
/** ISO 8601 in UTC with `Z`, whole seconds: `2026-11-27T00:30:00Z`. */
function isoUtc(ms) {
    return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}
/** The last instant `formatIst` can show with a four-digit year. */
const LAST_IST_MS = Date.parse("9999-12-31T18:29:59Z");
/** `2026-11-27 06:00 IST`, for people; "an unknown time" for a value no date can show. */
function time_formatIst(ms) {
    if (!(ms >= 0 && ms <= LAST_IST_MS))
        return "an unknown time";
    const ist = new Date(ms + IST_OFFSET_MS).toISOString();
    return `${ist.slice(0, 10)} ${ist.slice(11, 16)} IST`;
}
/** The next 06:00 IST strictly after `nowMs`: when today's FYERS access tokens die. */
function nextRollover(nowMs) {
    const lastRollover = Math.floor((nowMs - ROLLOVER_UTC_MS) / DAY_MS) * DAY_MS + ROLLOVER_UTC_MS;
    return lastRollover + DAY_MS;
}
const time_systemClock = () => Date.now();

;// CONCATENATED MODULE: ../core/src/tokens/login-due.ts

/** True when the token is alive by its `exp` (so it still works, however briefly). */
function isAlive(info) {
    return info.seconds_left !== null && info.seconds_left > 0;
}
/**
 * A login is due soon although the access token works: the refresh token dies within
 * `warnBeforeSeconds`, or is already dead or missing (then the access token's expiry is the
 * deadline). Undefined when no login is due, or when one is due now (nothing works).
 */
function loginDue(access, refresh, warnBeforeSeconds, nowMs) {
    if (refresh.status === "expired" || refresh.status === "missing") {
        if (!isAlive(access))
            return undefined;
        const byMs = access.expires_at === null ? nextRollover(nowMs) : Date.parse(access.expires_at);
        const reason = refresh.status === "missing"
            ? "no refresh token is stored"
            : `the refresh token expired at ${time_formatIst(Date.parse(refresh.expires_at ?? ""))}`;
        return { byMs, reason: `${reason}, so the access token cannot be refreshed when it expires` };
    }
    const left = refresh.seconds_left;
    if (refresh.expires_at === null || left === null || left <= 0 || left >= warnBeforeSeconds)
        return undefined;
    const byMs = Date.parse(refresh.expires_at);
    return { byMs, reason: `the refresh token expires at ${time_formatIst(byMs)}` };
}

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

/** The payload of a JWT, or undefined when the value is not a JWT (then its expiry is unknown). */
function jwt_decodeClaims(token) {
    try {
        const claims = jwtDecode(token);
        return typeof claims === "object" && claims !== null ? claims : undefined;
    }
    catch {
        return undefined;
    }
}
/** The last second an ISO 8601 date can show with four year digits: 9999-12-31T23:59:59Z. */
const LAST_EXP_SECONDS = 253_402_300_799;
/**
 * Expiry in epoch milliseconds, or undefined when unknown: no `exp`, or one that is not epoch
 * seconds between 1970 and 9999 (an `exp` in milliseconds, or beyond the Date range, like 1e13
 * or 1e300), so no caller ever builds an invalid Date from it.
 */
function expiresAtMs(token) {
    const exp = jwt_decodeClaims(token)?.exp;
    if (typeof exp !== "number" || !(exp >= 0 && exp <= LAST_EXP_SECONDS))
        return undefined;
    return exp * 1000;
}

;// CONCATENATED MODULE: ../core/src/tokens/status.ts


/**
 * Classifies a token by its JWT `exp`: `expiring` when less than `windowSeconds` is left,
 * `unknown` when it is not a JWT with an `exp` (only a profile call can tell then).
 */
function status_tokenInfo(token, nowMs, windowSeconds = 0) {
    if (!token)
        return { status: "missing", expires_at: null, seconds_left: null };
    const expMs = expiresAtMs(token);
    if (expMs === undefined)
        return { status: "unknown", expires_at: null, seconds_left: null };
    const secondsLeft = Math.floor((expMs - nowMs) / 1000);
    const status = secondsLeft <= 0 ? "expired" : secondsLeft < windowSeconds ? "expiring" : "valid";
    return { status, expires_at: isoUtc(expMs), seconds_left: secondsLeft };
}
/** True when the token is known to be alive for at least `minSeconds` more. */
function hasAtLeast(info, minSeconds) {
    return info.seconds_left !== null && info.seconds_left >= minSeconds && info.seconds_left > 0;
}
/** True when the token may still work: alive by its `exp`, or of unknown expiry. */
function mayBeUsable(info) {
    return info.status === "valid" || info.status === "expiring" || info.status === "unknown";
}

;// CONCATENATED MODULE: ../core/src/lifecycle/exchange.ts





/**
 * Auth code → tokens → every store, in order. Every store is checked before the code is spent,
 * and every store is written even when one fails, so single-use tokens are kept wherever they can be.
 */
async function exchange(ports, input, 
/** What the caller has just read from each store, by position (auto's plan), to spare a read. */
alreadyRead = []) {
    const { code, state } = parseAuthCode(input.authCode);
    if (input.expectedState !== undefined && state !== undefined && state !== input.expectedState) {
        throw new errors/* FyersTokenError */.xO("state_mismatch", "the redirect's state does not match the login URL's; nothing was saved", {
            hint: "open the login URL printed by this run, not an older one, and log in again",
        });
    }
    // Find out that a store is broken, unreadable or unwritable before the single-use code is
    // spent, not after FYERS has issued tokens that could then go nowhere. What is read here is
    // what each write compares with, so SSM is not read twice.
    const current = [];
    for (const [index, store] of ports.stores.entries()) {
        current.push(alreadyRead[index] ?? (await store.read()));
        await store.checkWritable();
    }
    const tokens = await ports.client.exchangeAuthCode(appIdHash(input.clientId, input.appSecret), code);
    const savedTo = await saveAll(ports.stores, { clientId: input.clientId, ...tokens }, current);
    const now = (ports.clock ?? time_systemClock)();
    return {
        action: "exchanged",
        tokens,
        saved_to: savedTo,
        access_token: status_tokenInfo(tokens.accessToken, now),
        refresh_token: status_tokenInfo(tokens.refreshToken, now),
        requests: ports.client.requestCount,
    };
}
/**
 * Writes newly issued tokens to every store, even after one fails, then says exactly which
 * stores (or, after a partial SSM write, which parameters) hold them. Throws only when some
 * store failed; the error carries `savedTo` and the tokens (`issued`) for `--json` recovery.
 */
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

;// CONCATENATED MODULE: ../core/src/lifecycle/plan.ts


const DEFAULT_MIN_REMAINING_SECONDS = 2 * 3600;
const DEFAULT_WARN_BEFORE_SECONDS = 3 * 86400;
/**
 * The `auto` decision of interface.md, from one store read and no FYERS call: exchange a given
 * auth code; skip while the access token has `minRemaining` left; else refresh while the refresh
 * token may still work; else a person must log in.
 */
async function plan(ports, input = {}) {
    const stored = await ports.store.read();
    const now = (ports.clock ?? time_systemClock)();
    const minRemaining = input.minRemainingSeconds ?? DEFAULT_MIN_REMAINING_SECONDS;
    const access = status_tokenInfo(stored.accessToken, now, minRemaining);
    const refresh = status_tokenInfo(stored.refreshToken, now, input.warnBeforeSeconds ?? DEFAULT_WARN_BEFORE_SECONDS);
    const base = {
        access_token: access,
        refresh_token: refresh,
        refresh_expiring: refresh.status === "expiring",
        stored,
    };
    const decide = (action, reason) => ({ action, reason, ...base });
    if (input.authCode)
        return decide("exchange", "an auth code was given");
    if (!input.force && hasAtLeast(access, minRemaining)) {
        return decide("skip", `the access token is valid until ${time_formatIst(Date.parse(access.expires_at ?? ""))}`);
    }
    if (mayBeUsable(refresh)) {
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
    return `the refresh token expired${expiresAt ? ` at ${time_formatIst(Date.parse(expiresAt))}` : ""}`;
}

;// CONCATENATED MODULE: ../core/src/lifecycle/verify.ts


/** Calls profile with the token; a rejected token is a report, not an exception. */
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
/**
 * Expiry of each stored token (offline, from the JWTs) and a profile call for the access
 * token; no call when the token is missing or already expired by its `exp`.
 */
async function verify(ports, options = {}) {
    const now = (ports.clock ?? time_systemClock)();
    const stored = await ports.store.read();
    const access = status_tokenInfo(stored.accessToken, now);
    const refreshInfo = status_tokenInfo(stored.refreshToken, now, options.warnBeforeSeconds ?? 0);
    let profile;
    if (!stored.accessToken) {
        profile = { ok: false, checked: false, message: "no access token is stored" };
    }
    else if (access.status === "expired" && access.expires_at) {
        profile = {
            ok: false,
            checked: false,
            message: `the access token expired at ${time_formatIst(Date.parse(access.expires_at))}`,
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

;// CONCATENATED MODULE: ../core/src/lifecycle/refresh.ts






/**
 * Stored refresh token + PIN → new access token → store → profile check. Nothing is written
 * unless FYERS issued a token; a refusal is `login_required`, since April 2026 an expected state.
 */
async function refresh(ports, input, 
/** What the caller has just read from the store (auto's plan), to spare a second read. */
alreadyRead, options = {}) {
    const clock = ports.clock ?? time_systemClock;
    const stored = alreadyRead ?? (await ports.store.read());
    const refreshInfo = status_tokenInfo(stored.refreshToken, clock());
    if (!stored.refreshToken) {
        throw new errors/* FyersTokenError */.xO("login_required", `no refresh token is stored in ${ports.store.location}`, {
            hint: `log in: ${(0,hints/* loginCommand */.nc)(ports.store.kind)}`,
        });
    }
    if (refreshInfo.status === "expired" && refreshInfo.expires_at) {
        throw new errors/* FyersTokenError */.xO("login_required", `the stored refresh token expired at ${time_formatIst(Date.parse(refreshInfo.expires_at))}`, { hint: hints/* REFRESH_HINT */.Un });
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
        access_token: status_tokenInfo(fresh.accessToken, now),
        refresh_token: status_tokenInfo(fresh.refreshToken ?? stored.refreshToken, now),
        profile,
        warnings,
        requests: ports.client.requestCount,
    };
}
/** The token is stored by now, so a profile check FYERS could not answer is a warning, not a failure. */
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
/**
 * Writes the refreshed tokens. When the store refuses them, the fallback keeps them; either way
 * the error says where they are (`savedTo`) and carries them (`issued`) for `--json` recovery.
 */
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
        // The fallback gets the whole pair in use, so copying it back (put-parameters.ts) never puts
        // an older refresh token of its own beside the new access token.
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
/**
 * plan(), then do it: what a scheduled run does. A refused refresh or auth code, or a refresh
 * that cannot run for want of a PIN, is the `login-required` outcome, not a crash; other errors
 * (credentials, network, storage) throw.
 */
async function auto(ports, input, options = {}) {
    const clock = ports.clock ?? time_systemClock;
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
        // Since April 2026 FYERS may refuse any refresh: a person must log in, which is an outcome.
        if ((0,errors/* isFyersTokenError */.DN)(error, "login_required"))
            return report("login-required", error.message);
        throw error;
    }
}
function issuedToken(issued) {
    return issued.action === "exchanged" ? issued.tokens.accessToken : issued.accessToken;
}

;// CONCATENATED MODULE: ../core/src/lifecycle/reader.ts




/** The read-only IAM policy for consumers, named when AWS refuses the reader. */
const READER_POLICY_FILE = "docs/iam/fyers-token-reader-policy.json";
/** A consumer runs outside this repository, so the hint names what to do, not a path in it. */
const LOGIN_HINT = (/* unused pure expression or super */ null && ("a person must log in to FYERS: open the login link in the fyers-token workflow's issue (or run that workflow), " +
    "or run fyers-token's login command where it is installed; the next read picks up the new token (a createTokenReader within 10 s)"));
/**
 * For consumers such as an ingestion Lambda: a usable access token from this store, or a clear
 * `login_required` error. Offline: reads the store once and looks at the JWT's `exp`.
 */
async function readAccessToken(store, options = {}) {
    const stored = await reader_readForConsumer(store);
    const nowMs = (options.clock ?? systemClock)();
    return reader_usableToken(store, stored, tokenInfo(stored.accessToken, nowMs, options.minRemainingSeconds ?? 60));
}
const readsAccess = (store) => typeof store.readAccess === "function";
/**
 * One store read of what a consumer uses, so the reader policy need not grant the refresh token;
 * a refusal by AWS names the reader's own least-privilege policy.
 */
async function reader_readForConsumer(store) {
    try {
        return await (readsAccess(store) ? store.readAccess() : store.read());
    }
    catch (error) {
        throw readerError(error, store);
    }
}
/** The token when `info` says it may be used, else `login_required` saying why. */
function reader_usableToken(store, stored, info) {
    if (!stored.accessToken || info.status === "expired" || info.status === "expiring") {
        const why = !stored.accessToken
            ? `no FYERS access token is stored in ${store.kind}:${store.location}`
            : `the FYERS access token in ${store.kind}:${store.location} ${info.status === "expired" ? "expired" : "expires"} at ${formatIst(Date.parse(info.expires_at ?? ""))}`;
        throw new FyersTokenError("login_required", why, { hint: LOGIN_HINT });
    }
    // FYERS wants "client_id:token"; without the id every call would be a 401 and a re-read.
    if (!stored.clientId) {
        const where = store.kind === "ssm"
            ? `ssm:${store.location}/client_id`
            : `${store.kind}:${store.location} (client_id)`;
        throw new FyersTokenError("store_corrupt", `no FYERS client id is stored in ${where} beside the access token`, {
            hint: "the next login or refresh by fyers-token stores it with the tokens; or store the app id with its -100 suffix there yourself",
        });
    }
    checkAppId(store, stored.accessToken, stored.clientId);
    return { accessToken: stored.accessToken, clientId: stored.clientId, expiresAt: info.expires_at };
}
/**
 * The app id FYERS put in the token (`app_id`, e.g. `ABCDE12345`) must be the stored client id
 * without its `-100` type suffix (or the whole id): else every call is a 401 for a token from
 * another app. A token without the claim is not checked (FYERS does not promise it).
 */
function checkAppId(store, accessToken, clientId) {
    const appId = tokenAppId(accessToken);
    if (appId === undefined || appId === clientId || appId === clientId.replace(/-\d+$/, ""))
        return;
    const where = (name) => store.kind === "ssm" ? `ssm:${store.location}/${name}` : `${store.kind}:${store.location} (${name})`;
    throw new FyersTokenError("store_corrupt", `the FYERS access token in ${where("access_token")} is for app ${appId}, not the client id ${clientId} stored in ${where("client_id")}`, {
        hint: "the tokens and the client id come from different FYERS apps: log in again with the app whose id is stored (or store that app's id with its -100 suffix as client_id)",
    });
}
/** The token's `app_id` (or `appId`) claim when it is a plain app id; anything else is not checked. */
function tokenAppId(accessToken) {
    const claims = decodeClaims(accessToken);
    const value = claims?.app_id ?? claims?.appId;
    return typeof value === "string" && /^[A-Za-z0-9]+(?:-\d+)?$/.test(value) ? value : undefined;
}
/** The store's error, with a hint for a reader (GetParameters and kms:Decrypt only) when AWS refused. */
function readerError(error, store) {
    if (store.kind !== "ssm" || !isFyersTokenError(error, "store_failed"))
        return error;
    const name = error.cause?.name ?? "";
    const denied = name === "AccessDeniedException";
    const kms = name.startsWith("KMS") || name === "InvalidKeyId";
    if (!denied && !kms)
        return error;
    const needs = denied
        ? `ssm:GetParameters on ${store.location}/client_id and access_token`
        : "kms:Decrypt (via SSM) on the key that encrypts these parameters";
    return new FyersTokenError(error.code, error.message, {
        cause: error.cause,
        hint: `a reader needs only ${needs}: attach ${READER_POLICY_FILE} from the fyers-token repository to the role or user in use (set its account, region, prefix and key)`,
    });
}

;// CONCATENATED MODULE: ../core/src/lifecycle/token-reader.ts




/** Stop serving a cached token this long before its own `exp`, unless told otherwise. */
const DEFAULT_READER_MARGIN_SECONDS = 300;
/** A token with no readable `exp` is served from memory this long, then read again. */
const UNKNOWN_EXPIRY_CACHE_SECONDS = 60;
/** Inside the margin the store is read again at most this often (a hot loop must not flood SSM). */
const WITHIN_MARGIN_RECHECK_SECONDS = 10;
/**
 * A read that gave no usable token (nothing stored, expired, under a minute left, a store error)
 * is the answer to every `get()` for this long, `invalidate()` included; then the store is read
 * again. So a reader asks SSM at most once per this many seconds while no usable token exists.
 */
const FAILED_READ_RETRY_SECONDS = 10;
/** A token with less than this left is refused as login_required, as `readAccessToken` does. */
const MIN_USABLE_SECONDS = 60;
/**
 * A reader for hot paths such as a Lambda invoked every minute: one store read per cold start,
 * then the token from memory until `marginSeconds` before its own expiry. Peers cache by a fixed
 * age; FYERS tokens carry their `exp`, so this one knows when the cached value stops being good.
 * Without a usable token it reads at most once per `FAILED_READ_RETRY_SECONDS`, however hard it
 * is called (10 gets a second before 06:00 IST, or all day on a holiday).
 */
function createTokenReader(store, options = {}) {
    const marginSeconds = checkedMargin(options.marginSeconds);
    const clock = options.clock ?? systemClock;
    const retryMs = FAILED_READ_RETRY_SECONDS * 1000;
    // The last read's token; `readAtMs` when that read started.
    let cached;
    // The last read's error, answered to every get() until `untilMs`.
    let failed;
    let reading;
    // Bumped by invalidate(), so a read that started before it cannot refill the cache.
    let generation = 0;
    // When the last read that invalidate() asked for started (it may ask once per retryMs).
    let forcedReadAtMs;
    let forceNext = false;
    async function readOnce(started, startedAtMs) {
        try {
            const stored = await readForConsumer(store);
            const nowMs = clock();
            const info = tokenInfo(stored.accessToken, nowMs, MIN_USABLE_SECONDS);
            const token = usableToken(store, stored, info);
            if (started === generation)
                cached = { token, freshUntilMs: freshUntil(info.seconds_left, nowMs), readAtMs: startedAtMs };
            failed = undefined;
            return token;
        }
        catch (error) {
            // Counted from the read's start, so even reads that take long stay one per retryMs.
            failed = { error, untilMs: startedAtMs + retryMs };
            throw error;
        }
    }
    function freshUntil(secondsLeft, nowMs) {
        if (secondsLeft === null)
            return nowMs + UNKNOWN_EXPIRY_CACHE_SECONDS * 1000;
        const beforeMargin = secondsLeft - marginSeconds;
        const usable = secondsLeft - MIN_USABLE_SECONDS;
        // Never past the point where a read would refuse it (a margin under a minute included);
        // inside the margin, only briefly.
        const seconds = beforeMargin > 0 ? Math.min(beforeMargin, usable) : Math.min(WITHIN_MARGIN_RECHECK_SECONDS, usable);
        return nowMs + Math.max(0, seconds) * 1000;
    }
    /**
     * SSM was read under retryMs ago, and the token it gave has run into its last minute: refuse it
     * from memory (as a read would, unless a new token came meanwhile) and keep that refusal until
     * a read is allowed again.
     */
    function judgedByClock(last, nowMs) {
        try {
            const { accessToken, clientId } = last.token;
            return Promise.resolve(usableToken(store, { accessToken, clientId }, tokenInfo(accessToken, nowMs, MIN_USABLE_SECONDS)));
        }
        catch (error) {
            failed = { error, untilMs: last.readAtMs + retryMs };
            return Promise.reject(error);
        }
    }
    return {
        get() {
            const nowMs = clock();
            if (cached && nowMs < cached.freshUntilMs)
                return Promise.resolve(cached.token);
            if (failed && nowMs < failed.untilMs)
                return Promise.reject(failed.error);
            if (cached && nowMs < cached.readAtMs + retryMs)
                return judgedByClock(cached, nowMs);
            if (!reading) {
                if (forceNext)
                    forcedReadAtMs = nowMs;
                forceNext = false;
                const read = readOnce(generation, nowMs).finally(() => {
                    if (reading === read)
                        reading = undefined;
                });
                reading = read;
            }
            return reading;
        },
        invalidate() {
            const nowMs = clock();
            if (forcedReadAtMs !== undefined && nowMs - forcedReadAtMs < retryMs) {
                // SSM was read for a 401 moments ago and holds nothing newer: serve what it gave until
                // a read is allowed again, then read.
                if (cached)
                    cached.freshUntilMs = Math.min(cached.freshUntilMs, forcedReadAtMs + retryMs);
                return;
            }
            generation++;
            cached = undefined;
            reading = undefined;
            forceNext = true;
        },
    };
}
function checkedMargin(value) {
    if (value === undefined)
        return DEFAULT_READER_MARGIN_SECONDS;
    if (!Number.isFinite(value) || value < 0 || value > 86_400) {
        throw new FyersTokenError("invalid_config", `marginSeconds: ${value} is not between 0 and 86400`, {
            variable: "marginSeconds",
            hint: `pass the seconds before the token's expiry at which to read the store again, e.g. ${DEFAULT_READER_MARGIN_SECONDS}`,
        });
    }
    return value;
}

;// CONCATENATED MODULE: ../core/src/lifecycle/types.ts
const silentLogger = { info() { }, warn() { } };

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
/**
 * The cause of a failed renewal from the run's typed error. `fromStore`: the token store threw
 * it (SSM or KMS), else FYERS or the run did. The error's own hint, when it has one, is the
 * more exact fix (it names the parameter and the IAM action).
 */
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

;// CONCATENATED MODULE: ../core/src/notify/channels.ts

const CHANNELS = ["issue", "telegram", "webhook"];
/** `issue,telegram` → ["issue", "telegram"]; `none` → []. Order kept, duplicates dropped. */
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

;// CONCATENATED MODULE: ../core/src/notify/decide.ts

/**
 * One message per state. A state already announced (the stored notice has the same event and
 * its deadline has not passed) is not announced again, so the 06:05 and 07:35 runs of one
 * morning send one message. A different event announces again; so does the same event once
 * its deadline has passed (a new day's login is a new one). The first good run after a notice
 * announces "renewed", clears the notice and closes the issue it opened. A failed renewal is
 * one state per cause: a wrong PIN, then FYERS down, are two messages.
 */
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
    const next = { event: now.state, since: isoUtc(now.nowMs), channels: [...channels] };
    if (now.cause !== undefined)
        next.cause = now.cause;
    if (now.deadlineMs !== undefined)
        next.deadline = isoUtc(now.deadlineMs);
    return { announce: now.state, next, closeIssue: false };
}
function passed(deadline, nowMs) {
    if (deadline === undefined)
        return false;
    const ms = Date.parse(deadline);
    return Number.isFinite(ms) && nowMs >= ms;
}

;// CONCATENATED MODULE: ../core/src/redact.ts

/** Shows enough of a token to recognise it (`eyJ0eXAi…`), never enough to use it. */
function maskToken(value) {
    if (!value)
        return "(none)";
    return `${value.slice(0, 8)}…`;
}
/** Anything shaped like a JWT (FYERS tokens and auth codes all are), even one we were never told about. */
const JWT_LIKE = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g;
/** Below this length a secret (a 4-digit PIN) could hide inside ordinary text, e.g. a client id. */
const SHORT_SECRET = 8;
/**
 * The timestamps this project formats (isoUtc, formatIst, the Mermaid chart's, a bare date). A
 * short secret inside one is its year or time of day, not the secret being shown: with the PIN
 * 2026, `2026-12-08T00:30:00Z` must stay a date, wherever it is (a reason core wrote, a FYERS answer).
 */
const TIMESTAMP = /\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z| IST)?)?/g;
// Marks around text the program formatted itself. The random part is new in every process, so
// foreign text (a FYERS answer) cannot forge a mark to take its words out of scrubbing.
const NONCE = (0,external_node_crypto_.randomBytes)(6).toString("hex");
const OPEN = `\uE000${NONCE}\uE001`;
const CLOSE = `\uE002${NONCE}\uE003`;
function unmarked(text) {
    return text.split(OPEN).join("").split(CLOSE).join("");
}
/**
 * Text this program formatted (a date, a count, a URL it built): a Scrubber's `scrub` still takes
 * long secrets and JWTs out of it, but never a short secret (the PIN 1234 in `/issues/1234`).
 * Only for text that leaves through a Scrubber, which removes the marks.
 */
function trusted(text) {
    return `${OPEN}${unmarked(String(text))}${CLOSE}`;
}
function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
/** Splits text into [foreign, trusted, foreign, trusted, …] at the marks; the marks are dropped. */
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
    /** Foreign text: short secrets go too, except inside the timestamps it quotes. */
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
            // Long secrets go first in each span, and once more over the whole: a mark never splits one.
            const parts = spans(text).map((span) => span.trusted ? scrubLong(span.text) : scrubForeign(scrubLong(span.text)));
            return scrubLong(parts.join(""));
        },
    };
}

;// CONCATENATED MODULE: ../core/src/notify/message.ts

const TITLES = {
    "login-required": "FYERS login required",
    "login-due": "FYERS login due soon",
    "renewal-failed": "FYERS token renewal failed",
    renewed: "FYERS token renewed",
};
/** The links a person taps, in the order they tap them. */
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
/** Enough of the reason to act on; FYERS' words are unbounded and Telegram takes 4096 characters. */
const MAX_REASON = 500;
function brief(text) {
    if (text.length <= MAX_REASON)
        return text;
    // Never split an emoji's surrogate pair: Telegram refuses text that is not valid UTF-8.
    const cut = /[\uD800-\uDBFF]/.test(text.charAt(MAX_REASON - 2)) ? MAX_REASON - 2 : MAX_REASON - 1;
    return `${text.slice(0, cut)}…`;
}
/** The lines of the message without links: the same for every channel. */
function lines(content) {
    if (content.event === "renewed") {
        const until = content.validUntilMs === undefined ? "" : `, valid until ${time_formatIst(content.validUntilMs)}`;
        return [`Done${until}.`];
    }
    const out = [brief(content.reason)];
    if (content.fix !== undefined)
        out.push(`Fix: ${brief(content.fix)}`);
    if (content.deadlineMs !== undefined)
        out.push(`Log in before ${time_formatIst(content.deadlineMs)}.`);
    return out;
}
/** Telegram's HTML mode needs only these four escaped (core.telegram.org/bots/api#html-style). */
function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
/** The Telegram `sendMessage` text, for `parse_mode: "HTML"`. */
function telegramText(content) {
    const title = `<b>${escapeHtml(TITLES[content.event])}</b> for ${escapeHtml(content.clientId)}`;
    const body = lines(content).map(escapeHtml);
    const taps = links(content).map((link) => `<a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a>`);
    return [title, ...body, ...taps].join("\n");
}
/** Plain text with bare URLs: readable anywhere, and Slack links the URLs by itself. */
function noticeText(content) {
    const title = `${TITLES[content.event]} for ${content.clientId}`;
    const taps = links(content).map((link) => `${link.label}: ${link.url}`);
    return [title, ...lines(content), ...taps].join("\n");
}
/**
 * Slack reads `&`, `<` and `>` in `text` as markup (`<!channel>` pings everyone) and asks for
 * exactly these three to be escaped (api.slack.com/reference/surfaces/formatting#escaping).
 */
function escapeSlack(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
function webhookPayload(content) {
    const renewed = content.event === "renewed";
    return {
        text: escapeSlack(noticeText(content)),
        event: content.event,
        client_id: content.clientId,
        deadline: !renewed && content.deadlineMs !== undefined ? isoUtc(content.deadlineMs) : null,
        login_link: links(content).length === 0 ? null : (content.loginLink ?? content.loginUrl ?? null),
        valid_until: renewed && content.validUntilMs !== undefined ? isoUtc(content.validUntilMs) : null,
        cause: content.event === "renewal-failed" ? (content.cause ?? null) : null,
    };
}

;// CONCATENATED MODULE: ../core/src/notify/deliver.ts



const DEFAULT_TELEGRAM_API_URL = "https://api.telegram.org";
/** The deadline for one channel, retries included. */
const DEFAULT_NOTIFY_TIMEOUT_MS = 10_000;
/** At most two retries; waits between them unless the service says how long (retry_after). */
const BACKOFF_MS = [500, 1500];
/**
 * Sends the notice to each channel at the same time. Never throws: a channel that fails is a
 * Delivery with a warning, so a notice can never fail a token run.
 */
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
/** The bot token and the webhook URL's secret parts. */
function secretsOf(settings) {
    const scrubber = createScrubber();
    const token = settings.telegram?.botToken;
    scrubber.add(token, token?.split(":")[1]);
    const url = settings.webhook?.url;
    if (url !== undefined)
        scrubber.add(...webhookSecrets(url));
    return scrubber;
}
/** A path segment or query value that is a key, not a word: long, or with digits in it. */
const KEY_LIKE = (part) => part.length >= 20 || (part.length >= 8 && /\d/.test(part));
/**
 * What to hide of a webhook URL: the whole of it, its path (a Slack webhook's secret), and each
 * key-like path segment, query value and password on its own, since a receiver that refuses
 * may quote just that part (`.../B0BBBB/<token>`, `?key=<key>&token=<token>`).
 */
function webhookSecrets(url) {
    const secrets = [url];
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        return secrets; // not a URL: the whole text is hidden
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
/** undefined when delivered, else the problem for the warning. */
async function deliverTo(channel, settings, content) {
    const fetchFn = settings.fetch ?? fetch;
    // Unset: DEFAULT_NOTIFY_TIMEOUT_MS (10 s); FYERS_SERVICE_TIMEOUT, a test/advanced setting, changes it.
    const timeoutMs = settings.timeoutMs ?? tuning_tuningMs("serviceTimeout");
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
        // A redirect would carry the notice somewhere the user did not configure.
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
/** One line of an answer body, short enough for a warning. */
function snippet(text) {
    const line = text
        .replace(/<[^>]*>/g, " ")
        .replace(/\s+/g, " ")
        .trim();
    return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
/** Telegram answers `{"ok":true,…}` or `{"ok":false,"error_code","description","parameters"}`. */
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
/** Runs `attempt` until it succeeds, gives up, or the next try would pass the deadline. */
async function withRetries(timeoutMs, attempt) {
    const deadline = Date.now() + timeoutMs;
    const within = `within ${formatSeconds(timeoutMs)}`;
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
        const wait = BACKOFF_MS[tries];
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

;// CONCATENATED MODULE: ../core/src/notify/holidays.ts


const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
/**
 * Exchange holidays as `YYYY-MM-DD`, comma or newline separated; `#` starts a comment, so a
 * pasted list may keep the holiday names (`2026-01-26 # Republic Day`).
 */
function parseHolidays(text, name) {
    const dates = new Set();
    for (const line of text.split(/\r?\n/)) {
        const data = line.replace(/#.*$/, "");
        const hidden = /#.*?(\d{4}-\d{2}-\d{2})/.exec(line)?.[1];
        // A folded YAML block (`>`) joins the lines: every date after the first `#` would silently be a comment.
        if (hidden !== undefined) {
            throw (0,errors/* configError */.Fj)(name, `"${hidden}" is inside a comment (after #), so it would not count as a holiday`, "put each date on its own line before its # comment (a YAML `>` block joins lines: use `|`), or leave the comments out");
        }
        for (const word of data.split(/[\s,]+/)) {
            if (word === "")
                continue;
            if (!isCalendarDate(word)) {
                throw (0,errors/* configError */.Fj)(name, `"${word.slice(0, 20)}" is not a date; write YYYY-MM-DD dates, comma or newline separated`, "e.g. 2026-01-26,2026-03-03");
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
/** Whether the exchange trades on the IST date of `nowMs`: not on a weekend or a listed holiday. */
function tradingDay(nowMs, holidays) {
    const ist = new Date(nowMs + IST_OFFSET_MS);
    const date = ist.toISOString().slice(0, 10);
    const weekday = ist.getUTCDay();
    if (weekday === 0 || weekday === 6) {
        return { trading: false, why: `${date} is a ${WEEKDAYS[weekday]} (IST), not a trading day` };
    }
    if (holidays.has(date))
        return { trading: false, why: `${date} is listed in the holidays, not a trading day` };
    return { trading: true };
}

;// CONCATENATED MODULE: ../core/src/notify/settings.ts


const CHANNEL_ENV_NAMES = {
    botToken: "FYERS_TELEGRAM_BOT_TOKEN",
    chatId: "FYERS_TELEGRAM_CHAT_ID",
    webhookUrl: "FYERS_WEBHOOK_URL",
    telegramApiUrl: "TELEGRAM_API_URL",
};
/** What @BotFather gives: the bot's numeric id, a colon, then ~35 letters, digits, `_` or `-`. */
const BOT_TOKEN = /^\d{1,20}:[\w-]{30,}$/;
/** A numeric chat id (groups and channels are negative) or a public channel's @username. */
const CHAT_ID = /^(-?\d{1,20}|@[A-Za-z][\w]{3,31})$/;
/**
 * Checks the settings of the listed channels before any token work, so a typo is exit 2 and
 * not a silent missing alert. Errors name the setting and never echo a secret value.
 */
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
/** The callback's `/login` link (`login-link`, FYERS_LOGIN_LINK): https, or http on this machine. */
function parseLoginLink(text, name) {
    // Shown without its key when refused: the key logs anyone in through the callback.
    const link = settings_checkUrl(text.trim(), name, true, withoutLoginKey(text.trim()));
    // The callback serves /login only: any other path is a 404 at the moment a person taps it.
    const path = new URL(link).pathname;
    if (!path.endsWith("/login")) {
        throw configError(name, `must end in /login, the callback's login page (it answers 404 anywhere else), not "${path.slice(0, 60)}"`, "use the link `npm run login-link` prints, e.g. https://abc123.lambda-url.ap-south-1.on.aws/login?k=…");
    }
    return link;
}
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
/** https, or http on this machine (a local relay or a test fake). A webhook URL is never echoed. */
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

;// CONCATENATED MODULE: ../core/src/notify/index.ts
// Login notices: where they go, when to send one, and the messages themselves.








// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(8161);
;// CONCATENATED MODULE: ../core/src/store/file.ts









/** The file's layout (interface.md): snake_case keys, each a string, absent when not stored. */
const FILE_KEYS = {
    client_id: "clientId",
    access_token: "accessToken",
    refresh_token: "refreshToken",
    updated_at: "updatedAt",
};
const file_NOTICE_KEY = "login_notice";
const BOM = "\uFEFF";
/** A token file is 1 to 3 kB; anything over this is some other file. */
const MAX_FILE_BYTES = (/* unused pure expression or super */ null && (1024 * 1024));
function storeFailed(path, action, error) {
    const code = error.code ?? "error";
    if (code === "ELOCKED")
        return lockHeld(path, error);
    if (code === "EISDIR") {
        return new FyersTokenError("store_failed", `the token file ${path} is a folder, not a file (EISDIR)`, {
            cause: error,
            hint: `move the folder away, or set FYERS_TOKEN_FILE to a file's path, e.g. ${join(path, "fyers_tokens.json")}`,
        });
    }
    const hint = code === "EACCES" || code === "EPERM" || code === "EROFS"
        ? `check the permissions of ${path} and its folder, or set FYERS_TOKEN_FILE to a writable path`
        : code === "ENOSPC" || code === "EDQUOT"
            ? `the disk that holds ${dirname(path)} is full (or your quota is used up): free some space, or set FYERS_TOKEN_FILE to a path on another disk`
            : "set FYERS_TOKEN_FILE to a path you can write";
    return new FyersTokenError("store_failed", `could not ${action} the token file ${path} (${code})`, {
        cause: error,
        hint,
    });
}
const DENIED = new Set(["EACCES", "EPERM", "EROFS"]);
function folderNotWritable(path, folder, cause) {
    const code = cause.code ?? "error";
    return new FyersTokenError("store_failed", `cannot write the token file ${path}: its folder ${folder} is not writable (${code})`, {
        cause,
        hint: `make ${folder} writable (chmod u+w; if lsattr shows an "i" flag: chattr -i), or set FYERS_TOKEN_FILE to a path you can write`,
    });
}
function lockHeld(path, cause) {
    return new FyersTokenError("store_failed", `could not lock the token file ${path}: another process holds the lock ${path}.lock`, {
        cause,
        hint: `wait for the other run to finish and run again; if no other fyers-token process is running, remove ${path}.lock`,
    });
}
/**
 * The file's text: UTF-8, or UTF-16 when it starts with that byte-order mark (Windows PowerShell
 * 5 writes UTF-16 with `>` and Out-File). The next write stores it as UTF-8.
 */
function decodeTokenFile(bytes) {
    if (bytes[0] === 0xff && bytes[1] === 0xfe)
        return new TextDecoder("utf-16le").decode(bytes);
    if (bytes[0] === 0xfe && bytes[1] === 0xff)
        return new TextDecoder("utf-16be").decode(bytes);
    return bytes.toString("utf8");
}
// Checked by hand rather than with the schema library: four optional strings, and `plan` reads
// this file on the hot path of every run, where loading the library would double the cost.
function parseTokenFile(path, text) {
    let json;
    if (text.replace(BOM, "").trim() === "")
        throw corrupt(path, "is empty");
    try {
        // Windows editors save a byte-order mark; JSON.parse refuses it.
        json = JSON.parse(text.startsWith(BOM) ? text.slice(1) : text);
    }
    catch {
        throw corrupt(path, "is not valid JSON");
    }
    if (typeof json !== "object" || json === null || Array.isArray(json))
        throw corrupt(path, "is not a JSON object");
    const tokens = {};
    for (const [key, field] of Object.entries(FILE_KEYS)) {
        const value = json[key];
        if (value === undefined || value === null || value === "")
            continue;
        if (typeof value !== "string")
            throw corrupt(path, `has a bad ${key} (not a string)`);
        tokens[field] = value;
    }
    // A notice that does not parse is no notice: at worst one login message is sent again.
    const notice = parseNotice(json[file_NOTICE_KEY]);
    if (notice)
        tokens.notice = notice;
    return tokens;
}
function corrupt(path, what) {
    return new FyersTokenError("store_corrupt", `the token file ${path} ${what}; it was left untouched`, {
        hint: `fix it, or move it away and log in again (npx tsx packages/scripts/login.ts)`,
    });
}
function serialize(tokens, updatedAt) {
    const file = {};
    for (const [key, field] of Object.entries(FILE_KEYS)) {
        const value = field === "updatedAt" ? updatedAt : tokens[field];
        if (value)
            file[key] = value;
    }
    if (tokens.notice)
        file[file_NOTICE_KEY] = tokens.notice;
    return `${JSON.stringify(file, null, 2)}\n`;
}
/** A lock whose holder stopped refreshing it this long ago is taken over (proper-lockfile's stale). */
const LOCK_STALE_MS = 10_000;
/** A lock whose holder never wrote its name (killed right after taking it) is gone after this long. */
const UNNAMED_STALE_MS = 2_000;
/** Inside the lock folder: who holds it, so a holder that died can be seen at once. */
const OWNER_FILE = "owner.json";
/** Signal 0 tests for the process without touching it; EPERM means it lives under another user. */
function processAlive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (error) {
        return error.code === "EPERM";
    }
}
async function readOwner(lock) {
    try {
        const owner = JSON.parse(await readFile(join(lock, OWNER_FILE), "utf8"));
        return typeof owner.pid === "number" && typeof owner.host === "string"
            ? { pid: owner.pid, host: owner.host }
            : undefined;
    }
    catch {
        return undefined; // no owner yet (a holder between mkdir and writing it), or from an older version
    }
}
/**
 * The lock's holder is gone: a dead process on this host (at once), or any holder that stopped
 * refreshing the lock for LOCK_STALE_MS (another host, or a holder that wrote no owner).
 */
async function holderGone(lock) {
    const owner = await readOwner(lock);
    if (owner !== undefined && owner.host === hostname() && owner.pid !== process.pid) {
        if (!processAlive(owner.pid))
            return true;
    }
    try {
        const age = Date.now() - (await stat(lock)).mtimeMs;
        // A holder names itself within milliseconds of taking the lock: one that did not was killed in between.
        return age > (owner === undefined ? UNNAMED_STALE_MS : LOCK_STALE_MS);
    }
    catch {
        return false; // released meanwhile: just try again
    }
}
/**
 * Moves a dead holder's lock aside, then removes it. The rename is the takeover: of two runs that
 * both saw the holder dead, only the first rename succeeds (the second finds the target taken, a
 * folder that is not empty), so the second can never remove the lock the first just took.
 */
async function takeOver(lock) {
    const aside = `${lock}.${randomBytes(4).toString("hex")}.dead`;
    try {
        await rename(lock, aside);
    }
    catch {
        return; // gone or taken meanwhile: the next attempt sees which
    }
    await rm(aside, { recursive: true, force: true });
}
/**
 * proper-lockfile's own retries also repeat hopeless errors (a read-only folder), so wait here
 * only while another process holds the lock: at most ~5 s, then give up. The holder writes its
 * pid and host into the lock, so a run killed with SIGKILL holds up the next one not at all.
 */
async function acquireLock(path) {
    const lock = `${path}.lock`;
    // How long to wait for another process's lock: FYERS_LOCK_WAIT (default 5 s). Not Date.now(),
    // which a test may freeze.
    const giveUpAt = performance.now() + tuningMs("lockWait");
    for (;;) {
        try {
            // realpath: false, since the token file may not exist yet.
            const { default: lockfile } = await __nccwpck_require__.e(/* import() */ 52).then(__nccwpck_require__.t.bind(__nccwpck_require__, 2052, 23)); // only writers pay for it
            const release = await lockfile.lock(path, {
                realpath: false,
                lockfilePath: lock,
                // Stale locks are ours to judge (holderGone): proper-lockfile cannot remove a lock holding an owner file.
                stale: 2_147_483_647,
                update: LOCK_STALE_MS / 2,
                retries: 0,
            });
            const owner = { pid: process.pid, host: hostname() };
            // Written aside and renamed: a reader never sees half a name.
            const named = join(lock, `${OWNER_FILE}.${randomBytes(4).toString("hex")}`);
            try {
                await writeFile(named, JSON.stringify(owner), { mode: 0o600 });
                await rename(named, join(lock, OWNER_FILE));
            }
            catch (error) {
                // A full disk: give the lock back at once rather than leave it for the next run to wait out.
                await rm(named, { force: true }).catch(() => undefined);
                await release().catch(() => undefined);
                throw error;
            }
            return async () => {
                await rm(join(lock, OWNER_FILE), { force: true });
                await release();
            };
        }
        catch (error) {
            if (error.code !== "ELOCKED")
                throw error;
            if (await holderGone(lock)) {
                await takeOver(lock);
                continue;
            }
            if (performance.now() >= giveUpAt)
                throw error;
            await delay(10 + Math.random() * 90);
        }
    }
}
/**
 * What a writer killed mid-write left of this token file: its temp files (0600, with tokens) and
 * a taken-over lock. Called under the lock, when no live writer of this file can own any of them.
 */
async function removeLeftovers(target) {
    const folder = dirname(target);
    const name = basename(target);
    const temp = new RegExp(`^${file_escapeRegExp(name)}\\.\\d+\\.[0-9a-f]{8}\\.(tmp|probe)$|^${file_escapeRegExp(name)}\\.lock\\.[0-9a-f]{8}\\.dead$`);
    let entries;
    try {
        entries = await readdir(folder);
    }
    catch {
        return;
    }
    for (const entry of entries) {
        if (temp.test(entry))
            await rm(join(folder, entry), { recursive: true, force: true }).catch(() => undefined);
    }
}
function file_escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
/**
 * Where writes go: a symlinked token file is written through to its target (the link stays), so
 * whoever reads the target sees the new tokens. A dangling link names the file to create.
 */
async function resolveTarget(path) {
    let target = path;
    for (let hops = 0; hops < 40; hops++) {
        try {
            if (!(await lstat(target)).isSymbolicLink())
                return target;
        }
        catch (error) {
            if (error.code === "ENOENT")
                return target;
            throw error;
        }
        target = resolve(dirname(target), await readlink(target));
    }
    throw Object.assign(new Error(`too many symbolic links at ${path}`), { code: "ELOOP" });
}
/** Group or others have any access (Windows has ACLs, not these bits: never). */
function othersMayRead(mode) {
    return mode !== undefined && process.platform !== "win32" && (mode & 0o077) !== 0;
}
/**
 * The local JSON store: mode 0600, replaced atomically (temp file + rename) under a lock so two
 * processes never interleave, and a broken file is reported, never overwritten.
 */
function file_createFileStore(options) {
    const path = resolve(options.path);
    const now = options.now ?? Date.now;
    const warned = new Set();
    const warn = (message) => {
        if (warned.has(message))
            return;
        warned.add(message);
        if (options.onWarning)
            options.onWarning(message);
        else
            process.emitWarning(message, { code: "FYERS_TOKEN_FILE" });
    };
    /** The stored tokens and the file's permission bits (undefined: no file yet). */
    async function readWithMode() {
        let handle;
        try {
            // Non-blocking, so a named pipe at the path cannot hold the open until some writer comes.
            handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
        }
        catch (error) {
            if (error.code === "ENOENT")
                return { tokens: {}, mode: undefined };
            throw storeFailed(path, "read", error);
        }
        try {
            const info = await handle.stat();
            if (!info.isFile() && !info.isDirectory()) {
                throw corrupt(path, "is not a regular file (a pipe, a socket or a device)");
            }
            // A wrong FYERS_TOKEN_FILE (a log, an image) must not be read into memory whole.
            if (info.size > MAX_FILE_BYTES) {
                throw corrupt(path, `is ${(info.size / 1024 ** 2).toFixed(1)} MB, far more than a token file holds (a few kB)`);
            }
            const text = decodeTokenFile(await handle.readFile());
            return { tokens: parseTokenFile(path, text), mode: info.mode & 0o777 };
        }
        catch (error) {
            if (error instanceof FyersTokenError)
                throw error;
            throw storeFailed(path, "read", error);
        }
        finally {
            await handle.close();
        }
    }
    async function read() {
        const { tokens, mode } = await readWithMode();
        if (mode === undefined && options.ifMissing)
            throw options.ifMissing(path);
        if (othersMayRead(mode)) {
            warn(`the token file ${path} can be read by other users (mode ${mode.toString(8).padStart(4, "0")}); the next write makes it 0600, or run: chmod 600 ${path}`);
        }
        return tokens;
    }
    async function replace(target, tokens) {
        const temp = `${target}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
        try {
            const handle = await open(temp, "wx", 0o600);
            try {
                await handle.writeFile(serialize(tokens, new Date(now()).toISOString()));
                await handle.sync();
            }
            finally {
                await handle.close();
            }
            await chmod(temp, 0o600); // the umask may have narrowed it; never widened
            await rename(temp, target);
        }
        catch (error) {
            await rm(temp, { force: true });
            throw storeFailed(path, "write", error);
        }
    }
    /** Runs `work` on the real file (a symlink's target) under the lock. */
    async function withLock(work) {
        let release;
        let target;
        try {
            target = await resolveTarget(path);
            await mkdir(dirname(target), { recursive: true });
            release = await acquireLock(target);
            await removeLeftovers(target);
        }
        catch (error) {
            const code = error.code ?? "";
            if (DENIED.has(code))
                throw folderNotWritable(path, dirname(target ?? path), error);
            // A full disk fails the lock's first byte: to a person that is the write failing.
            throw storeFailed(path, code === "ENOSPC" || code === "EDQUOT" ? "write" : "lock", error);
        }
        try {
            return await work(target);
        }
        finally {
            await release().catch(() => undefined);
        }
    }
    /** Reads under the lock (a local read, so a concurrent writer's newer fields are never lost). */
    async function update(change) {
        return withLock(async (target) => {
            const { tokens: current, mode } = await readWithMode();
            const next = change(current);
            if (next !== undefined)
                await replace(target, next);
            else if (othersMayRead(mode)) {
                await chmod(target, 0o600).catch((error) => {
                    throw storeFailed(path, "write", error);
                });
            }
            if (othersMayRead(mode))
                warn(`the token file ${path} could be read by other users; it is now mode 0600`);
            return { current, next };
        });
    }
    async function checkWritable() {
        await withLock(async (target) => {
            const folder = dirname(target);
            const probe = `${target}.${process.pid}.${randomBytes(4).toString("hex")}.probe`;
            try {
                await (await open(probe, "wx", 0o600)).close();
                await rm(probe, { force: true });
            }
            catch (error) {
                throw folderNotWritable(path, folder, error);
            }
            // Replacing works on a file without write permission (rename), but not on an immutable one.
            await access(target, constants.W_OK).catch((error) => {
                if (error.code !== "EPERM")
                    return;
                throw new FyersTokenError("store_failed", `cannot replace the token file ${path}: it is immutable or append-only (EPERM)`, {
                    cause: error,
                    hint: `remove the flag (chattr -i -a ${target}), or set FYERS_TOKEN_FILE to a path you can write`,
                });
            });
        });
    }
    return {
        kind: "file",
        location: path,
        read,
        // The file is always re-read under the lock: `current` only matters to remote stores.
        write: async (tokenUpdate, _current) => {
            let written = [];
            await update((current) => {
                const next = merge(current, tokenUpdate);
                written = changedFields(current, next);
                return written.length > 0 ? next : undefined;
            });
            return written;
        },
        checkWritable,
        writeNotice: async (notice, _current) => {
            await update((current) => {
                if (sameNotice(current.notice, notice ?? undefined))
                    return undefined;
                const { notice: _old, ...rest } = current;
                return notice === null ? rest : { ...rest, notice };
            });
        },
        deleteAccessToken: async () => {
            let had = false;
            await update((current) => {
                had = current.accessToken !== undefined;
                if (!had)
                    return undefined;
                const { accessToken: _dropped, ...rest } = current;
                return rest;
            });
            return had;
        },
    };
}

;// CONCATENATED MODULE: ../core/src/store/open.ts


/** The store a config names (`FYERS_STORE`), or the one asked for. */
function openStore(config, kind = config.store, options = {}) {
    return kind === "file"
        ? createFileStore({
            path: config.tokenFile,
            ...(options.onWarning ? { onWarning: options.onWarning } : {}),
        })
        : createSsmStore({
            prefix: config.ssmPrefix,
            kmsKeyId: config.kmsKeyId,
            ...(options.withNotice ? { withNotice: true } : {}),
            ...(options.onNoticeDenied ? { onNoticeDenied: options.onNoticeDenied } : {}),
        });
}

;// CONCATENATED MODULE: ../core/src/index.ts
// @fyers-token/core: the FYERS token lifecycle with no GitHub code in it.





























;// CONCATENATED MODULE: ../core/dist/index.js
// dev entry (tools/core-dist.mjs): the monorepo reads core's TypeScript source


;// CONCATENATED MODULE: ./src/actions-io.ts
// The runner's workflow commands, written directly as the runner documents them
// (docs.github.com: "Workflow commands for GitHub Actions"). @actions/core would do the same but
// loads @actions/http-client, undici and tunnel (for OIDC) before the first line runs: over a
// megabyte parsed on every skip. The formats below are @actions/core 3's, byte for byte.




/** An input as the runner passes it: INPUT_<NAME> (spaces to _, upper case), trimmed, "" when unset. */
function getInput(name, env) {
    return (env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();
}
/** `%`, CR and LF escaped, so one message is one command line. */
function escapeData(value) {
    return value.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeProperty(value) {
    return escapeData(value).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
/** How the runner spots a command: `::name::` (or the older `##[name]`) after leading spaces. */
const COMMAND_START = /^(\s*)(::|##\[)/;
/**
 * A log message as plain lines: whatever foreign text it quotes (a FYERS, AWS or GitHub answer),
 * no line of it is a workflow command. Every CR and LF starts a line of its own (the runner reads
 * a lone CR as a line end too), and a line's leading `::` or `##[` is written %-escaped.
 */
function plainLines(message) {
    return message
        .split(/\r\n|\r|\n/)
        .map((line) => line.replace(COMMAND_START, (_, space, start) => start === "::" ? `${space}%3A%3A` : `${space}%23%23[`))
        .join(external_node_os_.EOL);
}
/** `::name key=value::message` on its own line of stdout. */
function command(name, message, properties = {}) {
    const props = Object.entries(properties)
        .filter(([, v]) => v)
        .map(([k, v]) => `${k}=${escapeProperty(v)}`)
        .join(",");
    return `::${name}${props ? ` ${props}` : ""}::${escapeData(message)}${external_node_os_.EOL}`;
}
/** A `name<<delimiter` block for GITHUB_OUTPUT, with a delimiter that cannot occur in the value. */
function outputBlock(name, value) {
    const delimiter = `ghadelimiter_${(0,external_node_crypto_.randomUUID)()}`;
    if (name.includes(delimiter) || value.includes(delimiter)) {
        throw new Error(`output ${name}: the value contains the delimiter ${delimiter}`);
    }
    return `${name}<<${delimiter}${external_node_os_.EOL}${value}${external_node_os_.EOL}${delimiter}${external_node_os_.EOL}`;
}
/** The runner side of ActionsIO. */
function actionsIO(env, write = (t) => process.stdout.write(t)) {
    // Raw inputs and parsed ones overlap; one mask command per value keeps the log readable.
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
            // Outside a runner there is simply no summary.
            const file = env.GITHUB_STEP_SUMMARY;
            if (!file)
                return;
            await (0,promises_.appendFile)(file, `${markdown}${external_node_os_.EOL}`, "utf8");
        },
    };
}

;// CONCATENATED MODULE: ./src/failure.ts

/** One message for a failed step: what went wrong, then the typed error's hint on how to fix it. */
function failureMessage(error) {
    if (error instanceof errors/* FyersTokenError */.xO) {
        return error.hint === undefined ? error.message : `${error.message}\nHint: ${error.hint}`;
    }
    if (error instanceof Error)
        return error.message;
    return String(error);
}
/**
 * A failed run still reports: the summary says what went wrong and, after FYERS issued tokens,
 * where they are stored (core's `savedTo`), so nobody logs in again for tokens SSM already holds.
 * The issued access token is still handed to later steps (masked), since it works whatever the store did.
 */
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
    // Core's message already says when nothing was stored (and what still works): only add where.
    if (typed?.savedTo !== undefined && typed.savedTo.length > 0) {
        lines.push(`The new tokens are stored in: ${typed.savedTo.map((where) => `\`${where}\``).join(", ")}.`, "");
    }
    if (issued !== undefined) {
        lines.push("The access token FYERS issued is still this step's `access-token` output, for later steps.", "");
    }
    io.setFailed(message);
    await io.writeSummary(lines.join("\n"));
}

;// CONCATENATED MODULE: ./src/github.ts
/** Each GitHub request's deadline: a silent API must not hold the run (or its report) hostage. */
const GITHUB_TIMEOUT_MS = 10_000;
/**
 * GitHub's REST conventions, on every request: the current media type (Octokit 6 still sends
 * the old `vnd.github.v3+json`) and the pinned API version, so a new default version cannot
 * change the answers under us (docs.github.com: "API Versions").
 */
const GITHUB_HEADERS = {
    accept: "application/vnd.github+json",
    "x-github-api-version": "2022-11-28",
};
/** Raised when GitHub did not answer in time; the login issue turns it into a warning. */
class GitHubTimeoutError extends Error {
    name = "GitHubTimeoutError";
}
/**
 * The GitHub issues API over Octokit. @actions/github (Octokit, undici) loads here, on first
 * need, never on the skip path. getOctokit takes its base URL from GITHUB_API_URL (GHES, tests).
 */
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
                // 422: created meanwhile by a parallel run; the label is there, which is all we need.
                if (error.status !== 422)
                    throw error;
            }
        },
    };
}
/**
 * Runs one request under its own abort signal, so the proxy-aware fetch of @actions/github stays
 * in place; a request that outlives it is a GitHubTimeoutError naming the host.
 */
async function withDeadline(send, options, timeoutMs) {
    const signal = AbortSignal.timeout(timeoutMs);
    options.request = { ...options.request, signal };
    try {
        return await send();
    }
    catch (error) {
        if (!signal.aborted)
            throw error;
        // Octokit hands the hook a route template ("/repos/{owner}/…") beside its base URL.
        const host = URL.canParse(options.url, options.baseUrl)
            ? new URL(options.url, options.baseUrl).host
            : "the GitHub API";
        throw new GitHubTimeoutError(`GitHub (${host}) did not answer within ${timeoutMs / 1000}s`, {
            cause: error,
        });
    }
}

;// CONCATENATED MODULE: ./src/inputs.ts

/** The input names of action.yml (interface.md); the only place they are spelled. */
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
/** Not an input: the Telegram Bot API base comes from the step's environment (a fake in tests). */
const TELEGRAM_API_ENV = "TELEGRAM_API_URL";
const MODES = ["auto", "refresh", "exchange", "verify"];
/** Reads every input as the runner passed it (trimmed, "" when unset). */
function readRawInputs(getInput) {
    const raw = {};
    for (const [key, name] of Object.entries(INPUT)) {
        raw[key] = getInput(name).trim();
    }
    return raw;
}
/**
 * Validates the raw inputs once into a typed object; errors name the input at fault. `env` is
 * the step's environment, read only for TELEGRAM_API_URL.
 */
function parseInputs(raw, env = {}) {
    const mode = parseMode(raw.mode);
    // Inputs only: a FYERS_* variable in the job's environment must not change what the step does.
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
        holidays: parseHolidays(raw.holidays, INPUT.holidays),
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
/**
 * The shipped workflow passes the Telegram and webhook secrets whatever `notify` says: a secret
 * set without adding its channel to `notify` would silently send nothing. `notify: none` is a choice.
 */
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
/** core's comma list of channels ("" is the default, issue). */
function parseChannels(value) {
    return withHint(() => parseNotify(value === "" ? "issue" : value, INPUT.notify));
}
/** Hints in the workflow's own terms, for core's errors that come without one. */
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
/**
 * The owner's login link. A link that is not an https `/login` URL is refused (a person would
 * tap a dead link). One without a valid key is not used, with a warning: the callback answers
 * 404 to it, and a notice setting must never stop the token run itself.
 */
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
    // The callback serves /login only: any other path is a 404 at the moment a person taps it.
    if (!url.pathname.endsWith("/login")) {
        throw (0,errors/* configError */.Fj)(INPUT.loginLink, `must end in /login, the callback's login page (it answers 404 anywhere else), not "${url.pathname.slice(0, 60)}"`, LOGIN_LINK_HINT);
    }
    const key = loginKeyOf(value);
    if (key === undefined || !LOGIN_KEY_PATTERN.test(key)) {
        const what = key === undefined ? "has no key (?k=…)" : "has a key (k=) that is not one login-link.ts prints";
        return {
            loginLink: undefined,
            loginLinkProblem: `${INPUT.loginLink} ${what}: the callback answers 404 to it, so the notices give the manual login instead. Fix: ${LOGIN_LINK_HINT}.`,
        };
    }
    return { loginLink: url.toString() };
}
/** The YAML 1.2 core-schema booleans, as @actions/core's getBooleanInput; "" is the default. */
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

;// CONCATENATED MODULE: ./src/masking.ts

/** Masks a value once it is worth masking; "" would make the runner mask nothing useful. */
function maskAll(mask, values) {
    for (const value of values)
        if (value !== undefined && value !== "")
            mask(value);
}
/**
 * The secrets as the runner passed them, before any validation can echo them. The auth code may
 * be a whole redirect URL: the URL is masked here, the code inside it once it is parsed.
 */
function maskRawInputs(raw, mask) {
    maskAll(mask, [raw.appSecret, raw.pin, raw.authCode, raw.githubToken, raw.webhookUrl, raw.telegramChatId]);
    // The bot token, and its part after the colon alone: that part is the secret.
    maskAll(mask, [raw.telegramBotToken, raw.telegramBotToken.split(":")[1]]);
    // The login link's key lets anyone log in through the callback: masked, even a malformed one
    // (unless too short to mask without wrecking the log).
    const key = loginKeyOf(raw.loginLink);
    if (key !== undefined && key.length >= 8)
        mask(key);
    // FYERS treats the hash as a credential: whoever has it can exchange codes for this app.
    if (raw.clientId !== "" && raw.appSecret !== "")
        mask(appIdHash(raw.clientId, raw.appSecret));
}
/** The parsed secrets and those derived from them: the code inside a URL, and the appIdHash. */
function maskInputs(inputs, mask) {
    maskAll(mask, [inputs.appSecret, inputs.pin, inputs.githubToken]);
    if (inputs.loginLink !== undefined)
        maskAll(mask, [loginKeyOf(inputs.loginLink)]);
    // The webhook URL, and its key parts alone: a receiver that refuses may quote just those.
    const webhook = inputs.channels.webhook?.url;
    if (webhook !== undefined)
        maskAll(mask, webhookSecrets(webhook));
    const telegram = inputs.channels.telegram;
    maskAll(mask, [telegram?.botToken, telegram?.botToken.split(":")[1], telegram?.chatId]);
    if (inputs.mode !== "verify") {
        maskAll(mask, [inputs.authCode?.raw, inputs.authCode?.code]);
        mask(appIdHash(inputs.clientId, inputs.appSecret));
    }
}
/** A store whose tokens are masked the moment they are read, before any caller sees them. */
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
/** A FYERS client whose issued tokens are masked the moment they arrive. */
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

;// CONCATENATED MODULE: ./src/ports.ts
function runContext(env) {
    // GITHUB_WORKFLOW_REF: "owner/repo/.github/workflows/fyers-token.yml@refs/heads/main"
    const workflowPath = env.GITHUB_WORKFLOW_REF?.split("@")[0];
    const workflowFile = workflowPath?.split("/").pop();
    return {
        serverUrl: (env.GITHUB_SERVER_URL || "https://github.com").replace(/\/+$/, ""),
        repository: env.GITHUB_REPOSITORY || undefined,
        workflowFile: workflowFile || undefined,
        runId: env.GITHUB_RUN_ID || undefined,
    };
}
/** The page where a person runs the workflow by hand (with the auth code). */
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

;// CONCATENATED MODULE: ./src/check.ts

/** Mode verify: the stored tokens' expiry and a profile call; read only, whatever `dry-run` says. */
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
        // verify only reads and reports: it announces nothing, so it needs no notice.
        notice: undefined,
    };
}

;// CONCATENATED MODULE: ./src/report.ts
/** What a result means, for headlines and the issue. */
const RESULT_TEXT = {
    refreshed: "refreshed the access token",
    exchanged: "exchanged the auth code for new tokens",
    skipped: "skipped: the access token is still good",
    valid: "the stored access token is valid",
    invalid: "the stored access token is not valid",
    "login-required": "a login is required",
};

;// CONCATENATED MODULE: ./src/login-issue.ts




const LOGIN_LABEL = "fyers-login";
const LABEL = {
    name: LOGIN_LABEL,
    color: "d93f0b",
    description: "A FYERS login is needed (opened and closed by the fyers-token action)",
};
/** Hidden in the body: one issue per SSM prefix, so a matrix of accounts never shares one. */
function marker(ssmPrefix) {
    return `<!-- fyers-token: ${ssmPrefix} -->`;
}
/** Also hidden: what was announced, for a run that cannot read the notice from SSM. */
const NOTICE_MARK = "<!-- fyers-token-notice: ";
function noticeMarker(notice) {
    // No secret in it (event, cause, times, channels); trusted, so a PIN never cuts a date out of it.
    return `${NOTICE_MARK}${trusted(JSON.stringify(notice))} -->`;
}
/**
 * The notice the open login issue carries, when SSM cannot be read: undefined when there is no
 * such issue or GitHub cannot be reached (then the run announces, as without a notice).
 */
async function readIssueNotice(context, openApi, io) {
    try {
        const api = await openApi();
        const mine = (await api.listOpen(LOGIN_LABEL)).find((i) => i.body.includes(marker(context.ssmPrefix)));
        const start = mine?.body.indexOf(NOTICE_MARK) ?? -1;
        if (mine === undefined || start < 0)
            return undefined;
        const json = mine.body.slice(start + NOTICE_MARK.length, mine.body.indexOf(" -->", start));
        return port_parseNotice(JSON.parse(json));
    }
    catch (error) {
        io.debug(`Could not read the login issue's notice: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
    }
}
/**
 * Opens, updates or closes this prefix's login issue. Never throws: a token without `issues:
 * write` or a GitHub hiccup is a warning, since the step's real job (the token) is already done.
 */
async function syncLoginIssue(action, report, context, openApi, io, 
/** false: this state's issue was opened before, so one that is gone was closed by hand; keep it so. */
create = true, 
/** What this run announces (or keeps announced), carried in the body for a run without SSM. */
notice) {
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
    const validity = expiry === null ? undefined : `valid until ${time_formatIst(Date.parse(expiry))} (${expiry})`;
    const [what, whose] = report.result === "exchanged"
        ? ["The auth code was exchanged.", "The new access token"]
        : report.result === "refreshed"
            ? ["The access token was refreshed.", "The new access token"]
            : // A skip after a login elsewhere (the login callback, login.ts): the token it stored works.
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
/** The body a person acts on from a phone: why, by when, and the two links to tap. */
function issueBody(report, context, notice) {
    const due = report.loginDue;
    const failure = report.failure;
    // A login now gives tokens valid until the next rollover: that is the deadline to beat.
    const deadline = due?.byMs ?? nextRollover(report.nowMs);
    const workflow = workflowUrl(context.run);
    const run = runUrl(context.run);
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
            `**What happened:** ${RESULT_TEXT[report.result]}: ${inert(report.reason)}.`,
        ];
    const lines = [
        marker(context.ssmPrefix),
        ...(notice === undefined ? [] : [noticeMarker(notice)]),
        ...headline,
        "",
        due === undefined
            ? `**Deadline:** ${time_formatIst(deadline)} (${isoUtc(deadline)}), the next FYERS token rollover. Until ${failure === undefined ? "you log in" : "this is fixed"}, programs reading the token have none that works.`
            : `**Deadline:** ${time_formatIst(deadline)} (${isoUtc(deadline)}). After that no stored token works until you log in.`,
        "",
        ...(failure === undefined || failure.loginHelps ? [...loginSteps(context, workflow), ""] : []),
        failure === undefined
            ? "This issue closes by itself at the next run that finds a fresh token (after a login, an exchange or a refresh)."
            : "This issue closes by itself at the next run that renews the token or finds a fresh one.",
        "",
        `<sub>Updated ${time_formatIst(report.nowMs)}${run ? ` by [this run](${run})` : ""}.</sub>`,
    ];
    return lines.join("\n");
}
/** FYERS' words cap at this many characters in the issue (GitHub refuses a body over 65536). */
const login_issue_MAX_REASON = 2000;
/**
 * FYERS' words as plain text in the issue: no HTML (nor a second account's marker comment), no
 * @mention that would ping someone, and bounded in length.
 */
function inert(text) {
    // The cut never splits an emoji's surrogate pair (GitHub would get text that is not UTF-8).
    const cut = /[\uD800-\uDBFF]/.test(text.charAt(login_issue_MAX_REASON - 2)) ? login_issue_MAX_REASON - 2 : login_issue_MAX_REASON - 1;
    const short = text.length > login_issue_MAX_REASON ? `${text.slice(0, cut)}…` : text;
    return short.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/@/g, "@&#8203;");
}
/** One tap through the login callback when there is one; the paste-the-redirect route otherwise, or as its fallback. */
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
        `**To log in:** ${bookmarkedLink(context.loginLink)} and log in to FYERS (2FA). That is all: the tokens go straight to SSM.`,
        "",
        "If the link does not work, the manual way:",
        ...manual,
    ];
}
/**
 * The login link as others may read it: without its key (whoever has the key can log in through
 * the callback), so the owner taps the link they bookmarked, or the one Telegram sent.
 */
function bookmarkedLink(loginLink) {
    return `open your bookmarked login link (\`${login_key_withoutLoginKey(loginLink)}?k=…\`, the one \`npm run login-link\` prints; Telegram and the webhook get it whole)`;
}
/**
 * Octokit's RequestError carries `status`; 403/404 on writes means the token lacks `issues:
 * write`. A timeout already names GitHub; a request error says whether GitHub answered.
 */
function describeGitHubError(error) {
    if (error instanceof GitHubTimeoutError)
        return error.message;
    const status = error.status;
    const message = error instanceof Error ? error.message : String(error);
    if (status === 403 || status === 404) {
        return `GitHub answered ${status} (${message}); give the job \`permissions: issues: write\`, or set notify: none`;
    }
    if (typeof status !== "number")
        return message;
    // Octokit reports a request that got no answer at all (refused, reset) as a 500 without a response.
    const answered = error.response !== undefined;
    return answered ? `GitHub answered ${status} (${message})` : `could not reach GitHub (${message})`;
}

;// CONCATENATED MODULE: ./src/notices.ts



function loginState(report) {
    if (report.failure !== undefined)
        return "renewal-failed";
    if (report.result === "login-required")
        return "login-required";
    return report.loginDue === undefined ? "ok" : "login-due";
}
/**
 * One decision per run from the stored notice (core's decideNotice), then the issue, Telegram
 * and the webhook as chosen, then the notice stored again. A channel that fails is a warning;
 * the notice remembers only where it arrived, so the skip path asks GitHub only when an issue
 * is open. A dry run and mode verify touch no channel and write no notice.
 */
async function notify(report, inputs, ports) {
    if (report.dryRun || report.mode === "verify")
        return {};
    const state = loginState(report);
    const { io } = ports;
    if (state !== "ok") {
        const day = tradingDay(report.nowMs, inputs.holidays);
        if (!day.trading) {
            io.warning(`${OFF_DAY_WHAT[state]}, but ${day.why}: nobody is notified today; the next trading day's run notifies as usual.`);
            return { offDay: day.why };
        }
    }
    let previous = await lastAnnounced(report, inputs, ports);
    let decision = decide(report, inputs, ports, state, previous);
    if (decision.announce === undefined && !decision.closeIssue)
        return announce(state, decision, previous, report, inputs, ports);
    // About to ask a person to act: under the lock, read the store again, since another run (or the
    // callback) may have announced, or stored a fresh token, since this run read it. Not for a
    // "done" (a second one costs nothing), nor without a readable store or notice (a policy from
    // before notices grants no lock either).
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
const OFF_DAY_WHAT = {
    "login-required": "A FYERS login is required",
    "login-due": "A FYERS login is due soon",
    "renewal-failed": "The FYERS token could not be renewed",
};
/**
 * What was last announced: the stored notice, or when the store could not be read at all (SSM
 * denied or down), the notice the open login issue carries, so each failed run does not repeat it.
 */
async function lastAnnounced(report, inputs, ports) {
    if (report.noticeUnread !== true)
        return report.notice;
    if (!inputs.notify.includes("issue"))
        return undefined;
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
    // Without a stored notice nothing says an issue is open: close after a renewal, as before notices were kept.
    return ports.noticeKept === false && renewed && inputs.notify.includes("issue")
        ? { ...decided, closeIssue: true }
        : decided;
}
/** The decision carried out: the issue, then Telegram and the webhook, then the notice stored. */
async function announce(state, decision, previous, report, inputs, ports) {
    const issue = await issueStep(state, decision, report, inputs, ports);
    const reached = issue.ok && state !== "ok" ? ["issue"] : [];
    reached.push(...(await messageStep(state, decision, previous, report, inputs, ports)));
    const next = decision.closeIssue && !issue.ok && previous !== undefined
        ? // The issue is still open: remember only that, so a later run closes it and sends no second "done".
            { ...previous, channels: ["issue"] }
        : nextNotice(decision.next, decision.announce !== undefined, reached);
    // Announced and nowhere reached: keep the old notice, so the next run tries again.
    const lost = decision.announce !== undefined && decision.announce !== "renewed" && reached.length === 0;
    // Nothing to store to when the store could not be read: the issue holds the notice.
    if (!lost && report.noticeUnread !== true)
        await storeNotice(ports, next, previous);
    return { issueUrl: issue.url };
}
/** How long a run may hold the announce lock; a dead holder's lock is taken over after it. */
const LOCK_TTL_MS = 30_000;
const LOCK_POLL_MS = 250;
/**
 * Takes the announce lock, waiting while another run holds it (it announces in about a second).
 * A role without the lock's permission, or a holder that never lets go, costs only the guarantee
 * of one message: a warning says so and the run announces without it.
 */
async function takeLock(ports) {
    const { store, io, holder } = ports;
    if (store.lockNotice === undefined)
        return undefined;
    try {
        // Counted, not timed: a test's frozen clock must not make this wait forever.
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
/** The store read again; undefined (the first read's view kept) when it fails. */
async function reread(ports) {
    try {
        return await ports.store.read();
    }
    catch (error) {
        ports.io.debug(`Could not read the store again before announcing: ${messageOf(error)}`);
        return undefined;
    }
}
/** A new stored access token with at least a minute left: the login won the race. */
function usable(tokens, ports) {
    if (tokens.accessToken === undefined || tokens.accessToken === ports.accessTokenRead?.())
        return undefined;
    return works(status_tokenInfo(tokens.accessToken, ports.clock())) ? tokens.accessToken : undefined;
}
/** A stored access token programs can use: valid, with at least a minute left. */
function works(access) {
    return hasAtLeast(access, 60) && access.status === "valid";
}
function messageOf(error) {
    return error instanceof Error ? error.message : String(error);
}
/** The issue is kept up to date while a login is needed, and closed once the notice that opened it is done. */
async function issueStep(state, decision, report, inputs, ports) {
    if (state !== "ok" && inputs.notify.includes("issue")) {
        // Scrubbed before the issue escapes FYERS' words, which would hide a secret from the scrubber.
        const scrubbed = { ...report, reason: ports.io.scrub(report.reason) };
        // Announced before and the issue reached: one gone since was closed by hand, not to be reopened.
        const create = decision.announce !== undefined || !(report.notice?.channels.includes("issue") ?? false);
        return syncLoginIssue("open", scrubbed, ports.context, ports.issues, ports.io, create, decision.next);
    }
    if (decision.closeIssue)
        return syncLoginIssue("close", report, ports.context, ports.issues, ports.io);
    return { ok: false };
}
/** Telegram and the webhook hear each announcement once; a channel that missed one gets it on a later run. */
async function messageStep(state, decision, previous, report, inputs, ports) {
    if (decision.announce !== undefined) {
        const wanted = decision.announce === "renewed" ? (previous?.channels ?? []) : inputs.notify;
        return message(decision.announce, wanted, report, inputs, ports);
    }
    if (state === "ok" || previous === undefined)
        return [];
    // Announced before, but a channel missed it (it failed, or was added since): it gets it now.
    const missed = inputs.notify.filter((channel) => !previous.channels.includes(channel));
    return message(previous.event, missed, report, inputs, ports);
}
/** By when a person must log in: the next token rollover, or when the refresh token dies. */
function deadlineOf(report, state) {
    if (state === "login-required" || state === "renewal-failed")
        return nextRollover(report.nowMs);
    return state === "login-due" ? report.loginDue?.byMs : undefined;
}
/** Where the notice now stands: a new announcement lists where it arrived; a kept one gains any new place. */
function nextNotice(decided, announced, reached) {
    if (decided === null)
        return null;
    const channels = announced ? reached : [...new Set([...decided.channels, ...reached])];
    return { ...decided, channels };
}
/** Sends the message to the Telegram and webhook channels wanted and configured; returns where it arrived. */
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
/** The facts every channel renders; FYERS' words in the reason are scrubbed like all the run says. */
function noticeContent(event, report, ports) {
    const { context, io } = ports;
    const content = {
        event,
        clientId: context.clientId,
        reason: io.scrub(sentence(report.loginDue?.reason ?? report.reason)),
        loginUrl: context.loginUrl,
    };
    const deadlineMs = deadlineOf(report, loginState(report));
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
    const runPage = workflowUrl(context.run);
    if (runPage !== undefined)
        content.runUrl = runPage;
    return content;
}
function sentence(text) {
    const capital = text.charAt(0).toUpperCase() + text.slice(1);
    return capital.endsWith(".") ? capital : `${capital}.`;
}
/** A notice that cannot be stored costs at most a repeated message, never the token run. */
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

;// CONCATENATED MODULE: ./src/outputs.ts

/**
 * The outputs of interface.md; every one is set, empty when unknown, so `if:` tests are simple.
 * All are the action's own values (a result name, timestamps, the URL it built): `trusted`, so a
 * short secret never corrupts them (the PIN 2026 in 2026-12-08T00:30:00Z); long ones still go.
 */
function setOutputs(io, report, loginUrl) {
    io.setOutput("result", trusted(report.result));
    io.setOutput("access-token", report.accessToken ?? "");
    io.setOutput("access-token-expires-at", trusted(report.access.expires_at ?? ""));
    io.setOutput("refresh-token-expires-at", trusted(report.refresh.expires_at ?? ""));
    io.setOutput("login-url", trusted(loginUrl));
}

;// CONCATENATED MODULE: ./src/renew.ts


/**
 * Modes auto, refresh and exchange: core's `auto` decides from one store read and acts; a
 * refused refresh or auth code comes back as the `login-required` outcome, not a crash.
 */
async function renew(ports, inputs) {
    const done = await auto(ports, {
        clientId: inputs.clientId,
        appSecret: inputs.appSecret,
        pin: inputs.pin,
        pinSource: `the ${INPUT.pin} input`,
        // mode: refresh ignores a stray auth code and refreshes whatever the access token's state.
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
        // Only a profile FYERS answered and refused is a problem; one it could not answer is a warning.
        profileProblem: profile && !profile.ok && profile.checked ? profile.message : undefined,
        warnings: done.warnings,
        store: `${ports.store.kind}:${ports.store.location}`,
        fyersRequests: done.requests,
        nowMs: ports.clock(),
        notice: done.plan.stored.notice,
    };
}

;// CONCATENATED MODULE: ./src/scrubbing.ts

/** The one output that is a token by design: the runner masks it, later steps need it whole. */
const TOKEN_OUTPUT = "access-token";
/**
 * Wraps the runner so that nothing leaves the process with a secret in it: every value masked
 * (inputs, the appIdHash, tokens read or issued, the auth code) is also scrubbed out of log
 * lines, warnings, the failure, the summary and the outputs. The runner's mask only covers the
 * log; the summary, outputs and issues are published as written, and FYERS may echo a token.
 * What the action formats itself (dates, counts, URLs) is spliced in as core's `trusted` text,
 * so a short secret (the PIN 2026) never corrupts it.
 */
function scrubbingIO(io) {
    const scrubber = createScrubber();
    const scrub = (text) => scrubber.scrub(text);
    return {
        scrub,
        setSecret(value) {
            scrubber.add(value);
            // Masked even when short (a 4-digit PIN): GitHub masks a secret's value in the log anyway,
            // and what we publish ourselves is scrubbed around timestamps and trusted text, not by the mask.
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
/** The issue API with every title, body and comment scrubbed before it reaches GitHub. */
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


const summary_IST_OFFSET_MS = 5.5 * 3600 * 1000;
const WOULD = {
    refreshed: "would refresh the access token",
    exchanged: "would exchange the auth code",
    skipped: "would skip: the access token is still good",
    "login-required": "a login would be required",
};
/** The job summary: what happened, both tokens' expiry in IST and UTC, and a validity chart. */
function renderSummary(report, links) {
    // The issue's number may be the PIN's four digits: the URL is ours, never scrubbed of it.
    // (Timestamps need no mark: the scrubber never takes a short secret out of one.)
    const issueUrl = links.issueUrl === undefined ? undefined : trusted(links.issueUrl);
    const headline = report.dryRun
        ? `dry run, ${WOULD[report.result] ?? RESULT_TEXT[report.result]}`
        : RESULT_TEXT[report.result];
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
        lines.push(`**A login is due by ${time_formatIst(due.byMs)}** (${isoUtc(due.byMs)}): ${due.reason}.` +
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
    return `| ${name} | ${info.status} | ${time_formatIst(ms)} | ${info.expires_at} | ${timeLeft} |`;
}
/** Mermaid wants local times without a zone: give it IST, and say so in the title. */
function mermaidTime(ms) {
    return new Date(ms + summary_IST_OFFSET_MS).toISOString().slice(0, 16).replace("T", " ");
}
/** A gantt of each live token from now to its expiry, the warn-before window marked critical. */
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












/**
 * One run of the action over injected ports: mask, decide and act (core), then tell the runner
 * (outputs, the login notice on its channels, summary) and fail the step when a person must act. Every error ends in
 * a failed step with its hint; the report is returned for in-process tests.
 */
async function run(inputs, deps) {
    // Every secret masked below is also scrubbed out of all the run publishes (8.6).
    const io = scrubbingIO(deps.io);
    const issues = async () => scrubbingIssues(await deps.issues(), io.scrub);
    const mask = (value) => io.setSecret(value);
    // Tokens are masked the moment they are read or issued, before anything can print them.
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
        const { issueUrl, offDay, freshToken } = await notify(report, inputs, noticePorts());
        if (freshToken !== undefined) {
            // The login (the callback, or another run) won the race: its token works, nobody must act.
            io.setOutput("access-token", freshToken);
            io.info(`A fresh access token arrived in ${report.store} while this run decided (a login or another run stored it): nothing to announce, nothing to do.`);
        }
        warn(io, report);
        const publicLink = inputs.loginLink === undefined ? undefined : login_key_withoutLoginKey(inputs.loginLink);
        await io.writeSummary(renderSummary(report, {
            loginUrl,
            loginLink: publicLink,
            issueUrl,
            offDay,
            freshToken: freshToken !== undefined,
            warnBeforeSeconds: inputs.warnBeforeSeconds,
        }));
        // On a weekend or holiday a required login is a warning only (notify said so), not a failed step.
        const where = inputs.loginLink === undefined ? (issueUrl ?? loginUrl) : bookmarkedLink(inputs.loginLink);
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
/** The store, remembering what the run read first: a failed run announces from it. */
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
/**
 * A run that failed and leaves no usable token in the store is announced like a required login
 * (renewal-failed, with its cause and fix), once per cause. A dry run, mode verify, or a stored
 * token that still works announce nothing: the failed step says enough.
 */
async function announceFailure(error, inputs, store, deps, noticePorts) {
    if (inputs.mode === "verify" || inputs.dryRun)
        return;
    const nowMs = deps.clock();
    const stored = store.firstRead;
    const access = status_tokenInfo(stored?.accessToken, nowMs);
    if (!store.readFailed && works(access))
        return;
    const failure = renewalFailure(error, fromStore(error));
    const report = {
        mode: inputs.mode,
        result: "login-required",
        dryRun: false,
        reason: error instanceof Error ? error.message : String(error),
        accessToken: undefined,
        access,
        refresh: status_tokenInfo(stored?.refreshToken, nowMs),
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
        await notify(report, inputs, ports);
    }
    catch (notifyError) {
        // Announcing must never hide the failure itself.
        ports.io.warning(`Could not announce the failure: ${notifyError instanceof Error ? notifyError.message : String(notifyError)}`);
    }
}
/** SSM (or the token file) failed, not FYERS: its typed errors say store_failed or name AWS SSM. */
function fromStore(error) {
    if (!(error instanceof errors/* FyersTokenError */.xO))
        return false;
    return error.code === "store_failed" || /^AWS SSM /.test(error.message);
}
const CHANNEL_INPUT = { telegram: "telegram-bot-token", webhook: "webhook-url" };
/** A channel's secret is given but notify leaves it out: say so, or nobody hears of the missing alerts. */
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
        io.warning(`A FYERS login is due by ${time_formatIst(due.byMs)} (${isoUtc(due.byMs)}), in ${left}: ${due.reason}.`);
    }
    const done = RESULT_TEXT[report.result];
    for (const warning of report.warnings)
        io.warning(`${done.charAt(0).toUpperCase()}${done.slice(1)}; ${warning}.`);
    if (report.profileProblem !== undefined) {
        io.warning(`The new access token was saved, but the profile check failed: ${report.profileProblem}.`);
    }
    if (report.dryRun && report.result === "login-required") {
        io.warning(`Dry run: a FYERS login would be required: ${report.reason}.`);
    }
}
/** login-required and invalid fail the step (a person must act); a dry run only reports. */
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









/** The runner's entry: inputs (secrets masked before validation), real ports, then run(). */
async function main(env = process.env) {
    const io = actionsIO(env);
    let inputs;
    let deps;
    // A refused input may be echoed in its error: scrub it like everything run() prints.
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
/**
 * Production ports. Nothing here does I/O yet: SSM and GitHub clients load on first use.
 * FYERS_TIMEOUT in the step's environment, when set, is each FYERS call's deadline.
 */
function createDeps(inputs, io, env) {
    const context = runContext(env);
    const timeoutMs = fyersTimeoutMs(env);
    let noticeProblem;
    return {
        client: createFyersClient({
            apiUrl: inputs.apiUrl,
            clientId: inputs.clientId,
            ...(timeoutMs === undefined ? {} : { timeoutMs }),
        }),
        // The login notice rides in the same GetParameters as the tokens: one message per state.
        // A policy from before the notice denies it: the token run goes on without it (run() warns).
        store: ssm_createSsmStore({
            prefix: inputs.ssmPrefix,
            kmsKeyId: inputs.kmsKeyId,
            withNotice: true,
            onNoticeDenied: (warning) => {
                noticeProblem = warning;
            },
        }),
        clock: time_systemClock,
        io,
        context,
        issues: () => openIssueApi(inputs.githubToken, context, io.debug),
        noticeProblem: () => noticeProblem,
    };
}

;// CONCATENATED MODULE: ./src/index.ts

// The runner starts this file; everything else is in main() and run().
void main();

