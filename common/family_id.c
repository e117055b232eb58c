#include "family_id.h"

#include <string.h>

const char *zt_family_id_invalid(const char *s, size_t len)
{
    if (len == 0 || len > ZT_FAMILY_ID_MAX)
        return "family_id must be 1-32 characters";
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                 (c != '\0' && strchr("-_/.", c) != NULL);
        if (!ok)
            return "family_id may hold only letters, digits and - _ / . (a reference, not a name)";
    }
    return NULL;
}
