/**
 * The embedded state store: SQLite (better-sqlite3, WAL) under the state directory.
 *
 * Schema changes are numbered migrations applied in order inside a transaction; `user_version` records how
 * far a database has come, so an old state dir upgrades in place and a newer one is refused (no silent
 * downgrade). Later capabilities add their tables as new migrations (allocations, graceful-restart state).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export interface ConfigRevision {
  /** Row id: every load attempt, applied or not. */
  id: number;
  /** 1, 2, 3… for applied configs; null for rejected or unchanged loads. */
  revision: number | null;
  /** Wall-clock milliseconds. */
  appliedAt: number;
  checksum: string;
  source: 'start' | 'sighup' | 'api';
  result: 'applied' | 'unchanged' | 'rejected';
  error: string | null;
}

const MIGRATIONS: string[] = [
  // 1: config revision history
  `CREATE TABLE config_revision (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     applied_at INTEGER NOT NULL,
     checksum TEXT NOT NULL,
     source TEXT NOT NULL,
     result TEXT NOT NULL,
     error TEXT,
     revision INTEGER UNIQUE
   );`,
];

export class Store {
  readonly db: Database.Database;

  private constructor(db: Database.Database) {
    this.db = db;
  }

  static open(stateDir: string): Store {
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    const db = new Database(join(stateDir, 'state.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    const s = new Store(db);
    s.migrate();
    return s;
  }

  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  private migrate(): void {
    const have = this.schemaVersion;
    if (have > MIGRATIONS.length) {
      throw new Error(
        `state.db schema version ${have} is newer than this noverlay (${MIGRATIONS.length}); refusing to downgrade`,
      );
    }
    const run = this.db.transaction(() => {
      for (let v = have; v < MIGRATIONS.length; v++) {
        this.db.exec(MIGRATIONS[v] as string);
        this.db.pragma(`user_version = ${v + 1}`);
      }
    });
    run();
  }

  /** Records a load attempt; an applied one gets the next revision number, which is returned (else null). */
  recordRevision(r: Omit<ConfigRevision, 'id' | 'revision'>): number | null {
    return this.db.transaction(() => {
      const next =
        r.result === 'applied'
          ? ((this.db.prepare('SELECT MAX(revision) AS m FROM config_revision').get() as { m: number | null }).m ?? 0) +
            1
          : null;
      this.db
        .prepare(
          'INSERT INTO config_revision (applied_at, checksum, source, result, error, revision) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(r.appliedAt, r.checksum, r.source, r.result, r.error, next);
      return next;
    })();
  }

  revisions(limit = 50): ConfigRevision[] {
    const rows = this.db
      .prepare(
        'SELECT id, revision, applied_at, checksum, source, result, error FROM config_revision ORDER BY id DESC LIMIT ?',
      )
      .all(limit) as {
      id: number;
      revision: number | null;
      applied_at: number;
      checksum: string;
      source: string;
      result: string;
      error: string | null;
    }[];
    return rows.map((r) => ({
      id: r.id,
      revision: r.revision,
      appliedAt: r.applied_at,
      checksum: r.checksum,
      source: r.source as ConfigRevision['source'],
      result: r.result as ConfigRevision['result'],
      error: r.error,
    }));
  }

  close(): void {
    this.db.close();
  }
}
