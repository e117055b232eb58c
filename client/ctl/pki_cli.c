/* `zonectl pki SUBCOMMAND ...`: the command line of the zone CA (pki.h
 * names the modules that do the work). Options are parsed with
 * getopt_long, one table a subcommand, so an option a subcommand does not
 * take is an unknown option (exit 2, named); --help answers locally with
 * exit 0. Arguments are checked here by the same rules the library
 * applies (pki_cert.h), so that a wrong one is a usage error, exit 2. */
#include "pki.h"

#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cert_identity.h"
#include "ctl_args.h"
#include "pki_cert.h"

#define MAX_POS 3 /* "issue school URN" */

static const char usage_text[] =
    "usage: zonectl pki init DIR [--host NAME]... [--days N] [--owner USER] [--group GROUP]\n"
    "       zonectl pki issue school URN --dir DIR [--days N] [--owner USER] [--group GROUP]\n"
    "       zonectl pki issue coordinator NAME --dir DIR [--days N] [--owner USER] [--group GROUP]\n"
    "       zonectl pki revoke NAME --dir DIR\n"
    "       zonectl pki crl --dir DIR\n"
    "\n"
    "init    create the zone CA in DIR, and zoned's certificate and key\n"
    "issue   a certificate and key for a school or a coordinator\n"
    "revoke  revoke a certificate and rewrite zone.crl\n"
    "crl     re-sign zone.crl (valid 30 days: run it weekly)\n"
    "\n"
    "'zonectl pki COMMAND --help' says more about each.\n";

static const char owner_help[] =
    "  --owner USER   the key and certificate written belong to USER (and USER's\n"
    "                 group); the key stays 0600\n"
    "  --group GROUP  they belong to GROUP; the key is 0640 (GROUP may read it)\n"
    "  With either, DIR is made 0711: the owner can reach its files by name,\n"
    "  nobody can list DIR, and ca.key stays 0600, the writer's.\n";

static const char init_help[] =
    "usage: zonectl pki init DIR [--host NAME]... [--days N] [--owner USER] [--group GROUP]\n"
    "\n"
    "Creates the zone CA in DIR (made mode 0700 when missing): ca.crt, ca.key,\n"
    "zone.crl, index.txt (the register of certificates), and zoned.crt/zoned.key\n"
    "for localhost, 127.0.0.1 and each --host. Never overwrites a CA.\n"
    "  --host NAME    one more IP address or DNS name agents reach zoned by\n"
    "                 (repeat for each)\n"
    "  --days N       CA validity in days (default 3650; zoned.crt at most 825)\n"
    "For a zoned that runs as user zoned (the README's production install):\n"
    "  zonectl pki init /etc/zonetrack --host zone.example.org --owner zoned\n";

static const char issue_help[] =
    "usage: zonectl pki issue school URN --dir DIR [--days N] [--owner USER] [--group GROUP]\n"
    "       zonectl pki issue coordinator NAME --dir DIR [--days N] [--owner USER] [--group GROUP]\n"
    "\n"
    "Writes school-URN.crt/.key (URN: 6 digits, not 000000) or\n"
    "coordinator-NAME.crt/.key (NAME: " ZT_CERT_NAME_RULE ") into DIR,\n"
    "signed by DIR's CA. Issuing again rotates: the old certificate stays valid\n"
    "until it expires or is revoked.\n"
    "  --dir DIR      the zone CA's folder (required)\n"
    "  --days N       validity in days (default 825); a negative N issues a\n"
    "                 certificate that expired |N| days ago (for tests)\n";

static const char revoke_help[] =
    "usage: zonectl pki revoke NAME --dir DIR\n"
    "\n"
    "Revokes every valid certificate issued to NAME (school-123456,\n"
    "school:123456, coordinator-alice, zoned...) and rewrites zone.crl; send\n"
    "zoned SIGHUP (systemctl reload zoned) to apply it.\n"
    "  --dir DIR      the zone CA's folder (required)\n";

