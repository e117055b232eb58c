/* zonectl's commands that talk to the zone. Each reads its arguments
 * first (zt_ctl_next: --help and usage errors need no configuration and no
 * zone), then talks to the zone through ctl. Each returns the process exit
 * code (0 ok, 1 runtime failure, 2 usage error); argv[0] is the command. */
#ifndef ZT_COMMANDS_H
#define ZT_COMMANDS_H

#include <stddef.h>
#include <stdio.h>

#include "json.h"
#include "session.h"

/* What a command talks to the zone through: zonectl's --config and the
 * session, opened on the command's first call. */
struct zt_ctl {
    const char *conf; /* --config FILE, or NULL */
    struct zt_client_config c;
    struct zt_session s;
    int open;         /* c is loaded and s open */
};

/* The session, opened on first use: 0 with *s set, or the exit code after
 * one error line (2 without --config; 1 when the configuration cannot be
 * read or the zone reached). */
int zt_ctl_session(struct zt_ctl *ctl, struct zt_session **s);

/* Closes what zt_ctl_session opened. */
void zt_ctl_close(struct zt_ctl *ctl);

/* Sends req and, when the zone answers with body `want`, returns 0 with
 * *resp set; otherwise prints one error line and returns the exit code: 2
 * when the zone refused a value it was given (ERR_INVALID: input, as a
 * local usage error), else 1. */
int zt_ctl_call(struct zt_session *s, const Zt__Request *req, int want, Zt__Response **resp);

/* zt_ctl_session, then zt_ctl_call: 0 with *resp set, or the exit code. */
int zt_ctl_request(struct zt_ctl *ctl, const Zt__Request *req, int want, Zt__Response **resp);

int zt_cmd_alerts(struct zt_ctl *ctl, int argc, char **argv);
int zt_cmd_pupil(struct zt_ctl *ctl, int argc, char **argv);
int zt_cmd_thresholds(struct zt_ctl *ctl, int argc, char **argv);
/* gaps commands */
int zt_cmd_schools(struct zt_ctl *ctl, int argc, char **argv);
int zt_cmd_gaps(struct zt_ctl *ctl, int argc, char **argv);
int zt_cmd_priorities(struct zt_ctl *ctl, int argc, char **argv);
int zt_cmd_report(struct zt_ctl *ctl, int argc, char **argv);
int zt_cmd_leavers(struct zt_ctl *ctl, int argc, char **argv);
int zt_cmd_family(struct zt_ctl *ctl, int argc, char **argv);
/* the county's regional database (client/ctl/cmd_region.c) */
int zt_cmd_region(struct zt_ctl *ctl, int argc, char **argv);
/* support commands */
int zt_cmd_menu(struct zt_ctl *ctl, int argc, char **argv);
int zt_cmd_meeting(struct zt_ctl *ctl, int argc, char **argv);
int zt_cmd_plan(struct zt_ctl *ctl, int argc, char **argv);
int zt_cmd_support(struct zt_ctl *ctl, int argc, char **argv);
int zt_cmd_alert(struct zt_ctl *ctl, int argc, char **argv);
int zt_cmd_impact(struct zt_ctl *ctl, int argc, char **argv);
/* operations commands */
int zt_cmd_backup(struct zt_ctl *ctl, int argc, char **argv);
int zt_cmd_status(struct zt_ctl *ctl, int argc, char **argv);
int zt_cmd_audit(struct zt_ctl *ctl, int argc, char **argv);
int zt_cmd_export_pupil(struct zt_ctl *ctl, int argc, char **argv);
int zt_cmd_erase_pupil(struct zt_ctl *ctl, int argc, char **argv);
int zt_cmd_purge(struct zt_ctl *ctl, int argc, char **argv);
/* rolls commands */
int zt_cmd_moves(struct zt_ctl *ctl, int argc, char **argv);

/* One roll entry as a JSON object. */
void zt_json_roll(struct zt_json *w, const Zt__RollEntry *r);

/* Ends a command's JSON document (client/ctl/json_out.c): finishes w,
 * writes a newline and flushes. 0, or 1 after an error line when memory
 * ran out or a write failed (a full disk). */
int zt_ctl_json_done(struct zt_json *w);

/* Set when the command writes JSON, CSV or HTML: zt_ctl_call then leaves
 * the answer's text as sent, else makes it safe for a terminal
 * (client/printable.h). */
extern int zt_ctl_raw_text;

#endif
