/**
 * One daemon per state directory, so two instances never fight over one FIB.
 *
 * The lock is an exclusive SQLite lock (POSIX advisory record lock underneath) on `noverlayd.lock`, held
 * for the life of the process: the kernel drops it when the process dies, even by SIGKILL, so a crash never
 * leaves a stale lock behind. `noverlayd.pid` beside it only names the holder in the error message.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { err, ok, type Result } from '../lib/result.js';

export interface StateLock {
  release(): void;
}

export function acquireStateLock(stateDir: string): Result<StateLock, string> {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const db = new Database(join(stateDir, 'noverlayd.lock'), { timeout: 0 });
  const pidFile = join(stateDir, 'noverlayd.pid');
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    // A write transaction takes the exclusive lock; in EXCLUSIVE locking mode it is kept after COMMIT.
    db.exec('BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS holder (pid INTEGER); COMMIT;');
  } catch (e) {
    db.close();
    if ((e as { code?: string }).code !== 'SQLITE_BUSY') throw e;
    let holder = 'another process';
    try {
      holder = `pid ${readFileSync(pidFile, 'utf8').trim()}`;
    } catch {}
    return err(`state directory ${stateDir} is locked by another noverlayd (${holder})`);
  }
  writeFileSync(pidFile, `${process.pid}\n`);
  return ok({ release: () => db.close() });
}
