/**
 * What the app learns from the origin that serves it: `/config.json`, written by the
 * launcher (`./okrug up`) next to the built app. The app itself holds no address.
 */
export type IssuerMode = "keycloak" | "local";

export interface RuntimeConfig {
  /** Who issues the tokens: Keycloak's realm, or identity's own issuer without Keycloak. */
  issuerMode: IssuerMode;
  /** The OpenID issuer as reached from this origin (Keycloak's realm behind /realms/). */
  authority: string;
  clientId: string;
  /** False when the issuer has no authorization endpoint (identity's local issuer). */
  browserSignIn: boolean;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function parseRuntimeConfig(raw: unknown, origin: string): RuntimeConfig {
  if (typeof raw !== "object" || raw === null) {
    throw new ConfigError("config.json is not an object");
  }
  const record = raw as Record<string, unknown>;
  const { issuerMode, authority, clientId, browserSignIn } = record;
  if (issuerMode !== "keycloak" && issuerMode !== "local") {
    throw new ConfigError("config.json: issuerMode must be keycloak or local");
  }
  if (typeof authority !== "string" || authority === "") {
    throw new ConfigError("config.json: authority is missing");
  }
  if (typeof clientId !== "string" || clientId === "") {
    throw new ConfigError("config.json: clientId is missing");
  }
  if (typeof browserSignIn !== "boolean") {
    throw new ConfigError("config.json: browserSignIn must be true or false");
  }
  // A path (/realms/okrug) is this origin's: the token endpoint stays same-origin (no CORS).
  return { issuerMode, authority: new URL(authority, origin).href.replace(/\/$/, ""), clientId, browserSignIn };
}

export async function loadRuntimeConfig(): Promise<RuntimeConfig> {
  const response = await fetch("/config.json", { cache: "no-store" });
  if (!response.ok) {
    throw new ConfigError(`config.json: ${response.status}`);
  }
  return parseRuntimeConfig(await response.json(), window.location.origin);
}
