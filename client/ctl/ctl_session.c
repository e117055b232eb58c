/* What zonectl's remote commands share once their arguments are read: the
 * session, opened on first use, the call and its exit code, and the
 * dispatch of a command made of subcommands. */
#include <string.h>

#include "commands.h"
#include "printable.h"

int zt_ctl_session(struct zt_ctl *ctl, struct zt_session **s)
{
    *s = &ctl->s;
    if (ctl->open)
        return 0;
    if (!ctl->conf) {
        fprintf(stderr, "zonectl: this command talks to the zone: give --config FILE before it (try zonectl --help)\n");
        return 2;
    }
    char err[512];
    if (zt_client_config_load(ctl->conf, 0, &ctl->c, err, sizeof err)) {
        fprintf(stderr, "zonectl: %s\n", err);
        zt_client_config_free(&ctl->c);
        return 1;
    }
    if (zt_session_open(&ctl->s, &ctl->c, "zonectl", err, sizeof err)) {
        fprintf(stderr, "zonectl: cannot reach the zone at %s (%s): %s\n", ctl->c.zone, zt_conn_fail_name(ctl->s.fail),
                err);
        zt_client_config_free(&ctl->c);
        return 1;
    }
    ctl->open = 1;
    return 0;
}

void zt_ctl_close(struct zt_ctl *ctl)
{
    if (!ctl->open)
        return;
    zt_session_close(&ctl->s);
    zt_client_config_free(&ctl->c);
    ctl->open = 0;
}

int zt_ctl_call(struct zt_session *s, const Zt__Request *req, int want, Zt__Response **resp)
{
    char err[512];
    if (zt_session_call(s, req, resp, err, sizeof err)) {
        fprintf(stderr, "zonectl: %s\n", err);
        return 1;
    }
    /* the zone's text (a school's close reason, meeting actions) is shown
     * safe for a terminal unless the output escapes it by its own rules */
    if (!zt_ctl_raw_text && zt_printable_message(&(*resp)->base)) {
        fprintf(stderr, "zonectl: out of memory\n");
        zt__response__free_unpacked(*resp, NULL);
        return 1;
    }
    if ((*resp)->error) {
        int code = (*resp)->error->code == ZT__ERROR_CODE__ERR_INVALID ? 2 : 1;
        fprintf(stderr, "zonectl: the zone refused: %s\n", (*resp)->error->message);
        zt__response__free_unpacked(*resp, NULL);
        return code;
    }
    if ((int)(*resp)->body_case != want) {
        fprintf(stderr, "zonectl: the zone answered with something unexpected\n");
        zt__response__free_unpacked(*resp, NULL);
        return 1;
    }
    return 0;
}

int zt_ctl_request(struct zt_ctl *ctl, const Zt__Request *req, int want, Zt__Response **resp)
{
    struct zt_session *s;
    int rc = zt_ctl_session(ctl, &s);
    return rc ? rc : zt_ctl_call(s, req, want, resp);
}
