/* Small socket facts both ends share. */
#ifndef ZT_SOCK_H
#define ZT_SOCK_H

#include <stddef.h>

/* Splits "HOST:PORT" or "[V6]:PORT" into host (NUL-terminated) and a port
 * of 0-65535. Returns 0, or -1 when s is not of that form or host does not
 * fit in hsize. */
int zt_split_hostport(const char *s, char *host, size_t hsize, unsigned *port);

/* Writing to a socket whose peer has gone raises SIGPIPE, which would kill
 * the process; ignore it unless someone has already chosen a handler. */
void zt_ignore_sigpipe(void);

#endif
