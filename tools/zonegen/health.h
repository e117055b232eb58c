/* Health events (health.csv): most pupils rarely have one, a minority
 * have a recurring kind; on any teaching day, in school or not. */
#ifndef ZG_HEALTH_H
#define ZG_HEALTH_H

#include "date.h"
#include "pupil.h"
#include "random.h"

enum { ZG_HK_NURSE, ZG_HK_CONDITION, ZG_HK_MENTAL, ZG_HK_CAMHS, ZG_HK_DENTAL, ZG_HK_ASTHMA, ZG_NHK };

/* The kind of event a pupil usually has (one draw of r). */
int zg_health_recurring_kind(struct zg_rng *r, int secondary);

/* Whether p has a health event on day d: 1 with its kind (ZG_HK_*) and
 * severity (0 low, 1 medium, 2 high), else 0. */
int zg_health_event(const struct zg_pupil *p, int secondary, zt_date d, int *kind, int *severity);

/* The names health.csv gives a kind and a severity. */
const char *zg_health_kind_name(int kind);
const char *zg_severity_name(int severity);

#endif
