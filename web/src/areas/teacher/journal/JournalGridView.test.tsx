// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { ApiContext } from "../../../api/ApiContext";
import type { Api } from "../../../api/client";
import { initI18n } from "../../../i18n";
import type { JournalGrid } from "./gridState";
import { JournalGridView } from "./JournalGridView";

const A = "00000000-0000-0000-0000-000000000001";
const B = "00000000-0000-0000-0000-000000000002";
const OPEN = "00000000-0000-0000-0000-00000000000a";
const CLOSED = "00000000-0000-0000-0000-00000000000b";

function lesson(id: string, date: string, lock: JournalGrid["lessons"][number]["lock"]): JournalGrid["lessons"][number] {
  return {
    lesson_id: id,
    lesson_date: date,
    starts_at: `${date}T06:00:00Z`,
    teacher_id: A,
    planned_teacher_id: null,
    recorded: false,
    topic: null,
    plan_topic_id: null,
    homework: null,
    work_types: [],
    edit_window_closes_at: "2026-11-10T00:00:00+03:00",
    lock,
    timeliness: [],
  };
}

const grid: JournalGrid = {
  class_id: A,
  subject_id: B,
  group_id: null,
  class_name: "5Б",
  subject_name: "Математика",
  scale: "five-point",
  period: { code: "term-2", kind: "term", starts_on: "2026-11-03", ends_on: "2026-12-28" },
  periods: [{ code: "term-2", kind: "term", starts_on: "2026-11-03", ends_on: "2026-12-28" }],
  work_types: [
    { code: "classwork", title_ru: "Работа на уроке", weight: "1" },
    { code: "test", title_ru: "Контрольная работа", weight: "2" },
  ],
  students: [
    { student_id: A, last_name: "Андреев", first_name: "Олег", middle_name: "" },
    { student_id: B, last_name: "Борисова", first_name: "Ира", middle_name: "Петровна" },
  ],
  lessons: [
    {
      ...lesson(CLOSED, "2026-10-27", "edit-window-closed"),
      timeliness: [
        { entry: "topic", timeliness: "missing", source: null, entered_by: null },
        { entry: "attendance", timeliness: "late", source: "paper", entered_by: A },
      ],
    },
    lesson(OPEN, "2026-12-07", null),
  ],
  marks: [{ id: "m1", lesson_id: CLOSED, student_id: A, value: "3", work_type: "classwork", weight: "1" }],
  attendance: [],
  standings: [],
};

function fakeApi() {
  const put = vi.fn((_path: string, options: { body: { marks: { student_id: string }[] } }) =>
    Promise.resolve({
      data: {
        lesson_id: OPEN,
        marks: options.body.marks.map((m, i) => ({ ...m, id: `new-${i}` })),
      },
      response: new Response(null, { status: 200 }),
    }),
  );
  const api = { journal: { PUT: put, PATCH: vi.fn(), DELETE: vi.fn() } } as unknown as Api;
  return { api, put };
}

function renderGrid(api: Api) {
  render(
    <QueryClientProvider client={new QueryClient()}>
      <ApiContext.Provider value={api}>
        <JournalGridView grid={grid} focusLesson={null} onPeriod={vi.fn()} />
      </ApiContext.Provider>
    </QueryClientProvider>,
  );
}

beforeEach(async () => {
  await initI18n("ru");
});

