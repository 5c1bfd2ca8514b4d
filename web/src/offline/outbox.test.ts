// @vitest-environment jsdom
import "fake-indexeddb/auto";

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { ApiError, toProblem } from "../api/problem";
import { Outbox, isRefusal } from "./outbox";
import { openOutboxStore, type OutboxStore, type SaveLike } from "./store";

const OWNER = "school-1/teacher-1";
let database = 0;
let store: OutboxStore;
let online = true;

function save(n: number, claimed_at?: string): SaveLike {
  return {
    lessonId: `lesson-${n}`,
    idempotencyKey: `key-${n}`,
    record: {
      held: true,
      work_types: ["oral"],
      individual_homework: [],
      marks: [{ student_id: `student-${n}`, value: "5", work_type: "oral" }],
      ...(claimed_at === undefined ? {} : { claimed_at }),
    },
  };
}

function refused(status: number, code: string): ApiError {
  return new ApiError(toProblem(status, { title: "Refused", status, errors: [{ field: "marks.0.value", code, detail: "no" }] }));
}

/** A journal that takes a save when `up`, and records what it received. */
function journal() {
  const received: SaveLike[] = [];
  const state = { up: true, refuse: new Map<string, ApiError>() };
  const send = vi.fn(async (s: SaveLike) => {
    await Promise.resolve();
    if (!state.up) {
      throw new TypeError("Failed to fetch");
    }
    const refusal = state.refuse.get(s.idempotencyKey);
    if (refusal !== undefined) {
      throw refusal;
    }
    received.push(s);
    return { lessonId: s.lessonId };
  });
  return { received, state, send };
}

const disconnects: (() => void)[] = [];

function outbox(now = new Date("2026-12-07T09:15:00Z")): Outbox<SaveLike, { lessonId: string }> {
  const made = new Outbox<SaveLike, { lessonId: string }>(store, OWNER, { retryMs: 50, now: () => now, isOnline: () => online });
  const connect = made.connect.bind(made);
  made.connect = (send) => {
    const disconnect = connect(send);
    disconnects.push(disconnect);
    return disconnect;
  };
  return made;
}

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  await vi.waitFor(async () => {
    expect(await check()).toBe(true);
  });
}

beforeEach(() => {
  database += 1;
  store = openOutboxStore(`outbox-test-${database}`);
  online = true;
});

afterEach(() => {
  disconnects.splice(0).forEach((disconnect) => {
    disconnect();
  });
});

