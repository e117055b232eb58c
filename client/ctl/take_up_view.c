#include "take_up_view.h"

#include <math.h>

#include "gaps_view.h"
#include "json.h"

int zt_take_up_supplied(const Zt__GapsReply *r)
{
    for (size_t i = 0; i < r->n_scopes; i++)
        if (r->scopes[i]->fsm_take_up && r->scopes[i]->fsm_take_up->schools_supplying)
            return 1;
    return 0;
}

double zt_take_up_pct(const Zt__FsmTakeUp *t)
{
    if (!t || !t->has_eligible || !t->has_not_registered || !t->eligible)
        return NAN;
    return 100.0 * t->not_registered / t->eligible;
}

static void scope_label(FILE *out, const Zt__GapScope *s)
{
    char buf[80];
    if (s->level == ZT__GAP_LEVEL__GAP_LEVEL_SCHOOL)
        snprintf(buf, sizeof buf, "%06u %s", s->school, s->name ? s->name : "");
    else
        snprintf(buf, sizeof buf, "%s", s->level == ZT__GAP_LEVEL__GAP_LEVEL_CLUSTER ? s->name : "");
    fprintf(out, "%-8s %-34s", zt_gap_level_name(s->level), buf);
}

void zt_take_up_table(FILE *out, const Zt__GapsReply *r, int level)
{
    if (!zt_take_up_supplied(r)) {
        fprintf(out, "Free school meals take-up: %s.\n", ZT_TAKE_UP_NONE);
        return;
    }
    fprintf(out, "Free school meals take-up: pupils entitled (fsm_eligible Y) but not registered (fsm N),\n"
                 "from the schools that supply fsm_eligible; suppressed (-) as the gaps are.\n"
                 "%-8s %-34s %7s %8s %14s %6s\n",
            "level", "scope", "schools", "eligible", "not registered", "%");
    for (size_t i = 0; i < r->n_scopes; i++) {
        const Zt__GapScope *s = r->scopes[i];
        const Zt__FsmTakeUp *t = s->fsm_take_up;
        if ((level >= 0 && (int)s->level != level) || !t)
            continue;
        scope_label(out, s);
        if (!t->schools_supplying) {
            fprintf(out, " %7s  %s\n", "-", ZT_TAKE_UP_NONE);
            continue;
        }
        fprintf(out, " %7u", t->schools_supplying);
        t->has_eligible ? fprintf(out, " %8u", t->eligible) : fprintf(out, " %8s", "-");
        t->has_not_registered ? fprintf(out, " %14u", t->not_registered) : fprintf(out, " %14s", "-");
        double pct = zt_take_up_pct(t);
        isnan(pct) ? fprintf(out, " %6s\n", "-") : fprintf(out, " %6.1f\n", pct);
    }
}

void zt_take_up_json(struct zt_json *w, const Zt__GapScope *s)
{
    const Zt__FsmTakeUp *t = s->fsm_take_up;
    zt_json_key(w, "fsm_take_up");
    if (!t) {
        zt_json_null(w);
        return;
    }
    zt_json_object(w, ZT_JSON_INLINE);
    zt_json_kuint(w, "schools_supplying", t->schools_supplying);
    if (!t->schools_supplying) {
        zt_json_kstr(w, "note", ZT_TAKE_UP_NONE);
        zt_json_end(w);
        return;
    }
    zt_json_kbool(w, "suppressed", !(t->has_eligible && t->has_not_registered));
    zt_json_key(w, "eligible");
    t->has_eligible ? zt_json_uint(w, t->eligible) : zt_json_null(w);
    zt_json_key(w, "not_registered");
    t->has_not_registered ? zt_json_uint(w, t->not_registered) : zt_json_null(w);
    zt_json_knum(w, "not_registered_pct", zt_take_up_pct(t), 2); /* null when suppressed */
    zt_json_end(w);
}
