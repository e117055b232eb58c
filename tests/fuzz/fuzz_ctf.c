/* libFuzzer target: the CTF reader (client/agent/ctf.c) over any bytes,
 * both passes, with a sink that checks what it is given is in range. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "ctf.h"
#include "upn.h"

static int on_pupil(void *ctx, const struct zt_ctf_pupil *p)
{
    (void)ctx;
    if (zt_upn_invalid(p->row.upn, strlen(p->row.upn)) || !p->name || !p->row.gender || !p->row.year_group)
        abort();
    return 0;
}

static int on_unread(void *ctx, const char *upn, unsigned line)
{
    (void)ctx, (void)line;
    if (upn && zt_upn_invalid(upn, strlen(upn)))
        abort();
    return 0;
}

static int on_mark(void *ctx, const char *upn, zt_date date, uint32_t session, int code, unsigned line)
{
    (void)ctx, (void)upn, (void)date, (void)line;
    if ((session != ZT_SESSION_AM && session != ZT_SESSION_PM) || code <= 0 || code >= ZT_MARK_CODE_MAX)
        abort();
    return 0;
}

static int on_assessment(void *ctx, const char *upn, uint32_t subject, zt_date date, uint32_t step, unsigned line)
{
    (void)ctx, (void)upn, (void)date, (void)line;
    if (!subject || subject > 4 || !step || step > 4)
        abort();
    return 0;
}

static void on_reject(void *ctx, unsigned line, uint32_t rows, const char *why)
{
    (void)ctx, (void)line;
    if (!rows || !why[0])
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct zt_ctf_sink s = {NULL, on_pupil, on_unread, on_mark, on_assessment, on_reject};
    char err[512];
    for (int parts = ZT_CTF_ROLL; parts <= ZT_CTF_RECORDS; parts++)
        zt_ctf_read_memory((const char *)data, size, "fuzz.xml", parts, &s, err, sizeof err);
    return 0;
}
