/* What zonectl's gaps, priorities and report commands share: their options,
 * the one call to the zone, and the figures read back from the reply with
 * common/gap_measures.h (suppressed groups read as NAN). */
#ifndef ZT_GAPS_VIEW_H
#define ZT_GAPS_VIEW_H

#include <stdio.h>

#include "benchmarks.h"
#include "commands.h"
#include "ctl_args.h"
#include "gap_measures.h"
#include "gap_wire.h"

struct zt_gap_opts {
    Zt__GapsQuery q;
    const char *by;          /* --by, or NULL for every group */
    struct zt_gap_cross cross; /* --by A,B: the overlapping groups */
    int level;               /* --level as ZT__GAP_LEVEL__*, or -1 for all */
    int json, csv;
    int trend;               /* --trend: show it (the zone is always asked for it: targets' outlooks) */
    const char *html;        /* report --html FILE */
    struct zt_benchmarks bench;
};

/* The options of the gap commands (gaps, gaps snapshot, priorities,
 * report), for their option tables and help texts. */
#define ZT_GAP_OPT_AS_OF {"as-of", required_argument, NULL, 'a'}
#define ZT_GAP_OPT_BENCHMARKS {"benchmarks", required_argument, NULL, 'b'}
#define ZT_GAP_OPT_BY {"by", required_argument, NULL, 'y'}
#define ZT_GAP_OPT_LEVEL {"level", required_argument, NULL, 'l'}
#define ZT_GAP_OPT_SCHOOL {"school", required_argument, NULL, 's'}
#define ZT_GAP_OPT_TREND {"trend", no_argument, NULL, 't'}
#define ZT_GAP_OPT_JSON {"json", no_argument, NULL, 'j'}
#define ZT_GAP_OPT_CSV {"csv", no_argument, NULL, 'c'}
#define ZT_GAP_OPT_HTML {"html", required_argument, NULL, 'H'}
#define ZT_GAP_OPT_LAST_YEAR {"last-year", no_argument, NULL, 'Y'}
#define ZT_GAP_HELP_AS_OF "  --as-of DATE       the figures as of DATE (YYYY-MM-DD; default the zone's date)\n"
#define ZT_GAP_HELP_BENCHMARKS "  --benchmarks FILE  national figures to compare with (national-benchmarks.conf)\n"

/* Reads the command's options (args->longopts, from the ZT_GAP_OPT_*)
 * into *o. Returns 0, or -1 when the command is to stop with
 * args->exit_code (0 after --help, 2 after a usage error). */
int zt_gap_opts_parse(struct zt_ctl_args *args, int argc, char **argv, struct zt_gap_opts *o);

/* Asks the zone (opening the session); a school certificate asks for its
 * own school only. Returns 0 with *resp (free with
 * zt__response__free_unpacked) or the exit code after one error line. */
int zt_gap_fetch(struct zt_ctl *ctl, struct zt_gap_opts *o, Zt__Response **resp);


/* Group minus rest, NAN when suppressed or unknown. */
double zt_gap_difference(const Zt__GapGroup *g, enum zt_measure m);

/* The scope of the zone in a reply's scopes, or NULL. */
const Zt__GapScope *zt_gap_zone(Zt__GapScope *const *scopes, size_t n);

/* The group named in a scope, or NULL. */
const Zt__GapGroup *zt_gap_group(const Zt__GapScope *s, const char *name);

/* The same scope (level and school or cluster) among scopes, or NULL. */
const Zt__GapScope *zt_gap_same_scope(const Zt__GapScope *s, Zt__GapScope *const *scopes, size_t n);

/* The group named like g in the scope like s a year before (the reply's
 * last_year), or NULL when not asked or not there. */
const Zt__GapGroup *zt_gap_last_year(const Zt__GapsReply *r, const Zt__GapScope *s, const Zt__GapGroup *g);

/* The zone's target for a group (by name) in m, or NULL. */
const Zt__GapTarget *zt_gap_target_of(const Zt__GapsReply *r, const char *group, enum zt_measure m);

/* How far gap is from the target, in the measure's points: positive short
 * of it, zero or negative there; NAN when unknown. */
double zt_gap_to_target(const Zt__GapTarget *t, enum zt_measure m, double gap);

/* Will the gap of g (in scope s) reach the target by its date, going on
 * as it went from the last half-term end to now: "met", "on track", "off
 * track", "missed" (the date passed), or "" (no earlier point: the reply
 * has no trend, or the gap was suppressed then). */
const char *zt_gap_target_outlook(const Zt__GapsReply *r, const Zt__GapScope *s, const Zt__GapGroup *g,
                                  enum zt_measure m, const Zt__GapTarget *t);

/* g's target in m as people read it, into buf: "-10.0 by 2026-07-22: 16.0
 * to go, off track"; NULL when there is none. */
const char *zt_gap_target_text(const Zt__GapsReply *r, const Zt__GapScope *s, const Zt__GapGroup *g,
                               enum zt_measure m, char *buf, size_t size);

/* The table's lines for g's targets, one a measure, after indent. */
void zt_gap_targets_lines(FILE *out, const Zt__GapsReply *r, const Zt__GapScope *s, const Zt__GapGroup *g,
                          const char *indent);

/* The member "targets": [...] of g's targets in the JSON object being
 * written; nothing when none. */
void zt_gap_targets_json(struct zt_json *w, const Zt__GapsReply *r, const Zt__GapScope *s, const Zt__GapGroup *g);

/* gaps target set|clear|list (client/ctl/cmd_gap_targets.c). */
int zt_cmd_gap_targets(struct zt_ctl *ctl, int argc, char **argv);

/* "zone", "cluster", "school". */
const char *zt_gap_level_name(Zt__GapLevel l);

/* RAG of scope's all-pupil measure against the zone's and the national. */
enum zt_rag zt_gap_rag_zone(const Zt__GapScope *s, const Zt__GapScope *zone, enum zt_measure m,
                            const struct zt_benchmarks *b);
enum zt_rag zt_gap_rag_national(const Zt__GapScope *s, enum zt_measure m, const struct zt_benchmarks *b);

#endif
