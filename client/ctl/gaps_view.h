/* What zonectl's gaps, priorities and report commands share: their options,
 * the one call to the zone, and the figures read back from the reply with
 * common/gap_measures.h (suppressed groups read as NAN). */
#ifndef ZT_GAPS_VIEW_H
#define ZT_GAPS_VIEW_H

#include "benchmarks.h"
#include "commands.h"
#include "gap_measures.h"

struct zt_gap_opts {
    Zt__GapsQuery q;
    const char *by;          /* --by, or NULL for every group */
    int level;               /* --level as ZT__GAP_LEVEL__*, or -1 for all */
    int json, csv;
    const char *html;        /* report --html FILE */
    struct zt_benchmarks bench;
};

/* Parses argv[1..] (argv[0] the command) into *o. Returns 0, or 2 after
 * printing a usage error. Options every command takes: --as-of DATE,
 * --benchmarks FILE, --json; the rest are refused unless listed in `more`
 * (a space-separated list such as "--by --level --school --trend --csv"). */
int zt_gap_opts_parse(int argc, char **argv, const char *more, struct zt_gap_opts *o);

/* Asks the zone; a school certificate asks for its own school only.
 * Returns 0 with *resp (free with zt__response__free_unpacked) or 1. */
int zt_gap_fetch(struct zt_session *s, struct zt_gap_opts *o, Zt__Response **resp);

/* zt_gap_opts_parse then zt_gap_fetch (with a trend when trend is set):
 * the process exit code, 0 with *resp set. */
int zt_gap_opts_fetch(struct zt_session *s, int argc, char **argv, const char *more, int trend,
                      struct zt_gap_opts *o, Zt__Response **resp);

void zt_gap_tally_from_wire(const Zt__GapTally *w, struct zt_gap_tally *t);

/* A measure of a tally that may be absent (suppressed): NAN then. */
double zt_gap_measure(const Zt__GapTally *w, enum zt_measure m);

/* Group minus rest, NAN when suppressed or unknown. */
double zt_gap_difference(const Zt__GapGroup *g, enum zt_measure m);

/* The scope of the zone in a reply's scopes, or NULL. */
const Zt__GapScope *zt_gap_zone(Zt__GapScope *const *scopes, size_t n);

/* The group named in a scope, or NULL. */
const Zt__GapGroup *zt_gap_group(const Zt__GapScope *s, const char *name);

/* The same scope (level and school or cluster) among scopes, or NULL. */
const Zt__GapScope *zt_gap_same_scope(const Zt__GapScope *s, Zt__GapScope *const *scopes, size_t n);

/* "zone", "cluster", "school". */
const char *zt_gap_level_name(Zt__GapLevel l);

/* RAG of scope's all-pupil measure against the zone's and the national. */
enum zt_rag zt_gap_rag_zone(const Zt__GapScope *s, const Zt__GapScope *zone, enum zt_measure m,
                            const struct zt_benchmarks *b);
enum zt_rag zt_gap_rag_national(const Zt__GapScope *s, enum zt_measure m, const struct zt_benchmarks *b);

#endif
