#include "alert_format.h"

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
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < n; i++)
        if (bits & (1u << i)) {
            int w = snprintf(buf + used, size - used, "%s%s", used ? sep : "", names[i]);
            if (w < 0 || (size_t)w >= size - used)
                break;
            used += (size_t)w;
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

void zt_json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(out, "\\u%04x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

static void json_names(FILE *out, unsigned bits, const char *const *names, int n)
{
    fputc('[', out);
    for (int i = 0, first = 1; i < n; i++)
        if (bits & (1u << i)) {
            fprintf(out, "%s\"%s\"", first ? "" : ", ", names[i]);
            first = 0;
        }
    fputc(']', out);
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

void zt_alerts_json(FILE *out, Zt__Alert *const *alerts, size_t n, zt_name_fn name, const void *arg)
{
    fputs("[", out);
    for (size_t i = 0; i < n; i++) {
        const Zt__Alert *a = alerts[i];
        char d[ZT_DATE_STRLEN];
        fprintf(out, "%s\n  {\"upn\": \"%s\", ", i ? "," : "", a->upn);
        const char *nm = name ? name(a->upn, arg) : NULL;
        if (nm) {
            fputs("\"name\": ", out);
            zt_json_string(out, nm);
            fputs(", ", out);
        }
        fprintf(out, "\"school\": \"%06u\", \"kind\": \"%s\", \"status\": \"%s\", \"reasons\": ", a->school,
                zt_alert_kind_name(a->kind), a->open ? "open" : "resolved");
        json_names(out, a->reasons, reason_names, 3);
        fputs(", \"below\": ", out);
        json_names(out, a->below, below_names, 2);
        fprintf(out, ", \"raised\": \"%s\"", zt_date_format(a->raised, d));
        if (!a->open && a->has_resolved)
            fprintf(out, ", \"resolved\": \"%s\"", zt_date_format(a->resolved, d));
        if (a->possible_sessions)
            fprintf(out, ", \"attendance_rate\": %.3f", (double)a->present_sessions / a->possible_sessions);
        else
            fputs(", \"attendance_rate\": null", out);
        fprintf(out, ", \"possible_sessions\": %u, \"behaviour_points_28d\": %u, \"health_sessions_28d\": %u",
                a->possible_sessions, a->behaviour_points_28d, a->health_sessions_28d);
        if (a->support) {
            fprintf(out, ", \"stage\": \"%s\", \"stage_since\": \"%s\", \"overdue\": ", stage_of(a),
                    zt_date_format(a->support->since, d));
            json_names(out, a->support->overdue, zt_vocab_overdue.words + 1, zt_vocab_overdue.count);
            if (a->support->closed_reason) {
                fputs(", \"closed_reason\": ", out);
                zt_json_string(out, a->support->closed_reason);
            }
        } else {
            fputs(", \"stage\": null, \"overdue\": []", out);
        }
        fputc('}', out);
    }
    fputs(n ? "\n]\n" : "]\n", out);
}

void zt_csv_field(FILE *out, const char *s)
{
    if (strpbrk(s, ",\"\r\n")) {
        fputc('"', out);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', out);
            fputc(*s, out);
        }
        fputc('"', out);
    } else {
        fputs(s, out);
    }
}

void zt_alerts_csv(FILE *out, Zt__Alert *const *alerts, size_t n, zt_name_fn name, const void *arg)
{
    fputs("upn,name,school,kind,status,reasons,below,raised,resolved,attendance_rate,"
          "behaviour_points_28d,health_sessions_28d,stage,overdue\n", out);
    for (size_t i = 0; i < n; i++) {
        const Zt__Alert *a = alerts[i];
        char d1[ZT_DATE_STRLEN], d2[ZT_DATE_STRLEN] = "", rs[64], bl[32];
        const char *nm = name ? name(a->upn, arg) : NULL;
        fprintf(out, "%s,", a->upn);
        zt_csv_field(out, nm ? nm : "");
        if (!a->open && a->has_resolved)
            zt_date_format(a->resolved, d2);
        fprintf(out, ",%06u,%s,%s,%s,%s,%s,%s,", a->school, zt_alert_kind_name(a->kind),
                a->open ? "open" : "resolved", zt_reason_list(a->reasons, " ", rs, sizeof rs),
                zt_below_list(a->below, " ", bl, sizeof bl), zt_date_format(a->raised, d1), d2);
        if (a->possible_sessions)
            fprintf(out, "%.3f", (double)a->present_sessions / a->possible_sessions);
        char od[32];
        fprintf(out, ",%u,%u,%s,%s\n", a->behaviour_points_28d, a->health_sessions_28d, stage_of(a),
                overdue_of(a, " ", od, sizeof od));
    }
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
