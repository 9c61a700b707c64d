package dev.asyncsqlite;

import java.time.Duration;
import java.util.Objects;

/**
 * How to run a backup: the {@code pages}, {@code progress}, {@code name} and {@code sleep}
 * arguments of {@code sqlite3.Connection.backup}. Immutable; built with {@link #builder()}.
 */
public final class BackupOptions {
    private static final BackupOptions DEFAULTS = builder().build();

    private final int pagesPerStep;
    private final Duration sleep;
    private final BackupProgress progress;
    private final String schema;

    private BackupOptions(Builder b) {
        this.pagesPerStep = b.pagesPerStep;
        this.sleep = b.sleep;
        this.progress = b.progress;
        this.schema = b.schema;
    }

    /**
     * Options with every default.
     *
     * @return the defaults
     */
    public static BackupOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Starts new options.
     *
     * @return a builder with every default
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Pages copied per step; -1 (the default) copies everything in one step.
     *
     * @return pages per step
     */
    public int pagesPerStep() {
        return pagesPerStep;
    }

    /**
     * How long to wait before retrying a step that found the database busy or locked.
     * Default: 250 ms, as in {@code sqlite3}.
     *
     * @return the sleep
     */
    public Duration sleep() {
        return sleep;
    }

    /**
     * Told after each step, or {@code null} (the default).
     *
     * @return the callback, or {@code null}
     */
    public BackupProgress progress() {
        return progress;
    }

    /**
     * The schema to copy: {@code main} (the default), {@code temp} or an attached name.
     *
     * @return the schema
     */
    public String schema() {
        return schema;
    }

    /** Builds {@link BackupOptions}. */
    public static final class Builder {
        private int pagesPerStep = -1;
        private Duration sleep = Duration.ofMillis(250);
        private BackupProgress progress;
        private String schema = "main";

        private Builder() {
        }

        /**
         * Sets the pages per step.
         *
         * @param pagesPerStep a positive count, or -1 for all at once
         * @return this builder
         * @throws IllegalArgumentException if 0 or below -1
         */
        public Builder pagesPerStep(int pagesPerStep) {
            if (pagesPerStep == 0 || pagesPerStep < -1) {
                throw new IllegalArgumentException("pagesPerStep must be positive or -1: " + pagesPerStep);
            }
            this.pagesPerStep = pagesPerStep;
            return this;
        }

        /**
         * Sets the sleep between retries of a busy step.
         *
         * @param sleep zero or more, at most {@link Integer#MAX_VALUE} ms
         * @return this builder
         * @throws IllegalArgumentException if negative or too large
         */
        public Builder sleep(Duration sleep) {
            Objects.requireNonNull(sleep, "sleep must not be null");
            if (sleep.isNegative() || sleep.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("sleep must be between 0 and " + Integer.MAX_VALUE + " ms: " + sleep);
            }
            this.sleep = sleep;
            return this;
        }

        /**
         * Sets the progress callback.
         *
         * @param progress the callback, or {@code null} for none
         * @return this builder
         */
        public Builder progress(BackupProgress progress) {
            this.progress = progress;
            return this;
        }

        /**
         * Sets the schema to copy.
         *
         * @param schema a schema name: letters, digits and underscores
         * @return this builder
         * @throws IllegalArgumentException if the name is not a plain identifier
         */
        public Builder schema(String schema) {
            Objects.requireNonNull(schema, "schema must not be null");
            if (!schema.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("schema must be a plain identifier: " + schema);
            }
            this.schema = schema;
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         */
        public BackupOptions build() {
            return new BackupOptions(this);
        }
    }
}
