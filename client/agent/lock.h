/* One zone-agent run at a time per state folder: an exclusive flock on
 * STATE_DIR/zone-agent.lock, released by the kernel when the run ends, even
 * by kill -9, so a lock is never stale. A second run waits for the first up
 * to lock_wait_ms, then exits without doing anything. */
#ifndef ZT_AGENT_LOCK_H
#define ZT_AGENT_LOCK_H

#include <stddef.h>

/* Takes the lock in dir (which must exist), writes our pid into it. Returns the locked file descriptor (keep it open for the run), or -1
 * with a one-line reason in err naming the holder's pid. */
int zt_agent_lock(const char *dir, long wait_ms, char *err, size_t errlen);

#endif
