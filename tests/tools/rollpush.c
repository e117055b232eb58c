/* rollpush: a push built by hand, as a careless or hostile school could
 * send it whatever its agent would refuse first, to test zoned's own checks.
 *
 *   rollpush --config CONF UPN ENTRY_DATE [--exclusion DATE] [--maths-gap DATE]
 *
 * Pushes one pupils.csv row (UPN entered on ENTRY_DATE) with the school of
 * CONF's certificate, and optionally a permanent exclusion and a maths `gap`
 * assessment for the pupil on DATE. Prints "stored N, unchanged N,
 * rejected N" then "rejected KIND#INDEX: REASON" for each refused row.
 * Exits 0 when the zone answered, 1 when it could not be reached, 2 on a
 * usage error. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "codes.h"
#include "date.h"
#include "session.h"

static int usage(void)
{
    fputs("usage: rollpush --config CONF UPN ENTRY_DATE [--exclusion DATE] [--maths-gap DATE]\n", stderr);
    return 2;
}

static int date_arg(const char *s, zt_date *out)
{
    return zt_date_parse(s, strlen(s), out) ? (fprintf(stderr, "rollpush: not a date: %s\n", s), -1) : 0;
}

int main(int argc, char **argv)
{
    static const struct option options[] = {{"config", required_argument, NULL, 'c'},
                                            {"exclusion", required_argument, NULL, 'x'},
                                            {"maths-gap", required_argument, NULL, 'm'},
                                            {NULL, 0, NULL, 0}};
    const char *conf_path = NULL;
    zt_date exclusion = 0, gap = 0, entry;
    int c;
    while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
        if (c == 'c')
            conf_path = optarg;
        else if (c == 'x' ? date_arg(optarg, &exclusion) : c == 'm' ? date_arg(optarg, &gap) : -1)
            return usage();
    }
    if (!conf_path || optind + 2 != argc || date_arg(argv[optind + 1], &entry))
        return usage();
    char *upn = argv[optind];

    Zt__PupilRow p = ZT__PUPIL_ROW__INIT, *pp = &p;
    p.upn = upn, p.year_group = 8, p.gender = 1, p.entry_date = entry;
    Zt__BehaviourRow b = ZT__BEHAVIOUR_ROW__INIT, *bp = &b;
    b.incident_id = "rollpush-1", b.upn = upn, b.date = exclusion, b.category = "assault";
    b.points = 0, b.action = ZT_ACTION_PERMANENT_EXCLUSION;
    Zt__AssessmentRow a = ZT__ASSESSMENT_ROW__INIT, *ap = &a;
    a.upn = upn, a.subject = ZT_SUBJECT_MATHS, a.date = gap, a.step = ZT_STEP_GAP;
    uint8_t id[16];
    if (getrandom(id, sizeof id, 0) != sizeof id)
        return 1;
    Zt__PushBatch batch = ZT__PUSH_BATCH__INIT;
    batch.batch_id.data = id, batch.batch_id.len = sizeof id;
    batch.pupils = &pp, batch.n_pupils = 1;
    batch.behaviour = &bp, batch.n_behaviour = exclusion != 0;
    batch.assessments = &ap, batch.n_assessments = gap != 0;

    struct zt_client_config conf;
    struct zt_session s;
    char err[512];
    if (zt_client_config_load(conf_path, 0, &conf, err, sizeof err)) {
        fprintf(stderr, "rollpush: %s\n", err);
        zt_client_config_free(&conf);
        return 1;
    }
    int code = 1;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_PUSH;
    req.push = &batch;
    Zt__Response *resp = NULL;
    if (zt_session_open(&s, &conf, "rollpush", err, sizeof err) == 0) {
        if (zt_session_call_ok(&s, &req, &resp, err, sizeof err) == 0 && resp->body_case == ZT__RESPONSE__BODY_PUSH) {
            const Zt__PushReply *r = resp->push;
            printf("stored %u, unchanged %u, rejected %zu\n", r->stored, r->unchanged, r->n_rejected);
            for (size_t i = 0; i < r->n_rejected; i++)
                printf("rejected %u#%u: %s\n", r->rejected[i]->kind, r->rejected[i]->index, r->rejected[i]->reason);
            code = 0;
        } else {
            fprintf(stderr, "rollpush: %s\n", err);
        }
        if (resp)
            zt__response__free_unpacked(resp, NULL);
        zt_session_close(&s);
    } else {
        fprintf(stderr, "rollpush: %s\n", err);
    }
    zt_client_config_free(&conf);
    return code;
}
