/* Progress of a long push on a terminal: rows sent of the total, the rate
 * and the time left, on stderr, rewritten in place. Silent when stderr is
 * not a terminal (a timer's log keeps only the summary line). */
#ifndef ZT_AGENT_PROGRESS_H
#define ZT_AGENT_PROGRESS_H

#include <stdint.h>

struct zt_progress {
    int on;
    uint64_t total, done;
    double start, last;
};

void zt_progress_start(struct zt_progress *p, uint64_t total);
void zt_progress_add(struct zt_progress *p, uint64_t rows);
/* Ends the line, if one was drawn. */
void zt_progress_end(struct zt_progress *p);

#endif
