/* libFuzzer target: the frame decoder fed in arbitrary chunks. The first
 * byte of the input picks the chunk size, the rest is the stream. */
#include <stddef.h>
#include <stdint.h>

#include "frame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t chunk = (size_t)data[0] % 17 + 1;
    struct zt_frame_reader r;
    zt_frame_reader_init(&r, 4096);
    for (size_t off = 1; off < size; off += chunk) {
        size_t n = size - off < chunk ? size - off : chunk;
        if (zt_frame_feed(&r, data + off, n))
            break;
        const uint8_t *payload;
        size_t len;
        int rc;
        while ((rc = zt_frame_next(&r, &payload, &len)) == 1) {
            volatile uint8_t sink = payload[0] ^ payload[len - 1];
            (void)sink;
        }
        if (rc < 0)
            break;
    }
    zt_frame_reader_free(&r);
    return 0;
}
