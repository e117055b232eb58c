#include "group_commit.h"

#include <errno.h>
#include <stdlib.h>

#include "grow.h"
#include "ingest.h"
#include "log.h"

struct held_frame {
    struct zt_conn *conn; /* NULL once the connection went away */
    struct zt_inbound *in;
    int grouped;
    size_t job; /* its job in the group, when grouped */
};

struct zt_held {
    uv_check_t check;   /* runs once the loop turn has read everything */
    uv_timer_t linger;  /* ends the wait for pushes on their way */
    uint64_t linger_ms; /* longest wait, from the first push held */
    uint64_t first_ms;  /* loop time the first push was held */
    int closing;        /* handles closing, h freed when both have */
    struct zt_service *svc;
    zt_held_answer_fn *answer;
    struct held_frame *frames;
    size_t n, cap, pushes;
    uint64_t groups, grouped; /* commits and pushes, for the debug log */
};

static void drop(struct zt_held *h)
{
    for (size_t i = 0; i < h->n; i++)
        zt_inbound_free(h->frames[i].in);
    h->n = h->pushes = 0;
}

/* The held pushes in one commit, then every held frame answered in
 * arrival order. */
static void commit_held(struct zt_held *h)
{
    uv_check_stop(&h->check);
    uv_timer_stop(&h->linger);
    h->pushes = 0;
    size_t njobs = 0;
    for (size_t i = 0; i < h->n; i++) {
        /* a peer gone before the commit was never answered: its retry stores the batch */
        h->frames[i].grouped &= h->frames[i].conn != NULL;
        njobs += h->frames[i].grouped;
    }
    struct zt_push_job *jobs = njobs ? calloc(njobs, sizeof *jobs) : NULL;
    if (njobs && !jobs) {
        zt_err("out of memory grouping %zu pushes; their connections are closed", njobs);
        for (size_t i = 0; i < h->n; i++)
            if (h->frames[i].conn)
                zt_conn_close(h->frames[i].conn);
        drop(h);
        return;
    }
    size_t j = 0;
    for (size_t i = 0; i < h->n; i++) {
        struct held_frame *f = &h->frames[i];
        if (!f->grouped)
            continue;
        f->job = j;
        jobs[j++] = (struct zt_push_job){.urn = zt_conn_identity(f->conn)->urn, .batch = f->in->req->push};
    }
    if (njobs) {
        zt_ingest_push_group(h->svc->zone->store, jobs, njobs, zt_zone_as_of(h->svc->zone));
        h->groups++;
        h->grouped += njobs;
        zt_debug("group commit: %zu push(es) in one transaction (%llu in %llu commits so far)", njobs,
                 (unsigned long long)h->grouped, (unsigned long long)h->groups);
    }
    /* Answering may hold nothing new: the frames come from this list only. */
    size_t n = h->n;
    h->n = 0;
    for (size_t i = 0; i < n; i++) {
        struct held_frame *f = &h->frames[i];
        if (f->conn)
            h->answer(h->svc, f->conn, f->in, f->grouped ? &jobs[f->job] : NULL);
        else
            zt_inbound_free(f->in);
    }
    for (size_t i = 0; i < njobs; i++)
        zt_ingest_result_free(&jobs[i].res);
    free(jobs);
}

static void on_linger_end(uv_timer_t *t)
{
    commit_held(t->data);
}

/* 1 while the group waits for pushes on their way: every commit rewrites
 * the pages its pushes share (a day's month records of every school are
 * interleaved), so schools syncing together are best in one. It waits at
 * most linger_ms after its first push, and not at all when no other
 * connection is about to ask. */
static int lingers(struct zt_held *h)
{
    struct zt_server *srv = h->svc->server;
    if (!h->linger_ms || !h->pushes || !srv)
        return 0;
    uint64_t waited = uv_now(h->check.loop) - h->first_ms;
    if (waited >= h->linger_ms || zt_server_requests_coming(srv) == 0)
        return 0;
    if (!uv_is_active((uv_handle_t *)&h->linger))
        uv_timer_start(&h->linger, on_linger_end, h->linger_ms - waited, 0);
    return 1;
}

/* The end of a loop turn. */
static void on_check(uv_check_t *check)
{
    struct zt_held *h = check->data;
    if (!lingers(h))
        commit_held(h);
}

int zt_held_init(uv_loop_t *loop, struct zt_service *svc, unsigned linger_ms, zt_held_answer_fn *answer)
{
    struct zt_held *h = calloc(1, sizeof *h);
    if (!h)
        return UV_ENOMEM;
    int rc = uv_check_init(loop, &h->check);
    if (rc) {
        free(h);
        return rc;
    }
    uv_timer_init(loop, &h->linger); /* cannot fail */
    h->check.data = h->linger.data = h;
    h->linger_ms = linger_ms;
    h->svc = svc;
    h->answer = answer;
    svc->held = h;
    return 0;
}

static void on_closed(uv_handle_t *handle)
{
    struct zt_held *h = handle->data;
    if (--h->closing > 0)
        return;
    drop(h);
    free(h->frames);
    free(h);
}

void zt_held_flush(struct zt_service *svc)
{
    if (svc->held && svc->held->n)
        commit_held(svc->held);
}

void zt_held_close(struct zt_service *svc)
{
    struct zt_held *h = svc->held;
    if (!h)
        return;
    h->closing = 2;
    uv_close((uv_handle_t *)&h->check, on_closed);
    uv_close((uv_handle_t *)&h->linger, on_closed);
    svc->held = NULL;
}

int zt_held_add(struct zt_service *svc, struct zt_conn *c, struct zt_inbound *in, int grouped)
{
    struct zt_held *h = svc->held;
    if (zt_grow(&h->frames, h->n, &h->cap, sizeof *h->frames, 16))
        return -ENOMEM;
    h->frames[h->n++] = (struct held_frame){c, in, grouped, 0};
    if (grouped && h->pushes++ == 0)
        h->first_ms = uv_now(h->check.loop);
    if (grouped)
        zt_debug("a push held for the group commit (%zu held)", h->pushes);
    uv_check_start(&h->check, on_check);
    return 0;
}

void zt_held_forget(struct zt_service *svc, struct zt_conn *c)
{
    struct zt_held *h = svc->held;
    for (size_t i = 0; h && i < h->n; i++)
        if (h->frames[i].conn == c)
            h->frames[i].conn = NULL;
}
