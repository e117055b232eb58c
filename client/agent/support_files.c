#include "support_files.h"

#include <string.h>

#include "family_id.h"
#include "fields.h"
#include "support_codes.h"

static char *copy_field(struct zt_support_files *f, struct zt_field x)
{
    return zt_arena_strndup(&f->arena, x.s, x.len);
}

/* Optional free text of at most max bytes: NULL when empty. */
static int opt_text(struct zt_support_files *f, struct zt_field x, const char *name, size_t max, char **out,
                    char *why)
{
    *out = NULL;
    if (!x.len)
        return 0;
    if (zt_field_text(x, name, max, why))
        return -1;
    *out = copy_field(f, x);
    return 0;
}

static int parse_roles(struct zt_field x, uint32_t *bits, char *why)
{
    const char *bad;
    size_t badlen;
    if (zt_vocab_bits_parse(&zt_vocab_role, x.s, x.len, bits, &bad, &badlen) == 0)
        return 0;
    char list[256];
    return zt_why(why, "field 'attended': '%.*s' is not one of %s", (int)(badlen > 24 ? 24 : badlen), bad,
                  zt_vocab_list(&zt_vocab_role, list, sizeof list));
}

/* --- meetings.csv -------------------------------------------------------------- */

enum { M_ID, M_UPN, M_INVITED, M_HELD, M_ATTENDED, M_ACTIONS, M_COVERS, M_NCOLS };
static const char *const meeting_cols[M_NCOLS] = {"meeting_id", "upn", "invited", "held", "attended", "actions",
                                                  "covers"};

/* covers: the UPNs of the family's other children the meeting served
 * (common/family_id.h). They may be at other schools: only their form is
 * checked here, their family by the zone. */
static int parse_covers(struct zt_support_files *f, struct zt_field x, Zt__MeetingRow *m, char *why)
{
    struct zt_span span[ZT_COVERS_MAX];
    int n = zt_covers_split(x.s, x.len, span, why, ZT_WHY_MAX);
    if (n <= 0)
        return n;
    if (!(m->covers = zt_arena_alloc(&f->arena, (size_t)n * sizeof *m->covers)))
        return zt_why(why, "out of memory");
    for (int i = 0; i < n; i++)
        if (!(m->covers[i] = zt_arena_strndup(&f->arena, x.s + span[i].start, span[i].len)))
            return zt_why(why, "out of memory");
    m->n_covers = (size_t)n;
    return 0;
}

static int parse_meeting(struct zt_support_files *f, const struct zt_reader *r, Zt__MeetingRow *m, char *why)
{
    uint32_t pupil;
    zt__meeting_row__init(m);
    struct zt_field held = zt_reader_field(r, M_HELD);
    if (zt_field_text(zt_reader_field(r, M_ID), "meeting_id", 32, why) ||
        zt_field_on_roll(f->roll, zt_reader_field(r, M_UPN), &pupil, why) ||
        zt_field_date(zt_reader_field(r, M_INVITED), "invited", &m->invited, why) ||
        (held.len && zt_field_date(held, "held", &m->held, why)) ||
        parse_roles(zt_reader_field(r, M_ATTENDED), &m->attended, why) ||
        opt_text(f, zt_reader_field(r, M_ACTIONS), "actions", 200, &m->actions, why) ||
        parse_covers(f, zt_reader_field(r, M_COVERS), m, why))
        return -1;
    m->has_held = held.len != 0;
    if (m->has_held && m->held < m->invited)
        return zt_why(why, "field 'held': a meeting is held on or after the day it was invited to");
    if (m->has_held && !m->attended)
        return zt_why(why, "field 'attended' is empty: a held meeting names who attended");
    m->meeting_id = copy_field(f, zt_reader_field(r, M_ID));
    m->upn = f->roll->pupils[pupil].row.upn;
    return 0;
}

/* --- support.csv ---------------------------------------------------------------- */

enum { S_ID, S_UPN, S_OFFER, S_LEAD, S_START, S_REVIEW, S_OUTCOME, S_STATUS, S_MEETING, S_NCOLS };
static const char *const plan_cols[S_NCOLS] = {"action_id", "upn", "offer", "lead", "start",
                                               "review", "outcome", "status", "meeting_id"};

