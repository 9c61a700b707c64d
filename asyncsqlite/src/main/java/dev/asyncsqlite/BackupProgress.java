package dev.asyncsqlite;

/**
 * Told after each step of a backup. Runs on the worker thread of the connection being read.
 */
@FunctionalInterface
public interface BackupProgress {
    /**
     * A step finished.
     *
     * @param remaining pages still to copy
     * @param total pages in the source database
     */
    void onProgress(int remaining, int total);
}
