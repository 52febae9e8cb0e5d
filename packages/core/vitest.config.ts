import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "core",
    testTimeout: 20_000,
    // vi.stubEnv (e.g. FYERS_LOCK_WAIT) lasts one test.
    unstubEnvs: true,
    // The SDK's notice that its 2027 releases need Node 22 is for people, not test logs.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  },
});
