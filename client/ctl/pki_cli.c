/* `zonectl pki SUBCOMMAND ...`: the command line of the zone CA (pki.h
 * names the modules that do the work). Read like every zonectl command's
 * (ctl_args.h: one option table a subcommand, the same messages and exit
 * codes); it needs no zone, so its subcommands get no zt_ctl. Arguments are
 * checked here by the same rules the library applies (pki_cert.h), so that
 * a wrong one is a usage error, exit 2. */
#include "pki.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>

#include "cert_identity.h"
#include "ctl_args.h"
#include "pki_cert.h"
#include "printable.h"

static const char usage_text[] =
    "pki init|issue|revoke|crl ...\n"
    "       zonectl pki init DIR [--host NAME]... [--days N] [--owner USER] [--group GROUP]\n"
    "       zonectl pki issue school URN|coordinator NAME --dir DIR [--days N] [--owner USER] [--group GROUP]\n"
    "       zonectl pki revoke NAME --dir DIR\n"
    "       zonectl pki crl --dir DIR\n"
    "\n"
    "init    create the zone CA in DIR, and zoned's certificate and key\n"
    "issue   a certificate and key for a school or a coordinator\n"
    "revoke  revoke a certificate and rewrite zone.crl\n"
    "crl     re-sign zone.crl (valid 30 days: run it weekly)\n"
    "\n"
    "'zonectl pki COMMAND --help' says more about each.\n";

#define OWNER_HELP \
    "  --owner USER   the key and certificate written belong to USER (and USER's\n" \
    "                 group); the key stays 0600\n" \
    "  --group GROUP  they belong to GROUP; the key is 0640 (GROUP may read it)\n" \
    "  With either, DIR is made 0711: the owner can reach its files by name,\n" \
    "  nobody can list DIR, and ca.key stays 0600, the writer's.\n"

static const char init_help[] =
    "pki init DIR [--host NAME]... [--days N] [--owner USER] [--group GROUP]\n"
    "\n"
    "Creates the zone CA in DIR (made mode 0700 when missing): ca.crt, ca.key,\n"
    "zone.crl, index.txt (the register of certificates), and zoned.crt/zoned.key\n"
    "for localhost, 127.0.0.1 and each --host. Never overwrites a CA.\n"
    "  --host NAME    one more IP address or DNS name agents reach zoned by\n"
    "                 (repeat for each)\n"
    "  --days N       CA validity in days (default 3650; zoned.crt at most 825)\n"
    "For a zoned that runs as user zoned (the README's production install):\n"
    "  zonectl pki init /etc/zonetrack --host zone.example.org --owner zoned\n" OWNER_HELP;

static const char issue_help[] =
    "pki issue school URN|coordinator NAME --dir DIR [--days N] [--owner USER] [--group GROUP]\n"
    "\n"
    "Writes school-URN.crt/.key (URN: 6 digits, not 000000) or\n"
    "coordinator-NAME.crt/.key (NAME: " ZT_CERT_NAME_RULE ") into DIR,\n"
    "signed by DIR's CA. Issuing again rotates: the old certificate stays valid\n"
    "until it expires or is revoked.\n"
    "  --dir DIR      the zone CA's folder (required)\n"
    "  --days N       validity in days (default 825); a negative N issues a\n"
    "                 certificate that expired |N| days ago (for tests)\n" OWNER_HELP;

static const char revoke_help[] =
    "pki revoke NAME --dir DIR\n"
    "\n"
    "Revokes every valid certificate issued to NAME (school-123456,\n"
    "school:123456, coordinator-alice, zoned...) and rewrites zone.crl; send\n"
    "zoned SIGHUP (systemctl reload zoned) to apply it.\n"
    "  --dir DIR      the zone CA's folder (required)\n";

static const char crl_help[] =
    "pki crl --dir DIR\n"
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
    struct zt_ctl_args args; /* the subcommand's name, help, table, operands */
    const char **hosts;      /* argv strings; the array is malloc'd */
    size_t nhosts;
    const char *dir;
    const char *owner;
    const char *group;
    int days;
    int have_days;
};

/* The exit code of a library call's rc (0, or a negative code with its
 * message in err): a runtime failure is 1, its message one line. */
