#include "ctf.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <libxml/xmlreader.h>

#include "codes.h"
#include "upn.h"

#define PUPIL "/CTfile/CTFpupilData/Pupil"
#define TEXT_MAX 4096 /* the longest element text kept: a year of sessions is 732 */
#define PATH_MAX_DEPTH 16

/* One pupil's elements, kept until </Pupil> (the roll pass) or until their
 * own element closes (the records pass). */
struct pupil {
    char upn[32];
    int upn_ok;
    char forename[64], surname[64];
    unsigned line;
    char gender[8], year[8], ethnicity[8], sen[8], incare[8];
    char sen_provision[8], sen_end[16]; /* of the SEN entry being read */
    int fsm_now, fsm_six;
    char language[8]; /* of LanguageType F */
    zt_date entry, entry_last;
    /* the element being read inside a repeated container */
    char fsm_start[16], fsm_end[16];
    char lang_type[8], lang_code[8];
    char school_entry[16], school_leaving[16];
    char att_start[16];
    char subject[8], method[8], component[8], result[8], result_date[16], year_of[8];
    char bad[200]; /* the first unmappable element: the row is rejected */
};

struct ctf {
    xmlTextReaderPtr r;
    const char *name;
    int parts;
    const struct zt_ctf_sink *s;
    char path[512];
    size_t off[PATH_MAX_DEPTH + 1];
    int depth;
    char text[TEXT_MAX + 1];
    size_t tlen;
    int text_long;
    int header_seen, is_ctf, version_ok;
    char version[16];
    zt_date as_of; /* Header/DateTime: the day FSM "now" and "ever 6" are judged on */
    struct pupil p;
    char *err;
    size_t errlen;
    char xml_error[200];
    unsigned xml_line;
    int stop;
};

__attribute__((format(printf, 2, 3))) static void bad(struct ctf *c, const char *fmt, ...)
{
    if (c->p.bad[0])
        return; /* the first one names the row */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->p.bad, sizeof c->p.bad, fmt, ap);
    va_end(ap);
}

static int space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* The element's text without the white space around it. */
static void copy(char *dst, size_t size, const struct ctf *c)
{
    size_t a = 0, b = c->tlen;
    while (a < b && space(c->text[a]))
        a++;
    while (b > a && space(c->text[b - 1]))
        b--;
    snprintf(dst, size, "%.*s", (int)(b - a), c->text + a);
}

static int text_is(const struct ctf *c, const char *s)
{
    char t[64];
    copy(t, sizeof t, c);
    return strcmp(t, s) == 0;
}

/* --- the roll: characteristics mapped to pupils.csv's vocabulary ------------ */

static void map_vocab(struct ctf *c, const char *text, const char *element, const struct zt_vocab *v,
                      uint32_t *out)
{
    if (!text[0])
        return;
    *out = (uint32_t)zt_vocab_parse(v, text, strlen(text));
    if (!*out) {
        char list[256];
        bad(c, "element '%s': '%s' is not one of %s", element, text, zt_vocab_list(v, list, sizeof list));
    }
}

static void map_bool(struct ctf *c, const char *text, const char *element, protobuf_c_boolean *has,
                     protobuf_c_boolean *out)
{
    if (!text[0])
        return;
    *has = 1;
    if (strcmp(text, "true") == 0 || strcmp(text, "1") == 0)
        *out = 1;
    else if (strcmp(text, "false") == 0 || strcmp(text, "0") == 0)
        *out = 0;
    else
        bad(c, "element '%s': '%s' must be true or false", element, text);
}

/* FSM now: an FSMinstance covering as_of; ever 6: one that ran within the
 * six years before as_of (the pupil premium's Ever 6). */
static void end_fsm_instance(struct ctf *c)
{
    struct pupil *p = &c->p;
    zt_date start, end = 0;
    int open = !p->fsm_end[0];
    if (zt_date_parse(p->fsm_start, strlen(p->fsm_start), &start))
        bad(c, "element 'FSMstartDate': '%s' is not a date (YYYY-MM-DD)", p->fsm_start);
    else if (!open && zt_date_parse(p->fsm_end, strlen(p->fsm_end), &end))
        bad(c, "element 'FSMendDate': '%s' is not a date (YYYY-MM-DD)", p->fsm_end);
    else {
        int y, m, d;
        zt_date_to_ymd(c->as_of, &y, &m, &d);
        zt_date six_before = zt_date_from_ymd(y - 6, m, d > 28 && m == 2 ? 28 : d);
        if (start <= c->as_of && (open || end >= c->as_of))
            p->fsm_now = 1;
        if (start <= c->as_of && (open || end >= six_before))
            p->fsm_six = 1;
    }
    p->fsm_start[0] = p->fsm_end[0] = '\0';
}

