/* The agent's state folder holds the pupils' UPNs (the keys of its state),
 * so it is readable by its owner only (SPEC §8): created 0700; the default
 * folder, the agent's own, tightened to 0700 when found wider; a folder the
 * configuration names and someone else made is left as it is, with a
 * warning each run. */
#ifndef ZT_AGENT_STATE_DIR_H
#define ZT_AGENT_STATE_DIR_H

#include <stddef.h>

/* Makes sure dir exists as described; ours = 1 for the default folder.
 * Returns 0, or a negative errno with a one-line reason in err. */
int zt_state_dir_prepare(const char *dir, int ours, char *err, size_t errlen);

#endif
