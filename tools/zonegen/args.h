/* zonegen's command line, read the way every ZoneTrack program reads its
 * own: getopt_long, --help answered before any other option or value is
 * looked at, a usage error named in one line with exit 2. */
#ifndef ZG_ARGS_H
#define ZG_ARGS_H

#include "zone.h"

/* Reads argv into *o (defaults for what is not given). Returns 0 to run,
 * or -1 when zonegen is to stop with *exit_code: 0 after printing the help
 * on stdout, 2 after naming a usage error on stderr. */
int zg_args_parse(int argc, char **argv, struct zg_options *o, int *exit_code);

#endif
