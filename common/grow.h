/* Growing a malloc'd array one item at a time, doubling its capacity. */
#ifndef ZT_GROW_H
#define ZT_GROW_H

#include <stddef.h>

/* Makes room for item n of the array whose pointer is at array_ptr (the
 * address of a T *), with *cap items allocated of elem bytes each; the first
 * allocation holds first items. Returns 0, or -ENOMEM leaving it as it was. */
int zt_grow(void *array_ptr, size_t n, size_t *cap, size_t elem, size_t first);

#endif
