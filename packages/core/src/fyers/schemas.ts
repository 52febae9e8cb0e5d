import * as v from "valibot";

// valibot, not zod: the same checks in a few kB with modular imports, which keeps the action
// bundle small and the cold start of every script and of the scheduled run short.

/** Every FYERS answer carries `s`, `code` and `message`; errors say `s: "error"`. */
export const Envelope = v.looseObject({
  s: v.string(),
  code: v.optional(v.number()),
  message: v.optional(v.string()),
});

const Jwtish = v.pipe(v.string(), v.minLength(10));

export const ExchangeResponse = v.looseObject({
  s: v.literal("ok"),
  access_token: Jwtish,
  refresh_token: Jwtish,
});

export const RefreshResponse = v.looseObject({
  s: v.literal("ok"),
  access_token: Jwtish,
  // Some notes say a new refresh token may come back; keep the old one unless it does.
  refresh_token: v.optional(Jwtish),
});

export const ProfileResponse = v.looseObject({
  s: v.literal("ok"),
  data: v.looseObject({
    name: v.optional(v.string()),
    display_name: v.optional(v.string()),
    fy_id: v.optional(v.string()),
  }),
});

export const LogoutResponse = v.looseObject({ s: v.literal("ok") });
