import { describe, expect, it } from "vitest";

import { ConfigError, parseRuntimeConfig } from "./runtime";

const origin = "http://127.0.0.1:8100";
const valid = { issuerMode: "keycloak", authority: "/realms/okrug", clientId: "okrug-web", browserSignIn: true };

describe("parseRuntimeConfig", () => {
  it("resolves a path authority against the serving origin", () => {
    expect(parseRuntimeConfig(valid, origin).authority).toBe("http://127.0.0.1:8100/realms/okrug");
  });

  it("keeps an absolute authority and drops a trailing slash", () => {
    const config = parseRuntimeConfig({ ...valid, authority: "http://127.0.0.1:8101/identity/oidc/" }, origin);
    expect(config.authority).toBe("http://127.0.0.1:8101/identity/oidc");
  });

  it.each([
    ["not an object", null],
    ["an unknown issuer mode", { ...valid, issuerMode: "auth0" }],
    ["no authority", { ...valid, authority: "" }],
    ["no client", { ...valid, clientId: undefined }],
    ["browserSignIn as text", { ...valid, browserSignIn: "yes" }],
  ])("refuses %s", (_case, raw) => {
    expect(() => parseRuntimeConfig(raw, origin)).toThrow(ConfigError);
  });
});
