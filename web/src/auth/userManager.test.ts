import { User } from "oidc-client-ts";
import { describe, expect, it } from "vitest";

import { displayName, returnToOf, schoolScope } from "./userManager";

function userWith(state: unknown, profile: Record<string, string> = {}): User {
  return new User({
    access_token: "a",
    token_type: "Bearer",
    profile: { sub: "s", iss: "i", aud: "a", exp: 0, iat: 0, ...profile },
    userState: state,
  });
}

describe("returnToOf", () => {
  it("returns to the page that asked for sign-in", () => {
    expect(returnToOf(userWith({ returnTo: "/teacher?week=2" }))).toBe("/teacher?week=2");
  });

  it.each([["https://elsewhere.example/"], ["//elsewhere.example/"], [42], [undefined]])(
    "goes home instead of %s",
    (returnTo) => {
      expect(returnToOf(userWith({ returnTo }))).toBe("/");
    },
  );
});

describe("schoolScope", () => {
  it("asks Keycloak for one organization", () => {
    expect(schoolScope("7d2e1b3c-5f4a-4b6c-8d9e-0a1b2c3d4e5f")).toBe(
      "openid organization:7d2e1b3c-5f4a-4b6c-8d9e-0a1b2c3d4e5f",
    );
  });
});

describe("displayName", () => {
  it("prefers the name claim, then given and family names, then the login", () => {
    expect(displayName(userWith(undefined, { name: "Мария Иванова" }))).toBe("Мария Иванова");
    expect(displayName(userWith(undefined, { given_name: "Пётр", family_name: "Петров" }))).toBe("Пётр Петров");
    expect(displayName(userWith(undefined, { preferred_username: "p.petrov" }))).toBe("p.petrov");
  });
});
