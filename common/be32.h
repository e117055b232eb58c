/* 32-bit numbers as four big-endian bytes: the order of store keys, sync
 * digest keys and frame headers, so byte order is number order. */
#ifndef ZT_BE32_H
#define ZT_BE32_H

#include <stdint.h>

static inline void zt_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static inline uint32_t zt_get_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

#endif