/* First language (LanguageType F): English (ENG, or ENB "believed to be
 * English") is not EAL; NOT (not obtained) and REF (refused) are not known;
 * any other language code is EAL. */
static void end_language(struct ctf *c, Zt__PupilRow *row)
{
    struct pupil *p = &c->p;
    if (strcmp(p->lang_type, "F") != 0)
        return;
    const char *l = p->lang_code;
    size_t n = strlen(l);
    int code_like = n >= 3 && n <= 4;
    for (size_t i = 0; i < n; i++)
        code_like &= (l[i] >= 'A' && l[i] <= 'Z');
    if (!code_like) {
        bad(c, "element 'Language': '%s' is not a DfE language code", l);
        return;
    }
    if (strcmp(l, "NOT") == 0 || strcmp(l, "REF") == 0)
        return;
    row->has_eal = 1;
    row->eal = !(strcmp(l, "ENG") == 0 || strcmp(l, "ENB") == 0);
}

static void end_school(struct ctf *c)
{
    struct pupil *p = &c->p;
    zt_date d;
    if (p->school_entry[0] && zt_date_parse(p->school_entry, strlen(p->school_entry), &d))
        bad(c, "element 'EntryDate': '%s' is not a date (YYYY-MM-DD)", p->school_entry);
    else if (p->school_entry[0]) {
        p->entry_last = d;
        if (!p->school_leaving[0]) /* the school the pupil is at */
            p->entry = d;
    }
    p->school_entry[0] = p->school_leaving[0] = '\0';
}

/* SEN: the last entry listed that has not ended by the CTF's date; one
 * that has ended leaves the pupil without SEN provision. */
static void end_sen(struct ctf *c)
{
    struct pupil *p = &c->p;
    zt_date end;
    if (p->sen_end[0] && zt_date_parse(p->sen_end, strlen(p->sen_end), &end))
        bad(c, "element 'EndDate' (SEN): '%s' is not a date (YYYY-MM-DD)", p->sen_end);
    else if (!p->sen_end[0] || end >= c->as_of)
        memcpy(p->sen, p->sen_provision, sizeof p->sen);
    else if (!p->sen[0]) /* ended, with none current before it */
        memcpy(p->sen, "N", 2);
    p->sen_provision[0] = p->sen_end[0] = '\0';
}

static void emit_pupil(struct ctf *c)
{
    struct pupil *p = &c->p;
    struct zt_ctf_pupil out = {.line = p->line};
    Zt__PupilRow *row = &out.row;
    zt__pupil_row__init(row);
    const char *invalid = p->upn_ok ? NULL : zt_upn_invalid(p->upn, strlen(p->upn));
    char why[300], name[140];
    if (invalid) {
        snprintf(why, sizeof why, "pupil '%s': element 'UPN': %s", p->upn, invalid);
        c->s->reject(c->s->ctx, p->line, 1, why);
        if (c->s->unread(c->s->ctx, NULL, p->line)) /* on the roll, but whose? */
            c->stop = 1;
        return;
    }
    map_vocab(c, p->gender, "Sex", &zt_vocab_gender, &row->gender);
    if (!p->gender[0])
        bad(c, "element 'Sex' is missing");
    map_vocab(c, p->year, "NCyearActual", &zt_vocab_year, &row->year_group);
    if (!p->year[0])
        bad(c, "element 'NCyearActual' is missing");
    map_vocab(c, p->ethnicity, "Ethnicity", &zt_vocab_ethnicity, &row->ethnicity);
    map_vocab(c, p->sen, "SENprovision", &zt_vocab_sen, &row->sen);
    map_bool(c, p->incare, "InCare", &row->has_cic, &row->cic);
    /* a CTF lists the FSM history and the care of those who have one */
    row->has_fsm = row->has_ever6 = 1;
    row->fsm = p->fsm_now;
    row->ever6 = p->fsm_now || p->fsm_six;
    if (!p->incare[0])
        row->has_cic = 1, row->cic = 0;
    if (!p->sen[0])
        row->sen = (uint32_t)zt_vocab_parse(&zt_vocab_sen, "N", 1);
    row->has_sen = row->sen != 0;
    row->has_ethnicity = row->ethnicity != 0;
    row->entry_date = p->entry ? p->entry : p->entry_last;
    if (!row->entry_date)
        bad(c, "element 'EntryDate' (SchoolHistory) is missing");
    if (p->language[0] == 'Y' || p->language[0] == 'N')
        row->has_eal = 1, row->eal = p->language[0] == 'Y';
    if (p->bad[0]) {
        snprintf(why, sizeof why, "pupil %s: %s", p->upn, p->bad);
        c->s->reject(c->s->ctx, p->line, 1, why);
        if (c->s->unread(c->s->ctx, p->upn, p->line))
            c->stop = 1;
        return;
    }
    snprintf(name, sizeof name, "%s%s%s", p->forename, p->forename[0] && p->surname[0] ? " " : "", p->surname);
    row->upn = p->upn;
    out.name = name;
    if (c->s->pupil(c->s->ctx, &out))
        c->stop = 1;
}