static const char crl_help[] =
    "usage: zonectl pki crl --dir DIR\n"
    "\n"
    "Re-signs zone.crl from the register. It expires after 30 days, and then\n"
    "zoned refuses every client: run this weekly (deploy/zone-agent.cron).\n"
    "  --dir DIR      the zone CA's folder (required)\n";

enum { OPT_HOST = 256, OPT_DIR, OPT_DAYS, OPT_OWNER, OPT_GROUP };

#define DIR_OPT {"dir", required_argument, NULL, OPT_DIR}
#define DAYS_OPT {"days", required_argument, NULL, OPT_DAYS}
#define OWNER_OPTS {"owner", required_argument, NULL, OPT_OWNER}, \
                   {"group", required_argument, NULL, OPT_GROUP}

static const struct option init_opts[] = {
    {"host", required_argument, NULL, OPT_HOST}, DAYS_OPT, OWNER_OPTS, ZT_CTL_OPT_HELP, {0}};
static const struct option issue_opts[] = {DIR_OPT, DAYS_OPT, OWNER_OPTS, ZT_CTL_OPT_HELP, {0}};
static const struct option dir_opts[] = {DIR_OPT, ZT_CTL_OPT_HELP, {0}};

struct pki_args {
    const char *cmd; /* the subcommand, for messages */
    const char *pos[MAX_POS];
    int npos;
    const char **hosts; /* argv strings; the array is malloc'd */
    size_t nhosts;
    const char *dir;
    const char *owner;
    const char *group;
    int days;
    int have_days;
    int help;
};

/* Prints "zonectl: msg" as one line: control characters that could come
 * from arguments are replaced so the message cannot span lines. */
static void print_error(const char *msg)
{
    fputs("zonectl: ", stderr);
    for (; *msg != '\0'; msg++)
        fputc((unsigned char)*msg < 0x20 || *msg == 0x7f ? '?' : *msg, stderr);
    fputc('\n', stderr);
}

__attribute__((format(printf, 1, 2))) static int usage_error(const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    print_error(msg);
    return 2;
}

/* The exit code of a library call's rc (0, or a negative code with its
 * message in err): a runtime failure is 1. */
static int finish(int rc, const char *err)
{
    if (rc == 0)
        return 0;
    print_error(err);
    return 1;
}

static int parse_days(const char *s, int *days)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v == 0 || v > ZT_PKI_MAX_DAYS ||
        v < -ZT_PKI_MAX_DAYS)
        return -1;
    *days = (int)v;
    return 0;
}

/* Takes a value for an option that may be given once. */
static int once(const char **slot, const char *val, const char *cmd, const char *opt)
{
    if (*slot != NULL)
        return usage_error("pki %s: %s given twice", cmd, opt);
    *slot = val;
    return 0;
}

static int add_pos(struct pki_args *a, const char *arg)
{
    if (a->npos == MAX_POS)
        return usage_error("pki %s: unexpected argument '%s'", a->cmd, arg);
    a->pos[a->npos++] = arg;
    return 0;
}

/* One option getopt_long returned. Returns 0, or 2 after a usage error. */
static int take_option(int c, char **argv, struct pki_args *a)
{
    const char *bad = argv[optind - 1];

    switch (c) {
    case 1: /* "-" in optstring: operands come in order, wherever they are */
        return add_pos(a, optarg);
    case 'h':
        a->help = 1;
        return 0;
    case OPT_HOST:
        a->hosts[a->nhosts++] = optarg;
        return 0;
    case OPT_DIR:
        return once(&a->dir, optarg, a->cmd, "--dir");
    case OPT_OWNER:
        return once(&a->owner, optarg, a->cmd, "--owner");
    case OPT_GROUP:
        return once(&a->group, optarg, a->cmd, "--group");
    case OPT_DAYS:
        if (parse_days(optarg, &a->days) < 0)
            return usage_error("pki %s: --days: '%s' is not a non-zero number of days within "
                               "+/-%d", a->cmd, optarg, ZT_PKI_MAX_DAYS);
        a->have_days = 1;
        return 0;
    case ':':
        return usage_error("pki %s: %s needs a value", a->cmd, bad);
    default: /* '?': an unknown option, or a value given to --help */
        if (strncmp(bad, "--", 2) != 0 && optopt > 0 && optopt < 256)
            return usage_error("pki %s: unknown option '-%c' (see 'zonectl pki %s --help')",
                               a->cmd, optopt, a->cmd);
        return usage_error("pki %s: unknown option '%s' (see 'zonectl pki %s --help')", a->cmd,
                           bad, a->cmd);
    }
}

