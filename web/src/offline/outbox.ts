/**
 * The outbox of lesson saves (J13): every save of the journal grid is kept in this browser
 * (IndexedDB) before it is sent, with its Idempotency-Key and the moment it was made, and
 * is sent in the order made. When the network or the journal is down, saves wait and go
 * when it is back, each with its own key (so the journal does each one once, also when an
 * answer was lost) and its claimed moment (which the journal keeps beside the moment it
 * received it, and only shows: lateness counts the received one).
 *
 * `save()` resolves when its save is sent (at once, or after the outage) and rejects when
 * the journal refuses it (a 4xx problem other than an expired token): the grid shows its
 * usual states meanwhile, and the outbox's status says how many saves wait.
 */
import { ApiError } from "../api/problem";
import type { KeptSave, OutboxStore, SaveLike } from "./store";

export type Send<S extends SaveLike, R> = (save: S) => Promise<R>;

export interface OutboxStatus {
  /** Saves kept here, not yet taken by the journal. */
  waiting: number;
  /** Saves the journal refused that nobody is waiting for any more (made in an earlier
   * visit): shown until the teacher dismisses them. */
  refused: KeptSave[];
  /** The browser says it has no network. */
  offline: boolean;
  /** Saves that had to wait and were then taken by the journal, since the last outage began. */
  sentAfterWaiting: number;
  /** When the journal last took a save that had to wait. */
  lastSentAt: string | null;
}

interface Waiter<R> {
  resolve(answer: R): void;
  reject(error: unknown): void;
}

export interface OutboxOptions {
  /** How long to wait before sending again after the journal could not be reached. */
  retryMs?: number;
  now?: () => Date;
  isOnline?: () => boolean;
}

/** A refusal the teacher must see (the journal said no), as opposed to "not now" (network,
 * an unavailable service, an expired token, too many requests): those are sent again. */
export function isRefusal(error: unknown): error is ApiError {
  if (!(error instanceof ApiError)) {
    return false;
  }
  const { status } = error.problem;
  return status >= 400 && status < 500 && ![401, 408, 429].includes(status);
}

/** The save with the moment it was made, unless the grid claimed one already. */
export function claimed<S extends SaveLike>(save: S, at: Date): S {
  const claim = save.record.claimed_at ?? at.toISOString();
  return { ...save, record: { ...save.record, claimed_at: claim } };
}

export class Outbox<S extends SaveLike, R> {
  private send: Send<S, R> | null = null;
  private readonly waiters = new Map<string, Waiter<R>>();
  private readonly listeners = new Set<() => void>();
  private flushing: Promise<void> | null = null;
  /** Flushes asked for: a run goes on while more were asked for during it. */
  private flushesAsked = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Keys of saves that could not go at once. */
  private readonly delayed = new Set<string>();
  private status: OutboxStatus;
  private readonly retryMs: number;
  private readonly now: () => Date;
  private readonly isOnline: () => boolean;

  constructor(
    private readonly store: OutboxStore,
    readonly owner: string,
    options: OutboxOptions = {},
  ) {
    this.retryMs = options.retryMs ?? 10_000;
    this.now = options.now ?? (() => new Date());
    this.isOnline = options.isOnline ?? (() => navigator.onLine);
    this.status = { waiting: 0, refused: [], offline: !this.isOnline(), sentAfterWaiting: 0, lastSentAt: null };
  }

  /** Sends through `send` from now on (the grid's function); saves kept from an earlier
   * visit go at once. The disconnection stops listening for the network's return but keeps
   * the sender: a save made as the grid closes still goes, and waiting ones are retried. */
  connect(send: Send<S, R>): () => void {
    this.send = send;
    const wake = () => {
      this.setStatus({ offline: !this.isOnline() });
      void this.flush();
    };
    window.addEventListener("online", wake);
    window.addEventListener("offline", wake);
    void this.refresh().then(() => this.flush());
    return () => {
      window.removeEventListener("online", wake);
      window.removeEventListener("offline", wake);
    };
  }

