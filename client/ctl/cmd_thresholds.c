/* zonectl thresholds show | thresholds set KEY VALUE */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "ctl_args.h"

static void print_thresholds(const Zt__ThresholdsReply *r)
{
    for (size_t i = 0; i < r->n_thresholds; i++) {
        const Zt__Threshold *t = r->thresholds[i];
        printf("%-28s %6lld  %s", t->key, (long long)t->value, t->description);
        if (t->changed_by && t->has_changed_at) {
            time_t when = (time_t)t->changed_at;
            char buf[32];
            strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", localtime(&when));
            printf(" (set by %s on %s)", t->changed_by, buf);
        }
        putchar('\n');
    }
}

static int call(struct zt_ctl *ctl, Zt__Request *req)
{
    Zt__Response *resp;
    int rc = zt_ctl_request(ctl, req, ZT__RESPONSE__BODY_THRESHOLDS, &resp);
    if (rc)
        return rc;
    print_thresholds(resp->thresholds);
    const Zt__ThresholdsReply *r = resp->thresholds;
    if (r->has_pupils_evaluated)
        printf("re-evaluated %u pupils: %u alert%s opened, %u resolved\n", r->pupils_evaluated, r->alerts_opened,
               r->alerts_opened == 1 ? "" : "s", r->alerts_resolved);
    zt__response__free_unpacked(resp, NULL);
    return 0;
}

static int show_thresholds(struct zt_ctl *ctl, int argc, char **argv)
{
    static const char help[] = "thresholds show\n"
                               "  Each tipping point: its key, value and meaning, and who changed it last.\n";
    struct zt_ctl_args args = ZT_CTL_ARGS("thresholds show", help, zt_ctl_help_only, 0, 0);
    if (zt_ctl_next(&args, argc, argv) < 0)
        return args.exit_code;
    Zt__ThresholdsQuery q = ZT__THRESHOLDS_QUERY__INIT;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_THRESHOLDS;
    req.thresholds = &q;
    return call(ctl, &req);
}

static int set_threshold(struct zt_ctl *ctl, int argc, char **argv)
{
    static const char help[] =
        "thresholds set KEY VALUE\n"
        "  Sets one tipping point (a coordinator's certificate) and re-evaluates every\n"
        "  pupil at once; says how many alerts that opened and resolved. KEY is one of\n"
        "  the keys `thresholds show` lists; the zone names them when KEY is unknown.\n";
    struct zt_ctl_args args = ZT_CTL_ARGS("thresholds set", help, zt_ctl_help_only, 2, 2);
    if (zt_ctl_next(&args, argc, argv) < 0)
        return args.exit_code;
    const char *key = args.operand[0], *value = args.operand[1];
    char *end;
    errno = 0;
    long long v = strtoll(value, &end, 10);
    if (errno || end == value || *end)
        return zt_ctl_usage_error(&args, "%s: '%s' is not a whole number", key, value);
    Zt__ThresholdSet q = ZT__THRESHOLD_SET__INIT;
    q.key = (char *)key;
    q.value = v;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_SET_THRESHOLD;
    req.set_threshold = &q;
    return call(ctl, &req);
}

int zt_cmd_thresholds(struct zt_ctl *ctl, int argc, char **argv)
{
    static const char help[] = "thresholds show | thresholds set KEY VALUE\n"
                               "  The zone's tipping points (`zonectl thresholds show --help`, `... set --help`).\n";
    static const struct zt_ctl_sub subs[] = {{"show", show_thresholds}, {"set", set_threshold}};
    return zt_ctl_subcommand(ctl, "thresholds", help, subs, 2, argc, argv);
}
