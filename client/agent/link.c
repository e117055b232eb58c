#include "link.h"


#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "clock.h"
#include "log.h"

#define BACKOFF_FIRST_MS 200
#define BACKOFF_MAX_MS 15000

static int retryable(enum zt_conn_fail f)
{
    return f == ZT_FAIL_DNS || f == ZT_FAIL_TCP || f == ZT_FAIL_TLS || f == ZT_FAIL_PROTOCOL ||
           f == ZT_FAIL_TIMEOUT;
}

/* Half to all of the exponential delay for this retry, so many agents that
 * lost the zone together do not come back in step. */
static long backoff_ms(unsigned retry)
{
    long d = BACKOFF_FIRST_MS;
    for (unsigned i = 0; i < retry && d < BACKOFF_MAX_MS; i++)
        d *= 2;
    d = d > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : d;
    uint32_t r = 0;
    if (getrandom(&r, sizeof r, 0) != (ssize_t)sizeof r)
        r = (uint32_t)(long)zt_now_ms();
    return d / 2 + (long)(r % (uint32_t)(d / 2 + 1));
}

static int connect_once(struct zt_link *l, char *err, size_t errlen)
{
    l->attempts++;
    if (zt_session_open(&l->s, l->c, "zone-agent", err, errlen)) {
        l->fail = l->s.fail;
        return -1;
    }
    l->connected = 1;
    return 0;
}

static void disconnect(struct zt_link *l)
{
    if (l->connected)
        zt_session_close(&l->s);
    l->connected = 0;
}

/* After a failure that began at 'since': waits and reconnects until it
 * works or the budget is spent. Returns 0 connected, -1 with err. */
static int recover(struct zt_link *l, long since, char *err, size_t errlen)
{
    unsigned retry = 0;
    for (;;) {
        long spent = (long)zt_now_ms() - since;
        if (!retryable(l->fail) || spent >= l->budget_ms) {
            char why[400];
            snprintf(why, sizeof why, "%s", err);
            if (retryable(l->fail))
                snprintf(err, errlen, "%s (gave up after %u attempt%s, retried for %.1f s)", why,
                         l->attempts, l->attempts == 1 ? "" : "s", (double)spent / 1000);
            l->budget_ms -= spent;
            return -1;
        }
        long wait = backoff_ms(retry++);
        if (wait > l->budget_ms - spent)
            wait = l->budget_ms - spent;
        /* said at once and at every attempt: a run that waits minutes for
         * a zone that is down must not look hung, on a terminal or in a log */
        zt_warn("attempt %u: cannot reach the zone at %s (%s): %s; trying again in %.1f s, for %.0f s more "
                "(retry_for_ms)", l->attempts, l->c->zone, zt_conn_fail_name(l->fail), err,
                (double)wait / 1000, (double)(l->budget_ms - spent) / 1000);
        zt_sleep_ms(wait);
        if (connect_once(l, err, errlen) == 0) {
            l->budget_ms -= (long)zt_now_ms() - since;
            l->reconnects++;
            return 0;
        }
    }
}

int zt_link_open(struct zt_link *l, const struct zt_client_config *c, char *err, size_t errlen)
{
    memset(l, 0, sizeof *l);
    l->c = c;
    l->budget_ms = c->retry_for_ms;
    long since = (long)zt_now_ms();
    if (connect_once(l, err, errlen) == 0)
        return 0;
    return recover(l, since, err, errlen);
}

static int expect(Zt__Response__BodyCase want, Zt__Response **out, char *err, size_t errlen)
{
    if ((*out)->body_case == want)
        return 0;
    snprintf(err, errlen, "the zone answered with something else than asked (%d for %d)",
             (int)(*out)->body_case, (int)want);
    zt__response__free_unpacked(*out, NULL);
    *out = NULL;
    return -1;
}

int zt_link_call(struct zt_link *l, const Zt__Request *req, Zt__Response__BodyCase want,
                 Zt__Response **out, char *err, size_t errlen)
{
    long since = 0;
    for (;;) {
        if (l->connected) {
            l->s.fail = ZT_FAIL_NONE;
            if (zt_session_call_ok(&l->s, req, out, err, errlen) == 0) {
                l->fail = ZT_FAIL_NONE;
                return expect(want, out, err, errlen);
            }
            l->fail = l->s.fail;
            if (l->fail == ZT_FAIL_NONE)
                return -1; /* the zone answered with an error: sending again changes nothing */
            disconnect(l);
        }
        if (!since)
            since = (long)zt_now_ms();
        if (recover(l, since, err, errlen))
            return -1;
    }
}

const char *zt_link_identity(const struct zt_link *l)
{
    return l->s.identity;
}

void zt_link_close(struct zt_link *l)
{
    disconnect(l);
}
