#include "check.h"

#include <stdlib.h>

#include "date.h"

/* The pupils.csv fields the gap analysis groups pupils by: a field no
 * pupil has makes every comparison by it empty. */
struct known {
    const char *field;
    size_t count;
};

static void count_known(const struct zt_export *e, struct known k[8])
{
    static const char *const fields[8] = {"gender", "fsm", "ever6", "cic", "sen", "eal", "ethnicity", "gifted"};
    for (int i = 0; i < 8; i++)
        k[i] = (struct known){fields[i], 0};
    for (size_t i = 0; i < e->npupils; i++) {
        const Zt__PupilRow *r = &e->pupils[i].row;
        k[0].count += r->gender != 0;
        k[1].count += r->has_fsm;
        k[2].count += r->has_ever6;
        k[3].count += r->has_cic;
        k[4].count += r->has_sen;
        k[5].count += r->has_eal;
        k[6].count += r->has_ethnicity;
        k[7].count += r->has_gifted;
    }
}

/* Marks per calendar month, oldest first, from the pupil-months. */
static void print_marks(const struct zt_export *e, FILE *out)
{
    int lo = -1, hi = -1;
    uint64_t total = 0;
    for (size_t i = 0; i < e->nmonths; i++) {
        int m = (int)e->months[i].month;
        if (lo < 0 || m < lo)
            lo = m;
        if (m > hi)
            hi = m;
        total += e->months[i].marks;
    }
    fprintf(out, "register marks: %llu\n", (unsigned long long)total);
    uint64_t *per = lo >= 0 ? calloc((size_t)(hi - lo + 1), sizeof *per) : NULL;
    if (!per)
        return;
    for (size_t i = 0; i < e->nmonths; i++)
        per[e->months[i].month - (uint32_t)lo] += e->months[i].marks;
    for (int m = lo; m <= hi; m++) {
        char d[ZT_DATE_STRLEN];
        if (per[m - lo])
            fprintf(out, "  %.7s: %llu\n", zt_date_format(zt_month_index_first_day(m), d),
                    (unsigned long long)per[m - lo]);
    }
    free(per);
}

int zt_check_report(const struct zt_export *e, const char *export_dir, FILE *out)
{
    fprintf(out, "export_dir: %s\n", export_dir);
    for (size_t i = 0; i < e->nctf; i++) /* what came from the CSV files is counted below */
        fprintf(out, "Common Transfer File: %s\n", e->ctf[i]);
    fprintf(out, "pupils: %zu\n", e->npupils + e->nunread);
    print_marks(e, out);
    fprintf(out, "incidents: %zu\n", e->nbehaviour);
    fprintf(out, "assessments: %zu\n", e->nassessments);
    fprintf(out, "health events: %zu\n", e->nhealth);
    if (e->nleavers)
        fprintf(out, "leavers: %zu\n", e->nleavers);
    struct known k[8];
    count_known(e, k);
    int gaps = 0;
    for (int i = 0; i < 8 && e->npupils; i++) {
        if (k[i].count == 0)
            fprintf(out, "missing for the gap analysis: %s (no pupil has one)\n", k[i].field), gaps++;
        else if (k[i].count < e->npupils)
            fprintf(out, "partly known: %s for %zu of %zu pupils\n", k[i].field, k[i].count, e->npupils);
    }
    fprintf(out, "rows read %u, rejected %u, files missing or unreadable %d\n", e->read, e->rejected,
            e->failed_files);
    int clean = e->rejected == 0 && e->failed_files == 0;
    fprintf(out, "%s\n", clean ? (gaps ? "clean (but see what is missing above)" : "clean")
                               : "not clean: see the lines above");
    return clean ? 0 : 1;
}
