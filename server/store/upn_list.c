#include "upn_list.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "hash.h"

int zt_upn_list_add(struct zt_upn_list *l, const char *upn)
{
    if (l->n && memcmp(l->upns + (l->n - 1) * ZT_UPN_LEN, upn, ZT_UPN_LEN) == 0)
        return 0;
    if (zt_grow(&l->upns, l->n, &l->cap, ZT_UPN_LEN, 256)) /* items of ZT_UPN_LEN chars */
        return -ENOMEM;
    memcpy(l->upns + l->n++ * ZT_UPN_LEN, upn, ZT_UPN_LEN);
    return 0;
}

static int cmp_upn(const void *a, const void *b)
{
    return memcmp(a, b, ZT_UPN_LEN);
}

void zt_upn_list_unique(struct zt_upn_list *l)
{
    if (l->n < 2)
        return;
    size_t i = 1;
    while (i < l->n && memcmp(l->upns + (i - 1) * ZT_UPN_LEN, l->upns + i * ZT_UPN_LEN, ZT_UPN_LEN) <= 0)
        i++;
    if (i < l->n) /* pushes mostly come in UPN order already */
        qsort(l->upns, l->n, ZT_UPN_LEN, cmp_upn);
    size_t out = 1;
    for (i = 1; i < l->n; i++)
        if (memcmp(l->upns + i * ZT_UPN_LEN, l->upns + (out - 1) * ZT_UPN_LEN, ZT_UPN_LEN) != 0)
            memmove(l->upns + out++ * ZT_UPN_LEN, l->upns + i * ZT_UPN_LEN, ZT_UPN_LEN);
    l->n = out;
}

int zt_upn_list_contains(const struct zt_upn_list *l, const char *upn)
{
    return l->n && bsearch(upn, l->upns, l->n, ZT_UPN_LEN, cmp_upn) != NULL;
}

char *zt_upn_list_get(const struct zt_upn_list *l, size_t i, char out[ZT_UPN_LEN + 1])
{
    memcpy(out, l->upns + i * ZT_UPN_LEN, ZT_UPN_LEN);
    out[ZT_UPN_LEN] = '\0';
    return out;
}

uint64_t zt_upn_list_digest(const struct zt_upn_list *l)
{
    return zt_hash64(l->upns ? l->upns : "", l->n * ZT_UPN_LEN);
}

void zt_upn_list_free(struct zt_upn_list *l)
{
    free(l->upns);
    memset(l, 0, sizeof *l);
}
