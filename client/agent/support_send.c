#include "support_send.h"

#include "support_files.h"

int zt_support_send(struct zt_link *l, const struct zt_client_config *c, const struct zt_export *roll,
                    FILE *out)
{
    struct zt_support_files f;
    zt_support_files_read(&f, c->export_dir, roll, out);
    if (!f.present) {
        zt_support_files_free(&f);
        return 0;
    }
    Zt__SupportPush p = ZT__SUPPORT_PUSH__INIT;
    p.meetings = f.meetings, p.n_meetings = f.nmeetings;
    p.plans = f.plans, p.n_plans = f.nplans;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_SUPPORT_PUSH;
    req.support_push = &p;
    Zt__Response *resp = NULL;
    char err[512];
    int rc = zt_link_call(l, &req, ZT__RESPONSE__BODY_SUPPORT_PUSH, &resp, err, sizeof err);
    if (rc) {
        fprintf(stderr, "zone-agent: sending meetings and plans failed: %s\n", err);
    } else {
        const Zt__SupportPushReply *r = resp->support_push;
        for (size_t i = 0; i < r->n_rejected; i++) {
            const Zt__SupportRejected *j = r->rejected[i];
            size_t n = j->plan ? f.nplans : f.nmeetings;
            if (j->index < n)
                fprintf(out, "rejected %s:%u: %s\n", j->plan ? "support.csv" : "meetings.csv",
                        j->plan ? f.plan_lines[j->index] : f.meeting_lines[j->index], j->reason);
        }
        fprintf(out, "support: read %u, stored %u, unchanged %u, rejected %u\n", f.read, r->stored, r->unchanged,
                f.rejected + (uint32_t)r->n_rejected);
    }
    if (resp)
        zt__response__free_unpacked(resp, NULL);
    int failed = rc || f.failed_files;
    zt_support_files_free(&f);
    return failed ? 1 : 0;
}
