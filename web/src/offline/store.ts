/**
 * Where the outbox keeps lesson saves in this browser (J13): an IndexedDB database, so that
 * what a teacher entered during an outage outlives the tab. Saves are kept in the order they
 * were made, per owner (the person at the school the token names): a save is only ever sent
 * with its own author's token for that school.
 */
import { openDB, type DBSchema, type IDBPDatabase } from "idb";

import type { Problem } from "../api/problem";
import type { components } from "../api/generated/journal";

export type LessonRecordBody = components["schemas"]["LessonSave"];

/** What the outbox needs of a save: the lesson, the key every send of it carries, and the
 * lesson's record (which takes the claimed moment). The grid's save has more (changed and
 * removed marks); the outbox keeps all of it as it is. */
export interface SaveLike {
  lessonId: string;
  idempotencyKey: string;
  record: LessonRecordBody;
}

export type KeptState = "waiting" | "refused";

export interface KeptSave<S extends SaveLike = SaveLike> {
  /** The order saves were made in; given by the database. */
  seq?: number;
  /** `<school id>/<person id>`: whose save it is. */
  owner: string;
  /** The save's Idempotency-Key (unique). */
  key: string;
  lessonId: string;
  /** When the teacher made it: the claimed moment the journal keeps beside the received one. */
  claimedAt: string;
  state: KeptState;
  save: S;
  /** Why the journal refused it, for a refused save. */
  problem?: Problem;
}

interface OutboxSchema extends DBSchema {
  saves: {
    key: number;
    value: KeptSave;
    indexes: { key: string; owner: string };
  };
}

export interface OutboxStore {
  add(kept: KeptSave): Promise<void>;
  /** The owner's saves in the order they were made. */
  list(owner: string): Promise<KeptSave[]>;
  get(key: string): Promise<KeptSave | undefined>;
  put(kept: KeptSave): Promise<void>;
  remove(key: string): Promise<void>;
}

export const OUTBOX_DATABASE = "okrug-outbox";

export function openOutboxStore(name: string = OUTBOX_DATABASE): OutboxStore {
  let opened: Promise<IDBPDatabase<OutboxSchema>> | null = null;
  const db = () =>
    (opened ??= openDB<OutboxSchema>(name, 1, {
      upgrade(database) {
        const saves = database.createObjectStore("saves", { keyPath: "seq", autoIncrement: true });
        saves.createIndex("key", "key", { unique: true });
        saves.createIndex("owner", "owner");
      },
    }));
  return {
    async add(kept) {
      await (await db()).add("saves", kept);
    },
    async list(owner) {
      // An index answers in its key's order, then the primary key's: the order made.
      return (await db()).getAllFromIndex("saves", "owner", owner);
    },
    async get(key) {
      return (await db()).getFromIndex("saves", "key", key);
    },
    async put(kept) {
      await (await db()).put("saves", kept);
    },
    async remove(key) {
      const database = await db();
      const seq = await database.getKeyFromIndex("saves", "key", key);
      if (seq !== undefined) {
        await database.delete("saves", seq);
      }
    },
  };
}
