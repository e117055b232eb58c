#include "alert_format.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "support_codes.h"

/* Sorted names, as SPEC §6 promises: alphabetical order of the names. */
static const char *const reason_names[] = {"attendance", "behaviour", "health"};
static const char *const below_names[] = {"english", "maths"};

static const char *join(unsigned bits, const char *const *names, int n, const char *sep, char *buf,
                        size_t size)
{
    size_t used = 0, seplen = strlen(sep);
    buf[0] = '\0';
    for (int i = 0; i < n; i++)
        if (bits & (1u << i)) {
            size_t len = strlen(names[i]), gap = used ? seplen : 0;
            if (used + gap + len >= size)
                break;
            memcpy(buf + used, sep, gap);
            memcpy(buf + used + gap, names[i], len + 1);
            used += gap + len;
        }
    return buf;
}

const char *zt_reason_list(unsigned bits, const char *sep, char *buf, size_t size)
{
    return join(bits, reason_names, 3, sep, buf, size);
}

const char *zt_below_list(unsigned bits, const char *sep, char *buf, size_t size)
{
    return join(bits, below_names, 2, sep, buf, size);
}

const char *zt_alert_kind_name(int kind)
{
    return kind == ZT__ALERT_KIND__ALERT_FAMILY_MEETING ? "family_meeting"
           : kind == ZT__ALERT_KIND__ALERT_WATCH        ? "watch"
                                                        : "none";
}

/* The writers below run once per alert (hundreds a school, thousands for
 * the zone), so they append to a buffer of their own and hand it to stdio
 * in blocks: a stdio call or a printf conversion per field cost several
 * times the formatting itself. */
struct sink {
    FILE *f;
    size_t n;
    char buf[8192];
};

static void flush(struct sink *k)
{
    if (k->n)
        fwrite(k->buf, 1, k->n, k->f);
    k->n = 0;
}

static void put(struct sink *k, const char *s, size_t len)
{
    if (k->n + len > sizeof k->buf)
        flush(k);
    if (len > sizeof k->buf) {
        fwrite(s, 1, len, k->f);
        return;
    }
    memcpy(k->buf + k->n, s, len);
    k->n += len;
}

static void put_s(struct sink *k, const char *s)
{
    put(k, s, strlen(s));
}

static void put_c(struct sink *k, char c)
{
    if (k->n == sizeof k->buf)
        flush(k);
    k->buf[k->n++] = c;
}

/* v in decimal, at least width digits (zeros before), into buf (16
 * bytes); returns the length. No printf: it runs several times an alert. */
static size_t put_digits(char *buf, unsigned v, int width)
{
    char d[16];
    int n = 0;
    do
        d[sizeof d - 1 - n++] = (char)('0' + v % 10);
    while ((v /= 10) && n < (int)sizeof d);
    while (n < width && n < (int)sizeof d)
        d[sizeof d - 1 - n++] = '0';
    memcpy(buf, d + sizeof d - n, (size_t)n);
    return (size_t)n;
}

static void put_uint(struct sink *out, unsigned v, int width)
{
    char buf[16];
    put(out, buf, put_digits(buf, v, width));
}

/* Present over possible sessions to three decimals; printf's rounding. */
static void put_rate(struct sink *out, const Zt__Alert *a)
{
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%.3f", (double)a->present_sessions / a->possible_sessions);
    put(out, buf, n > 0 ? (size_t)n : 0);
}

static void put_date(struct sink *out, zt_date d)
{
    char buf[ZT_DATE_STRLEN];
    put_s(out, zt_date_format(d, buf));
}

/* "reasons": ["attendance", "health"]: the names of the bits set. */
static void json_names(struct zt_json *w, const char *key, unsigned bits, const char *const *names, int n)
{
    zt_json_key(w, key);
    zt_json_bits(w, bits, names, n);
}

void zt_json_urn(struct zt_json *w, const char *key, unsigned urn)
{
    char buf[16];
    zt_json_key(w, key);
    zt_json_strn(w, buf, put_digits(buf, urn, 6));
}

static void json_date(struct zt_json *w, const char *key, zt_date d)
{
    char buf[ZT_DATE_STRLEN];
    zt_json_kstr(w, key, zt_date_format(d, buf));
}

/* A family_meeting alert's stage and overdue work (issue #6); "" when the
 * alert carries none. */
static const char *stage_of(const Zt__Alert *a)
{
    return a->support ? zt_vocab_text(&zt_vocab_stage, (int)a->support->stage) : "";
}

static const char *overdue_of(const Zt__Alert *a, const char *sep, char *buf, size_t size)
{
    buf[0] = '\0';
    return a->support ? zt_vocab_bits_text(&zt_vocab_overdue, a->support->overdue, sep, buf, size) : buf;
}

