#include "group_commit.h"

#include <errno.h>
#include <stdlib.h>

#include "dispatch.h"
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
    uv_check_t check; /* runs once the loop turn has read everything */
    struct zt_zone *zone;
    struct held_frame *frames;
    size_t n, cap;
    uint64_t groups, grouped; /* commits and pushes, for the debug log */
};

static void drop(struct zt_held *h)
{
    for (size_t i = 0; i < h->n; i++)
        zt_inbound_free(h->frames[i].in);
    h->n = 0;
}

/* The end of a loop turn: the held pushes in one commit, then every held
 * frame answered in arrival order. */
static void on_check(uv_check_t *check)
{
    struct zt_held *h = check->data;
    uv_check_stop(&h->check);
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
        zt_ingest_push_group(h->zone->store, jobs, njobs, zt_zone_as_of(h->zone));
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
            zt_dispatch_answer(f->conn, f->in, h->zone, 1, f->grouped ? &jobs[f->job] : NULL);
        else
            zt_inbound_free(f->in);
    }
    for (size_t i = 0; i < njobs; i++)
        zt_ingest_result_free(&jobs[i].res);
    free(jobs);
}

int zt_held_init(uv_loop_t *loop, struct zt_zone *z)
{
    struct zt_held *h = calloc(1, sizeof *h);
    if (!h)
        return UV_ENOMEM;
    int rc = uv_check_init(loop, &h->check);
    if (rc) {
        free(h);
        return rc;
    }
    h->check.data = h;
    h->zone = z;
    z->held = h;
    return 0;
}

static void on_closed(uv_handle_t *handle)
{
    struct zt_held *h = handle->data;
    drop(h);
    free(h->frames);
    free(h);
}

void zt_held_close(struct zt_zone *z)
{
    if (!z->held)
        return;
    uv_close((uv_handle_t *)&z->held->check, on_closed);
    z->held = NULL;
}

int zt_held_add(struct zt_zone *z, struct zt_conn *c, struct zt_inbound *in, int grouped)
{
    struct zt_held *h = z->held;
    if (zt_grow(&h->frames, h->n, &h->cap, sizeof *h->frames, 16))
        return -ENOMEM;
    h->frames[h->n++] = (struct held_frame){c, in, grouped, 0};
    uv_check_start(&h->check, on_check);
    return 0;
}

void zt_held_forget(struct zt_zone *z, struct zt_conn *c)
{
    struct zt_held *h = z->held;
    for (size_t i = 0; h && i < h->n; i++)
        if (h->frames[i].conn == c)
            h->frames[i].conn = NULL;
}
