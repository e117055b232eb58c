/* Arguments zonectl's commands share: URNs and dates. */
#ifndef ZT_CTL_ARGS_H
#define ZT_CTL_ARGS_H

#include <stdint.h>

/* A 6-digit URN into *out. Returns 0 or -1. */
int zt_ctl_parse_urn(const char *s, uint32_t *out);

/* A YYYY-MM-DD date into *out (a day number). Returns 0 or -1. */
int zt_ctl_parse_date(const char *s, int32_t *out);

#endif
