#include "arena.h"

#include <stdlib.h>
#include <string.h>

#define BLOCK_DATA (64u * 1024)

struct zt_arena_block {
    struct zt_arena_block *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
};

void *zt_arena_alloc(struct zt_arena *a, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    struct zt_arena_block *b = a->head;
    if (!b || b->size - b->used < size) {
        size_t cap = size > BLOCK_DATA ? size : BLOCK_DATA;
        b = malloc(sizeof *b + cap);
        if (!b) {
            a->failed = 1;
            return NULL;
        }
        b->size = cap;
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

char *zt_arena_strndup(struct zt_arena *a, const char *s, size_t n)
{
    char *p = zt_arena_alloc(a, n + 1);
    if (p)
        memcpy(p, s, n);
    return p;
}

char *zt_arena_strdup(struct zt_arena *a, const char *s)
{
    return zt_arena_strndup(a, s, strlen(s));
}

void *zt_arena_grow(struct zt_arena *a, void *items, size_t n, size_t *cap, size_t elem)
{
    if (n < *cap)
        return items;
    size_t ncap = *cap ? *cap * 2 : 8;
    void *p = zt_arena_alloc(a, ncap * elem);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, items, n * elem);
    *cap = ncap;
    return p;
}

void zt_arena_free(struct zt_arena *a)
{
    while (a->head) {
        struct zt_arena_block *next = a->head->next;
        free(a->head);
        a->head = next;
    }
    a->failed = 0;
}
