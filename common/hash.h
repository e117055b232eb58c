/* A fast 64-bit hash of good distribution (XXH3), for comparing sets and
 * lists: not for anything an adversary must not forge. */
#ifndef ZT_HASH_H
#define ZT_HASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t zt_hash64(const void *data, size_t len);

#endif
