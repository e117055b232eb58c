/* Unique Pupil Numbers: 13 characters, a check letter then 12 characters
 * (12 digits, or 11 digits and a letter for a temporary UPN). The check
 * letter is the mod-23 weighted sum of characters 2-13 (weights 2-13). */
#ifndef ZT_UPN_H
#define ZT_UPN_H

#include <stddef.h>

#define ZT_UPN_LEN 13

/* The check letter that characters 2-13 of upn call for, or 0 when those
 * characters are not of a UPN's form. */
char zt_upn_check_letter(const char *upn);

/* Returns NULL when s (len bytes) is a valid UPN, else a short reason. */
const char *zt_upn_invalid(const char *s, size_t len);

#endif
