#include "frame.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "be32.h"
#include "grow.h"

void zt_frame_reader_init(struct zt_frame_reader *r, size_t max_payload)
{
    memset(r, 0, sizeof *r);
    r->max = max_payload < ZT_FRAME_MAX ? max_payload : ZT_FRAME_MAX;
}

void zt_frame_reader_free(struct zt_frame_reader *r)
{
    free(r->buf);
    memset(r, 0, sizeof *r);
}

int zt_frame_feed(struct zt_frame_reader *r, const void *data, size_t n)
{
    if (r->off) { /* drop consumed frames before growing */
        memmove(r->buf, r->buf + r->off, r->len - r->off);
        r->len -= r->off;
        r->off = 0;
    }
    if (n > SIZE_MAX - r->len || ZT_GROW_TO(r->buf, r->len + n, r->cap, 4096))
        return -ENOMEM;
    memcpy(r->buf + r->len, data, n);
    r->len += n;
    return 0;
}

int zt_frame_next(struct zt_frame_reader *r, const uint8_t **payload, size_t *len)
{
    size_t avail = r->len - r->off;
    if (avail < ZT_FRAME_HEADER)
        return 0;
    uint32_t n = zt_frame_length(r->buf + r->off);
    int rc = zt_frame_check(n, r->max);
    if (rc)
        return rc;
    if (avail - ZT_FRAME_HEADER < n)
        return 0;
    *payload = r->buf + r->off + ZT_FRAME_HEADER;
    *len = n;
    r->off += ZT_FRAME_HEADER + n;
    if (r->off == r->len)
        r->off = r->len = 0; /* payload stays readable: nothing overwrites it before the next feed */
    return 1;
}

size_t zt_frame_pending(const struct zt_frame_reader *r)
{
    return r->len - r->off;
}

void zt_frame_header(uint8_t out[ZT_FRAME_HEADER], size_t len)
{
    zt_be32(out, (uint32_t)len);
}

uint32_t zt_frame_length(const uint8_t hdr[ZT_FRAME_HEADER])
{
    return zt_get_be32(hdr);
}

int zt_frame_check(size_t len, size_t max)
{
    if (len == 0)
        return -EPROTO;
    return len > max || len > ZT_FRAME_MAX ? -EMSGSIZE : 0;
}

size_t zt_frame_start(uint8_t *out, size_t cap, const uint8_t *payload, size_t len)
{
    size_t k = len < cap - ZT_FRAME_HEADER ? len : cap - ZT_FRAME_HEADER;
    zt_frame_header(out, len);
    memcpy(out + ZT_FRAME_HEADER, payload, k);
    return k;
}
