import { useCallback, useContext, useEffect, useSyncExternalStore } from "react";

import type { Me } from "../schools/queries";
import { WorkplaceContext } from "../schools/workplace";
import { Outbox, type OutboxStatus, type Send } from "./outbox";
import { openOutboxStore, type OutboxStore, type SaveLike } from "./store";

let store: OutboxStore | null = null;
const outboxes = new Map<string, Outbox<SaveLike, unknown>>();

/** Whose saves: the person at the school the token names; none without both. */
export function ownerOf(me: Pick<Me, "id" | "school_id">): string | null {
  return me.id === null || me.school_id === null ? null : `${me.school_id}/${me.id}`;
}

/** The tab's one outbox of an owner: the grid sends through it, the status shows it. */
export function outboxOf<S extends SaveLike, R>(owner: string): Outbox<S, R> {
  let outbox = outboxes.get(owner);
  if (outbox === undefined) {
    store ??= openOutboxStore();
    outbox = new Outbox<SaveLike, unknown>(store, owner);
    outboxes.set(owner, outbox);
  }
  // One outbox keeps the lesson saves of one kind of sender: the journal grid's.
  return outbox as unknown as Outbox<S, R>;
}

/** Outside a workplace (no school chosen yet) there is no owner, and no outbox. */
function useOwner(): string | null {
  const workplace = useContext(WorkplaceContext);
  return workplace === null ? null : ownerOf(workplace.me);
}

/**
 * The signed-in teacher's outbox, sending through `send` (keep it stable: useCallback) while
 * the component is mounted; null for a person without a school or a person record.
 */
export function useLessonOutbox<S extends SaveLike, R>(send: Send<S, R>): Outbox<S, R> | null {
  const owner = useOwner();
  const outbox = owner === null ? null : outboxOf<S, R>(owner);
  useEffect(() => outbox?.connect(send), [outbox, send]);
  return outbox;
}

/** What the signed-in teacher's outbox holds, kept current. */
export function useOutboxStatus(): { outbox: Outbox<SaveLike, unknown> | null; status: OutboxStatus | null } {
  const owner = useOwner();
  const outbox = owner === null ? null : outboxOf<SaveLike, unknown>(owner);
  const subscribe = useCallback((listener: () => void) => outbox?.subscribe(listener) ?? (() => undefined), [outbox]);
  const status = useSyncExternalStore(subscribe, () => outbox?.getStatus() ?? null);
  return { outbox, status };
}
