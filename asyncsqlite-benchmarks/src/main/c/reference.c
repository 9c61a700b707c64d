/*
 * The physical limit for W3 and W4: the same work as the Java contenders, in C against the
 * system SQLite, with reused statements. Built and run by CompareRunner when a C compiler and
 * the SQLite headers are present.
 *
 *   reference DB IDS_FILE W3   -> prints "W3 <nanos> <count> <sum>"
 *   reference DB IDS_FILE W4   -> prints "W4 <nanos> <count> <sum>"
 *
 * IDS_FILE holds the W3 ids as little-endian 64-bit integers, in order.
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void fail(sqlite3 *db, const char *what) {
    fprintf(stderr, "%s: %s\n", what, db ? sqlite3_errmsg(db) : "?");
    exit(1);
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: reference DB IDS_FILE W3|W4\n");
        return 2;
    }
    FILE *f = fopen(argv[2], "rb");
    if (!f) {
        perror("ids");
        return 1;
    }
    fseek(f, 0, SEEK_END);
    long bytes = ftell(f);
    fseek(f, 0, SEEK_SET);
    long n = bytes / 8;
    int64_t *ids = malloc(bytes > 0 ? bytes : 1);
    if (fread(ids, 8, n, f) != (size_t) n) {
        perror("ids");
        return 1;
    }
    fclose(f);

    sqlite3 *db;
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) fail(db, "open");
    sqlite3_exec(db, "PRAGMA synchronous=NORMAL", NULL, NULL, NULL);

    int w3only = argv[3][1] == '3';
    sqlite3_stmt *point;
    if (sqlite3_prepare_v2(db, "SELECT a, b, c FROM t WHERE id = ?", -1, &point, NULL) != SQLITE_OK) fail(db, "prepare");
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    int64_t sum = 0;
    int64_t start = now_ns();
    for (long i = 0; i < n; i++) {
        sqlite3_bind_int64(point, 1, ids[i]);
        if (sqlite3_step(point) != SQLITE_ROW) fail(db, "point step");
        sum += sqlite3_column_int64(point, 0);
        /* The Java contenders read every column of the row; so does the reference. */
        (void) sqlite3_column_text(point, 1);
        (void) sqlite3_column_bytes(point, 1);
        (void) sqlite3_column_double(point, 2);
        sqlite3_reset(point);
    }
    int64_t w3 = now_ns() - start;
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    if (w3only) {
        printf("W3 %lld %ld %lld\n", (long long) w3, n, (long long) sum);
        sqlite3_finalize(point);
        sqlite3_close(db);
        free(ids);
        return 0;
    }

    sqlite3_stmt *scan;
    if (sqlite3_prepare_v2(db, "SELECT id, a, b, c FROM t", -1, &scan, NULL) != SQLITE_OK) fail(db, "prepare scan");
    int64_t count = 0;
    sum = 0;
    start = now_ns();
    int rc;
    while ((rc = sqlite3_step(scan)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(scan, 0);
        int64_t a = sqlite3_column_int64(scan, 1);
        const unsigned char *b = sqlite3_column_text(scan, 2);
        int len = sqlite3_column_bytes(scan, 2);
        double c = sqlite3_column_double(scan, 3);
        (void) b;
        count++;
        sum += id + a + len + (int64_t) c;
    }
    if (rc != SQLITE_DONE) fail(db, "scan");
    int64_t w4 = now_ns() - start;
    printf("W4 %lld %lld %lld\n", (long long) w4, (long long) count, (long long) sum);
    sqlite3_finalize(point);
    sqlite3_finalize(scan);
    sqlite3_close(db);
    free(ids);
    return 0;
}
