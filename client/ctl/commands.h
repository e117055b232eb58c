/* zonectl's commands that talk to the zone. Each returns the process exit
 * code (0 ok, 1 runtime failure, 2 usage error); argv[0] is the command. */
#ifndef ZT_COMMANDS_H
#define ZT_COMMANDS_H

#include <stdio.h>

#include "session.h"

int zt_cmd_alerts(struct zt_session *s, int argc, char **argv);
int zt_cmd_pupil(struct zt_session *s, int argc, char **argv);
int zt_cmd_thresholds(struct zt_session *s, int argc, char **argv);
/* gaps commands */
int zt_cmd_schools(struct zt_session *s, int argc, char **argv);
int zt_cmd_gaps(struct zt_session *s, int argc, char **argv);
int zt_cmd_priorities(struct zt_session *s, int argc, char **argv);
int zt_cmd_report(struct zt_session *s, int argc, char **argv);
/* support commands */
int zt_cmd_menu(struct zt_session *s, int argc, char **argv);
int zt_cmd_meeting(struct zt_session *s, int argc, char **argv);
int zt_cmd_plan(struct zt_session *s, int argc, char **argv);
int zt_cmd_support(struct zt_session *s, int argc, char **argv);
int zt_cmd_alert(struct zt_session *s, int argc, char **argv);
int zt_cmd_impact(struct zt_session *s, int argc, char **argv);
/* operations commands */
int zt_cmd_backup(struct zt_session *s, int argc, char **argv);
/* backup's arguments, checked before any configuration is read: answers
 * --help (0), refuses bad usage (2); -1 when the backup may go ahead. */
int zt_cmd_backup_check(int argc, char **argv);
int zt_cmd_status(struct zt_session *s, int argc, char **argv);
int zt_cmd_audit(struct zt_session *s, int argc, char **argv);
int zt_cmd_export_pupil(struct zt_session *s, int argc, char **argv);
int zt_cmd_erase_pupil(struct zt_session *s, int argc, char **argv);
int zt_cmd_purge(struct zt_session *s, int argc, char **argv);

/* One roll entry as a JSON object. */
void zt_json_roll(FILE *out, const Zt__RollEntry *r);

/* Sends req and, when the zone answers with body `want`, returns 0 with
 * *resp set; otherwise prints one error line and returns 1. */
int zt_ctl_call(struct zt_session *s, const Zt__Request *req, int want, Zt__Response **resp);

#endif
