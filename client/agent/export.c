#include "export.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "date.h"
#include "export_ctf.h"
#include "family_id.h"
#include "fields.h"
#include "grow.h"
#include "hash.h"
#include "log.h"

/* One open export file, and the export its rows go into. */
struct reader {
    struct zt_reader in;
    struct zt_export *e;
    char date_text[ZT_DATE_STRLEN]; /* a mark row's date as read ("" before the first) */
    int32_t date;                   /* and as parsed */
};

/* One run reads one school's export, in one layout. */
static const struct zt_mapping *school_mapping;

void zt_export_set_mapping(const struct zt_mapping *m)
{
    school_mapping = m;
}

static struct zt_rows rows_of(struct zt_export *e)
{
    return (struct zt_rows){e->report, &e->read, &e->rejected, &e->failed_files, e->snap, school_mapping};
}

static void report_reject(struct zt_export *e, const char *file, unsigned line, const char *why)
{
    struct zt_rows rows = rows_of(e);
    zt_rows_reject(&rows, file, line, why);
}

void zt_export_reject(struct zt_export *e, const char *file, unsigned line, uint32_t rows, const char *why)
{
    report_reject(e, file, line, why); /* one line for the rows, counted once */
    e->rejected += rows - 1;
    e->read += rows;
}

/* With CTF files, pupils.csv, attendance.csv and assessments.csv are
 * optional: the CTF gives what they would. */
static int wanted(const struct zt_export *e, const char *dir, const char *file)
{
    return e->nctf == 0 || zt_snapshot_holds(e->snap, dir, file);
}

static struct zt_field field(const struct reader *r, int i)
{
    return zt_reader_field(&r->in, i);
}

static int open_file(struct reader *r, struct zt_export *e, const char *dir, const char *file,
                     const char *const *names, int ncols, int nrequired)
{
    struct zt_rows rows = rows_of(e);
    r->e = e;
    memset(r->date_text, 0, sizeof r->date_text);
    return zt_reader_open(&r->in, &rows, dir, file, names, ncols, nrequired);
}

/* Days as a decimal with at most two places, in hundredths. */
static int parse_days(struct zt_field f, uint32_t *out, char *why)
{
    uint32_t whole = 0, frac = 0;
    size_t i = 0;
    int places = 0;
    for (; i < f.len && f.s[i] >= '0' && f.s[i] <= '9' && whole < 1000; i++)
        whole = whole * 10 + (uint32_t)(f.s[i] - '0');
    if (i < f.len && f.s[i] == '.')
        for (i++; i < f.len && f.s[i] >= '0' && f.s[i] <= '9' && places < 2; i++, places++)
            frac = frac * 10 + (uint32_t)(f.s[i] - '0');
    if (i != f.len || f.len == 0 || whole > 365)
        return zt_why(why, "field 'days': '%.*s' must be a number of days like 1, 0.5 or 2.5",
                       (int)(f.len > 12 ? 12 : f.len), f.s);
    *out = whole * 100 + (places == 1 ? frac * 10 : frac);
    return 0;
}

/* --- pupils.csv ------------------------------------------------------------ */

enum { P_UPN, P_YEAR, P_GENDER, P_ENTRY, P_FSM, P_EVER6, P_CIC, P_SEN, P_EAL, P_ETHNICITY, P_GIFTED,
       P_NAME, P_IDACI, P_FAMILY, P_FSM_ELIGIBLE, P_NCOLS };
static const char *const pupil_cols[P_NCOLS] = {
    "upn", "year_group", "gender", "entry_date", "fsm", "ever6", "cic", "sen", "eal", "ethnicity",
    "gifted", "name", "idaci_decile", "family_id", "fsm_eligible"};

