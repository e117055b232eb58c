/* What a program's key table serves beyond reading a file: a reload that
 * applies exactly the keys flagged for it, and --help. */
#include <stdlib.h>
#include <string.h>

#include "conf.h"

/* 1 when the key's value differs between a and b (a string left unset is
 * the same as an empty one). */
static int differs(const struct zt_conf_key *k, const void *a, const void *b)
{
    const char *pa = (const char *)a + k->offset, *pb = (const char *)b + k->offset;
    if (k->type == ZT_CONF_INT)
        return *(const long *)pa != *(const long *)pb;
    const char *sa = *(char *const *)pa, *sb = *(char *const *)pb;
    return strcmp(sa ? sa : "", sb ? sb : "") != 0;
}

size_t zt_conf_reload(const struct zt_conf_key *keys, size_t n, void *running, void *next,
                      void (*restart)(const struct zt_conf_key *k, void *ud), void *ud)
{
    size_t waiting = 0;
    for (size_t i = 0; i < n; i++) {
        const struct zt_conf_key *k = &keys[i];
        if (!differs(k, running, next))
            continue;
        if (!(k->flags & ZT_CONF_RELOAD)) {
            restart(k, ud);
            waiting++;
            continue;
        }
        char *r = (char *)running + k->offset, *x = (char *)next + k->offset;
        if (k->type == ZT_CONF_INT) {
            *(long *)r = *(long *)x;
        } else { /* swapped: the old string is freed with next */
            char *was = *(char **)r;
            *(char **)r = *(char **)x;
            *(char **)x = was;
        }
    }
    return waiting;
}

void zt_conf_help(FILE *out, const struct zt_conf_key *keys, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct zt_conf_key *k = &keys[i];
        fprintf(out, "  %-32s %s", k->name, k->help);
        if (k->def)
            fprintf(out, " [%s]", k->def);
        else if (k->flags & ZT_CONF_REQUIRED)
            fputs(" [required]", out);
        fputs(k->flags & ZT_CONF_RELOAD ? " (SIGHUP applies it)\n" : "\n", out);
    }
}
