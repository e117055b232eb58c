/* Stream framing: each message is a 4-byte big-endian length then that many
 * bytes of protobuf. Lengths of zero or over the reader's maximum are refused
 * before anything is allocated for them. */
#ifndef ZT_FRAME_H
#define ZT_FRAME_H

#include <stddef.h>
#include <stdint.h>

#define ZT_FRAME_HEADER 4
#define ZT_FRAME_MAX (16u << 20) /* hard ceiling for any frame */

struct zt_frame_reader {
    uint8_t *buf; /* owned */
    size_t len;   /* bytes held */
    size_t off;   /* bytes already handed out as frames */
    size_t cap;
    size_t max;   /* largest payload accepted */
};

void zt_frame_reader_init(struct zt_frame_reader *r, size_t max_payload);
void zt_frame_reader_free(struct zt_frame_reader *r);

/* Appends n received bytes. Returns 0 or -ENOMEM. */
int zt_frame_feed(struct zt_frame_reader *r, const void *data, size_t n);

/* Takes the next whole frame: 1 with *payload and *len pointing into the reader
 * (valid until the next feed), 0 when more bytes are needed, -EMSGSIZE for a
 * frame longer than max, -EPROTO for a zero-length frame. */
int zt_frame_next(struct zt_frame_reader *r, const uint8_t **payload, size_t *len);

/* Bytes held for a frame not yet complete (for memory limits). */
size_t zt_frame_pending(const struct zt_frame_reader *r);

/* Writes the 4-byte header for a payload of len bytes. */
void zt_frame_header(uint8_t out[ZT_FRAME_HEADER], size_t len);

/* The payload length a header announces (not yet checked). */
uint32_t zt_frame_length(const uint8_t hdr[ZT_FRAME_HEADER]);

/* 0 when a payload of len bytes may be framed for a reader taking at most
 * max, -EPROTO when it is empty, -EMSGSIZE when it is longer. */
int zt_frame_check(size_t len, size_t max);

/* Starts a frame in out (cap bytes, more than the header): the header for
 * a payload of len bytes, then as much of the payload as fits, so that a
 * small frame goes out whole in one write. Returns how many payload bytes
 * it placed; the frame is out + ZT_FRAME_HEADER + that many bytes, then
 * the rest of the payload. */
size_t zt_frame_start(uint8_t *out, size_t cap, const uint8_t *payload, size_t len);

#endif