/* --- the records: session marks and teacher assessments ---------------------- */

/* SessionAttendance: two characters a calendar day (AM, PM) from
 * AttendStartDate, weekends and holidays included. '-' and ' ' are sessions
 * without a mark; '#' on a Saturday or Sunday is the weekend, not a mark. */
static void end_year_data(struct ctf *c)
{
    struct pupil *p = &c->p;
    zt_date start;
    char why[300];
    if (zt_date_parse(p->att_start, strlen(p->att_start), &start)) {
        snprintf(why, sizeof why, "pupil %s: element 'AttendStartDate': '%s' is not a date (YYYY-MM-DD)", p->upn,
                 p->att_start);
        c->s->reject(c->s->ctx, (unsigned)xmlTextReaderGetParserLineNumber(c->r), 1, why);
        return;
    }
    uint32_t nbad = 0;
    char first[64] = "";
    for (size_t i = 0; i < c->tlen && !c->stop; i++) {
        char ch = c->text[i];
        zt_date d = start + (zt_date)(i / 2);
        if (ch == '-' || ch == ' ' || (ch == '#' && zt_date_weekday(d) >= 5))
            continue;
        int code = zt_mark_parse(&ch, 1);
        if (!code) {
            if (!nbad++) {
                char ds[ZT_DATE_STRLEN];
                snprintf(first, sizeof first, "'%c' on %s %s", ch, zt_date_format(d, ds), i % 2 ? "PM" : "AM");
            }
            continue;
        }
        if (c->s->mark(c->s->ctx, p->upn, d, i % 2 ? ZT_SESSION_PM : ZT_SESSION_AM, code,
                       (unsigned)xmlTextReaderGetParserLineNumber(c->r)))
            c->stop = 1;
    }
    if (nbad) {
        snprintf(why, sizeof why, "pupil %s: element 'SessionAttendance': %u mark%s not a national register code, first %s",
                 p->upn, nbad, nbad == 1 ? " is" : "s are", first);
        c->s->reject(c->s->ctx, (unsigned)xmlTextReaderGetParserLineNumber(c->r), nbad, why);
    }
}

/* Teacher assessments (Method TA) of the four subjects, their results on
 * our four steps; tests and other subjects are not ours and are passed by. */
