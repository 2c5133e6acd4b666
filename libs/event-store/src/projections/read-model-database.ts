import { EventEmitter } from 'events';
import type { Projection } from './projection';
import {
  moveCheckpoint,
  readCheckpoint,
  readCheckpoints,
  type ReadModelSql,
} from './read-model-sql';

/** A runner whose projection lives in this database, stopped and restarted around a swap. */
export interface SwappableRunner {
  readonly projection: Projection;
  readonly running: boolean;
  stop(): Promise<void>;
  start(): void;
  /** Creates the projection's tables in the database now in use. */
  setup(): Promise<void>;
}

/** The right to run one projection, held by one process at a time. */
export interface ProjectionLease {
  /** Settles if the lease is lost while held (the connection holding it dropped). */
  readonly lost: Promise<void>;
  release(): Promise<void>;
}

/** A read-model database being built beside the one in use, by `tracker rebuild`. */
export interface ReadModelRebuild {
  /** The new database, its projections' tables created. */
  readonly target: ReadModelDatabase;
  /** Where it lives: a file, or a schema. */
  readonly name: string;
  /** Copies these read models and their checkpoints from the one in use, as they stand now. */
  copy(projections: readonly Projection[]): Promise<void>;
  /** Puts the new database in the place of the one in use: running servers move over to it. */
  publish(): Promise<void>;
  /** Throws the new database away. */
  abandon(): Promise<void>;
}

/** Distinct answers held at once (programmes, counts): far more than there are programmes. */
const MAX_HELD_ANSWERS = 1000;

/**
 * Where the read models live: SQLite by default (./sqlite-read-models.ts), PostgreSQL on servers
 * (./postgres-read-models.ts). Read models can always be rebuilt from the events; each
 * projection's rows and checkpoint commit together, so nothing is lost or applied twice.
 */
export abstract class ReadModelDatabase {
  private readonly runners = new Set<SwappableRunner>();
  /** 'moved' (name, position): a checkpoint moved, here or (PostgreSQL) in another process. */
  protected readonly moves = new EventEmitter().setMaxListeners(0);
  private readonly heard = new Map<string, number>();
  /** Moves heard so far: see `generation`. */
  private movesHeard = 0;
  private readonly answers = new Map<string, { generation: string; answer: Promise<unknown> }>();
  /**
   * Other processes may commit here (PostgreSQL). Their moves are announced, but an announcement
   * can be lost, so answers are also held for at most a second.
   */
  protected readonly sharedBetweenProcesses: boolean = false;

  /** Reads outside any transaction. */
  abstract readonly sql: ReadModelSql;
  /** The file or schema in use now. */
  abstract readonly location: string;
  /** Runs `work` in one transaction, one at a time per database. */
  abstract transaction<T>(work: (tx: ReadModelSql) => Promise<T>): Promise<T>;
  /** Runs `work` (creating tables) alone: by default, as any transaction. */
  define<T>(work: (tx: ReadModelSql) => Promise<T>): Promise<T> {
    return this.transaction(work);
  }

  /** The lease on one projection, or null if another process holds it now. */
  abstract lease(name: string): Promise<ProjectionLease | null>;
  abstract startRebuild(projections: readonly Projection[]): Promise<ReadModelRebuild>;
  /** Follows rebuilds published by `tracker rebuild` (servers only). */
  abstract watch(): void;
  abstract close(): Promise<void>;

  register(runner: SwappableRunner): void {
    this.runners.add(runner);
  }

  /** Every read model kept in this database, by the projections that build them. */
  get projections(): Projection[] {
    return [...this.runners].map((runner) => runner.projection);
  }

  protected get registered(): SwappableRunner[] {
    return [...this.runners];
  }

  checkpoint(name: string): Promise<number> {
    return readCheckpoint(this.sql, name);
  }

  /**
   * How far each read model here has caught up with the store, by projection name, read from
   * the database in one query. A move found there that was not heard yet (a commit whose
   * announcement is still on its way, or was lost) counts as heard, so that no answer held from
   * before it is reused after this returns.
   */
  async checkpoints(): Promise<Record<string, number>> {
    const checkpoints = await readCheckpoints(this.sql);
    for (const [name, position] of Object.entries(checkpoints))
      if (position > (this.heard.get(name) ?? 0)) this.hear(name, position);
    return checkpoints;
  }

