/* Stream framing (common/frame.c): frames split across and packed into
 * feeds, and the length checks made before anything is allocated. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "frame.h"

/* Appends one frame (header + payload of n copies of fill) at *at. */
static size_t put_frame(uint8_t *buf, size_t at, size_t n, uint8_t fill)
{
    zt_frame_header(buf + at, n);
    memset(buf + at + ZT_FRAME_HEADER, fill, n);
    return at + ZT_FRAME_HEADER + n;
}

static int all_bytes(const uint8_t *p, size_t n, uint8_t v)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != v)
            return 0;
    return 1;
}

static void test_header_is_big_endian(void **state)
{
    (void)state;
    uint8_t h[ZT_FRAME_HEADER];
    zt_frame_header(h, 0x01020304u);
    assert_int_equal(h[0], 1);
    assert_int_equal(h[1], 2);
    assert_int_equal(h[2], 3);
    assert_int_equal(h[3], 4);
}

static void test_byte_by_byte(void **state)
{
    (void)state;
    static const size_t sizes[] = {1, 5, 300, 5000};
    uint8_t wire[6000];
    size_t len = 0;
    for (size_t i = 0; i < 4; i++)
        len = put_frame(wire, len, sizes[i], (uint8_t)('a' + i));

    struct zt_frame_reader r;
    zt_frame_reader_init(&r, 10000);
    size_t seen = 0, frame_end = ZT_FRAME_HEADER + sizes[0];
    for (size_t i = 0; i < len; i++) {
        assert_int_equal(zt_frame_feed(&r, wire + i, 1), 0);
        const uint8_t *p;
        size_t n;
        int rc = zt_frame_next(&r, &p, &n);
        if (i + 1 < frame_end) { /* a frame is whole only with its last byte */
            assert_int_equal(rc, 0);
            continue;
        }
        assert_int_equal(rc, 1);
        assert_int_equal(n, sizes[seen]);
        assert_true(all_bytes(p, n, (uint8_t)('a' + seen)));
        assert_int_equal(zt_frame_next(&r, &p, &n), 0);
        seen++;
        if (seen < 4)
            frame_end += ZT_FRAME_HEADER + sizes[seen];
    }
    assert_int_equal(seen, 4);
    assert_int_equal(zt_frame_pending(&r), 0);
    zt_frame_reader_free(&r);
}

static void test_several_frames_in_one_feed(void **state)
{
    (void)state;
    uint8_t wire[64];
    size_t len = put_frame(wire, 0, 3, 'x');
    len = put_frame(wire, len, 1, 'y');
    len = put_frame(wire, len, 7, 'z');
    size_t whole = len;
    len = put_frame(wire, len, 10, 'w'); /* this one arrives only in part */

    struct zt_frame_reader r;
    zt_frame_reader_init(&r, 100);
    assert_int_equal(zt_frame_feed(&r, wire, whole + 6), 0);
    const uint8_t *p;
    size_t n;
    assert_int_equal(zt_frame_next(&r, &p, &n), 1);
    assert_int_equal(n, 3);
    assert_true(all_bytes(p, 3, 'x'));
    assert_int_equal(zt_frame_next(&r, &p, &n), 1);
    assert_int_equal(n, 1);
    assert_true(all_bytes(p, 1, 'y'));
    assert_int_equal(zt_frame_next(&r, &p, &n), 1);
    assert_int_equal(n, 7);
    assert_true(all_bytes(p, 7, 'z'));
    assert_int_equal(zt_frame_next(&r, &p, &n), 0);
    assert_int_equal(zt_frame_pending(&r), 6);

    assert_int_equal(zt_frame_feed(&r, wire + whole + 6, len - whole - 6), 0);
    assert_int_equal(zt_frame_next(&r, &p, &n), 1);
    assert_int_equal(n, 10);
    assert_true(all_bytes(p, 10, 'w'));
    assert_int_equal(zt_frame_next(&r, &p, &n), 0);
    zt_frame_reader_free(&r);
}

static void test_zero_length_is_eproto(void **state)
{
    (void)state;
    uint8_t wire[ZT_FRAME_HEADER];
    zt_frame_header(wire, 0);
    struct zt_frame_reader r;
    zt_frame_reader_init(&r, 100);
    assert_int_equal(zt_frame_feed(&r, wire, sizeof wire), 0);
    const uint8_t *p;
    size_t n;
    assert_int_equal(zt_frame_next(&r, &p, &n), -EPROTO);
    zt_frame_reader_free(&r);
}

/* Only the 4 header bytes are fed: the refusal must not wait for (nor
 * make room for) the payload it announces. */
static void test_oversize_refused_before_allocating(void **state)
{
    (void)state;
    const size_t max = 1u << 20;
    uint8_t wire[ZT_FRAME_HEADER];
    zt_frame_header(wire, max + 1);
    struct zt_frame_reader r;
    zt_frame_reader_init(&r, max);
    assert_int_equal(zt_frame_feed(&r, wire, sizeof wire), 0);
    const uint8_t *p;
    size_t n;
    assert_int_equal(zt_frame_next(&r, &p, &n), -EMSGSIZE);
    assert_true(r.cap < max);
    zt_frame_reader_free(&r);
}

