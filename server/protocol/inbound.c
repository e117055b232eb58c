#include "inbound.h"

#include <stdio.h>
#include <stdlib.h>

#include "wire_check.h"

static void *arena_alloc(void *arg, size_t size)
{
    struct zt_inbound *in = arg;
    size = size ? size : 1;
    if (size > in->limit - in->used) {
        in->over = 1;
        return NULL; /* protobuf-c gives up on the whole message */
    }
    in->used += size;
    return zt_arena_alloc(&in->arena, size);
}

static void arena_keep(void *arg, void *p)
{
    (void)arg;
    (void)p; /* freed with the arena */
}

struct zt_inbound *zt_inbound_unpack(const uint8_t *data, size_t len)
{
    struct zt_inbound *in = calloc(1, sizeof *in);
    if (!in)
        return NULL;
    in->limit = ZT_INBOUND_SLACK + (len < SIZE_MAX / ZT_INBOUND_EXPANSION ? len * ZT_INBOUND_EXPANSION : len);
    ProtobufCAllocator into_arena = {arena_alloc, arena_keep, in};
    in->req = zt__request__unpack(&into_arena, len, data);
    if (in->over) {
        snprintf(in->refused, sizeof in->refused,
                 "the request (%zu bytes) unpacks to more than %zu bytes: send fewer items at a time", len,
                 in->limit);
        return in;
    }
    if (!in->req || in->arena.failed) {
        zt_inbound_free(in);
        return NULL;
    }
    if (zt_wire_check(&zt__request__descriptor, data, len, in->refused, sizeof in->refused))
        in->req = NULL; /* stays in the arena, unread */
    return in;
}

void zt_inbound_free(struct zt_inbound *in)
{
    if (!in)
        return;
    zt_arena_free(&in->arena);
    free(in);
}
