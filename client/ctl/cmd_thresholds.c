/* zonectl thresholds show | thresholds set KEY VALUE */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"

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

int zt_cmd_thresholds(struct zt_session *s, int argc, char **argv)
{
    Zt__Request req = ZT__REQUEST__INIT;
    Zt__ThresholdsQuery q = ZT__THRESHOLDS_QUERY__INIT;
    Zt__ThresholdSet set = ZT__THRESHOLD_SET__INIT;
    if (argc == 2 && !strcmp(argv[1], "show")) {
        req.body_case = ZT__REQUEST__BODY_THRESHOLDS;
        req.thresholds = &q;
    } else if (argc == 4 && !strcmp(argv[1], "set")) {
        char *end;
        errno = 0;
        long long v = strtoll(argv[3], &end, 10);
        if (errno || end == argv[3] || *end) {
            fprintf(stderr, "zonectl: thresholds set %s: '%s' is not a whole number\n", argv[2], argv[3]);
            return 2;
        }
        set.key = argv[2];
        set.value = v;
        req.body_case = ZT__REQUEST__BODY_SET_THRESHOLD;
        req.set_threshold = &set;
    } else {
        fprintf(stderr, "zonectl: usage: thresholds show | thresholds set KEY VALUE\n");
        return 2;
    }
    Zt__Response *resp;
    if (zt_ctl_call(s, &req, ZT__RESPONSE__BODY_THRESHOLDS, &resp))
        return 1;
    print_thresholds(resp->thresholds);
    zt__response__free_unpacked(resp, NULL);
    return 0;
}
