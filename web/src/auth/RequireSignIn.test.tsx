// @vitest-environment jsdom
import { render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

import { ConfigContext } from "../config/ConfigContext";
import type { RuntimeConfig } from "../config/runtime";
import { initI18n } from "../i18n";
import { RequireSignIn } from "./RequireSignIn";

const signinRedirect = vi.fn<(args: unknown) => Promise<void>>();
let authenticated = false;

vi.mock("react-oidc-context", () => ({
  useAuth: () => ({
    isLoading: false,
    isAuthenticated: authenticated,
    activeNavigator: undefined,
    error: undefined,
    user: authenticated ? { profile: { sub: "p" } } : null,
    signinRedirect,
    signoutRedirect: vi.fn(),
  }),
}));

const keycloak: RuntimeConfig = {
  issuerMode: "keycloak",
  authority: "http://app.test/realms/okrug",
  clientId: "okrug-web",
  browserSignIn: true,
};

function renderAt(path: string, config: RuntimeConfig) {
  render(
    <ConfigContext value={config}>
      <MemoryRouter initialEntries={[path]}>
        <RequireSignIn>
          <p>the app</p>
        </RequireSignIn>
      </MemoryRouter>
    </ConfigContext>,
  );
}

beforeAll(async () => {
  await initI18n("ru");
});

beforeEach(() => {
  signinRedirect.mockReset();
  signinRedirect.mockResolvedValue(undefined);
  authenticated = false;
});

describe("RequireSignIn", () => {
  it("sends a stranger to the issuer, to come back to the page asked for", () => {
    renderAt("/teacher?week=2", keycloak);
    expect(screen.queryByText("the app")).not.toBeInTheDocument();
    expect(signinRedirect).toHaveBeenCalledWith({ state: { returnTo: "/teacher?week=2" }, ui_locales: "ru" });
  });

  it("shows the app to a signed-in person", () => {
    authenticated = true;
    renderAt("/teacher", keycloak);
    expect(screen.getByText("the app")).toBeInTheDocument();
    expect(signinRedirect).not.toHaveBeenCalled();
  });

  it("says plainly that identity's own issuer cannot sign a browser in", () => {
    renderAt("/teacher", { ...keycloak, issuerMode: "local", browserSignIn: false });
    expect(screen.getByText(/запущена без Keycloak/)).toBeInTheDocument();
    expect(signinRedirect).not.toHaveBeenCalled();
  });
});
