/* Growing a malloc'd array, doubling its capacity: the one place the
 * project reallocs an array (sizes checked for overflow here, once). */
#ifndef ZT_GROW_H
#define ZT_GROW_H

#include <stddef.h>

/* Makes room for need items in the array whose pointer is at array_ptr (the
 * address of a T *), with *cap items allocated of elem bytes each: the
 * capacity doubles, from first items, until it holds need. Returns 0, or
 * -ENOMEM (also when the size would overflow) leaving it as it was. */
int zt_grow_to(void *array_ptr, size_t need, size_t *cap, size_t elem, size_t first);

/* Makes room for item n: zt_grow_to with need n + 1. */
int zt_grow(void *array_ptr, size_t n, size_t *cap, size_t elem, size_t first);

/* Typed forms: arr is the array pointer itself (a T * lvalue), cap its
 * size_t capacity; the item size is taken from arr. */
#define ZT_GROW(arr, n, cap, first) zt_grow(&(arr), (n), &(cap), sizeof *(arr), (first))
#define ZT_GROW_TO(arr, need, cap, first) zt_grow_to(&(arr), (need), &(cap), sizeof *(arr), (first))

#endif