static int parse_plan(struct zt_support_files *f, const struct zt_reader *r, Zt__PlanRow *p, char *why)
{
    uint32_t pupil;
    zt__plan_row__init(p);
    if (zt_field_text(zt_reader_field(r, S_ID), "action_id", 32, why) ||
        zt_field_on_roll(f->roll, zt_reader_field(r, S_UPN), &pupil, why) ||
        zt_field_uint(zt_reader_field(r, S_OFFER), "offer", 1, 999999, &p->offer, why) ||
        zt_field_text(zt_reader_field(r, S_LEAD), "lead", 48, why) ||
        zt_field_date(zt_reader_field(r, S_START), "start", &p->start, why) ||
        zt_field_date(zt_reader_field(r, S_REVIEW), "review", &p->review, why) ||
        zt_field_text(zt_reader_field(r, S_OUTCOME), "outcome", 120, why) ||
        zt_field_vocab(zt_reader_field(r, S_STATUS), "status", &zt_vocab_plan_status, 0, &p->status, why) ||
        opt_text(f, zt_reader_field(r, S_MEETING), "meeting_id", 32, &p->meeting_id, why))
        return -1;
    if (p->review < p->start)
        return zt_why(why, "field 'review': the review is due on or after the start");
    p->action_id = copy_field(f, zt_reader_field(r, S_ID));
    p->lead = copy_field(f, zt_reader_field(r, S_LEAD));
    p->outcome = copy_field(f, zt_reader_field(r, S_OUTCOME));
    p->upn = f->roll->pupils[pupil].row.upn;
    return 0;
}

/* --- both ------------------------------------------------------------------------ */

static void read_meetings(struct zt_support_files *f, const struct zt_rows *rows, const char *dir)
{
    struct zt_reader r;
    if (zt_reader_open(&r, rows, dir, "meetings.csv", meeting_cols, M_NCOLS, M_HELD))
        return;
    char why[ZT_WHY_MAX];
    while (zt_reader_next(&r)) {
        Zt__MeetingRow *m = zt_arena_alloc(&f->arena, sizeof *m);
        size_t cap = f->cap_meetings;
        if (!m || !(f->meetings = zt_arena_grow(&f->arena, f->meetings, f->nmeetings, &f->cap_meetings, sizeof *f->meetings)) ||
            !(f->meeting_lines = zt_arena_grow(&f->arena, f->meeting_lines, f->nmeetings, &cap, sizeof *f->meeting_lines)))
            break;
        if (parse_meeting(f, &r, m, why)) {
            zt_rows_reject(rows, r.file, r.csv.line, why);
            continue;
        }
        f->meeting_lines[f->nmeetings] = r.csv.line;
        f->meetings[f->nmeetings++] = m;
    }
    zt_csv_close(&r.csv);
}

static void read_plans(struct zt_support_files *f, const struct zt_rows *rows, const char *dir)
{
    struct zt_reader r;
    if (zt_reader_open(&r, rows, dir, "support.csv", plan_cols, S_NCOLS, S_MEETING))
        return;
    char why[ZT_WHY_MAX];
    while (zt_reader_next(&r)) {
        Zt__PlanRow *p = zt_arena_alloc(&f->arena, sizeof *p);
        size_t cap = f->cap_plans;
        if (!p || !(f->plans = zt_arena_grow(&f->arena, f->plans, f->nplans, &f->cap_plans, sizeof *f->plans)) ||
            !(f->plan_lines = zt_arena_grow(&f->arena, f->plan_lines, f->nplans, &cap, sizeof *f->plan_lines)))
            break;
        if (parse_plan(f, &r, p, why)) {
            zt_rows_reject(rows, r.file, r.csv.line, why);
            continue;
        }
        f->plan_lines[f->nplans] = r.csv.line;
        f->plans[f->nplans++] = p;
    }
    zt_csv_close(&r.csv);
}

void zt_support_files_read(struct zt_support_files *f, const char *dir, const struct zt_export *roll,
                           FILE *report)
{
    memset(f, 0, sizeof *f);
    f->roll = roll;
    int meetings = zt_snapshot_holds(NULL, dir, "meetings.csv");
    int plans = zt_snapshot_holds(NULL, dir, "support.csv");
    f->present = meetings + plans;
    if (!f->present)
        return;
    struct zt_rows rows = {report, &f->read, &f->rejected, &f->failed_files, NULL, NULL};
    if (meetings)
        read_meetings(f, &rows, dir);
    if (plans)
        read_plans(f, &rows, dir);
    zt_export_report_unread(f->roll, report);
}

void zt_support_files_free(struct zt_support_files *f)
{
    zt_arena_free(&f->arena);
    memset(f, 0, sizeof *f);
}
