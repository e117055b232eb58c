#include "alert_format.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "utf8.h"
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

static void put_uint(struct sink *out, unsigned v, int width)
{
    char buf[16];
    int n = 0;
    do
        buf[sizeof buf - 1 - n++] = (char)('0' + v % 10);
    while ((v /= 10) && n < (int)sizeof buf);
    while (n < width && n < (int)sizeof buf)
        buf[sizeof buf - 1 - n++] = '0';
    put(out, buf + sizeof buf - n, (size_t)n);
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

/* Bytes that are not UTF-8 (stored before the zone refused them) become
 * U+FFFD: the output stays valid JSON whatever the store holds. */
static void json_string(struct sink *out, const char *s)
{
    put_c(out, '"');
    for (size_t i = 0, len = strlen(s); i < len;) {
        unsigned char c = (unsigned char)s[i];
        uint32_t cp;
        size_t k = c < 0x80 ? 1 : zt_utf8_char(s + i, len - i, &cp);
        if (c == '"' || c == '\\') {
            put_c(out, '\\');
            put_c(out, (char)c);
        } else if (c < 0x20) {
            char esc[8];
            snprintf(esc, sizeof esc, "\\u%04x", c);
            put_s(out, esc);
        } else if (k == 0) {
            put_s(out, "\\ufffd");
            k = 1;
        } else {
            put(out, s + i, k);
        }
        i += k;
    }
    put_c(out, '"');
}

static void json_names(struct sink *out, unsigned bits, const char *const *names, int n)
{
    put_c(out, '[');
    for (int i = 0, first = 1; i < n; i++)
        if (bits & (1u << i)) {
            put_s(out, first ? "\"" : ", \"");
            put_s(out, names[i]);
            put_c(out, '"');
            first = 0;
        }
    put_c(out, ']');
}

/* , "key": "text" */
static void json_text(struct sink *out, const char *key, const char *text)
{
    put_s(out, ", \"");
    put_s(out, key);
    put_s(out, "\": \"");
    put_s(out, text);
    put_c(out, '"');
}

static void json_uint(struct sink *out, const char *key, unsigned v)
{
    put_s(out, ", \"");
    put_s(out, key);
    put_s(out, "\": ");
    put_uint(out, v, 0);
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

/* , "family": ..., "siblings": [...]: who, where now, and the kind of
 * their open alert, all a school may know of them (SPEC §3b). */
static void json_family(struct sink *out, const Zt__Alert *a)
{
    put_s(out, ", \"family\": ");
    if (a->family)
        json_string(out, a->family);
    else
        put_s(out, "null");
    put_s(out, ", \"siblings\": [");
    for (size_t i = 0; i < a->n_siblings; i++) {
        const Zt__Sibling *s = a->siblings[i];
        put_s(out, i ? ", {\"upn\": " : "{\"upn\": ");
        json_string(out, s->upn);
        put_s(out, ", \"school\": \"");
        put_uint(out, s->school, 6);
        put_s(out, "\", \"alert\": ");
        if (s->has_open_alert && s->open_alert) {
            put_c(out, '"');
            put_s(out, zt_alert_kind_name((int)s->open_alert));
            put_c(out, '"');
        } else {
            put_s(out, "null");
        }
        put_c(out, '}');
    }
    put_c(out, ']');
}

static void alerts_json(struct sink *out, Zt__Alert *const *alerts, size_t n, zt_name_fn name,
                        const void *arg)
{
    put_s(out, "[");
    for (size_t i = 0; i < n; i++) {
        const Zt__Alert *a = alerts[i];
        char d[ZT_DATE_STRLEN];
        put_s(out, i ? ",\n  {\"upn\": \"" : "\n  {\"upn\": \"");
        put_s(out, a->upn);
        put_c(out, '"');
        const char *nm = name ? name(a->upn, arg) : NULL;
        if (nm) {
            put_s(out, ", \"name\": ");
            json_string(out, nm);
        }
        put_s(out, ", \"school\": \"");
        put_uint(out, a->school, 6);
        put_c(out, '"');
        json_text(out, "kind", zt_alert_kind_name(a->kind));
        json_text(out, "status", a->open ? "open" : "resolved");
        put_s(out, ", \"reasons\": ");
        json_names(out, a->reasons, reason_names, 3);
        put_s(out, ", \"below\": ");
        json_names(out, a->below, below_names, 2);
        json_text(out, "raised", zt_date_format(a->raised, d));
        if (!a->open && a->has_resolved)
            json_text(out, "resolved", zt_date_format(a->resolved, d));
        put_s(out, ", \"attendance_rate\": ");
        if (a->possible_sessions)
            put_rate(out, a);
        else
            put_s(out, "null");
        json_uint(out, "possible_sessions", a->possible_sessions);
        json_uint(out, "behaviour_points_28d", a->behaviour_points_28d);
        json_uint(out, "health_sessions_28d", a->health_sessions_28d);
        if (a->support) {
            json_text(out, "stage", stage_of(a));
            json_text(out, "stage_since", zt_date_format(a->support->since, d));
            put_s(out, ", \"overdue\": ");
            json_names(out, a->support->overdue, zt_vocab_overdue.words + 1,
                       zt_vocab_overdue.count);
            if (a->support->closed_reason) {
                put_s(out, ", \"closed_reason\": ");
                json_string(out, a->support->closed_reason);
            }
        } else {
            put_s(out, ", \"stage\": null, \"overdue\": []");
        }
        json_family(out, a);
        put_c(out, '}');
    }
    put_s(out, n ? "\n]\n" : "]\n");
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

void zt_json_string(FILE *out, const char *s)
{
    struct sink k = {.f = out};
    json_string(&k, s);
    flush(&k);
}

void zt_csv_field(FILE *out, const char *s)
{
    struct sink k = {.f = out};
    csv_field(&k, s);
    flush(&k);
}

void zt_alerts_json(FILE *out, Zt__Alert *const *alerts, size_t n, zt_name_fn name, const void *arg)
{
    struct sink k = {.f = out};
    alerts_json(&k, alerts, n, name, arg);
    flush(&k);
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