static int finish(int rc, const char *err)
{
    if (rc == 0)
        return 0;
    char *shown = zt_printable(err);
    fprintf(stderr, "zonectl: %s\n", shown ? shown : err);
    free(shown);
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
static int once(const struct pki_args *a, const char **slot, const char *opt)
{
    if (*slot != NULL)
        return zt_ctl_usage_error(&a->args, "%s given twice", opt);
    *slot = optarg;
    return 0;
}

/* One option zt_ctl_next returned. Returns 0, or 2 after a usage error. */
static int take_option(int c, struct pki_args *a)
{
    switch (c) {
    case OPT_HOST:
        a->hosts[a->nhosts++] = optarg;
        return 0;
    case OPT_DIR:
        return once(a, &a->dir, "--dir");
    case OPT_OWNER:
        return once(a, &a->owner, "--owner");
    case OPT_GROUP:
        return once(a, &a->group, "--group");
    default: /* OPT_DAYS */
        if (parse_days(optarg, &a->days) < 0)
            return zt_ctl_usage_error(&a->args, "--days: '%s' is not a non-zero number of days within +/-%d",
                                      optarg, ZT_PKI_MAX_DAYS);
        a->have_days = 1;
        return 0;
    }
}

/* Reads a subcommand's argv (argv[0] its name) by args, its name, help,
 * options and operands, and runs it with cmd. Returns its exit code: 0
 * after --help, 2 after a usage error, 1 when out of memory. */
static int run(struct zt_ctl_args args, int argc, char **argv, int (*cmd)(const struct pki_args *))
{
    struct pki_args a = {.args = args};
    int c = 0, rc = 0;

    a.hosts = calloc((size_t)argc + 1, sizeof *a.hosts);
    if (a.hosts == NULL)
        return finish(-1, "out of memory");
    while (rc == 0 && (c = zt_ctl_next(&a.args, argc, argv)) > 0)
        rc = take_option(c, &a);
    if (rc == 0)
        rc = c < 0 ? a.args.exit_code : cmd(&a);
    free(a.hosts);
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
            return zt_ctl_usage_error(&a->args, "--owner: no user '%s' on this system", a->owner);
        own->uid = pw != NULL ? pw->pw_uid : (uid_t)id;
        own->gid = pw != NULL ? pw->pw_gid : (gid_t)-1;
    }
    if (a->group != NULL) {
        struct group *gr = getgrnam(a->group);

        if (gr == NULL && !numeric_id(a->group, &id))
            return zt_ctl_usage_error(&a->args, "--group: no group '%s' on this system", a->group);
        own->gid = gr != NULL ? gr->gr_gid : (gid_t)id;
    }
    return 0;
}

static int need_dir(const struct pki_args *a)
{
    return a->dir == NULL ? zt_ctl_usage_error(&a->args, "--dir DIR is required") : 0;
}

static int cmd_init(const struct pki_args *a)
{
    struct zt_pki_owner own;
    char err[1024];
    int set, rc = resolve_owner(a, &own, &set);

    if (rc != 0)
        return rc;
    if (zt_pki_check_hosts(a->hosts, a->nhosts, err, sizeof err) < 0)
        return zt_ctl_usage_error(&a->args, "%s", err);
    rc = zt_pki_init(a->args.operand[0], a->hosts, a->nhosts, a->have_days ? a->days : ZT_PKI_CA_DAYS,
                     set ? &own : NULL, stdout, err, sizeof err);
    return finish(rc, err);
}

static int cmd_issue(const struct pki_args *a)
{
    const char *kind = a->args.operand[0], *name = a->args.operand[1];
    enum zt_role role;
    struct zt_pki_owner own;
    char err[1024];
    int set, rc = resolve_owner(a, &own, &set);

    if (rc != 0 || (rc = need_dir(a)) != 0)
        return rc;
    if (strcmp(kind, zt_role_word(ZT_ROLE_SCHOOL)) == 0)
        role = ZT_ROLE_SCHOOL;
    else if (strcmp(kind, zt_role_word(ZT_ROLE_COORDINATOR)) == 0)
        role = ZT_ROLE_COORDINATOR;
    else
        return zt_ctl_usage_error(&a->args, "unknown kind '%s' (school or coordinator)", kind);
    if (zt_pki_check_name(role, name, err, sizeof err) < 0)
        return zt_ctl_usage_error(&a->args, "%s", err);
    rc = zt_pki_issue(a->dir, role, name, a->have_days ? a->days : ZT_PKI_LEAF_DAYS, set ? &own : NULL, stdout,
                      err, sizeof err);
    return finish(rc, err);
}

static int cmd_revoke(const struct pki_args *a)
{
    const char *name = a->args.operand[0];
    char err[1024];
    int rc = need_dir(a);

    if (rc != 0)
        return rc;
    if (name[0] == '\0' || strlen(name) >= ZT_PKI_STEM_MAX)
        return zt_ctl_usage_error(&a->args, "bad NAME '%s'", name);
    return finish(zt_pki_revoke(a->dir, name, stdout, err, sizeof err), err);
}

static int cmd_crl(const struct pki_args *a)
{
    char err[1024];
    int rc = need_dir(a);

    if (rc != 0)
        return rc;
    return finish(zt_pki_refresh_crl(a->dir, stdout, err, sizeof err), err);
}

/* Each subcommand: its name as messages give it, its help, options and
 * operands, and what it does. pki needs no zone: ctl is NULL. */
#define PKI_SUBCOMMAND(fn, name, help, opts, min, max, cmd) \
    static int fn(struct zt_ctl *ctl, int argc, char **argv) \
    { \
        (void)ctl; \
        return run((struct zt_ctl_args)ZT_CTL_ARGS(name, help, opts, min, max), argc, argv, cmd); \
    }
PKI_SUBCOMMAND(pki_init, "pki init", init_help, init_opts, 1, 1, cmd_init)
PKI_SUBCOMMAND(pki_issue, "pki issue", issue_help, issue_opts, 2, 2, cmd_issue)
PKI_SUBCOMMAND(pki_revoke, "pki revoke", revoke_help, dir_opts, 1, 1, cmd_revoke)
PKI_SUBCOMMAND(pki_crl, "pki crl", crl_help, dir_opts, 0, 0, cmd_crl)

int zt_pki_main(int argc, char **argv)
{
    static const struct zt_ctl_sub subs[] = {
        {"init", pki_init}, {"issue", pki_issue}, {"revoke", pki_revoke}, {"crl", pki_crl}};

    return zt_ctl_subcommand(NULL, "pki", usage_text, subs, sizeof subs / sizeof subs[0], argc, argv);
}
