#include "family_id.h"

#include <stdio.h>
#include <string.h>

#include "upn.h"

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

int zt_covers_split(const char *s, size_t len, struct zt_span out[ZT_COVERS_MAX], char *why, size_t whylen)
{
    int n = 0;
    for (size_t i = 0; i < len;) {
        if (s[i] == ' ' || s[i] == '|') {
            i++;
            continue;
        }
        size_t j = i;
        while (j < len && s[j] != ' ' && s[j] != '|')
            j++;
        const char *bad = zt_upn_invalid(s + i, j - i);
        if (bad) {
            snprintf(why, whylen, "field 'covers': '%.*s': %s", (int)(j - i > 20 ? 20 : j - i), s + i, bad);
            return -1;
        }
        if (n == ZT_COVERS_MAX) {
            snprintf(why, whylen, "field 'covers' names more than %d children", ZT_COVERS_MAX);
            return -1;
        }
        out[n++] = (struct zt_span){i, j - i};
        i = j;
    }
    return n;
}
