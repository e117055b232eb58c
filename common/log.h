/* Logging to stderr, one line a message. Under systemd (JOURNAL_STREAM set)
 * each line starts with a <N> syslog priority so journald files it right;
 * anywhere else (cron, a log file, a terminal) with the local time, e.g.
 * "2026-03-02T06:30:01+0000 zone-agent: warning: ...". */
#ifndef ZT_LOG_H
#define ZT_LOG_H

enum zt_log_level { ZT_LOG_ERR = 3, ZT_LOG_WARN = 4, ZT_LOG_INFO = 6, ZT_LOG_DEBUG = 7 };

/* Program name used as the line prefix; keep the string alive. */
void zt_log_init(const char *program);

void zt_log(enum zt_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define zt_err(...) zt_log(ZT_LOG_ERR, __VA_ARGS__)
#define zt_warn(...) zt_log(ZT_LOG_WARN, __VA_ARGS__)
#define zt_info(...) zt_log(ZT_LOG_INFO, __VA_ARGS__)
#define zt_debug(...) zt_log(ZT_LOG_DEBUG, __VA_ARGS__)

#endif
