/* zone-agent's command line, read with getopt_long: one command (push,
 * pull, sync, check, pack, summary) and their options, in any order. --help is answered
 * here, before any configuration is read or any connection made. */
#ifndef ZT_AGENT_ARGS_H
#define ZT_AGENT_ARGS_H

/* Where the packages install the agent's configuration; check reads it
 * when no --config is given. */
#define ZT_AGENT_DEFAULT_CONFIG "/etc/zonetrack/zone-agent.conf"

struct zt_agent_args {
    const char *command; /* "push", "pull", "sync", "check", "pack" or "summary" */
    const char *config;
    int allow_deletes; /* --allow-deletes: past the mass-deletion guard */
    const char *upn;   /* pack UPN */
    int all_alerts;    /* pack --all-alerts */
    const char *out;   /* pack --out FILE, summary --out DIR */
    int year_group;    /* summary --year-group G (zt_vocab_year), 0 for all */
};

/* Returns -1 to run *out, or the exit code when the line is answered
 * already: 0 after the help, 2 after one line naming a usage error. */
int zt_agent_args(int argc, char **argv, struct zt_agent_args *out);

#endif