static int parse_pupil(struct reader *r, struct zt_export_pupil *p, char *why)
{
    Zt__PupilRow *row = &p->row;
    zt__pupil_row__init(row);
    struct zt_field f = field(r, P_UPN);
    if (zt_field_upn(f, why) ||
        zt_field_vocab(field(r, P_YEAR), "year_group", &zt_vocab_year, 0, &row->year_group, why) ||
        zt_field_vocab(field(r, P_GENDER), "gender", &zt_vocab_gender, 0, &row->gender, why) ||
        zt_field_date(field(r, P_ENTRY), "entry_date", &row->entry_date, why) ||
        zt_field_yn(field(r, P_FSM), "fsm", &row->has_fsm, &row->fsm, why) ||
        zt_field_yn(field(r, P_FSM_ELIGIBLE), "fsm_eligible", &row->has_fsm_eligible, &row->fsm_eligible, why) ||
        zt_field_yn(field(r, P_EVER6), "ever6", &row->has_ever6, &row->ever6, why) ||
        zt_field_yn(field(r, P_CIC), "cic", &row->has_cic, &row->cic, why) ||
        zt_field_vocab(field(r, P_SEN), "sen", &zt_vocab_sen, 1, &row->sen, why) ||
        zt_field_yn(field(r, P_EAL), "eal", &row->has_eal, &row->eal, why) ||
        zt_field_vocab(field(r, P_ETHNICITY), "ethnicity", &zt_vocab_ethnicity, 1, &row->ethnicity, why) ||
        zt_field_yn(field(r, P_GIFTED), "gifted", &row->has_gifted, &row->gifted, why))
        return -1;
    row->has_sen = row->sen != 0;
    row->has_ethnicity = row->ethnicity != 0;
    struct zt_field idaci = field(r, P_IDACI);
    if (idaci.len) {
        if (zt_field_uint(idaci, "idaci_decile", 1, 10, &row->idaci_decile, why))
            return -1;
        row->has_idaci_decile = 1;
    }
    struct zt_field family = field(r, P_FAMILY);
    if (family.len) {
        const char *bad = zt_family_id_invalid(family.s, family.len);
        if (bad)
            return zt_why(why, "field 'family_id': %s", bad);
        if (!(row->family_id = zt_arena_strndup(&r->e->arena, family.s, family.len)))
            return zt_why(why, "out of memory");
    }
    struct zt_field name = field(r, P_NAME);
    row->upn = zt_arena_strndup(&r->e->arena, f.s, f.len);
    p->name = zt_arena_strndup(&r->e->arena, name.s, name.len);
    p->file = "pupils.csv";
    p->line = r->in.csv.line;
    return row->upn && p->name ? 0 : zt_why(why, "out of memory");
}

