/* The zone's own certificate authority: `zonectl pki ...`.
 *
 * Everything is done with the OpenSSL 3 library in-process (no openssl
 * program), in a few modules: pki_ca.c (init, and opening the CA to sign
 * with), pki_issue.c, pki_crl.c (revoke and crl), pki_cert.c (building one
 * certificate by common/cert_identity.h's rules), pki_register.c
 * (index.txt), pki_files.c (atomic writes, the lock) and pki_cli.c (the
 * command line). A PKI directory holds:
 *
 *   ca.crt  ca.key        the zone CA (EC P-256, self-signed)
 *   zone.crl              CRL signed by the CA, listing every revoked serial
 *   zoned.crt zoned.key   the daemon's TLS server certificate
 *   school-<URN>.crt/.key            client certificate, CN "school:<URN>"
 *   coordinator-<NAME>.crt/.key      client certificate, CN "coordinator:<NAME>"
 *                         (what each of these certificates holds, and why:
 *                         common/cert_identity.h)
 *   index.txt             register of every certificate issued (see below)
 *   .pki.lock             fcntl lock serialising zonectl runs on the dir
 *
 * Keys are unencrypted PKCS#8 PEM, mode 0600; certificates, the CRL and the
 * register are mode 0644. init and issue may give the key and certificate
 * they write to another user (struct zt_pki_owner: the user a daemon runs
 * as); DIR then lets others pass through (mode 0711), never list it. Every file is replaced atomically (temporary file
 * in the same directory, fsync, rename), so a reader never sees half a file.
 *
 * Register (index.txt): one line per certificate ever issued, in issue order,
 *   serial_hex TAB stem TAB identity TAB notAfter_unix TAB status LF
 * serial_hex is the serial in upper-case hex without leading zeros (as
 * BN_bn2hex prints it); stem is the file name without extension
 * ("school-123456", "coordinator-alice", "zoned"); identity is the
 * certificate CN ("school:123456", "coordinator:alice", "zoned");
 * status is "valid" or "revoked:<unix time of revocation>".
 * Note: this is NOT the format of `openssl ca`'s index.txt.
 *
 * All functions below return 0 on success, or a negative code of the one
 * error space (common/err.h: -EINVAL for an argument they refuse, -EEXIST,
 * -ENOENT, -EALREADY as each says, ZT_E_CORRUPT for a malformed register,
 * ZT_E_CRYPTO when OpenSSL fails, else the failed call's -errno) with a
 * one-line message (no "zonectl: " prefix, no newline) naming the file or
 * argument at fault written into err[errlen]; err may be NULL when the
 * caller does not want it. Confirmation lines ("wrote PATH") go to `out`
 * when it is not NULL. Strings passed in are only borrowed. */
#ifndef ZT_PKI_H
#define ZT_PKI_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "cert_identity.h"

#define ZT_PKI_CA_CERT    "ca.crt"
#define ZT_PKI_CA_KEY     "ca.key"
#define ZT_PKI_CRL        "zone.crl"
#define ZT_PKI_ZONED_CERT "zoned.crt"
#define ZT_PKI_ZONED_KEY  "zoned.key"
#define ZT_PKI_REGISTER   "index.txt"

#define ZT_PKI_CA_DAYS    3650 /* default CA validity */
#define ZT_PKI_LEAF_DAYS  825  /* default leaf validity */
#define ZT_PKI_CRL_DAYS   30   /* CRL nextUpdate = lastUpdate + this */
#define ZT_PKI_MAX_DAYS   36500 /* |--days| limit */

#define ZT_PKI_STEM_MAX   96   /* "coordinator-" + ZT_CERT_NAME_MAX + NUL fits */

/* Who the key and certificate written by init (zoned's) or issue belong
 * to: uid and gid as for fchown ((uid_t)-1 / (gid_t)-1 keep the writer's).
 * The key is 0640 when group_read is set (gid's members may read it),
 * else 0600; certificates stay 0644. */
struct zt_pki_owner {
    uid_t uid;
    gid_t gid;
    int group_read;
};

/* Runs `zonectl pki ...` (client/ctl/pki_cli.c): argv[0] is "pki".
 * Returns the process exit code: 0 success (and --help), 1 runtime
 * failure, 2 usage error. Errors go to stderr as ONE line that names the
 * file or argument at fault: a usage error as every zonectl command's
 * (ctl_args.h), a runtime failure after "zonectl: ". Prints a short
 * confirmation line per file written on stdout. */
int zt_pki_main(int argc, char **argv);

/* Creates the zone CA in dir (made with mode 0700 when missing; its parent
 * must exist): ca.crt, ca.key, an empty zone.crl, zoned.crt/zoned.key and a
 * fresh index.txt holding the zoned certificate. zoned.crt is a serverAuth
 * certificate for DNS:localhost, IP:127.0.0.1 and each of hosts[0..nhosts)
 * (an IPv4/IPv6 literal becomes an IP SAN, anything else must be a DNS name).
 * days is the CA validity (see zt_pki_issue for negative values); zoned.crt
 * gets min(days, ZT_PKI_LEAF_DAYS). owner (may be NULL) receives
 * zoned.key and zoned.crt; ca.key stays the writer's, 0600. Fails with
 * -EEXIST, writing nothing, when dir already holds ca.key. */
int zt_pki_init(const char *dir, const char *const *hosts, size_t nhosts,
                int days, const struct zt_pki_owner *owner, FILE *out,
                char *err, size_t errlen);

/* Issues a clientAuth certificate signed by dir's CA: for ZT_ROLE_SCHOOL
 * writes school-<name>.crt/.key with CN "school:<name>" (name a URN), for
 * ZT_ROLE_COORDINATOR coordinator-<name>.crt/.key with CN
 * "coordinator:<name>", and appends a line to index.txt. An existing pair
 * with that stem is replaced (rotation); the old certificate stays valid
 * until revoked. days > 0: valid from an hour ago (clock skew) until now +
 * days; days < 0: notBefore = now - (|days|+1) days, notAfter = now - |days|
 * days, i.e. already expired (for tests). 0 and |days| > ZT_PKI_MAX_DAYS
 * are rejected, as is a name the role does not take (-EINVAL, checked by
 * cert_identity.h's rule); a dir with no CA is -ENOENT. owner (may be NULL)
 * receives the new key and certificate. */
int zt_pki_issue(const char *dir, enum zt_role role, const char *name,
                 int days, const struct zt_pki_owner *owner, FILE *out,
                 char *err, size_t errlen);

/* Revokes every still-valid certificate whose register stem or identity is
 * name ("school-123456", "school:123456", "coordinator-alice", "zoned"...),
 * then rewrites index.txt and zone.crl. Fails with -ENOENT when name was
 * never issued, -EALREADY when it has no valid certificate left. */
int zt_pki_revoke(const char *dir, const char *name, FILE *out, char *err,
                  size_t errlen);

/* Re-signs zone.crl from index.txt with lastUpdate now and nextUpdate
 * ZT_PKI_CRL_DAYS ahead. The CRL goes stale after that (peers doing CRL
 * checks then reject every certificate), so run this (`zonectl pki crl
 * --dir DIR`) periodically, e.g. weekly from cron. */
int zt_pki_refresh_crl(const char *dir, FILE *out, char *err, size_t errlen);

/* 1 when s is an IPv4/IPv6 literal or an RFC 1123 DNS name (optionally
 * "*."), as --host takes. */
int zt_pki_valid_host(const char *s);

#endif