/* "family": ..., "siblings": [...]: who, where now, and the kind of
 * their open alert, all a school may know of them (SPEC §3b). */
static void json_family(struct zt_json *w, const Zt__Alert *a)
{
    zt_json_kstr(w, "family", a->family);
    zt_json_key(w, "siblings");
    zt_json_array(w, ZT_JSON_INLINE);
    for (size_t i = 0; i < a->n_siblings; i++) {
        const Zt__Sibling *s = a->siblings[i];
        zt_json_object(w, ZT_JSON_INLINE);
        zt_json_kstr(w, "upn", s->upn);
        zt_json_urn(w, "school", s->school);
        zt_json_kstr(w, "alert", s->has_open_alert && s->open_alert ? zt_alert_kind_name((int)s->open_alert) : NULL);
        zt_json_end(w);
    }
    zt_json_end(w);
}

void zt_alerts_json_write(struct zt_json *w, Zt__Alert *const *alerts, size_t n, zt_name_fn name, const void *arg)
{
    zt_json_array(w, ZT_JSON_LINES);
    for (size_t i = 0; i < n; i++) {
        const Zt__Alert *a = alerts[i];
        zt_json_object(w, ZT_JSON_INLINE);
        zt_json_kstr(w, "upn", a->upn);
        const char *nm = name ? name(a->upn, arg) : NULL;
        if (nm)
            zt_json_kstr(w, "name", nm);
        zt_json_urn(w, "school", a->school);
        zt_json_kstr(w, "kind", zt_alert_kind_name(a->kind));
        zt_json_kstr(w, "status", a->open ? "open" : "resolved");
        json_names(w, "reasons", a->reasons, reason_names, 3);
        json_names(w, "below", a->below, below_names, 2);
        json_date(w, "raised", a->raised);
        if (!a->open && a->has_resolved)
            json_date(w, "resolved", a->resolved);
        zt_json_knum(w, "attendance_rate",
                     a->possible_sessions ? (double)a->present_sessions / a->possible_sessions : NAN, 3);
        zt_json_kuint(w, "possible_sessions", a->possible_sessions);
        zt_json_kuint(w, "behaviour_points_28d", a->behaviour_points_28d);
        zt_json_kuint(w, "health_sessions_28d", a->health_sessions_28d);
        if (a->support) {
            zt_json_kstr(w, "stage", stage_of(a));
            json_date(w, "stage_since", a->support->since);
            json_names(w, "overdue", a->support->overdue, zt_vocab_overdue.words + 1, zt_vocab_overdue.count);
            if (a->support->closed_reason)
                zt_json_kstr(w, "closed_reason", a->support->closed_reason);
        } else {
            zt_json_kstr(w, "stage", NULL);
            json_names(w, "overdue", 0, NULL, 0);
        }
        json_family(w, a);
        zt_json_end(w);
    }
    zt_json_end(w);
}

/* A cell a spreadsheet would run as a formula (=, +, -, @, or a tab or
 * CR before one) gets a leading ' (the OWASP rule for CSV injection): a
 * pupil's name is the school's text, not a formula. */
static int formula_start(const char *s)
{
    return *s && strchr("=+-@\t\r", *s) != NULL;
}

static void csv_field(struct sink *out, const char *s)
{
    int quote = strpbrk(s, ",\"\r\n") != NULL;
    if (quote)
        put_c(out, '"');
    if (formula_start(s))
        put_c(out, '\'');
    for (; *s; s++) {
        if (*s == '"')
            put_c(out, '"');
        put_c(out, *s);
    }
    if (quote)
        put_c(out, '"');
}

const char *zt_siblings_text(const Zt__Alert *a, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    if (!a->n_siblings)
        return buf;
    int n = snprintf(buf, size, "%zu sibling%s: ", a->n_siblings, a->n_siblings == 1 ? "" : "s");
    used = n > 0 && (size_t)n < size ? (size_t)n : 0;
    /* grouped by school and open alert, in the order first met */
    for (size_t i = 0; i < a->n_siblings; i++) {
        const Zt__Sibling *s = a->siblings[i];
        uint32_t kind = s->has_open_alert ? s->open_alert : 0, count = 0;
        int earlier = 0;
        for (size_t j = 0; j < a->n_siblings; j++) {
            const Zt__Sibling *t = a->siblings[j];
            if (t->school != s->school || (t->has_open_alert ? t->open_alert : 0) != kind)
                continue;
            earlier |= j < i;
            count++;
        }
        if (earlier)
            continue;
        char with[48] = "";
        if (kind)
            snprintf(with, sizeof with, " with a %s alert", zt_alert_kind_name((int)kind));
        n = snprintf(buf + used, size - used, "%s%u at %06u%s", i ? "; " : "", count, s->school, with);
        if (n < 0 || (size_t)n >= size - used)
            break;
        used += (size_t)n;
    }
    return buf;
}

