/* The monotonic clock in milliseconds, and sleeping on it: for timeouts,
 * backoff and progress, which must not jump with the wall clock. */
#ifndef ZT_CLOCK_H
#define ZT_CLOCK_H

/* Milliseconds on the monotonic clock (an arbitrary origin). */
long long zt_now_ms(void);

/* Sleeps ms milliseconds, resuming after signals. */
void zt_sleep_ms(long ms);

#endif