static void end_assessment(struct ctf *c)
{
    struct pupil *p = &c->p;
    static const struct {
        const char *subject, *component;
        uint32_t ours;
    } subjects[] = {
        {"MAT", "", ZT_SUBJECT_MATHS},   {"ENG", "RD", ZT_SUBJECT_READING},
        {"ENG", "WR", ZT_SUBJECT_WRITING}, {"ENG", "", ZT_SUBJECT_ENGLISH},
        {"REA", "", ZT_SUBJECT_READING}, {"WRI", "", ZT_SUBJECT_WRITING},
    };
    static const struct {
        const char *result;
        uint32_t step;
    } steps[] = {
        {"PKF", ZT_STEP_GAP}, {"PKE", ZT_STEP_GAP}, {"PKG", ZT_STEP_GAP}, {"PK1", ZT_STEP_GAP},
        {"PK2", ZT_STEP_GAP}, {"PK3", ZT_STEP_GAP}, {"PK4", ZT_STEP_GAP}, {"PK5", ZT_STEP_GAP},
        {"PK6", ZT_STEP_GAP}, {"BLW", ZT_STEP_GAP}, {"WTS", ZT_STEP_EMERGING}, {"HNM", ZT_STEP_EMERGING},
        {"EXS", ZT_STEP_EXPECTED}, {"GDS", ZT_STEP_DEEPENING},
    };
    uint32_t subject = 0, step = 0;
    for (size_t i = 0; i < sizeof subjects / sizeof subjects[0] && !subject; i++)
        if (strcmp(p->subject, subjects[i].subject) == 0 && strcmp(p->component, subjects[i].component) == 0)
            subject = subjects[i].ours;
    int ta = strcmp(p->method, "TA") == 0;
    char why[300];
    unsigned line = (unsigned)xmlTextReaderGetParserLineNumber(c->r);
    if (ta && subject) {
        for (size_t i = 0; i < sizeof steps / sizeof steps[0] && !step; i++)
            if (strcmp(p->result, steps[i].result) == 0)
                step = steps[i].step;
        zt_date d = 0;
        int y = 0;
        if (p->result_date[0] ? zt_date_parse(p->result_date, strlen(p->result_date), &d)
                              : sscanf(p->year_of, "%4d", &y) != 1 || y < 1990 || y > 2199) {
            snprintf(why, sizeof why, "pupil %s: element 'ResultDate': '%s' is not a date (YYYY-MM-DD)", p->upn,
                     p->result_date[0] ? p->result_date : p->year_of);
            c->s->reject(c->s->ctx, line, 1, why);
        } else if (!step) {
            snprintf(why, sizeof why,
                     "pupil %s: element 'Result': '%s' (%s %s) is not a result on our four steps "
                     "(PK*/BLW, WTS/HNM, EXS, GDS)", p->upn, p->result, p->subject, p->component);
            c->s->reject(c->s->ctx, line, 1, why);
        } else {
            if (!d) /* no ResultDate: the end of the summer term of Year */
                d = zt_date_from_ymd(y, 7, 1);
            if (c->s->assessment(c->s->ctx, p->upn, subject, d, step, line))
                c->stop = 1;
        }
    }
    p->subject[0] = p->method[0] = p->component[0] = p->result[0] = p->result_date[0] = p->year_of[0] = '\0';
}

/* --- the walk over the elements ---------------------------------------------- */

static int fail(struct ctf *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct ctf *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = snprintf(c->err, c->errlen, "%s: ", c->name);
    if (n >= 0 && (size_t)n < c->errlen)
        vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
    va_end(ap);
    return ZT_CTF_FAILED;
}

/* The header's verdict, once it has closed (or the pupils begin). */
static int header_done(struct ctf *c)
{
    c->header_seen = 1;
    if (!c->is_ctf) {
        snprintf(c->err, c->errlen, "%s: not a Common Transfer File (no CTfile/Header/DocumentName "
                 "'Common Transfer File'); ignored", c->name);
        return ZT_CTF_NOT_CTF;
    }
    if (!c->version_ok)
        return fail(c, "CTF version '%s' is not one this agent reads (%s)", c->version, ZT_CTF_VERSIONS);
    if (!c->as_of)
        return fail(c, "element 'DateTime' of the header is missing: the day FSM is judged on");
    return ZT_CTF_OK;
}

static void on_header_text(struct ctf *c, const char *rel)
{
    if (strcmp(rel, "DocumentName") == 0)
        c->is_ctf = text_is(c, "Common Transfer File");
    else if (strcmp(rel, "CTFversion") == 0 || strcmp(rel, "CTFVersion") == 0) { /* suppliers write both */
        copy(c->version, sizeof c->version, c);
        int major;
        char rest;
        c->version_ok = sscanf(c->version, "%d%c", &major, &rest) >= 1 && (major >= 23 && major <= 25) &&
                        (c->version[2] == '\0' || c->version[2] == '.');
    } else if (strcmp(rel, "DateTime") == 0 && c->tlen >= 10 && zt_date_parse(c->text, 10, &c->as_of))
        c->as_of = 0;
}

/* The elements whose text is kept as it is, by their path below <Pupil>
 * (older CTFs say Gender, and some writers put names in BasicDetails). */