/* By UPN; a CTF's row before pupils.csv's (the CTF gives what it holds). */
static int cmp_pupil(const void *a, const void *b)
{
    const struct zt_export_pupil *x = a, *y = b;
    int c = strcmp(x->row.upn, y->row.upn);
    if (c)
        return c;
    int xcsv = strcmp(x->file, "pupils.csv") == 0, ycsv = strcmp(y->file, "pupils.csv") == 0;
    if (xcsv != ycsv)
        return xcsv - ycsv;
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

static size_t upn_slot(const char *upn, size_t mask)
{
    return (size_t)zt_hash64(upn, ZT_UPN_LEN) & mask;
}

/* Every row of every file names its pupil: a hash look-up each, not a
 * binary search (which was a third of a big load's parsing). Without the
 * memory, zt_export_find searches. */
static void index_pupils(struct zt_export *e)
{
    free(e->pupil_index);
    e->pupil_index = NULL;
    size_t cap = 64;
    while (cap < 2 * e->npupils)
        cap *= 2;
    uint32_t *idx = calloc(cap, sizeof *idx);
    if (!idx)
        return;
    for (size_t i = 0; i < e->npupils; i++) {
        size_t j = upn_slot(e->pupils[i].row.upn, cap - 1);
        while (idx[j])
            j = (j + 1) & (cap - 1);
        idx[j] = (uint32_t)i + 1;
    }
    e->pupil_index = idx;
    e->pupil_index_cap = cap;
    e->pupil_index_of = e->npupils;
}

/* Sorts the roll by UPN and drops repeats of a UPN, reporting them. */
static void dedupe_pupils(struct zt_export *e)
{
    if (e->npupils)
        qsort(e->pupils, e->npupils, sizeof *e->pupils, cmp_pupil);
    size_t out = 0;
    for (size_t i = 0; i < e->npupils; i++) {
        const struct zt_export_pupil *first = &e->pupils[out - (out > 0)], *again = &e->pupils[i];
        if (out && strcmp(first->row.upn, again->row.upn) == 0) {
            char why[ZT_WHY_MAX];
            if (strcmp(first->file, again->file) == 0)
                snprintf(why, sizeof why, "field 'upn': %s is listed again (first on line %u)", again->row.upn,
                         first->line);
            else /* one pupil, two roll rows: which is the school's? */
                snprintf(why, sizeof why, "field 'upn': %s is also in %s (line %u): a pupil's roll row comes "
                         "from the CTF or from pupils.csv, not both", again->row.upn, first->file, first->line);
            report_reject(e, again->file, again->line, why);
            continue;
        }
        e->pupils[out++] = e->pupils[i];
    }
    e->npupils = out;
    index_pupils(e);
}

static int cmp_unread(const void *a, const void *b)
{
    return strcmp(((const struct zt_export_unread_pupil *)a)->upn, ((const struct zt_export_unread_pupil *)b)->upn);
}

/* A rejected pupils.csv row: whose it was, when its UPN can be read (the
 * rows that name nobody are counted in roll_unknown at the end). */
static void note_unread(struct reader *r);

/* A row of the school's report with a value the mapping does not know: the
 * pupil is still on the roll, as for any rejected pupils.csv row. */
static void on_unmapped(struct zt_reader *in, void *ctx)
{
    (void)in;
    note_unread(ctx);
}

static void note_unread(struct reader *r)
{
    struct zt_field f = field(r, P_UPN);
    char why[ZT_WHY_MAX], upn[ZT_UPN_LEN + 1];
    if (zt_field_upn(f, why))
        return;
    memcpy(upn, f.s, ZT_UPN_LEN);
    upn[ZT_UPN_LEN] = '\0';
    zt_export_add_unread(r->e, upn, r->in.csv.line);
}

int zt_export_add_unread(struct zt_export *e, const char *upn, unsigned line)
{
    if (zt_grow(&e->unread, e->nunread, &e->cap_unread, sizeof *e->unread, 16))
        return -1;
    struct zt_export_unread_pupil *u = &e->unread[e->nunread++];
    snprintf(u->upn, sizeof u->upn, "%s", upn);
    u->line = line;
    u->skipped = 0;
    return 0;
}

struct zt_export_pupil *zt_export_add_pupil(struct zt_export *e)
{
    if (zt_grow(&e->pupils, e->npupils, &e->cap_pupils, sizeof *e->pupils, 256))
        return NULL;
    struct zt_export_pupil *p = &e->pupils[e->npupils++];
    memset(p, 0, sizeof *p);
    return p;
}

static int read_pupils_csv(struct zt_export *e, const char *dir)
{
    struct reader r;
    if (open_file(&r, e, dir, "pupils.csv", pupil_cols, P_NCOLS, P_NAME))
        return -1;
    uint32_t rejected = e->rejected, unread = (uint32_t)e->nunread;
    r.in.unmapped = on_unmapped;
    r.in.unmapped_ctx = &r;
    while (zt_reader_next(&r.in)) {
        struct zt_export_pupil *p = zt_export_add_pupil(e);
        if (!p) { /* a partial roll must never pass for the whole one */
            zt_err("pupils.csv: out of memory");
            e->failed_files++;
            zt_csv_close(&r.in.csv);
            return -1;
        }
        char why[ZT_WHY_MAX];
        if (parse_pupil(&r, p, why)) {
            e->npupils--;
            report_reject(e, r.in.file, r.in.csv.line, why);
            note_unread(&r);
        }
    }
    /* malformed rows, rejected as they were read, name nobody either */
    e->roll_unknown += e->rejected - rejected - ((uint32_t)e->nunread - unread);
    zt_csv_close(&r.in.csv);
    return 0;
}

/* The roll: pupils.csv's rows after any CTF's (without pupils.csv beside a
 * CTF, the CTF gives it all), sorted and checked for repeats. */
static int read_pupils(struct zt_export *e, const char *dir)
{
    if (wanted(e, dir, "pupils.csv") && read_pupils_csv(e, dir))
        return -1;
    dedupe_pupils(e);
    if (e->nunread)
        qsort(e->unread, e->nunread, sizeof *e->unread, cmp_unread);
    return 0;
}

struct zt_export_unread_pupil *zt_export_unread(const struct zt_export *e, const char *upn)
{
    struct zt_export_unread_pupil key;
    snprintf(key.upn, sizeof key.upn, "%s", upn);
    return e->nunread ? bsearch(&key, e->unread, e->nunread, sizeof *e->unread, cmp_unread) : NULL;
}

int zt_export_listed(const struct zt_export *e, const char *upn)
{
    return zt_export_find(e, upn) >= 0 || zt_export_unread(e, upn) != NULL;
}

void zt_export_report_unread(const struct zt_export *e, FILE *report)
{
    for (size_t i = 0; i < e->nunread; i++) {
        struct zt_export_unread_pupil *u = &e->unread[i];
        if (u->skipped && report)
            fprintf(report, "%u row%s for %s skipped: its pupils.csv row %u was rejected\n", u->skipped,
                    u->skipped == 1 ? "" : "s", u->upn, u->line);
        u->skipped = 0;
    }
}

long zt_export_find(const struct zt_export *e, const char *upn)
{
    if (e->pupil_index && e->pupil_index_of == e->npupils && strlen(upn) == ZT_UPN_LEN) {
        size_t mask = e->pupil_index_cap - 1;
        for (size_t j = upn_slot(upn, mask); e->pupil_index[j]; j = (j + 1) & mask) {
            size_t i = e->pupil_index[j] - 1;
            if (!memcmp(e->pupils[i].row.upn, upn, ZT_UPN_LEN + 1))
                return (long)i;
        }
        return -1;
    }
    size_t lo = 0, hi = e->npupils;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(e->pupils[mid].row.upn, upn);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* --- attendance.csv: marks gathered into pupil-months ------------------------ */

static uint64_t month_key(uint32_t pupil, uint32_t month)
{
    return ((uint64_t)pupil << 16 | month) + 1; /* never 0: 0 marks an empty slot */
}

static int index_grow(struct zt_export *e);

const struct zt_export_month *zt_export_month_of(const struct zt_export *e, uint32_t pupil, uint32_t month)
{
    uint64_t key = month_key(pupil, month);
    if (!e->month_index_cap) { /* the push sorted the months by pupil and month, and dropped the index */
        size_t lo = 0, hi = e->nmonths;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            uint64_t k = month_key(e->months[mid].pupil, e->months[mid].month);
            if (k == key)
                return &e->months[mid];
            if (k < key)
                lo = mid + 1;
            else
                hi = mid;
        }
        return NULL;
    }
    size_t mask = e->month_index_cap - 1, i = (size_t)(key * 0x9E3779B97F4A7C15ull >> 20) & mask;
    for (; e->month_index[2 * i]; i = (i + 1) & mask)
        if (e->month_index[2 * i] == key)
            return &e->months[e->month_index[2 * i + 1]];
    return NULL;
}

/* Notes the key field a rejected row of kind named (empty: none). */
static void note_bad(struct zt_export *e, int kind, struct zt_field key)
{
    struct zt_export_bad *b = &e->bad[kind];
    const char *k = key.len ? zt_arena_strndup(&e->arena, key.s, key.len) : NULL;
    if (!k || zt_grow(&b->keys, b->n, &b->cap, sizeof *b->keys, 16))
        b->unkeyed++;
    else
        b->keys[b->n++] = k;
}

int zt_export_bad_key(const struct zt_export *e, int kind, const char *key)
{
    const struct zt_export_bad *b = &e->bad[kind];
    for (size_t i = 0; i < b->n; i++)
        if (!strcmp(b->keys[i], key))
            return 1;
    return 0;
}

static struct zt_export_month *month_slot(struct zt_export *e, uint32_t pupil, uint32_t month,
                                          unsigned line)
{
    if ((e->nmonths + 1) * 2 > e->month_index_cap && index_grow(e))
        return NULL;
    uint64_t key = month_key(pupil, month);
    size_t mask = e->month_index_cap - 1, i = (size_t)(key * 0x9E3779B97F4A7C15ull >> 20) & mask;
    while (e->month_index[2 * i]) {
        if (e->month_index[2 * i] == key)
            return &e->months[e->month_index[2 * i + 1]];
        i = (i + 1) & mask;
    }
    if (ZT_GROW(e->months, e->nmonths, e->cap_months, 1024))
        return NULL;
    struct zt_export_month *m = &e->months[e->nmonths];
    memset(m, 0, sizeof *m);
    m->pupil = pupil;
    m->month = month;
    m->first_line = line;
    e->month_index[2 * i] = key;
    e->month_index[2 * i + 1] = e->nmonths++;
    return m;
}

static int index_grow(struct zt_export *e)
{
    size_t cap = e->month_index_cap ? e->month_index_cap * 2 : 4096;
    uint64_t *idx = calloc(cap * 2, sizeof *idx);
    if (!idx)
        return -1;
    uint64_t *old = e->month_index;
    size_t oldcap = e->month_index_cap;
    e->month_index = idx;
    e->month_index_cap = cap;
    for (size_t i = 0; i < oldcap; i++) {
        if (!old[2 * i])
            continue;
        size_t j = (size_t)(old[2 * i] * 0x9E3779B97F4A7C15ull >> 20) & (cap - 1);
        while (idx[2 * j])
            j = (j + 1) & (cap - 1);
        idx[2 * j] = old[2 * i];
        idx[2 * j + 1] = old[2 * i + 1];
    }
    free(old);
    return 0;
}

enum { A_UPN, A_DATE, A_SESSION, A_CODE, A_NCOLS };
static const char *const att_cols[A_NCOLS] = {"upn", "date", "session", "code"};

/* The date of a mark row: the row before's when its text is the same (a
 * file's marks come date by date). */
static int mark_date(struct reader *r, int32_t *date, char *why)
{
    struct zt_field f = field(r, A_DATE);
    if (f.len == ZT_DATE_STRLEN - 1 && !memcmp(f.s, r->date_text, f.len)) {
        *date = r->date;
        return 0;
    }
    if (zt_field_date(f, "date", date, why))
        return -1;
    memcpy(r->date_text, f.s, f.len); /* a date is ZT_DATE_STRLEN - 1 long */
    r->date = *date;
    return 0;
}

static int parse_mark(struct reader *r, char *why)
{
    struct zt_export *e = r->e;
    uint32_t pupil, session;
    int32_t date;
    if (zt_field_on_roll(e, field(r, A_UPN), &pupil, why) || mark_date(r, &date, why) ||
        zt_field_vocab(field(r, A_SESSION), "session", &zt_vocab_session, 0, &session, why))
        return -1;
    struct zt_field c = field(r, A_CODE);
    int code = zt_mark_parse(c.s, c.len);
    if (!code)
        return zt_why(why, "field 'code': '%.*s' is not a national register code", (int)(c.len > 8 ? 8 : c.len),
                       c.s);
    return zt_export_put_mark(e, pupil, date, session, code, r->in.csv.line) ? zt_why(why, "out of memory") : 0;
}

int zt_export_put_mark(struct zt_export *e, uint32_t pupil, int32_t date, uint32_t session, int code,
                       unsigned line)
{
    if (e->mark_day.date != date || !e->mark_day.day) {
        int y, m;
        zt_date_to_ymd(date, &y, &m, &e->mark_day.day);
        e->mark_day.date = date;
        e->mark_day.month = zt_date_month_index(date);
    }
    struct zt_export_month *mo = month_slot(e, pupil, (uint32_t)e->mark_day.month, line);
    if (!mo)
        return -1;
    uint8_t *slot = &mo->codes[2 * (e->mark_day.day - 1) + (session == ZT_SESSION_PM)];
    if (*slot)
        e->superseded++; /* a later mark for the same session replaces the earlier */
    else
        mo->marks++;
    *slot = (uint8_t)code;
    return 0;
}

static void read_attendance(struct zt_export *e, const char *dir)
{
    struct reader r;
    if (!wanted(e, dir, "attendance.csv") || open_file(&r, e, dir, "attendance.csv", att_cols, A_NCOLS, A_NCOLS))
        return;
    e->files_read |= 1u << ZT_SYNC_ATTENDANCE;
    char why[ZT_WHY_MAX];
    while (zt_reader_next(&r.in))
        if (parse_mark(&r, why)) {
            note_bad(e, ZT_SYNC_ATTENDANCE, field(&r, A_UPN));
            report_reject(e, r.in.file, r.in.csv.line, why);
        }
    zt_csv_close(&r.in.csv);
}

/* --- behaviour.csv, assessments.csv, health.csv ------------------------------ */

static struct zt_export_record *add_record(struct zt_export_record **list, size_t *n, size_t *cap)
{
    if (ZT_GROW(*list, *n, *cap, 256))
        return NULL;
    struct zt_export_record *rec = &(*list)[(*n)++];
    memset(rec, 0, sizeof *rec);
    return rec;
}

static char *dup_field(struct reader *r, int i)
{
    struct zt_field f = field(r, i);
    return zt_arena_strndup(&r->e->arena, f.s, f.len);
}

enum { B_ID, B_UPN, B_DATE, B_CATEGORY, B_POINTS, B_ACTION, B_DAYS, B_NCOLS };
static const char *const beh_cols[B_NCOLS] = {"incident_id", "upn", "date", "category", "points", "action", "days"};

static int parse_behaviour(struct reader *r, struct zt_export_record *rec, char *why)
{
    Zt__BehaviourRow *b = &rec->u.behaviour;
    zt__behaviour_row__init(b);
    if (zt_field_text(field(r, B_ID), "incident_id", 32, why) || zt_field_on_roll(r->e, field(r, B_UPN), &rec->pupil, why) ||
        zt_field_date(field(r, B_DATE), "date", &b->date, why) ||
        zt_field_text(field(r, B_CATEGORY), "category", 32, why) ||
        zt_field_uint(field(r, B_POINTS), "points", 0, 100, &b->points, why) ||
        zt_field_vocab(field(r, B_ACTION), "action", &zt_vocab_action, 0, &b->action, why))
        return -1;
    struct zt_field days = field(r, B_DAYS);
    if (days.len) {
        if (b->action != ZT_ACTION_SUSPENSION)
            return zt_why(why, "field 'days' is only for a suspension (action is %s)",
                           zt_vocab_text(&zt_vocab_action, (int)b->action));
        if (parse_days(days, &b->days_x100, why))
            return -1;
        b->has_days_x100 = 1;
    }
    b->incident_id = dup_field(r, B_ID);
    b->category = dup_field(r, B_CATEGORY);
    b->upn = r->e->pupils[rec->pupil].row.upn;
    return 0;
}

enum { S_UPN, S_SUBJECT, S_DATE, S_STEP, S_NCOLS };
static const char *const assess_cols[S_NCOLS] = {"upn", "subject", "date", "step"};

static int parse_assessment(struct reader *r, struct zt_export_record *rec, char *why)
{
    Zt__AssessmentRow *a = &rec->u.assessment;
    zt__assessment_row__init(a);
    if (zt_field_on_roll(r->e, field(r, S_UPN), &rec->pupil, why) ||
        zt_field_vocab(field(r, S_SUBJECT), "subject", &zt_vocab_subject, 0, &a->subject, why) ||
        zt_field_date(field(r, S_DATE), "date", &a->date, why) ||
        zt_field_vocab(field(r, S_STEP), "step", &zt_vocab_step, 0, &a->step, why))
        return -1;
    a->upn = r->e->pupils[rec->pupil].row.upn;
    return 0;
}

enum { H_ID, H_UPN, H_DATE, H_KIND, H_SEVERITY, H_NCOLS };
static const char *const health_cols[H_NCOLS] = {"event_id", "upn", "date", "kind", "severity"};

static int parse_health(struct reader *r, struct zt_export_record *rec, char *why)
{
    Zt__HealthRow *h = &rec->u.health;
    zt__health_row__init(h);
    if (zt_field_text(field(r, H_ID), "event_id", 32, why) || zt_field_on_roll(r->e, field(r, H_UPN), &rec->pupil, why) ||
        zt_field_date(field(r, H_DATE), "date", &h->date, why) || zt_field_text(field(r, H_KIND), "kind", 32, why) ||
        zt_field_vocab(field(r, H_SEVERITY), "severity", &zt_vocab_severity, 0, &h->severity, why))
        return -1;
    h->event_id = dup_field(r, H_ID);
    h->kind = dup_field(r, H_KIND);
    h->upn = r->e->pupils[rec->pupil].row.upn;
    return 0;
}

typedef int (*record_parser)(struct reader *r, struct zt_export_record *rec, char *why);

/* kind (enum zt_sync_kind) and key_col, the column of the record's natural
 * key, say what a rejected row stands for. */
static void read_records(struct zt_export *e, const char *dir, const char *file, int kind, int key_col,
                         const char *const *cols, int ncols, int nrequired, record_parser parse,
                         struct zt_export_record **list, size_t *n, size_t *cap)
{
    struct reader r;
    if (open_file(&r, e, dir, file, cols, ncols, nrequired))
        return;
    e->files_read |= 1u << kind;
    char why[ZT_WHY_MAX];
    while (zt_reader_next(&r.in)) {
        struct zt_export_record *rec = add_record(list, n, cap);
        if (!rec) {
            zt_err("%s: out of memory; file not read whole", file);
            e->failed_files++;
            break;
        }
        rec->line = r.in.csv.line;
        rec->file = file;
        if (parse(&r, rec, why)) {
            note_bad(e, kind, field(&r, key_col));
            report_reject(e, file, r.in.csv.line, why);
            (*n)--;
        }
    }
    zt_csv_close(&r.in.csv);
}

/* --- repeated keys ------------------------------------------------------------ */

/* A record's natural key (SPEC §3) as text, for spotting repeats. */
typedef void (*record_key_fn)(const struct zt_export_record *r, char *out, size_t size);

static void incident_key(const struct zt_export_record *r, char *out, size_t size)
{
    snprintf(out, size, "%s", r->u.behaviour.incident_id);
}

static void event_key(const struct zt_export_record *r, char *out, size_t size)
{
    snprintf(out, size, "%s", r->u.health.event_id);
}

static void assessment_key(const struct zt_export_record *r, char *out, size_t size)
{
    char d[ZT_DATE_STRLEN];
    snprintf(out, size, "%s %s %s", r->u.assessment.upn, zt_vocab_text(&zt_vocab_subject, (int)r->u.assessment.subject),
             zt_date_format(r->u.assessment.date, d));
}

struct keyed {
    char key[48];
    size_t index;
};

static int cmp_keyed(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* A key listed again in the same file is a bad row, as a repeated UPN in
 * pupils.csv is: sending both would make the zone's copy alternate between
 * them on every run. The first stays; order is kept. */
static void reject_repeats(struct zt_export *e, struct zt_export_record *list,
                           size_t *n, record_key_fn key, const char *field)
{
    struct keyed *k = malloc((*n + 1) * sizeof *k);
    char *repeat = calloc(*n + 1, 1);
    if (!k || !repeat) {
        free(k), free(repeat);
        return;
    }
    for (size_t i = 0; i < *n; i++) {
        key(&list[i], k[i].key, sizeof k[i].key);
        k[i].index = i;
    }
    if (*n)
        qsort(k, *n, sizeof *k, cmp_keyed);
    for (size_t i = 1, head = 0; i < *n; i++) {
        if (strcmp(k[i].key, k[head].key) != 0) {
            head = i; /* sorted by key, then line: the head of a run is the first */
            continue;
        }
        char why[ZT_WHY_MAX];
        snprintf(why, sizeof why, "field '%s': %s is listed again (first on line %u)", field, k[i].key,
                 list[k[head].index].line);
        report_reject(e, list[k[i].index].file, list[k[i].index].line, why);
        repeat[k[i].index] = 1;
    }
    size_t out = 0;
    for (size_t i = 0; i < *n; i++)
        if (!repeat[i])
            list[out++] = list[i];
    *n = out;
    free(k);
    free(repeat);
}

int zt_export_read_roll(struct zt_export *e, const char *dir, FILE *report)
{
    memset(e, 0, sizeof *e);
    e->report = report;
    return zt_export_ctf_find(e, dir) || zt_export_ctf_roll(e, dir) || read_pupils(e, dir) ? -1 : 0;
}

int zt_export_read_roll_quietly(struct zt_export *e, const char *dir)
{
    FILE *devnull = fopen("/dev/null", "w");
    int rc = -1;
    if (devnull) {
        rc = zt_export_read_roll(e, dir, devnull);
        fclose(devnull);
    } else {
        memset(e, 0, sizeof *e);
    }
    e->report = NULL; /* devnull is gone */
    return rc;
}

/* --- leavers.csv (optional) ---------------------------------------------- */

enum { L_UPN, L_DATE, L_REASON, L_NCOLS };
static const char *const leaver_cols[L_NCOLS] = {"upn", "leaving_date", "reason"};

static int parse_leaver(struct reader *r, struct zt_export_leaver *l, char *why)
{
    Zt__Leaver *row = &l->row;
    zt__leaver__init(row);
    struct zt_field f = field(r, L_UPN);
    if (zt_field_upn(f, why) || zt_field_date(field(r, L_DATE), "leaving_date", &row->leaving_date, why) ||
        zt_field_vocab(field(r, L_REASON), "reason", &zt_vocab_leaving, 0, &row->reason, why))
        return -1;
    row->has_leaving_date = row->has_reason = 1;
    row->upn = zt_arena_strndup(&r->e->arena, f.s, f.len);
    if (!row->upn)
        return zt_why(why, "out of memory");
    if (zt_export_find(r->e, row->upn) >= 0)
        return zt_why(why, "field 'upn': %s is still on the roll (pupils.csv)", row->upn);
    l->line = r->in.csv.line;
    return 0;
}

static void read_leavers(struct zt_export *e, const char *dir)
{
    struct reader r;
    size_t cap = 0;
    if (!zt_snapshot_holds(e->snap, dir, "leavers.csv") || open_file(&r, e, dir, "leavers.csv", leaver_cols, L_NCOLS, L_NCOLS))
        return;
    char why[ZT_WHY_MAX];
    while (zt_reader_next(&r.in)) {
        if (ZT_GROW(e->leavers, e->nleavers, cap, 64)) {
            zt_err("leavers.csv: out of memory; file not read whole");
            e->failed_files++;
            break;
        }
        if (parse_leaver(&r, &e->leavers[e->nleavers], why))
            report_reject(e, r.in.file, r.in.csv.line, why);
        else
            e->nleavers++;
    }
    zt_csv_close(&r.in.csv);
}

int zt_export_read(struct zt_export *e, const char *dir, const struct zt_snapshot *snap, FILE *report)
{
    memset(e, 0, sizeof *e);
    e->report = report;
    e->snap = snap;
    size_t cap_behaviour = 0, cap_health = 0;
    if (zt_export_ctf_find(e, dir) || zt_export_ctf_roll(e, dir) || read_pupils(e, dir))
        return -1;
    if (zt_export_ctf_records(e, dir))
        return -1;
    read_attendance(e, dir);
    read_records(e, dir, "behaviour.csv", ZT_SYNC_BEHAVIOUR, B_ID, beh_cols, B_NCOLS, B_DAYS, parse_behaviour,
                 &e->behaviour, &e->nbehaviour, &cap_behaviour);
    reject_repeats(e, e->behaviour, &e->nbehaviour, incident_key, "incident_id");
    if (wanted(e, dir, "assessments.csv"))
        read_records(e, dir, "assessments.csv", ZT_SYNC_ASSESSMENT, S_UPN, assess_cols, S_NCOLS, S_NCOLS,
                     parse_assessment, &e->assessments, &e->nassessments, &e->cap_assessments);
    reject_repeats(e, e->assessments, &e->nassessments, assessment_key, "upn, subject, date");
    read_records(e, dir, "health.csv", ZT_SYNC_HEALTH, H_ID, health_cols, H_NCOLS, H_NCOLS, parse_health, &e->health,
                 &e->nhealth, &cap_health);
    reject_repeats(e, e->health, &e->nhealth, event_key, "event_id");
    read_leavers(e, dir);
    zt_export_report_unread(e, report);
    return 0;
}

struct zt_export_record *zt_export_add_assessment(struct zt_export *e)
{
    return add_record(&e->assessments, &e->nassessments, &e->cap_assessments);
}

void zt_export_free(struct zt_export *e)
{
    for (size_t i = 0; i < e->nctf; i++)
        free(e->ctf[i]);
    free(e->ctf), free(e->ctf_seen);
    zt_arena_free(&e->arena);
    free(e->pupils), free(e->pupil_index), free(e->months), free(e->month_index);
    free(e->behaviour), free(e->assessments), free(e->health), free(e->leavers), free(e->unread);
    for (int k = 0; k < ZT_SYNC_KINDS; k++)
        free(e->bad[k].keys);
    memset(e, 0, sizeof *e);
}