/* Parses argv (argv[0] is the subcommand) against opts. Returns 0, 1 when
 * out of memory, or 2 after a usage error; a->hosts must be freed.
 * Not zt_ctl_next (ctl_args.h), which every other command uses: pki's
 * usage lines have their own older form ("zonectl: pki issue: unknown
 * option '--x' (see 'zonectl pki issue --help')"), which it would reword. */
static int parse_args(int argc, char **argv, const struct option *opts, struct pki_args *a)
{
    int c, rc = 0;

    memset(a, 0, sizeof *a);
    a->cmd = argv[0];
    a->hosts = calloc((size_t)argc + 1, sizeof *a->hosts);
    if (a->hosts == NULL)
        return finish(-1, "out of memory");
    optind = 0; /* a fresh scan, whatever parsed zonectl's own options */
    opterr = 0; /* our one-line messages, not getopt's */
    while (rc == 0 && !a->help && (c = getopt_long(argc, argv, "-:h", opts, NULL)) != -1)
        rc = take_option(c, argv, a);
    while (rc == 0 && !a->help && optind < argc) /* the operands after "--" */
        rc = add_pos(a, argv[optind++]);
    return rc;
}

/* 1 with *id set when s is a number (a uid or gid with no name). */
static int numeric_id(const char *s, unsigned long *id)
{
    char *end;

    if (s[0] < '0' || s[0] > '9')
        return 0;
    errno = 0;
    *id = strtoul(s, &end, 10);
    return errno == 0 && *end == '\0';
}

/* Who --owner/--group name (a name or a number), into *own; *set tells
 * whether either was given. Returns 0, or 2 after a usage error. */
static int resolve_owner(const struct pki_args *a, struct zt_pki_owner *own, int *set)
{
    unsigned long id = 0;

    own->uid = (uid_t)-1;
    own->gid = (gid_t)-1;
    own->group_read = a->group != NULL;
    *set = a->owner != NULL || a->group != NULL;
    if (a->owner != NULL) {
        struct passwd *pw = getpwnam(a->owner);

        if (pw == NULL && !numeric_id(a->owner, &id))
            return usage_error("pki %s: --owner: no user '%s' on this system", a->cmd,
                               a->owner);
        own->uid = pw != NULL ? pw->pw_uid : (uid_t)id;
        own->gid = pw != NULL ? pw->pw_gid : (gid_t)-1;
    }
    if (a->group != NULL) {
        struct group *gr = getgrnam(a->group);

        if (gr == NULL && !numeric_id(a->group, &id))
            return usage_error("pki %s: --group: no group '%s' on this system", a->cmd,
                               a->group);
        own->gid = gr != NULL ? gr->gr_gid : (gid_t)id;
    }
    return 0;
}

static int need_dir(const struct pki_args *a)
{
    return a->dir == NULL ? usage_error("pki %s: --dir DIR is required", a->cmd) : 0;
}

static int cmd_init(const struct pki_args *a)
{
    struct zt_pki_owner own;
    char err[1024];
    int set, rc = resolve_owner(a, &own, &set);

    if (rc != 0)
        return rc;
    if (a->npos != 1)
        return usage_error("pki init: expected exactly one DIR");
    if (zt_pki_check_hosts(a->hosts, a->nhosts, err, sizeof err) < 0)
        return usage_error("pki init: %s", err);
    rc = zt_pki_init(a->pos[0], a->hosts, a->nhosts, a->have_days ? a->days : ZT_PKI_CA_DAYS,
                     set ? &own : NULL, stdout, err, sizeof err);
    return finish(rc, err);
}