  /** Keep the save, then send it (with the saves made before it). */
  async save(save: S): Promise<R> {
    const made = claimed(save, this.now());
    const answer = new Promise<R>((resolve, reject) => {
      this.waiters.set(made.idempotencyKey, { resolve, reject });
    });
    await this.store.add({
      owner: this.owner,
      key: made.idempotencyKey,
      lessonId: made.lessonId,
      claimedAt: made.record.claimed_at ?? "",
      state: "waiting",
      save: made,
    });
    await this.refresh();
    void this.flush();
    return answer;
  }

  /** Forget a refused save the teacher has seen. */
  async dismiss(key: string): Promise<void> {
    await this.store.remove(key);
    await this.refresh();
  }

  getStatus(): OutboxStatus {
    return this.status;
  }

  /** Called on every change of the status; the first listener has the store read. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    void this.refresh();
    return () => this.listeners.delete(listener);
  }

  /** Send what waits, in order; one run at a time (a call during a run makes it go on). */
  flush(): Promise<void> {
    this.flushesAsked += 1;
    if (this.flushing !== null) {
      return this.flushing;
    }
    this.flushing = (async () => {
      try {
        let asked: number;
        do {
          asked = this.flushesAsked;
          await this.sendWaiting();
        } while (asked !== this.flushesAsked);
      } finally {
        this.flushing = null;
      }
    })();
    return this.flushing;
  }

  private async sendWaiting(): Promise<void> {
    const send = this.send;
    if (send === null) {
      return;
    }
    const kept = (await this.store.list(this.owner)).filter((k) => k.state === "waiting");
    for (const [i, item] of kept.entries()) {
      if (!this.isOnline()) {
        // The "online" event brings us back (and a retry, should the event not come).
        this.delay(kept.slice(i));
        this.retryLater();
        this.setStatus({ offline: true });
        return;
      }
      try {
        const answer = await send(item.save as S);
        await this.store.remove(item.key);
        this.noteSent(item);
        this.waiters.get(item.key)?.resolve(answer);
        this.waiters.delete(item.key);
      } catch (error) {
        if (!isRefusal(error)) {
          // Later saves wait behind it: the order of a lesson's saves matters.
          this.delay(kept.slice(i));
          this.retryLater();
          await this.refresh();
          return;
        }
        this.delayed.delete(item.key);
        await this.refuse(item, error);
      }
      await this.refresh();
    }
    this.clearRetry();
  }

  private delay(items: KeptSave[]): void {
    if (this.delayed.size === 0) {
      this.setStatus({ sentAfterWaiting: 0 }); // a new outage
    }
    for (const item of items) {
      this.delayed.add(item.key);
    }
  }

  private async refuse(item: KeptSave, error: ApiError): Promise<void> {
    const waiter = this.waiters.get(item.key);
    if (waiter !== undefined) {
      // The grid is waiting for it: it shows the problem and keeps what was typed.
      await this.store.remove(item.key);
      this.waiters.delete(item.key);
      waiter.reject(error);
    } else {
      await this.store.put({ ...item, state: "refused", problem: error.problem });
    }
  }

  /** A save that waited (through an outage, or from an earlier visit) counts as sent late. */
  private noteSent(item: KeptSave): void {
    const waited = this.delayed.delete(item.key) || !this.waiters.has(item.key);
    if (waited) {
      this.setStatus({ sentAfterWaiting: this.status.sentAfterWaiting + 1, lastSentAt: this.now().toISOString() });
    }
  }

  private retryLater(): void {
    this.clearRetry();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.flush();
    }, this.retryMs);
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
  }

  private async refresh(): Promise<void> {
    const kept = await this.store.list(this.owner);
    const waiting = kept.filter((k) => k.state === "waiting").length;
    const refused = kept.filter((k) => k.state === "refused");
    this.setStatus({ waiting, refused, offline: !this.isOnline() });
  }

  private setStatus(change: Partial<OutboxStatus>): void {
    this.status = { ...this.status, ...change };
    for (const listener of this.listeners) {
      listener();
    }
  }
}
