-- Run at start-up by spring.sql.init (see application.properties).
CREATE TABLE IF NOT EXISTS todo (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    title    TEXT    NOT NULL CHECK (title <> ''),
    priority INTEGER NOT NULL DEFAULT 0,
    done     BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX IF NOT EXISTS todo_open ON todo (done, priority);
