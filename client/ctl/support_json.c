#include "support_json.h"

#include "alert_format.h"
#include "date.h"
#include "support_codes.h"

void zt_json_meeting(struct zt_json *w, const Zt__SchoolMeeting *sm, const char *upn)
{
    const Zt__MeetingRow *m = sm->meeting;
    char d[ZT_DATE_STRLEN], roles[200];
    zt_json_object(w, ZT_JSON_INLINE);
    zt_json_urn(w, "school", sm->school);
    zt_json_kstr(w, "meeting_id", m->meeting_id);
    if (upn)
        zt_json_kstr(w, "upn", upn);
    zt_json_kstr(w, "invited", zt_date_format(m->invited, d));
    zt_json_kstr(w, "held", m->has_held ? zt_date_format(m->held, d) : NULL);
    zt_json_kstr(w, "attended", zt_vocab_bits_text(&zt_vocab_role, m->attended, ",", roles, sizeof roles));
    zt_json_kstr(w, "actions", m->actions ? m->actions : "");
    zt_json_key(w, "covers");
    zt_json_array(w, ZT_JSON_INLINE);
    for (size_t i = 0; i < m->n_covers; i++)
        zt_json_str(w, m->covers[i]);
    zt_json_end(w);
    zt_json_end(w);
}

void zt_json_plan(struct zt_json *w, const Zt__SchoolPlan *sp)
{
    const Zt__PlanRow *p = sp->plan;
    char d[ZT_DATE_STRLEN];
    zt_json_object(w, ZT_JSON_INLINE);
    zt_json_urn(w, "school", sp->school);
    zt_json_kstr(w, "action_id", p->action_id);
    zt_json_kuint(w, "offer", p->offer);
    zt_json_kstr(w, "lead", p->lead);
    zt_json_kstr(w, "start", zt_date_format(p->start, d));
    zt_json_kstr(w, "review", zt_date_format(p->review, d));
    zt_json_kstr(w, "status", zt_vocab_text(&zt_vocab_plan_status, (int)p->status));
    zt_json_kstr(w, "outcome", p->outcome);
    zt_json_end(w);
}

void zt_json_stage(struct zt_json *w, const Zt__StageStep *st)
{
    char d[ZT_DATE_STRLEN];
    zt_json_object(w, ZT_JSON_INLINE);
    zt_json_kuint(w, "alert", st->alert_seq);
    zt_json_kstr(w, "stage", zt_vocab_text(&zt_vocab_stage, (int)st->stage));
    zt_json_kstr(w, "date", zt_date_format(st->date, d));
    zt_json_kstr(w, "reason", st->reason);
    zt_json_end(w);
}

void zt_json_plans(struct zt_json *w, Zt__SchoolPlan *const *plans, size_t n, enum zt_json_layout layout)
{
    zt_json_key(w, "plans");
    zt_json_array(w, layout);
    for (size_t i = 0; i < n; i++)
        zt_json_plan(w, plans[i]);
    zt_json_end(w);
}

void zt_json_stages(struct zt_json *w, Zt__StageStep *const *stages, size_t n, enum zt_json_layout layout)
{
    zt_json_key(w, "stages");
    zt_json_array(w, layout);
    for (size_t i = 0; i < n; i++)
        zt_json_stage(w, stages[i]);
    zt_json_end(w);
}
