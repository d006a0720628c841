/* tests/unit/tmp_db.h — a fresh temporary SQLite database file for a unit test, and its removal with
 * the WAL side files (-wal, -shm). Header-only (static functions), included as "../tmp_db.h". */
#ifndef GW_TEST_TMP_DB_H
#define GW_TEST_TMP_DB_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* A new empty file /tmp/gw-test-<tag>-XXXXXX; its path in path (64 bytes). Aborts the test binary
 * when no file can be made (nothing else would be meaningful). */
static void tmp_db_new(char path[64], const char *tag)
{
    snprintf(path, 64, "/tmp/gw-test-%.24s-XXXXXX", tag);
    int fd = mkstemp(path);
    if (fd < 0) {
        perror("mkstemp");
        abort();
    }
    close(fd);
}

/* Remove the database and its WAL side files. */
static void tmp_db_rm(const char *path)
{
    char p[80];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

#endif
