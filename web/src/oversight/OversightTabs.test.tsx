// @vitest-environment jsdom
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes, useLocation } from "react-router";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

import { initI18n } from "../i18n";
import { OversightTabs } from "./OversightTabs";
import type { OversightPanel } from "./panels";
import type { OversightPanelProps } from "./query";

function ShowQuery({ query }: OversightPanelProps) {
  return <p>{`panel for ${query.viewer} ${query.schoolId ?? "district"} ${query.period ?? "now"}`}</p>;
}

// Two parts (titled with words of the frame's own namespace): one for both viewers, one the
// district alone reads.
const REGISTRY: OversightPanel[] = [
  { key: "both", ns: "oversight", label: "slices.teachers", viewers: ["district", "school"], load: () => Promise.resolve({ default: ShowQuery }) },
  { key: "district", ns: "oversight", label: "slices.classes", viewers: ["district"], load: () => Promise.resolve({ default: ShowQuery }) },
];

function Address() {
  const location = useLocation();
  return <output aria-label="address">{`${location.pathname}${location.search}`}</output>;
}

function renderTabs(viewer: "district" | "school", at: string) {
  render(
    <MemoryRouter initialEntries={[at]}>
      <Routes>
        <Route
          path="*"
          element={
            <>
              <OversightTabs query={viewer === "school" ? { viewer, schoolId: "s1", period: "term-2" } : { viewer, period: "term-2" }} keeping={<p>keeping figures</p>} registry={REGISTRY} />
              <Address />
            </>
          }
        />
      </Routes>
    </MemoryRouter>,
  );
}

beforeAll(async () => {
  await initI18n("ru");
});

// Ant Design's tabs measure themselves; jsdom has no ResizeObserver.
beforeEach(() => {
  vi.stubGlobal(
    "ResizeObserver",
    class {
      observe = vi.fn();
      unobserve = vi.fn();
      disconnect = vi.fn();
    },
  );
});

describe("OversightTabs", () => {
  it("shows journal keeping first and a tab for each part the viewer may read", () => {
    renderTabs("school", "/school/oversight");
    expect(screen.getByRole("tab", { name: "Ведение журнала" })).toHaveAttribute("aria-selected", "true");
    expect(screen.getByRole("tab", { name: "Учителя" })).toBeInTheDocument();
    expect(screen.queryByRole("tab", { name: "Классы" })).not.toBeInTheDocument();
    expect(screen.getByText("keeping figures")).toBeInTheDocument();
  });

  it("loads a part's panel with the page's query when its tab opens, and keeps the tab in the address", async () => {
    renderTabs("district", "/district/oversight?period=term-2");
    await userEvent.click(screen.getByRole("tab", { name: "Учителя" }));
    expect(await screen.findByText("panel for district district term-2")).toBeInTheDocument();
    expect(screen.getByRole("status", { name: "address" })).toHaveTextContent("/district/oversight?period=term-2&tab=both");
  });

  it("opens the tab the address names", async () => {
    renderTabs("district", "/district/oversight?tab=district");
    expect(await screen.findByText("panel for district district term-2")).toBeInTheDocument();
    expect(screen.getByRole("tab", { name: "Классы" })).toHaveAttribute("aria-selected", "true");
  });

  it("falls back to journal keeping for a tab the viewer may not open", () => {
    renderTabs("school", "/school/oversight?tab=district");
    expect(screen.getByRole("tab", { name: "Ведение журнала" })).toHaveAttribute("aria-selected", "true");
  });
});
