#include "progress.h"


#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"

#define REDRAW_S 0.2

static void draw(struct zt_progress *p)
{
    double t = (double)zt_now_ms() / 1000, elapsed = t - p->start;
    double rate = elapsed > 0 ? (double)p->done / elapsed : 0;
    double left = rate > 0 ? (double)(p->total - p->done) / rate : 0;
    fprintf(stderr, "\rpushing: %llu/%llu rows (%3.0f%%), %.0f rows/s, %.0f s left   ",
            (unsigned long long)p->done, (unsigned long long)p->total,
            p->total ? 100.0 * (double)p->done / (double)p->total : 100.0, rate, left);
    fflush(stderr);
    p->last = t;
}

void zt_progress_start(struct zt_progress *p, uint64_t total)
{
    *p = (struct zt_progress){.on = isatty(STDERR_FILENO) && total > 0, .total = total};
    p->start = p->last = (double)zt_now_ms() / 1000;
    if (p->on)
        draw(p);
}

void zt_progress_add(struct zt_progress *p, uint64_t rows)
{
    p->done += rows;
    if (p->on && ((double)zt_now_ms() / 1000 - p->last >= REDRAW_S || p->done >= p->total))
        draw(p);
}

void zt_progress_end(struct zt_progress *p)
{
    if (p->on) {
        draw(p);
        fputc('\n', stderr);
    }
    p->on = 0;
}
