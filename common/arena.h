/* A bump allocator for building one message: everything is freed together
 * once the message has been packed or printed. */
#ifndef ZT_ARENA_H
#define ZT_ARENA_H

#include <stddef.h>

struct zt_arena_block;

struct zt_arena {
    struct zt_arena_block *head;
    int failed; /* an allocation failed; the caller reports ENOMEM */
};

/* Zeroed memory owned by the arena, or NULL (and a->failed set). */
void *zt_arena_alloc(struct zt_arena *a, size_t size);
/* A copy of s (or of its first n bytes) owned by the arena. */
char *zt_arena_strdup(struct zt_arena *a, const char *s);
char *zt_arena_strndup(struct zt_arena *a, const char *s, size_t n);
/* An array of n elements of elem bytes with room for one more: items when
 * it has room, else a copy twice as large (*cap updated); NULL when out of
 * memory. */
void *zt_arena_grow(struct zt_arena *a, void *items, size_t n, size_t *cap, size_t elem);

void zt_arena_free(struct zt_arena *a);

#endif
