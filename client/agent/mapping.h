/* A school's MIS report read as our export file (issue #17, README
 * "Connecting your MIS"): an optional mapping file, named by the agent's
 * `mapping` key, says per export file which column of the school's report
 * holds each field, how its dates are written and how its values map:
 *
 *     pupils.upn = "UPN"
 *     pupils.entry_date = "Date of Admission"
 *     pupils.dates = DD/MM/YYYY
 *     pupils.gender.values = Male=M, Female=F
 *
 * Without a mapping (or for a file it does not name) nothing changes. */
#ifndef ZT_AGENT_MAPPING_H
#define ZT_AGENT_MAPPING_H

#include <stddef.h>

struct zt_map_value {
    char *from, *to;
};

/* One field of one export file. */
struct zt_map_field {
    char file[16];  /* "pupils" */
    char field[24]; /* "entry_date" */
    char *column;   /* the school's column, NULL for ours */
    struct zt_map_value *values;
    size_t nvalues;
    char *values_text; /* "Male=M, Female=F", for messages */
};

struct zt_map_dates {
    char file[16];
    char *format; /* DD/MM/YYYY */
};

struct zt_mapping {
    struct zt_map_field *fields;
    size_t nfields;
    struct zt_map_dates *dates;
    size_t ndates;
};

/* Reads path. Returns 0, or -1 with "FILE:LINE: reason" in err (an unknown
 * file or field, a bad date format, a value pair without '='). Free with
 * zt_mapping_free either way. */
int zt_mapping_load(struct zt_mapping *m, const char *path, char *err, size_t errlen);
void zt_mapping_free(struct zt_mapping *m);

/* What the mapping says of field of file ("pupils.csv"), or NULL. */
const struct zt_map_field *zt_mapping_field(const struct zt_mapping *m, const char *file, const char *field);

/* The date format of file, or NULL (dates are YYYY-MM-DD). */
const char *zt_mapping_dates(const struct zt_mapping *m, const char *file);

/* Maps s[len] through f's values (compared without regard to case): 0 with
 * *out, -1 when f has values and s is not one of them. Empty stays empty. */
int zt_mapping_value(const struct zt_map_field *f, const char *s, size_t len, const char **out, size_t *outlen);

/* Reads s[len] as written in format into "YYYY-MM-DD" (out, 11 bytes);
 * text after the date and a space (a time) is passed by. 0, or -1. */
int zt_mapping_date(const char *format, const char *s, size_t len, char out[11]);

#endif
