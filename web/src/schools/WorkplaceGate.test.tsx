// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

import { ApiContext } from "../api/ApiContext";
import { createApi } from "../api/client";
import { initI18n } from "../i18n";
import { WorkplaceGate } from "./WorkplaceGate";

const signinRedirect = vi.fn<(args: unknown) => Promise<void>>();

vi.mock("react-oidc-context", () => ({
  useAuth: () => ({
    user: { profile: { sub: "person-1" }, scope: "openid profile email" },
    signinRedirect,
    signoutRedirect: vi.fn(),
  }),
}));

const SCHOOL_A = "3f1c2a4e-8d9b-4c1e-9a77-0b6e5d4c3b2a";
const SCHOOL_B = "7d2e1b3c-5f4a-4b6c-8d9e-0a1b2c3d4e5f";

function school(id: string, name: string, roles: string[]) {
  return { school_id: id, school_name: name, kind: "staff", roles, children: [], sign_in_scope: `organization:${id}` };
}

/** The identity API as it answers a person of two schools whose token names neither. */
function identityAnswers(meSchool: string | null) {
  const answers: Record<string, unknown> = {
    "/identity/me": { id: "person-1", school_id: meSchool, roles: meSchool ? ["teacher"] : [], person: null },
    "/identity/me/schools": {
      person_id: "person-1",
      district_roles: [],
      current_school_id: meSchool,
      schools: [school(SCHOOL_A, "Школа № 1", ["teacher"]), school(SCHOOL_B, "Гимназия № 2", ["school-admin"])],
    },
  };
  return vi.fn((request: Request) => {
    const path = new URL(request.url).pathname;
    expect(request.headers.get("Authorization")).toBe("Bearer token-1");
    return Promise.resolve(Response.json(answers[path], { status: path in answers ? 200 : 404 }));
  });
}

function renderGate() {
  const api = createApi(() => Promise.resolve("token-1"), "http://app.test");
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <ApiContext value={api}>
        <WorkplaceGate chooser={(choice) => <div data-testid="chooser">{choice}</div>}>
          <p>the app</p>
        </WorkplaceGate>
      </ApiContext>
    </QueryClientProvider>,
  );
}

beforeAll(async () => {
  await initI18n("ru");
});

beforeEach(() => {
  signinRedirect.mockReset();
});

describe("WorkplaceGate", () => {
  it("asks a person of two schools to choose, and signs in to the chosen one", async () => {
    vi.stubGlobal("fetch", identityAnswers(null));
    renderGate();
    expect(await screen.findByRole("heading", { name: "Выберите школу" })).toBeInTheDocument();
    expect(screen.getByText("Администратор школы")).toBeInTheDocument();
    expect(screen.queryByText("the app")).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Работать в этой школе: Гимназия № 2" }));

    expect(signinRedirect).toHaveBeenCalledOnce();
    expect(signinRedirect.mock.calls[0]?.[0]).toMatchObject({ scope: `openid organization:${SCHOOL_B}`, ui_locales: "ru" });
  });

  it("lets a token of one school straight through", async () => {
    vi.stubGlobal("fetch", identityAnswers(SCHOOL_A));
    renderGate();
    expect(await screen.findByText("the app")).toBeInTheDocument();
    expect(screen.queryByTestId("chooser")).not.toBeInTheDocument();
  });
});
