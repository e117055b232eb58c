#include "request.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "err.h"
#include "log.h"
#include "upn.h"

void zt_reply_error(struct zt_request *r, Zt__ErrorCode code, const char *fmt, ...)
{
    Zt__Error *e = zt_arena_alloc(r->arena, sizeof *e);
    char msg[512]; /* room for a list of what was meant (the threshold keys) */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!e)
        return;
    zt__error__init(e);
    e->code = code;
    e->message = zt_arena_strdup(r->arena, msg);
    r->resp->error = e;
    r->resp->body_case = ZT__RESPONSE__BODY__NOT_SET;
}

void zt_reply_forbidden(struct zt_request *r, const char *what)
{
    zt_warn("refused %s from %s (%s): not allowed for this certificate", what, r->who->name, r->peer);
    r->svc->refused++;
    zt_reply_error(r, ZT__ERROR_CODE__ERR_FORBIDDEN, "%s is not allowed for %s", what, r->who->name);
}

int zt_require_coordinator(struct zt_request *r, const char *what)
{
    if (r->who->role == ZT_ROLE_COORDINATOR)
        return 1;
    zt_reply_forbidden(r, what);
    return 0;
}

int zt_require_upn(struct zt_request *r, const char *upn)
{
    if (!zt_upn_invalid(upn, strlen(upn)))
        return 1;
    zt_reply_error(r, ZT__ERROR_CODE__ERR_INVALID, "not a valid UPN: %.20s", upn);
    return 0;
}

int zt_require_audit(struct zt_request *r, const char *fmt, ...)
{
    if (r->who->role != ZT_ROLE_COORDINATOR)
        return 1;
    char what[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    int rc = zt_audit_record(r->zone->store, r->who->name, "%s", what);
    if (rc == 0)
        return 1;
    zt_err("refused %s's read (%s): its audit entry cannot be stored: %s", r->who->name, what, zt_strerror(rc));
    r->resp->body_case = ZT__RESPONSE__BODY__NOT_SET; /* nothing read leaves */
    zt_reply_error(r, rc == -ENOSPC ? ZT__ERROR_CODE__ERR_STORAGE : ZT__ERROR_CODE__ERR_INTERNAL,
                   "not answered: the zone cannot record this read in its audit log (%s)", zt_strerror(rc));
    return 0;
}
