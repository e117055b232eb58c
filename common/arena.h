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
char *zt_arena_printf(struct zt_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* items (n used of *cap, elem bytes each) with room for one more: the same
 * pointer, or a copy twice as large; NULL on failure. */
void *zt_arena_grow(struct zt_arena *a, void *items, size_t n, size_t *cap, size_t elem);
void zt_arena_free(struct zt_arena *a);

#endif