  /**
   * Moves the checkpoint from `from` to `to` and runs `apply`, in one transaction: never lost,
   * never applied twice. Resolves false, having changed nothing, if the checkpoint was no
   * longer at `from` (another process or a rebuild moved it).
   */
  async commit(
    name: string,
    from: number,
    to: number,
    apply: (tx: ReadModelSql) => Promise<void>,
  ): Promise<boolean> {
    const committed = await this.transaction(async (tx) => {
      if (!(await moveCheckpoint(tx, name, from, to))) return false;
      await apply(tx);
      await this.announce(tx, name, to);
      return true;
    });
    if (committed) this.hear(name, to);
    return committed;
  }

  /** Tells other processes of a move, inside the transaction that makes it (PostgreSQL). */
  protected announce(_tx: ReadModelSql, _name: string, _position: number): Promise<void> {
    return Promise.resolve();
  }

  protected hear(name: string, position: number): void {
    if (position > (this.heard.get(name) ?? 0)) this.heard.set(name, position);
    this.movesHeard++;
    this.moves.emit('moved', name, position);
  }

  /** Forgets what was heard: after a swap, checkpoints may stand anywhere. */
  protected forgetHeard(): void {
    this.heard.clear();
    this.movesHeard++;
    this.moves.emit('moved', '', 0);
  }

  /**
   * Changes whenever this process learns that a read model here may have changed: its own
   * commits, moves announced by other processes, swaps, and checkpoints found moved while
   * waiting for them (so a writer that waited for its write sees it in the next answer).
   */
  get generation(): string {
    return this.sharedBetweenProcesses
      ? `${this.movesHeard}.${Math.floor(Date.now() / 1000)}`
      : String(this.movesHeard);
  }

  /**
   * An answer computed from these read models, reused while the generation holds: boards ask far
   * more often than areas report. Askers arriving together share one computation. `basis` names
   * whatever else the answer depends on (the day, say): an answer on another basis replaces it.
   */
  answer<T>(key: string, compute: () => Promise<T>, basis = ''): Promise<T> {
    const generation = `${this.generation}|${basis}`;
    const held = this.answers.get(key);
    if (held?.generation === generation) return held.answer as Promise<T>;
    const answer = compute();
    if (this.answers.size >= MAX_HELD_ANSWERS) this.answers.clear();
    this.answers.set(key, { generation, answer });
    answer.catch(() => {
      if (this.answers.get(key)?.answer === answer) this.answers.delete(key);
    });
    return answer;
  }

  /**
   * Resolves true once the read model `name` includes the event at `position`, false after
   * `timeoutMs`. It wakes on each move announced and otherwise looks every `pollMs`, in case
   * an announcement was lost.
   */
  async reached(name: string, position: number, timeoutMs: number, pollMs = 250): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if ((this.heard.get(name) ?? 0) >= position) return true;
      const next = this.nextMove(name, Math.min(pollMs, Math.max(0, deadline - Date.now())));
      if (await this.foundAt(name, position)) {
        next.cancel();
        return true;
      }
      await next.settled;
      if (Date.now() >= deadline) return this.foundAt(name, position);
    }
  }

  /** Reads the checkpoint; a move found there that was not announced counts as heard. */
  private async foundAt(name: string, position: number): Promise<boolean> {
    const checkpoint = await this.checkpoint(name);
    if (checkpoint < position) return false;
    if (checkpoint > (this.heard.get(name) ?? 0)) this.hear(name, checkpoint);
    return true;
  }

  private nextMove(name: string, ms: number): { settled: Promise<void>; cancel(): void } {
    const moves = this.moves;
    let resolve = (): void => undefined;
    const settled = new Promise<void>((settle) => (resolve = settle));
    const timer = setTimeout(finish, ms);
    moves.on('moved', onMove);
    function onMove(moved: string): void {
      if (moved === name || moved === '') finish();
    }
    function finish(): void {
      clearTimeout(timer);
      moves.off('moved', onMove);
      resolve();
    }
    return { settled, cancel: finish };
  }
}
