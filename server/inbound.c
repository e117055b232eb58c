#include "inbound.h"

#include <stdlib.h>

static void *arena_alloc(void *arena, size_t size)
{
    return zt_arena_alloc(arena, size ? size : 1);
}

static void arena_keep(void *arena, void *p)
{
    (void)arena;
    (void)p; /* freed with the arena */
}

struct zt_inbound *zt_inbound_unpack(const uint8_t *data, size_t len)
{
    struct zt_inbound *in = calloc(1, sizeof *in);
    if (!in)
        return NULL;
    ProtobufCAllocator into_arena = {arena_alloc, arena_keep, &in->arena};
    in->req = zt__request__unpack(&into_arena, len, data);
    if (!in->req || in->arena.failed) {
        zt_inbound_free(in);
        return NULL;
    }
    return in;
}

void zt_inbound_free(struct zt_inbound *in)
{
    if (!in)
        return;
    zt_arena_free(&in->arena);
    free(in);
}