static int cmd_issue(const struct pki_args *a)
{
    enum zt_role role;
    struct zt_pki_owner own;
    char err[1024];
    int set, rc = resolve_owner(a, &own, &set);

    if (rc != 0 || (rc = need_dir(a)) != 0)
        return rc;
    if (a->npos != 2)
        return usage_error("pki issue: expected 'school URN' or 'coordinator NAME'");
    if (strcmp(a->pos[0], zt_role_word(ZT_ROLE_SCHOOL)) == 0)
        role = ZT_ROLE_SCHOOL;
    else if (strcmp(a->pos[0], zt_role_word(ZT_ROLE_COORDINATOR)) == 0)
        role = ZT_ROLE_COORDINATOR;
    else
        return usage_error("pki issue: unknown kind '%s' (school or coordinator)", a->pos[0]);
    if (zt_pki_check_name(role, a->pos[1], err, sizeof err) < 0)
        return usage_error("pki issue %s: %s", a->pos[0], err);
    rc = zt_pki_issue(a->dir, role, a->pos[1], a->have_days ? a->days : ZT_PKI_LEAF_DAYS,
                      set ? &own : NULL, stdout, err, sizeof err);
    return finish(rc, err);
}

static int cmd_revoke(const struct pki_args *a)
{
    char err[1024];
    int rc = need_dir(a);

    if (rc != 0)
        return rc;
    if (a->npos != 1)
        return usage_error("pki revoke: expected exactly one NAME");
    if (a->pos[0][0] == '\0' || strlen(a->pos[0]) >= ZT_PKI_STEM_MAX)
        return usage_error("pki revoke: bad NAME '%s'", a->pos[0]);
    return finish(zt_pki_revoke(a->dir, a->pos[0], stdout, err, sizeof err), err);
}

static int cmd_crl(const struct pki_args *a)
{
    char err[1024];
    int rc = need_dir(a);

    if (rc != 0)
        return rc;
    if (a->npos != 0)
        return usage_error("pki crl: unexpected argument '%s'", a->pos[0]);
    return finish(zt_pki_refresh_crl(a->dir, stdout, err, sizeof err), err);
}

static const struct {
    const char *name;
    const struct option *opts;
    const char *help;
    int with_owner_help;
    int (*run)(const struct pki_args *);
} subcommands[] = {
    {"init", init_opts, init_help, 1, cmd_init},
    {"issue", issue_opts, issue_help, 1, cmd_issue},
    {"revoke", dir_opts, revoke_help, 0, cmd_revoke},
    {"crl", dir_opts, crl_help, 0, cmd_crl},
};

int zt_pki_main(int argc, char **argv)
{
    struct pki_args a;
    size_t i, n = sizeof subcommands / sizeof subcommands[0];
    int rc;

    if (argc < 2) {
        fputs(usage_text, stderr);
        return 2;
    }
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "help") == 0) {
        fputs(usage_text, stdout);
        return 0;
    }
    for (i = 0; i < n && strcmp(subcommands[i].name, argv[1]) != 0; i++)
        ;
    if (i == n)
        return usage_error("pki: unknown %s '%s' (see 'zonectl pki --help')",
                           argv[1][0] == '-' ? "option" : "subcommand", argv[1]);
    rc = parse_args(argc - 1, argv + 1, subcommands[i].opts, &a);
    if (rc == 0 && a.help) {
        fputs(subcommands[i].help, stdout);
        if (subcommands[i].with_owner_help)
            fputs(owner_help, stdout);
    } else if (rc == 0) {
        rc = subcommands[i].run(&a);
    }
    free(a.hosts);
    return rc;
}