#define KEEP(path, field) {path, offsetof(struct pupil, field), sizeof((struct pupil *)0)->field}
static const struct kept {
    const char *rel;
    size_t off, size;
} kept[] = {
    KEEP("Forename", forename), KEEP("BasicDetails/Forename", forename), KEEP("Surname", surname),
    KEEP("BasicDetails/Surname", surname), KEEP("Sex", gender), KEEP("Gender", gender),
    KEEP("BasicDetails/Sex", gender), KEEP("BasicDetails/Gender", gender),
    KEEP("BasicDetails/NCyearActual", year), KEEP("BasicDetails/Ethnicity", ethnicity),
    KEEP("BasicDetails/Languages/Type/LanguageType", lang_type),
    KEEP("BasicDetails/Languages/Type/Language", lang_code),
    KEEP("BasicDetails/FSMhistory/FSMinstance/FSMstartDate", fsm_start),
    KEEP("BasicDetails/FSMhistory/FSMinstance/FSMendDate", fsm_end),
    KEEP("BasicDetails/InCare/InCareAtCurrentSchool", incare),
    KEEP("BasicDetails/SENhistory/SEN/SENprovision", sen_provision),
    KEEP("BasicDetails/SENhistory/SEN/EndDate", sen_end),
    KEEP("SchoolHistory/School/EntryDate", school_entry), KEEP("SchoolHistory/School/LeavingDate", school_leaving),
    KEEP("Attendance/YearData/AttendStartDate", att_start),
    KEEP("StageAssessments/KeyStage/StageAssessment/Subject", subject),
    KEEP("StageAssessments/KeyStage/StageAssessment/Method", method),
    KEEP("StageAssessments/KeyStage/StageAssessment/Component", component),
    KEEP("StageAssessments/KeyStage/StageAssessment/Result", result),
    KEEP("StageAssessments/KeyStage/StageAssessment/ResultDate", result_date),
    KEEP("StageAssessments/KeyStage/StageAssessment/Year", year_of),
};

/* An element closed: rel is its path below <Pupil>. */
static void on_pupil_end(struct ctf *c, const char *rel)
{
    struct pupil *p = &c->p;
    int roll = c->parts & ZT_CTF_ROLL, records = c->parts & ZT_CTF_RECORDS && p->upn_ok;
    if (strcmp(rel, "UPN") == 0) {
        copy(p->upn, sizeof p->upn, c);
        p->upn_ok = zt_upn_invalid(p->upn, strlen(p->upn)) == NULL;
        return;
    }
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++)
        if (strcmp(rel, kept[i].rel) == 0) {
            copy((char *)p + kept[i].off, kept[i].size, c);
            return;
        }
    char text[8];
    if (strcmp(rel, "BasicDetails/InCare") == 0) { /* <InCare>true</InCare>, or around its children */
        copy(text, sizeof text, c);
        if (text[0])
            memcpy(p->incare, text, sizeof text);
    } else if (strcmp(rel, "BasicDetails/Languages/Type") == 0 && roll) {
        Zt__PupilRow row = {.has_eal = 0};
        end_language(c, &row);
        if (row.has_eal)
            p->language[0] = row.eal ? 'Y' : 'N';
        p->lang_type[0] = p->lang_code[0] = '\0';
    } else if (strcmp(rel, "BasicDetails/FSMhistory/FSMinstance") == 0 && roll)
        end_fsm_instance(c);
    else if (strcmp(rel, "SchoolHistory/School") == 0 && roll)
        end_school(c);
    else if (strcmp(rel, "BasicDetails/SENhistory/SEN") == 0 && roll)
        end_sen(c);
    else if (strcmp(rel, "Attendance/YearData/SessionAttendance") == 0 && records) {
        end_year_data(c);
        p->att_start[0] = '\0';
    } else if (strcmp(rel, "StageAssessments/KeyStage/StageAssessment") == 0 && records)
        end_assessment(c);
}

static int on_start(struct ctf *c, const char *local)
{
    int d = xmlTextReaderDepth(c->r);
    if (d < 0 || d >= PATH_MAX_DEPTH)
        return fail(c, "line %d: elements nested deeper than a CTF's", xmlTextReaderGetParserLineNumber(c->r));
    if (d == 0 && strcmp(local, "CTfile") != 0) {
        snprintf(c->err, c->errlen, "%s: not a Common Transfer File (its root is <%s>, not <CTfile>); ignored",
                 c->name, local);
        return ZT_CTF_NOT_CTF;
    }
    size_t at = c->off[d];
    int n = snprintf(c->path + at, sizeof c->path - at, "/%s", local);
    if (n < 0 || (size_t)n >= sizeof c->path - at)
        return fail(c, "line %d: element name too long", xmlTextReaderGetParserLineNumber(c->r));
    c->off[d + 1] = at + (size_t)n;
    c->depth = d + 1;
    c->tlen = 0;
    c->text_long = 0;
    if (strcmp(c->path, "/CTfile/CTFpupilData") == 0 && !c->header_seen)
        return header_done(c);
    if (strcmp(c->path, PUPIL) == 0) {
        memset(&c->p, 0, sizeof c->p);
        c->p.line = (unsigned)xmlTextReaderGetParserLineNumber(c->r);
    }
    return ZT_CTF_OK;
}

