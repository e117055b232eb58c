#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static const char *prog = "zonetrack";
static enum zt_log_level max_level = ZT_LOG_INFO;
static int journal;

void zt_log_init(const char *program)
{
    prog = program;
    journal = getenv("JOURNAL_STREAM") != NULL;
    const char *dbg = getenv("ZT_DEBUG");
    if (dbg && *dbg)
        max_level = ZT_LOG_DEBUG;
}

void zt_log(enum zt_log_level level, const char *fmt, ...)
{
    if (level > max_level)
        return;
    static const char *names[8] = {"", "", "", "error", "warning", "", "info", "debug"};
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (journal)
        fprintf(stderr, "<%d>%s\n", (int)level, line);
    else
        fprintf(stderr, "%s: %s: %s\n", prog, names[level], line);
}
