#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

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
    if (journal) { /* journald stamps each line itself */
        fprintf(stderr, "<%d>%s\n", (int)level, line);
        return;
    }
    /* cron's mail, a log file: the line says when it happened */
    char when[32] = "";
    time_t now = time(NULL);
    struct tm tm;
    if (localtime_r(&now, &tm))
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S%z ", &tm);
    fprintf(stderr, "%s%s: %s: %s\n", when, prog, names[level], line);
}
