/* libFuzzer target: the agent's reading of a whole MIS export folder. The
 * input is split at NUL bytes into pupils.csv, attendance.csv,
 * behaviour.csv, assessments.csv, health.csv and leavers.csv. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export.h"

static const char *const files[] = {"pupils.csv",      "attendance.csv", "behaviour.csv",
                                    "assessments.csv", "health.csv",     "leavers.csv"};
static char dir[64];
static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    snprintf(dir, sizeof dir, "/tmp/zt-fuzz-export-%d", (int)getpid());
    mkdir(dir, 0700);
    devnull = fopen("/dev/null", "w");
    return devnull ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t off = 0;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        const uint8_t *end = off < size ? memchr(data + off, 0, size - off) : NULL;
        size_t n = off < size ? (end ? (size_t)(end - (data + off)) : size - off) : 0;
        char path[128];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        FILE *f = fopen(path, "w");
        if (!f)
            return 0;
        fwrite(data + off, 1, n, f);
        fclose(f);
        off += n + 1;
    }
    struct zt_export e;
    zt_export_read(&e, dir, NULL, devnull);
    zt_export_free(&e);
    return 0;
}
