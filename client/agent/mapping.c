#include "mapping.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf.h"
#include "grow.h"

/* The export files and their fields (SPEC §3, §3a) a mapping may name. */
static const struct {
    const char *file;
    const char *fields[15];
} known[] = {
    {"pupils", {"upn", "name", "year_group", "gender", "entry_date", "fsm", "ever6", "cic", "sen", "eal",
                "ethnicity", "gifted", "idaci_decile", "family_id", "fsm_eligible"}},
    {"attendance", {"upn", "date", "session", "code"}},
    {"behaviour", {"incident_id", "upn", "date", "category", "points", "action", "days"}},
    {"assessments", {"upn", "subject", "date", "step"}},
    {"health", {"event_id", "upn", "date", "kind", "severity"}},
    {"leavers", {"upn", "leaving_date", "reason"}},
};

static int known_file(const char *file)
{
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(known[i].file, file) == 0)
            return (int)i;
    return -1;
}

static int known_field(int file, const char *field)
{
    for (size_t i = 0; i < sizeof known[0].fields / sizeof known[0].fields[0] && known[file].fields[i]; i++)
        if (strcmp(known[file].fields[i], field) == 0)
            return 1;
    return 0;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    if (n >= 2 && s[0] == '"' && s[n - 1] == '"') { /* "Date of Admission" */
        s[n - 1] = '\0';
        s++;
    }
    return s;
}

/* '#' at the start or after a space begins a comment, outside quotes:
 * "Mark #1" is a column name. */
static void cut_comment(char *line)
{
    int quoted = 0;
    for (char *p = line; *p; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (*p == '#' && !quoted && (p == line || isspace((unsigned char)p[-1]))) {
            *p = '\0';
            return;
        }
    }
}

/* A format is DD, MM and YYYY once each, in any order, between other
 * characters that must appear as they are. */
static int format_ok(const char *f)
{
    const char *d = strstr(f, "DD"), *m = strstr(f, "MM"), *y = strstr(f, "YYYY");
    return d && m && y && !strstr(d + 2, "DD") && !strstr(m + 2, "MM") && !strstr(y + 4, "YYYY");
}

static struct zt_map_field *field_of(struct zt_mapping *m, const char *file, const char *field, size_t *cap)
{
    for (size_t i = 0; i < m->nfields; i++)
        if (strcmp(m->fields[i].file, file) == 0 && strcmp(m->fields[i].field, field) == 0)
            return &m->fields[i];
    if (zt_grow(&m->fields, m->nfields, cap, sizeof *m->fields, 16))
        return NULL;
    struct zt_map_field *f = &m->fields[m->nfields++];
    memset(f, 0, sizeof *f);
    snprintf(f->file, sizeof f->file, "%s", file);
    snprintf(f->field, sizeof f->field, "%s", field);
    return f;
}

/* "Male=M, Female=F" into f's values. */
static int parse_values(struct zt_map_field *f, const char *text)
{
    size_t cap = 0;
    free(f->values_text);
    f->values_text = strdup(text);
    char *copy = strdup(text), *save = NULL;
    if (!copy || !f->values_text) {
        free(copy);
        return -1;
    }
    for (char *pair = strtok_r(copy, ",", &save); pair; pair = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(pair, '=');
        if (!eq) {
            free(copy);
            return -1;
        }
        *eq = '\0';
        if (zt_grow(&f->values, f->nvalues, &cap, sizeof *f->values, 8)) {
            free(copy);
            return -1;
        }
        struct zt_map_value *v = &f->values[f->nvalues];
        v->from = strdup(trim(pair));
        v->to = strdup(trim(eq + 1));
        f->nvalues++;
        if (!v->from || !v->to) {
            free(copy);
            return -1;
        }
    }
    free(copy);
    return 0;
}

/* One "FILE.FIELD[.values] = VALUE" or "FILE.dates = FORMAT" line. */
static const char *take(struct zt_mapping *m, char *key, char *value, size_t *fcap, size_t *dcap)
{
    char *dot = strchr(key, '.');
    if (!dot)
        return "expected FILE.FIELD = COLUMN (e.g. pupils.upn = \"UPN\")";
    *dot = '\0';
    char *field = dot + 1, *sub = strchr(field, '.');
    int file = known_file(key);
    if (file < 0)
        return "unknown export file (pupils, attendance, behaviour, assessments, health, leavers)";
    if (strcmp(field, "dates") == 0) {
        if (!format_ok(value))
            return "a date format has DD, MM and YYYY, e.g. DD/MM/YYYY";
        if (zt_grow(&m->dates, m->ndates, dcap, sizeof *m->dates, 8))
            return "out of memory";
        struct zt_map_dates *d = &m->dates[m->ndates];
        snprintf(d->file, sizeof d->file, "%s", key);
        if (!(d->format = strdup(value)))
            return "out of memory";
        m->ndates++;
        return NULL;
    }
    if (sub) {
        *sub++ = '\0';
        if (strcmp(sub, "values") != 0)
            return "expected FILE.FIELD.values = THEIRS=OURS, ...";
    }
    if (!known_field(file, field))
        return "unknown field of that file";
    struct zt_map_field *f = field_of(m, key, field, fcap);
    if (!f)
        return "out of memory";
    if (sub)
        return parse_values(f, value) ? "values are THEIRS=OURS pairs joined by commas (Male=M, Female=F)" : NULL;
    free(f->column);
    return (f->column = strdup(value)) ? NULL : "out of memory";
}

