import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/** Ordered migrations; `PRAGMA user_version` records how many ran. Append, never edit. */
const MIGRATIONS: string[] = [
  `
  CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'admin',
    created_at TEXT NOT NULL
  );
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX sessions_user ON sessions(user_id);
  CREATE TABLE engines (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    kind TEXT NOT NULL,
    config TEXT NOT NULL,
    secrets TEXT,
    position INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    user_id INTEGER,
    username TEXT,
    action TEXT NOT NULL,
    target TEXT,
    result TEXT NOT NULL,
    detail TEXT
  );
  CREATE INDEX audit_at ON audit(at);
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  `
  CREATE TABLE deleted_containers (
    host_id TEXT NOT NULL,
    container_id TEXT NOT NULL,
    name TEXT NOT NULL,
    image TEXT NOT NULL,
    data TEXT NOT NULL,
    deleted_at TEXT NOT NULL,
    deleted_by TEXT,
    PRIMARY KEY (host_id, container_id)
  );
  CREATE INDEX deleted_containers_at ON deleted_containers(deleted_at);
  `,
  `
  ALTER TABLE engines ADD COLUMN last_known TEXT;
  `,
  `
  CREATE TABLE registries (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    address TEXT NOT NULL UNIQUE COLLATE NOCASE,
    username TEXT,
    secret TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  `,
  `
  CREATE TABLE template_sources (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    url TEXT,
    version TEXT NOT NULL,
    body TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT
  );
  `,
  `
  ALTER TABLE users ADD COLUMN host_grants TEXT;
  ALTER TABLE users ADD COLUMN disabled_at TEXT;
  ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
  `,
  `
  CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    host_id TEXT NOT NULL,
    time_ns INTEGER NOT NULL,
    type TEXT NOT NULL,
    action TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    attributes TEXT NOT NULL
  );
  CREATE UNIQUE INDEX events_unique ON events(host_id, time_ns, type, action, actor_id);
  CREATE INDEX events_time ON events(time_ns);
  CREATE INDEX events_type_action ON events(type, action);
  `,
  `
  ALTER TABLE sessions ADD COLUMN id TEXT;
  ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER;
  ALTER TABLE sessions ADD COLUMN client TEXT;
  UPDATE sessions SET id = lower(hex(randomblob(12))), last_seen_at = CAST(strftime('%s', created_at) AS INTEGER) * 1000;
  CREATE UNIQUE INDEX sessions_id ON sessions(id);
  ALTER TABLE users ADD COLUMN last_login_at TEXT;
  CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    read_only INTEGER NOT NULL DEFAULT 0,
    hosts TEXT,
    created_at TEXT NOT NULL,
    expires_at INTEGER,
    last_used_at TEXT,
    revoked_at TEXT
  );
  CREATE INDEX api_tokens_user ON api_tokens(user_id);
  `,
  `
  ALTER TABLE audit ADD COLUMN host_id TEXT;
  ALTER TABLE audit ADD COLUMN host_name TEXT;
  ALTER TABLE audit ADD COLUMN target_kind TEXT;
  ALTER TABLE audit ADD COLUMN target_name TEXT;
  ALTER TABLE audit ADD COLUMN actor_kind TEXT NOT NULL DEFAULT 'user';
  ALTER TABLE audit ADD COLUMN token_id TEXT;
  ALTER TABLE audit ADD COLUMN token_name TEXT;
  ALTER TABLE audit ADD COLUMN changes TEXT;
  CREATE INDEX audit_username ON audit(username COLLATE NOCASE, id);
  CREATE INDEX audit_host ON audit(host_id, id);
  CREATE INDEX audit_action ON audit(action, id);
  CREATE INDEX audit_result ON audit(result, id);
  CREATE TABLE signin_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    username TEXT NOT NULL,
    client_ip TEXT NOT NULL,
    reason TEXT NOT NULL
  );
  CREATE INDEX signin_failures_at ON signin_failures(at);
  INSERT INTO signin_failures (at, username, client_ip, reason)
    SELECT at, substr(coalesce(target, 'user:'), 6), 'unknown', coalesce(detail, 'bad credentials')
    FROM audit WHERE action = 'auth.login' AND result = 'error';
  DELETE FROM audit WHERE action = 'auth.login' AND result = 'error';
  `,
];

export function openDb(dataDir: string): Db {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = new Database(path.join(dataDir, 'wharf.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let i = current; i < MIGRATIONS.length; i++) {
    const sql = MIGRATIONS[i]!;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${i + 1}`);
    })();
  }
}
