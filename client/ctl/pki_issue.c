/* `zonectl pki issue`: a school's or a coordinator's certificate and key,
 * signed by the zone CA and entered in the register (pki.h). */
#include "pki.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cert_identity.h"
#include "pki_ca.h"
#include "pki_cert.h"
#include "pki_files.h"
#include "pki_register.h"

int zt_pki_issue(const char *dir, enum zt_role role, const char *name, int days,
                 const struct zt_pki_owner *owner, FILE *out, char *err, size_t errlen)
{
    struct zt_identity id;
    int rc = zt_pki_check_name(role, name, err, errlen);
    if (!rc)
        rc = zt_pki_check_days(days, err, errlen);
    if (rc < 0)
        return rc;
    zt_identity_make(role, name, &id);
    /* files are named "school-123456" for the identity "school:123456" */
    char stem[ZT_PKI_STEM_MAX], crt[ZT_PKI_STEM_MAX + 8], key[ZT_PKI_STEM_MAX + 8];
    snprintf(stem, sizeof stem, "%s-%s", zt_role_word(role), name);
    snprintf(crt, sizeof crt, "%s.crt", stem);
    snprintf(key, sizeof key, "%s.key", stem);
    struct zt_pki_cert_spec spec = {.cn = id.name, .days = days, .eku = ZT_CERT_CLIENT_EKU};

    struct zt_pki_ca ca;
    int lock;
    if ((rc = zt_pki_ca_open(dir, &ca, &lock, err, errlen)) < 0)
        return rc;
    struct zt_pki_staged st[3];
    struct zt_pki_issued is;
    struct zt_pki_register reg = {NULL, 0, 0};
    memset(st, 0, sizeof st);
    memset(&is, 0, sizeof is);
    /* the register goes first: a published certificate is always revocable */
    rc = zt_pki_register_load(dir, &reg, err, errlen);
    if (!rc)
        rc = zt_pki_issue_cert(&spec, stem, &ca, time(NULL), &is, err, errlen);
    if (!rc)
        rc = zt_pki_register_add(&reg, &is.entry, err, errlen);
    if (!rc)
        rc = zt_pki_register_stage(&st[0], dir, &reg, err, errlen);
    if (!rc)
        rc = zt_pki_stage_key(&st[1], dir, key, is.key, owner, err, errlen);
    if (!rc)
        rc = zt_pki_stage_cert(&st[2], dir, crt, is.cert, owner, err, errlen);
    if (!rc)
        rc = zt_pki_publish(st, 3, dir, out, err, errlen);
    if (!rc)
        rc = zt_pki_let_owner_through(dir, owner, out, err, errlen);
    zt_pki_discard(st, 3);
    zt_pki_issued_free(&is);
    zt_pki_register_free(&reg);
    zt_pki_ca_free(&ca);
    zt_pki_unlock(lock);
    return rc;
}