describe("the outbox", () => {
  it("sends a save at once, with the moment it was made, and keeps nothing after", async () => {
    const { received, send } = journal();
    const box = outbox();
    box.connect(send);
    await expect(box.save(save(1))).resolves.toEqual({ lessonId: "lesson-1" });
    expect(received.map((s) => [s.idempotencyKey, s.record.claimed_at])).toEqual([["key-1", "2026-12-07T09:15:00.000Z"]]);
    expect(await store.list(OWNER)).toEqual([]);
    expect(box.getStatus()).toMatchObject({ waiting: 0, sentAfterWaiting: 0 });
  });

  it("keeps a claim the grid made itself", async () => {
    const { received, send } = journal();
    const box = outbox();
    box.connect(send);
    await box.save(save(1, "2026-12-07T09:01:00.000Z"));
    expect(received[0]?.record.claimed_at).toBe("2026-12-07T09:01:00.000Z");
  });

  it("keeps saves made offline and sends each once, in order, with its key and claim, when the network is back", async () => {
    const { received, send } = journal();
    online = false;
    const box = outbox();
    box.connect(send);
    const answers = [1, 2, 3, 4, 5].map((n) => box.save(save(n)));
    await until(() => box.getStatus().waiting === 5);
    expect(send).not.toHaveBeenCalled();
    expect(box.getStatus().offline).toBe(true);
    const kept = await store.list(OWNER);
    expect(kept.map((k) => [k.key, k.owner, k.claimedAt, k.save.record.claimed_at])).toEqual(
      [1, 2, 3, 4, 5].map((n) => [`key-${n}`, OWNER, "2026-12-07T09:15:00.000Z", "2026-12-07T09:15:00.000Z"]),
    );

    online = true;
    window.dispatchEvent(new Event("online"));
    await expect(Promise.all(answers)).resolves.toHaveLength(5);
    expect(received.map((s) => s.idempotencyKey)).toEqual(["key-1", "key-2", "key-3", "key-4", "key-5"]);
    expect(await store.list(OWNER)).toEqual([]);
    expect(box.getStatus()).toMatchObject({ waiting: 0, offline: false, sentAfterWaiting: 5 });
  });

  it("sends again, with the same key and body, when the journal could not be reached, keeping later saves behind", async () => {
    const { received, state, send } = journal();
    state.up = false;
    const box = outbox();
    box.connect(send);
    const first = box.save(save(1));
    const second = box.save(save(2));
    await until(() => send.mock.calls.length >= 2);
    // The first failed; the second was never tried before it.
    expect(send.mock.calls.every(([s]) => s.idempotencyKey === "key-1")).toBe(true);
    expect(box.getStatus().waiting).toBe(2);
    state.up = true;
    await Promise.all([first, second]);
    expect(received.map((s) => s.idempotencyKey)).toEqual(["key-1", "key-2"]);
    const sentBodies = send.mock.calls.filter(([s]) => s.idempotencyKey === "key-1").map(([s]) => JSON.stringify(s));
    expect(new Set(sentBodies).size).toBe(1);
  });

  it("rejects a save the journal refuses, forgets it, and goes on with the next", async () => {
    const { received, state, send } = journal();
    state.refuse.set("key-1", refused(409, "edit-window-closed"));
    const box = outbox();
    box.connect(send);
    const first = box.save(save(1));
    const second = box.save(save(2));
    await expect(first).rejects.toBeInstanceOf(ApiError);
    await expect(second).resolves.toEqual({ lessonId: "lesson-2" });
    expect(received.map((s) => s.idempotencyKey)).toEqual(["key-2"]);
    expect(await store.list(OWNER)).toEqual([]);
  });

  it("sends saves kept in an earlier visit, and keeps a refused one to show until dismissed", async () => {
    online = false;
    const earlier = outbox();
    const unreachable = journal();
    unreachable.state.up = false; // the earlier tab is gone: it sends nothing any more
    const closeTab = earlier.connect(unreachable.send);
    void earlier.save(save(1));
    void earlier.save(save(2));
    await until(() => earlier.getStatus().waiting === 2);
    await earlier.flush();
    closeTab();

    online = true;
    const { received, state, send } = journal();
    state.refuse.set("key-1", refused(422, "claimed-in-future"));
    const later = outbox();
    later.connect(send);
    await until(() => received.length === 1);
    expect(received[0]?.idempotencyKey).toBe("key-2");
    await until(() => later.getStatus().refused.length === 1);
    expect(later.getStatus()).toMatchObject({ waiting: 0, sentAfterWaiting: 1 });
    expect(later.getStatus().refused[0]?.problem?.errors[0]?.code).toBe("claimed-in-future");
    await later.dismiss("key-1");
    expect(later.getStatus().refused).toEqual([]);
    expect(await store.list(OWNER)).toEqual([]);
  });

  it("sends only its owner's saves", async () => {
    online = false;
    // Kept by another teacher who signed out since (nothing sends for them now).
    const other = new Outbox(store, "school-1/teacher-2", { isOnline: () => online });
    void other.save(save(9));
    await until(async () => (await store.list("school-1/teacher-2")).length === 1);
    online = true;
    const { received, send } = journal();
    const box = outbox();
    box.connect(send);
    await box.save(save(1));
    expect(received.map((s) => s.idempotencyKey)).toEqual(["key-1"]);
    expect(await store.list("school-1/teacher-2")).toHaveLength(1);
  });
});

describe("what is a refusal", () => {
  it("is a 4xx problem, not an expired token, a timeout, a rate limit, an unavailable service or the network", () => {
    expect(isRefusal(refused(409, "edit-window-closed"))).toBe(true);
    expect(isRefusal(refused(422, "claimed-in-future"))).toBe(true);
    expect(isRefusal(refused(403, "forbidden"))).toBe(true);
    for (const status of [401, 408, 429, 500, 503]) {
      expect(isRefusal(refused(status, "x"))).toBe(false);
    }
    expect(isRefusal(new TypeError("Failed to fetch"))).toBe(false);
  });
});
