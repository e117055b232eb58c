#include "ctl_args.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"

int zt_ctl_parse_urn(const char *s, uint32_t *out)
{
    if (strlen(s) != 6 || strspn(s, "0123456789") != 6)
        return -1;
    *out = (uint32_t)strtoul(s, NULL, 10);
    return 0;
}

int zt_ctl_parse_date(const char *s, int32_t *out)
{
    zt_date d;
    if (zt_date_parse(s, strlen(s), &d))
        return -1;
    *out = d;
    return 0;
}