int zt_mapping_load(struct zt_mapping *m, const char *path, char *err, size_t errlen)
{
    memset(m, 0, sizeof *m);
    FILE *in = fopen(path, "r");
    if (!in) {
        snprintf(err, errlen, "%s: cannot be read: %s", path, strerror(errno));
        return -1;
    }
    char line[ZT_CONF_LINE_MAX + 2];
    size_t fcap = 0, dcap = 0;
    int rc = 0;
    for (unsigned n = 1; rc == 0 && fgets(line, sizeof line, in); n++) {
        char *eq;
        cut_comment(line);
        char *s = trim(line);
        if (!*s)
            continue;
        const char *why = "expected FILE.FIELD = COLUMN";
        if ((eq = strchr(s, '=')) != NULL) {
            *eq = '\0';
            why = take(m, trim(s), trim(eq + 1), &fcap, &dcap);
        }
        if (why) {
            snprintf(err, errlen, "%s:%u: %s", path, n, why);
            rc = -1;
        }
    }
    fclose(in);
    return rc;
}

void zt_mapping_free(struct zt_mapping *m)
{
    for (size_t i = 0; i < m->nfields; i++) {
        struct zt_map_field *f = &m->fields[i];
        for (size_t j = 0; j < f->nvalues; j++)
            free(f->values[j].from), free(f->values[j].to);
        free(f->values), free(f->column), free(f->values_text);
    }
    for (size_t i = 0; i < m->ndates; i++)
        free(m->dates[i].format);
    free(m->fields), free(m->dates);
    memset(m, 0, sizeof *m);
}

/* "pupils.csv" -> "pupils" */
static size_t stem(const char *file)
{
    const char *dot = strchr(file, '.');
    return dot ? (size_t)(dot - file) : strlen(file);
}

const struct zt_map_field *zt_mapping_field(const struct zt_mapping *m, const char *file, const char *field)
{
    size_t n = stem(file);
    for (size_t i = 0; m && i < m->nfields; i++)
        if (strlen(m->fields[i].file) == n && strncmp(m->fields[i].file, file, n) == 0 &&
            strcmp(m->fields[i].field, field) == 0)
            return &m->fields[i];
    return NULL;
}

const char *zt_mapping_dates(const struct zt_mapping *m, const char *file)
{
    size_t n = stem(file);
    for (size_t i = 0; m && i < m->ndates; i++)
        if (strlen(m->dates[i].file) == n && strncmp(m->dates[i].file, file, n) == 0)
            return m->dates[i].format;
    return NULL;
}

int zt_mapping_value(const struct zt_map_field *f, const char *s, size_t len, const char **out, size_t *outlen)
{
    *out = s;
    *outlen = len;
    if (!f || !f->nvalues || len == 0)
        return 0;
    for (size_t i = 0; i < f->nvalues; i++)
        if (strlen(f->values[i].from) == len && strncasecmp(f->values[i].from, s, len) == 0) {
            *out = f->values[i].to;
            *outlen = strlen(f->values[i].to);
            return 0;
        }
    return -1;
}

/* Digits at s[*i], at least min and at most max of them. */
static int digits(const char *s, size_t len, size_t *i, int min, int max, int *out)
{
    int n = 0, v = 0;
    while (*i < len && n < max && isdigit((unsigned char)s[*i]))
        v = v * 10 + (s[(*i)++] - '0'), n++;
    *out = v;
    return n >= min ? 0 : -1;
}

int zt_mapping_date(const char *format, const char *s, size_t len, char out[11])
{
    size_t i = 0;
    int d = 0, m = 0, y = 0;
    for (const char *f = format; *f;) {
        if (strncmp(f, "YYYY", 4) == 0) {
            if (digits(s, len, &i, 4, 4, &y))
                return -1;
            f += 4;
        } else if (strncmp(f, "DD", 2) == 0 || strncmp(f, "MM", 2) == 0) {
            /* 1/9/2025 as well as 01/09/2025 */
            if (digits(s, len, &i, 1, 2, *f == 'D' ? &d : &m))
                return -1;
            f += 2;
        } else if (i < len && s[i] == *f) {
            i++, f++;
        } else {
            return -1;
        }
    }
    if (i < len && s[i] != ' ' && s[i] != 'T')
        return -1;
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
    return 0;
}
