#include "assessment.h"

#include "calendar.h"
#include "random.h"

static const char *const steps[] = {"gap", "emerging", "expected", "deepening"};
static const char *const primary_subjects[] = {"maths", "reading", "writing"};
static const char *const secondary_subjects[] = {"maths", "english"};

int zg_subject_count(int secondary)
{
    return secondary ? ZG_COUNT(secondary_subjects) : ZG_COUNT(primary_subjects);
}

const char *zg_subject_name(int secondary, int subject)
{
    return secondary ? secondary_subjects[subject] : primary_subjects[subject];
}

/* The latent score with the subject's offset and this date's noise, cut
 * into the four steps; pupils new to English a little lower in language
 * subjects in the early years. */
static int step_of(const struct zg_pupil *p, int secondary, int subject, zt_date d)
{
    struct zg_rng r1 = {zg_khash(p->k_assess, 1000 + subject)};
    struct zg_rng r2 = {zg_khash(p->k_assess, (int64_t)d * 8 + subject)};
    double score = p->latent + 0.45 * zg_rng_norm(&r1) + 0.28 * zg_rng_norm(&r2);
    int language = secondary ? subject == 1 : subject >= 1;
    if (p->eal && language && p->year_group <= 3)
        score -= 0.4;
    if (score < -2.0)
        return 0;
    if (score < -0.82)
        return 1;
    if (score < 1.15)
        return 2;
    return 3;
}

const char *zg_assessment_step(const struct zg_pupil *p, int secondary, int subject, zt_date d)
{
    return steps[step_of(p, secondary, subject, d)];
}

int zg_is_assessment_day(const struct zg_school *s, zt_date d)
{
    if (!zg_cal_teaching(&s->cal, d))
        return 0;
    int ay, m, dd;
    zt_date_to_ymd(zt_academic_year_start(d), &ay, &m, &dd);
    const zt_date targets[4] = {zg_ymd(ay, 10, 20), zg_ymd(ay, 12, 18), zg_ymd(ay + 1, 3, 20),
                                zg_ymd(ay + 1, 7, 10)};
    for (int i = 0; i < 4; i++) {
        zt_date t = targets[i];
        if (d > t)
            continue;
        while (!zg_cal_teaching(&s->cal, t))
            t--;
        if (t == d)
            return 1;
    }
    return 0;
}
