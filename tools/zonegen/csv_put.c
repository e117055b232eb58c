#include "csv_put.h"

#include <stdio.h>
#include <string.h>

char *zg_put_field(char *dst, const char *s)
{
    if (!strpbrk(s, ",\"\r\n"))
        return zg_put_str(dst, s);
    *dst++ = '"';
    for (; *s; s++) {
        if (*s == '"')
            *dst++ = '"';
        *dst++ = *s;
    }
    *dst++ = '"';
    return dst;
}

char *zg_put_str(char *dst, const char *s)
{
    size_t n = strlen(s);
    memcpy(dst, s, n);
    return dst + n;
}

char *zg_put_int(char *dst, int v)
{
    char tmp[12];
    int n = 0;
    unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *dst++ = '-';
    while (n)
        *dst++ = tmp[--n];
    return dst;
}

char *zg_put_year(char *dst, int year_group)
{
    if (year_group == 0) {
        *dst++ = 'R';
        return dst;
    }
    return zg_put_int(dst, year_group);
}

char *zg_put_id(char *dst, char letter, const char *date, int row, int seq)
{
    *dst++ = letter;
    memcpy(dst, date, 4);
    memcpy(dst + 4, date + 5, 2);
    memcpy(dst + 6, date + 8, 2);
    dst += 8;
    *dst++ = '-';
    char num[8];
    snprintf(num, sizeof num, "%04d", row);
    dst = zg_put_str(dst, num);
    *dst++ = '-';
    return zg_put_int(dst, seq);
}
