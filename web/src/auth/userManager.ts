import { UserManager, WebStorageStateStore, type User } from "oidc-client-ts";

import type { RuntimeConfig } from "../config/runtime";

export const SIGNED_IN_PATH = "/signed-in";
export const SIGNED_OUT_PATH = "/signed-out";

/** What a sign-in request carries through the issuer and back. */
export interface SignInState {
  returnTo: string;
}

/**
 * Authorization code with PKCE (S256) against the realm's public client. Tokens stay in this
 * tab's sessionStorage (gone with the tab, never shared with other sites' scripts through
 * localStorage); they are renewed with the refresh token, which keeps the chosen school.
 */
export function createUserManager(config: RuntimeConfig, origin: string = window.location.origin): UserManager {
  return new UserManager({
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: `${origin}${SIGNED_IN_PATH}`,
    post_logout_redirect_uri: `${origin}${SIGNED_OUT_PATH}`,
    response_type: "code",
    scope: "openid",
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    automaticSilentRenew: true,
    loadUserInfo: false,
  });
}

/**
 * A token is issued for one school at a time (Keycloak organization scope): a person of
 * several schools asks for one with `organization:<school id>`.
 */
export function schoolScope(schoolId: string): string {
  return `openid organization:${schoolId}`;
}

export function returnToOf(user: User | undefined): string {
  const state = user?.state as Partial<SignInState> | undefined;
  const returnTo = state?.returnTo;
  // Only a path of this app: never an address elsewhere.
  return typeof returnTo === "string" && returnTo.startsWith("/") && !returnTo.startsWith("//") ? returnTo : "/";
}

/** The person's name as the issuer knows it (ID token claims of the profile scope). */
export function displayName(user: User | null | undefined): string {
  const profile = user?.profile;
  if (profile === undefined) {
    return "";
  }
  const full = [profile.given_name, profile.family_name].filter(Boolean).join(" ");
  return profile.name ?? (full || (profile.preferred_username ?? ""));
}
