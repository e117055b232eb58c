#include "support_view.h"

#include <stdio.h>

#include "date.h"
#include "support_codes.h"

void zt_text_stages(Zt__StageStep *const *stages, size_t n)
{
    char d[ZT_DATE_STRLEN];
    for (size_t i = 0; i < n; i++) {
        const Zt__StageStep *st = stages[i];
        printf("  alert %u  %-16s  %s%s%s\n", st->alert_seq, zt_vocab_text(&zt_vocab_stage, (int)st->stage),
               zt_date_format(st->date, d), st->reason ? "  " : "", st->reason ? st->reason : "");
    }
}

void zt_text_meeting(const Zt__SchoolMeeting *sm, const char *upn)
{
    const Zt__MeetingRow *m = sm->meeting;
    char d1[ZT_DATE_STRLEN], d2[ZT_DATE_STRLEN], roles[160];
    printf("  meeting %s (school %06u%s%s)  invited %s  held %s  attended %s\n    actions: %s\n", m->meeting_id,
           sm->school, upn ? ", for " : "", upn ? upn : "", zt_date_format(m->invited, d1),
           m->has_held ? zt_date_format(m->held, d2) : "-",
           zt_vocab_bits_text(&zt_vocab_role, m->attended, ", ", roles, sizeof roles), m->actions ? m->actions : "");
    if (m->n_covers) {
        fputs("    also covered:", stdout);
        for (size_t j = 0; j < m->n_covers; j++)
            printf(" %s", m->covers[j]);
        putchar('\n');
    }
}

void zt_text_plans(Zt__SchoolPlan *const *plans, size_t n)
{
    char d1[ZT_DATE_STRLEN], d2[ZT_DATE_STRLEN];
    for (size_t i = 0; i < n; i++) {
        const Zt__PlanRow *p = plans[i]->plan;
        printf("  action %s (school %06u)  offer %u  %s  lead %s  start %s  review %s\n    outcome: %s\n",
               p->action_id, plans[i]->school, p->offer, zt_vocab_text(&zt_vocab_plan_status, (int)p->status),
               p->lead, zt_date_format(p->start, d1), zt_date_format(p->review, d2), p->outcome);
    }
}