/* A reader asked for more than the hard ceiling gets the ceiling. */
static void test_max_capped_at_hard_ceiling(void **state)
{
    (void)state;
    uint8_t wire[ZT_FRAME_HEADER];
    zt_frame_header(wire, (size_t)ZT_FRAME_MAX + 1);
    struct zt_frame_reader r;
    zt_frame_reader_init(&r, SIZE_MAX);
    assert_int_equal(r.max, ZT_FRAME_MAX);
    assert_int_equal(zt_frame_feed(&r, wire, sizeof wire), 0);
    const uint8_t *p;
    size_t n;
    assert_int_equal(zt_frame_next(&r, &p, &n), -EMSGSIZE);
    assert_true(r.cap < ZT_FRAME_MAX);
    zt_frame_reader_free(&r);
}

static void test_exactly_max_is_accepted(void **state)
{
    (void)state;
    enum { MAX = 1000 };
    uint8_t wire[ZT_FRAME_HEADER + MAX];
    put_frame(wire, 0, MAX, 'm');
    struct zt_frame_reader r;
    zt_frame_reader_init(&r, MAX);
    assert_int_equal(zt_frame_feed(&r, wire, sizeof wire - 1), 0);
    const uint8_t *p;
    size_t n;
    assert_int_equal(zt_frame_next(&r, &p, &n), 0);
    assert_int_equal(zt_frame_pending(&r), sizeof wire - 1);
    assert_int_equal(zt_frame_feed(&r, wire + sizeof wire - 1, 1), 0);
    assert_int_equal(zt_frame_next(&r, &p, &n), 1);
    assert_int_equal(n, MAX);
    assert_true(all_bytes(p, n, 'm'));
    zt_frame_reader_free(&r);
}

/* A frame handed out stays readable until the next feed, even when it was
 * the last bytes held (the reader then resets its counters). */
static void test_payload_valid_until_next_feed(void **state)
{
    (void)state;
    uint8_t wire[32];
    size_t len = put_frame(wire, 0, 4, 'p');
    struct zt_frame_reader r;
    zt_frame_reader_init(&r, 100);
    assert_int_equal(zt_frame_feed(&r, wire, len), 0);
    const uint8_t *p, *q;
    size_t n, m;
    assert_int_equal(zt_frame_next(&r, &p, &n), 1);
    assert_int_equal(zt_frame_next(&r, &q, &m), 0);
    assert_int_equal(zt_frame_pending(&r), 0);
    assert_true(all_bytes(p, n, 'p'));
    zt_frame_reader_free(&r);
}

/* The header both ends write is the one both read back. */
static void test_length_reads_header(void **state)
{
    (void)state;
    uint8_t h[ZT_FRAME_HEADER];
    zt_frame_header(h, 0x01020304);
    assert_int_equal(zt_frame_length(h), 0x01020304);
    zt_frame_header(h, ZT_FRAME_MAX);
    assert_int_equal(zt_frame_length(h), ZT_FRAME_MAX);
}

static void test_check_limits(void **state)
{
    (void)state;
    assert_int_equal(zt_frame_check(0, 100), -EPROTO);
    assert_int_equal(zt_frame_check(1, 100), 0);
    assert_int_equal(zt_frame_check(100, 100), 0);
    assert_int_equal(zt_frame_check(101, 100), -EMSGSIZE);
    assert_int_equal(zt_frame_check(ZT_FRAME_MAX, SIZE_MAX), 0);
    assert_int_equal(zt_frame_check((size_t)ZT_FRAME_MAX + 1, SIZE_MAX), -EMSGSIZE);
}

/* A frame started in a small buffer: the header, then the payload's start;
 * a payload that fits goes in whole. */
static void test_start_fills_first_write(void **state)
{
    (void)state;
    uint8_t payload[40], first[16];
    for (size_t i = 0; i < sizeof payload; i++)
        payload[i] = (uint8_t)i;
    size_t k = zt_frame_start(first, sizeof first, payload, sizeof payload);
    assert_int_equal(k, sizeof first - ZT_FRAME_HEADER);
    assert_int_equal(zt_frame_length(first), sizeof payload);
    assert_memory_equal(first + ZT_FRAME_HEADER, payload, k);
    k = zt_frame_start(first, sizeof first, payload, 5);
    assert_int_equal(k, 5);
    assert_int_equal(zt_frame_length(first), 5);
    assert_memory_equal(first + ZT_FRAME_HEADER, payload, 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_is_big_endian),
        cmocka_unit_test(test_length_reads_header),
        cmocka_unit_test(test_check_limits),
        cmocka_unit_test(test_start_fills_first_write),
        cmocka_unit_test(test_byte_by_byte),
        cmocka_unit_test(test_several_frames_in_one_feed),
        cmocka_unit_test(test_zero_length_is_eproto),
        cmocka_unit_test(test_oversize_refused_before_allocating),
        cmocka_unit_test(test_max_capped_at_hard_ceiling),
        cmocka_unit_test(test_exactly_max_is_accepted),
        cmocka_unit_test(test_payload_valid_until_next_feed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
