// @vitest-environment jsdom
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import i18next from "i18next";
import { MemoryRouter } from "react-router";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { initI18n } from "../i18n";
import type { Workplace } from "../schools/workplace";
import { AppHeader } from "./AppHeader";

const signoutRedirect = vi.fn<(args: unknown) => Promise<void>>();

vi.mock("react-oidc-context", () => ({
  useAuth: () => ({
    user: { profile: { sub: "p", name: "Мария Иванова" }, scope: "openid" },
    signinRedirect: vi.fn(),
    signoutRedirect,
  }),
}));

function school(id: string, name: string) {
  return { school_id: id, school_name: name, kind: "staff" as const, roles: ["teacher"], children: [], sign_in_scope: `organization:${id}` };
}

function workplace(schools: ReturnType<typeof school>[]): Workplace {
  const first = schools[0];
  return {
    me: { id: "p", school_id: first?.school_id ?? null, roles: ["teacher"], person: null },
    school: first,
    schools,
    areas: ["teacher"],
  };
}

function renderHeader(place: Workplace | null) {
  render(
    <MemoryRouter>
      <AppHeader workplace={place} />
    </MemoryRouter>,
  );
}

beforeEach(async () => {
  window.localStorage.clear();
  signoutRedirect.mockReset();
  await initI18n("ru");
});

describe("AppHeader", () => {
  it("names the person and the school, and offers no change with one school", () => {
    renderHeader(workplace([school("a", "Школа № 1")]));
    expect(screen.getByTestId("person-name")).toHaveTextContent("Мария Иванова");
    expect(screen.getByTestId("current-school")).toHaveTextContent("Школа № 1");
    expect(screen.queryByRole("link", { name: "Сменить школу" })).not.toBeInTheDocument();
  });

  it("offers a change of school to a person of several", () => {
    renderHeader(workplace([school("a", "Школа № 1"), school("b", "Гимназия № 2")]));
    expect(screen.getByRole("link", { name: "Сменить школу" })).toHaveAttribute("href", "/schools");
  });

  it("names the district office for a person of no school", () => {
    renderHeader(workplace([]));
    expect(screen.getByTestId("current-school")).toHaveTextContent("Управление образования");
  });

  it("switches the interface to English and remembers it", async () => {
    renderHeader(workplace([school("a", "Школа № 1")]));
    await userEvent.click(screen.getByText("English"));
    expect(i18next.language).toBe("en");
    expect(document.documentElement.lang).toBe("en");
    expect(window.localStorage.getItem("okrug.language")).toBe("en");
    expect(await screen.findByRole("button", { name: "Sign out" })).toBeInTheDocument();
  });

  it("signs out through the issuer in the interface language", async () => {
    renderHeader(workplace([school("a", "Школа № 1")]));
    await userEvent.click(screen.getByRole("button", { name: "Выйти" }));
    expect(signoutRedirect).toHaveBeenCalledWith({ extraQueryParams: { ui_locales: "ru" } });
  });
});
