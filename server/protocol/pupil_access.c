/* Who reads a pupil (SPEC §2): a coordinator reads every pupil; a school
 * reads the pupils whose current school it is, and those it had first that
 * are now a dual registration it has not yet recorded as leavers
 * (server/rules/roll_periods.h). A school is told the same thing about a UPN the
 * zone does not hold and a pupil of another school, so that it cannot learn
 * which UPNs the zone holds by asking. */
#include <errno.h>

#include "err.h"
#include "request.h"
#include "log.h"
#include "roll_periods.h"

int zt_pupil_readable(struct zt_request *r, struct zt_txn *txn, const char *upn, uint32_t *current)
{
    zt_date as_of = zt_zone_as_of(r->zone);
    int rc = zt_current_school(txn, upn, as_of, current);
    if (rc || r->who->role != ZT_ROLE_SCHOOL || *current == r->who->urn)
        return rc;
    rc = zt_school_reads_pupil(txn, upn, r->who->urn, as_of);
    return rc < 0 ? rc : rc ? 0 : -EPERM;
}

void zt_reply_pupil_unreadable(struct zt_request *r, int rc, const char *upn, const char *what)
{
    if (rc == -EPERM) {
        zt_warn("refused %s of %s from %s (%s): another school's pupil", what, upn, r->who->name, r->peer);
        r->svc->refused++;
    }
    if (r->who->role == ZT_ROLE_SCHOOL)
        zt_reply_error(r, ZT__ERROR_CODE__ERR_NOT_FOUND, "%s is not a pupil this school reads in the zone", upn);
    else
        zt_reply_error(r, ZT__ERROR_CODE__ERR_NOT_FOUND, "no school in the zone has %s on its roll", upn);
}