static void alerts_csv(struct sink *out, Zt__Alert *const *alerts, size_t n, zt_name_fn name,
                       const void *arg)
{
    put_s(out, "upn,name,school,kind,status,reasons,below,raised,resolved,attendance_rate,"
               "behaviour_points_28d,health_sessions_28d,stage,overdue,siblings\n");
    for (size_t i = 0; i < n; i++) {
        const Zt__Alert *a = alerts[i];
        char rs[64], bl[32], od[32];
        const char *nm = name ? name(a->upn, arg) : NULL;
        put_s(out, a->upn);
        put_c(out, ',');
        csv_field(out, nm ? nm : "");
        put_c(out, ',');
        put_uint(out, a->school, 6);
        const char *text[] = {zt_alert_kind_name(a->kind), a->open ? "open" : "resolved",
                              zt_reason_list(a->reasons, " ", rs, sizeof rs),
                              zt_below_list(a->below, " ", bl, sizeof bl)};
        for (size_t t = 0; t < sizeof text / sizeof text[0]; t++) {
            put_c(out, ',');
            put_s(out, text[t]);
        }
        put_c(out, ',');
        put_date(out, a->raised);
        put_c(out, ',');
        if (!a->open && a->has_resolved)
            put_date(out, a->resolved);
        put_c(out, ',');
        if (a->possible_sessions)
            put_rate(out, a);
        put_c(out, ',');
        put_uint(out, a->behaviour_points_28d, 0);
        put_c(out, ',');
        put_uint(out, a->health_sessions_28d, 0);
        put_c(out, ',');
        put_s(out, stage_of(a));
        put_c(out, ',');
        put_s(out, overdue_of(a, " ", od, sizeof od));
        put_c(out, ',');
        char sib[512];
        csv_field(out, zt_siblings_text(a, sib, sizeof sib));
        put_c(out, '\n');
    }
}

void zt_csv_field(FILE *out, const char *s)
{
    struct sink k = {.f = out};
    csv_field(&k, s);
    flush(&k);
}

int zt_alerts_json(FILE *out, Zt__Alert *const *alerts, size_t n, zt_name_fn name, const void *arg)
{
    struct zt_json w;
    zt_json_init(&w, out);
    zt_alerts_json_write(&w, alerts, n, name, arg);
    int rc = zt_json_finish(&w);
    fputc('\n', out);
    return rc;
}

void zt_alerts_csv(FILE *out, Zt__Alert *const *alerts, size_t n, zt_name_fn name, const void *arg)
{
    struct sink k = {.f = out};
    alerts_csv(&k, alerts, n, name, arg);
    flush(&k);
}

static int by_school_kind(const void *x, const void *y)
{
    const Zt__Alert *a = *(Zt__Alert *const *)x, *b = *(Zt__Alert *const *)y;
    if (a->school != b->school)
        return a->school < b->school ? -1 : 1;
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    return strcmp(a->upn, b->upn);
}

void zt_alerts_table(FILE *out, Zt__Alert *const *alerts, size_t n)
{
    Zt__Alert **sorted = malloc((n + 1) * sizeof *sorted);
    if (!sorted)
        return;
    if (n)
        memcpy(sorted, alerts, n * sizeof *sorted);
    if (n)
        qsort(sorted, n, sizeof *sorted, by_school_kind);
    fprintf(out, "%-6s  %-13s  %-14s  %-8s  %-28s  %-14s  %-10s  %6s  %4s  %4s  %-16s  %s\n", "school", "upn",
            "kind", "status", "reasons", "below", "raised", "attend", "beh", "I+M", "stage", "overdue");
    for (size_t i = 0; i < n; i++) {
        const Zt__Alert *a = sorted[i];
        char d[ZT_DATE_STRLEN], rs[64], bl[32], rate[16] = "-";
        if (a->possible_sessions)
            snprintf(rate, sizeof rate, "%.1f%%", 100.0 * a->present_sessions / a->possible_sessions);
        char od[32];
        fprintf(out, "%06u  %-13s  %-14s  %-8s  %-28s  %-14s  %-10s  %6s  %4u  %4u  %-16s  %s\n", a->school, a->upn,
                zt_alert_kind_name(a->kind), a->open ? "open" : "resolved",
                zt_reason_list(a->reasons, ",", rs, sizeof rs), zt_below_list(a->below, ",", bl, sizeof bl),
                zt_date_format(a->raised, d), rate, a->behaviour_points_28d, a->health_sessions_28d,
                a->support ? stage_of(a) : "-", overdue_of(a, ",", od, sizeof od));
    }
    free(sorted);
}