static int on_end(struct ctf *c)
{
    int rc = ZT_CTF_OK;
    const char *path = c->path;
    if (c->text_long)
        bad(c, "element '%s' is longer than %d characters", strrchr(path, '/') + 1, TEXT_MAX);
    if (strncmp(path, "/CTfile/Header/", 15) == 0)
        on_header_text(c, path + 15);
    else if (strcmp(path, "/CTfile/Header") == 0)
        rc = header_done(c);
    else if (strncmp(path, PUPIL "/", sizeof PUPIL) == 0)
        on_pupil_end(c, path + sizeof PUPIL);
    else if (strcmp(path, PUPIL) == 0 && (c->parts & ZT_CTF_ROLL))
        emit_pupil(c);
    c->tlen = 0;
    c->depth = c->depth > 0 ? c->depth - 1 : 0;
    c->path[c->off[c->depth]] = '\0';
    return rc;
}

static void on_text(struct ctf *c)
{
    const xmlChar *v = xmlTextReaderConstValue(c->r);
    size_t n = v ? strlen((const char *)v) : 0;
    if (c->tlen + n > TEXT_MAX) {
        c->text_long = 1;
        n = TEXT_MAX - c->tlen;
    }
    memcpy(c->text + c->tlen, v, n);
    c->tlen += n;
    c->text[c->tlen] = '\0';
}

static void on_xml_error(void *arg, xmlErrorPtr e)
{
    struct ctf *c = arg;
    if (c->xml_error[0] || !e)
        return;
    snprintf(c->xml_error, sizeof c->xml_error, "%s", e->message ? e->message : "malformed XML");
    c->xml_error[strcspn(c->xml_error, "\n")] = '\0';
    c->xml_line = (unsigned)e->line;
}

static int walk(struct ctf *c)
{
    int rc = ZT_CTF_OK, more;
    xmlTextReaderSetStructuredErrorHandler(c->r, on_xml_error, c);
    while (rc == ZT_CTF_OK && !c->stop && (more = xmlTextReaderRead(c->r)) == 1) {
        int type = xmlTextReaderNodeType(c->r);
        if (type == XML_READER_TYPE_ELEMENT) {
            const char *local = (const char *)xmlTextReaderConstLocalName(c->r);
            int empty = xmlTextReaderIsEmptyElement(c->r);
            rc = on_start(c, local ? local : "");
            if (rc == ZT_CTF_OK && empty)
                rc = on_end(c);
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            rc = on_end(c);
        } else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
                   type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
            on_text(c);
        }
    }
    if (rc != ZT_CTF_OK)
        return rc;
    if (c->stop)
        return fail(c, "out of memory");
    if (more < 0 || c->xml_error[0])
        return fail(c, "line %u: malformed XML: %s", c->xml_line, c->xml_error[0] ? c->xml_error : "unreadable");
    return c->header_seen ? ZT_CTF_OK : header_done(c);
}

/* Network access, DTD loading and entity substitution stay off: a CTF needs
 * none, and they are how XML files attack their readers. */
#define READER_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)

static int run(struct ctf *c, xmlTextReaderPtr r)
{
    if (!r)
        return fail(c, "cannot be opened");
    c->r = r;
    int rc = walk(c);
    xmlFreeTextReader(r);
    return rc;
}

static void init(struct ctf *c, const char *name, int parts, const struct zt_ctf_sink *s, char *err,
                 size_t errlen)
{
    memset(c, 0, sizeof *c);
    c->name = name;
    c->parts = parts;
    c->s = s;
    c->err = err;
    c->errlen = errlen;
    err[0] = '\0';
}

int zt_ctf_read_file(const char *path, const char *name, int parts, const struct zt_ctf_sink *s, char *err,
                     size_t errlen)
{
    struct ctf c;
    init(&c, name, parts, s, err, errlen);
    return run(&c, xmlReaderForFile(path, NULL, READER_OPTIONS));
}

int zt_ctf_read_memory(const char *data, size_t len, const char *name, int parts,
                       const struct zt_ctf_sink *s, char *err, size_t errlen)
{
    struct ctf c;
    init(&c, name, parts, s, err, errlen);
    if (len > INT32_MAX)
        return fail(&c, "too large");
    return run(&c, xmlReaderForMemory(data, (int)len, name, NULL, READER_OPTIONS));
}
