#include "grow.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int zt_grow_to(void *array_ptr, size_t need, size_t *cap, size_t elem, size_t first)
{
    if (need <= *cap)
        return 0;
    size_t ncap = *cap ? *cap : first ? first : 1;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return -ENOMEM;
        ncap *= 2;
    }
    if (elem && ncap > SIZE_MAX / elem)
        return -ENOMEM;
    void *old;
    memcpy(&old, array_ptr, sizeof old); /* any object pointer, read as void * */
    void *p = realloc(old, ncap * elem);
    if (!p)
        return -ENOMEM;
    memcpy(array_ptr, &p, sizeof p);
    *cap = ncap;
    return 0;
}

int zt_grow(void *array_ptr, size_t n, size_t *cap, size_t elem, size_t first)
{
    if (n == SIZE_MAX)
        return -ENOMEM;
    return zt_grow_to(array_ptr, n + 1, cap, elem, first);
}
