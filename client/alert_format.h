/* The alert listing as people and scripts read it (SPEC §6): JSON, CSV and
 * a plain table. Shared by zonectl and the agent's alert files. */
#ifndef ZT_ALERT_FORMAT_H
#define ZT_ALERT_FORMAT_H

#include <stdio.h>

#include "json.h"
#include "zonetrack.pb-c.h"

/* Name of a pupil for the school's own files, or NULL (zonectl has none). */
typedef const char *(*zt_name_fn)(const char *upn, const void *arg);

/* The JSON array of SPEC §6, one alert a line, then a newline; 0, or -1
 * when memory ran out or a write failed. */
int zt_alerts_json(FILE *out, Zt__Alert *const *alerts, size_t n, zt_name_fn name, const void *arg);
/* "key": "001234": a school's URN as SPEC §6 writes it, six digits in
 * quotes. */
void zt_json_urn(struct zt_json *w, const char *key, unsigned urn);
/* The same array as a value inside a document being written. */
void zt_alerts_json_write(struct zt_json *w, Zt__Alert *const *alerts, size_t n, zt_name_fn name, const void *arg);
void zt_alerts_csv(FILE *out, Zt__Alert *const *alerts, size_t n, zt_name_fn name, const void *arg);
void zt_alerts_table(FILE *out, Zt__Alert *const *alerts, size_t n);

/* "attendance, health" style lists of the bits, written into buf. */
const char *zt_reason_list(unsigned bits, const char *sep, char *buf, size_t size);
const char *zt_below_list(unsigned bits, const char *sep, char *buf, size_t size);
const char *zt_alert_kind_name(int kind);

/* The alert's siblings for people, grouped by school and open alert:
 * "2 siblings: 1 at 137424 with a family_meeting alert; 1 at 100001";
 * "" when none. Written into buf. */
const char *zt_siblings_text(const Zt__Alert *a, char *buf, size_t size);

/* Writes s as one CSV field, quoted when it holds a comma, quote or newline,
 * with a leading ' when a spreadsheet would take it for a formula. */
void zt_csv_field(FILE *out, const char *s);

#endif