describe("JournalGridView", () => {
  it("marks a lesson whose entries were missing at their deadline or made late, saying which and how", () => {
    const { api } = fakeApi();
    renderGrid(api);
    const marked = screen.getAllByLabelText("Есть записи не в срок");
    expect(marked).toHaveLength(1);
    const header = marked[0]?.closest("button");
    expect(header?.getAttribute("title")).toContain("тема: не внесено в срок");
    expect(header?.getAttribute("title")).toContain("посещаемость: внесено с опозданием (перенесено с бумаги)");
  });

  it("takes marks and absences from the keyboard and saves the lesson once", async () => {
    const { api, put } = fakeApi();
    renderGrid(api);
    const user = userEvent.setup();
    await user.click(screen.getByRole("gridcell", { name: /^Андреев О\., урок 07\.12/ }));
    await user.keyboard("н{Enter}");
    await user.keyboard("5");
    await user.keyboard(" 4к{Enter}");
    expect(screen.getByRole("gridcell", { name: /^Андреев О\., урок 07\.12/ })).toHaveTextContent("н");
    expect(screen.getByRole("gridcell", { name: /^Борисова И\. П\., урок 07\.12/ })).toHaveTextContent("5 4к");
    await waitFor(
      () => {
        expect(screen.getByRole("status")).toHaveTextContent("Все изменения сохранены");
      },
      { timeout: 10_000 },
    );
    expect(put).toHaveBeenCalledTimes(1);
    const [path, options] = put.mock.calls[0] ?? [];
    expect(path).toBe("/journal/lessons/{lesson_id}/record");
    expect(options).toMatchObject({
      params: { path: { lesson_id: OPEN } },
      body: {
        attendance: [{ student_id: A, status: "absent", reason: null }],
        marks: [
          { student_id: B, value: "5", work_type: "classwork" },
          { student_id: B, value: "4", work_type: "test" },
        ],
      },
    });
  });

  it("keeps keys pressed before the cell's editor is drawn (a fast typist on a slow PC)", async () => {
    const { api } = fakeApi();
    renderGrid(api);
    const user = userEvent.setup();
    const cell = screen.getByRole("gridcell", { name: /^Борисова И\. П\., урок 07\.12/ });
    await user.click(cell);
    // Dispatched in one go, with no render in between: the editor is not in the page until all are.
    for (const key of ["5", " ", "4", "к", "Enter"]) {
      cell.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true }));
    }
    await waitFor(() => {
      expect(screen.getByRole("gridcell", { name: /^Борисова И\. П\., урок 07\.12/ })).toHaveTextContent("5 4к");
    });
    expect(screen.queryByRole("textbox")).toBeNull();
  });

  it("refuses a change to a locked lesson with its reason, and Ctrl+Z undoes a clear", async () => {
    const { api, put } = fakeApi();
    renderGrid(api);
    const user = userEvent.setup();
    const locked = screen.getByRole("gridcell", { name: /^Андреев О\., урок 27\.10/ });
    await user.click(locked);
    await user.keyboard("5");
    expect(screen.getByRole("alert")).toHaveTextContent("исправлять можно было по 09.11.2026 включительно");
    await user.keyboard("{Delete}");
    expect(locked).toHaveTextContent("3");
    expect(screen.queryByRole("textbox")).toBeNull();

    const open = screen.getByRole("gridcell", { name: /^Борисова И\. П\., урок 07\.12/ });
    await user.click(open);
    await user.keyboard("4{Tab}");
    expect(open).toHaveTextContent("4");
    await user.click(open);
    await user.keyboard("{Delete}");
    expect(open).toHaveTextContent("");
    await user.keyboard("{Control>}z{/Control}");
    expect(open).toHaveTextContent("4");
    const savedLessons = put.mock.calls.map(([, options]) => (options as unknown as { params: { path: { lesson_id: string } } }).params.path.lesson_id);
    expect(savedLessons).not.toContain(CLOSED);
  });

  it("shows a failed save with its reason and sends it again with the same key", async () => {
    const { api, put } = fakeApi();
    put.mockImplementationOnce(() =>
      Promise.resolve({
        data: undefined as never,
        error: { type: "https://okrug.example/problems/edit-window-closed", title: "The edit window has closed", status: 409 },
        response: new Response(null, { status: 409 }),
      } as never),
    );
    renderGrid(api);
    const user = userEvent.setup();
    await user.click(screen.getByRole("gridcell", { name: /^Андреев О\., урок 07\.12/ }));
    await user.keyboard("5{Enter}");
    await waitFor(
      () => {
        expect(screen.getByRole("status")).toHaveTextContent("Урок 07.12 не сохранён: срок исправления этого урока истёк");
      },
      { timeout: 10_000 },
    );
    await user.click(screen.getByRole("button", { name: "Сохранить ещё раз" }));
    await waitFor(() => {
      expect(screen.getByRole("status")).toHaveTextContent("Все изменения сохранены");
    });
    const keys = put.mock.calls.map(([, options]) => (options as unknown as { params: { header: { "Idempotency-Key": string } } }).params.header["Idempotency-Key"]);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });
});
