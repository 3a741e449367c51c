//! The local schema, as an append-only list of migrations. `PRAGMA user_version` holds how many have been applied;
//! opening the store applies the rest, each in its own transaction. Never edit a migration that has shipped:
//! append a new one (the sync client's lease tables come as a later entry).

/// Migration `i` (0-based) brings the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: counters, tickets, outbox, maintenance.
    r#"
    CREATE TABLE counters (
        service      TEXT    NOT NULL,
        local_date   TEXT    NOT NULL,            -- YYYY-MM-DD in the court's time zone
        last_number  INTEGER NOT NULL CHECK (last_number >= 0),
        PRIMARY KEY (service, local_date)
    ) WITHOUT ROWID;

    CREATE TABLE tickets (
        id                  TEXT    PRIMARY KEY,  -- UUID v4
        number              TEXT    NOT NULL,     -- as displayed: prefix + ≥3 digits, e.g. A001
        sequence            INTEGER NOT NULL,     -- the day's sequence number of the service (1, 2, …)
        service             TEXT    NOT NULL,     -- service code, e.g. filing
        priority            TEXT,                 -- 绿色通道 class code, NULL for the ordinary queue
        priority_weight     INTEGER NOT NULL DEFAULT 0,
        appointment_code    TEXT,                 -- 预约 code checked in with, if any
        local_date          TEXT    NOT NULL,     -- YYYY-MM-DD in the court's time zone
        issued_at           TEXT    NOT NULL,     -- RFC 3339, UTC
        idempotency_key     TEXT    NOT NULL UNIQUE,
        ahead               INTEGER NOT NULL,     -- people ahead when issued
        estimated_wait_min  INTEGER NOT NULL,     -- estimated wait when issued
        printed             INTEGER NOT NULL DEFAULT 0,
        print_error         TEXT,
        status              TEXT    NOT NULL DEFAULT 'waiting'
                            CHECK (status IN ('waiting', 'called', 'served', 'no-show', 'cancelled')),
        called_at           TEXT,
        finished_at         TEXT,
        UNIQUE (service, local_date, sequence)
    );
    CREATE INDEX tickets_day ON tickets (local_date, service, status);
    CREATE INDEX tickets_finished ON tickets (service, finished_at) WHERE finished_at IS NOT NULL;

    CREATE TABLE outbox (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        kind             TEXT    NOT NULL,        -- e.g. ticket
        idempotency_key  TEXT    NOT NULL,        -- the receiver dedupes on (kind, idempotency_key)
        payload          TEXT    NOT NULL,        -- JSON
        created_at       TEXT    NOT NULL,        -- RFC 3339, UTC
        sent_at          TEXT,                    -- NULL until the receiver confirmed
        attempts         INTEGER NOT NULL DEFAULT 0,
        last_error       TEXT,
        UNIQUE (kind, idempotency_key)
    );
    CREATE INDEX outbox_pending ON outbox (id) WHERE sent_at IS NULL;

    CREATE TABLE maintenance (
        key        TEXT PRIMARY KEY,              -- e.g. printer
        message    TEXT NOT NULL,
        raised_at  TEXT NOT NULL                  -- RFC 3339, UTC
    );
    "#,
    // 2: remote mode (issue 6): leases, overflow counters, backend identity, sync state, pulled documents.
    super::lease::MIGRATION,
];
