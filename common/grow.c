#include "grow.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int zt_grow(void *array_ptr, size_t n, size_t *cap, size_t elem, size_t first)
{
    if (n < *cap)
        return 0;
    void *old;
    memcpy(&old, array_ptr, sizeof old); /* any object pointer, read as void * */
    size_t ncap = *cap ? *cap * 2 : first;
    void *p = realloc(old, ncap * elem);
    if (!p)
        return -ENOMEM;
    memcpy(array_ptr, &p, sizeof p);
    *cap = ncap;
    return 0;
}
