#include "family_fetch.h"

#include <string.h>

static int call(struct zt_link *l, Zt__Request *req, Zt__Response__BodyCase want, Zt__Response **out, char *err,
                size_t errlen)
{
    *out = NULL;
    return zt_link_call(l, req, want, out, err, errlen);
}

int zt_family_zone_fetch(struct zt_link *l, struct zt_family_zone *z, char *err, size_t errlen)
{
    memset(z, 0, sizeof *z);
    Zt__SchoolsQuery sq = ZT__SCHOOLS_QUERY__INIT;
    Zt__ThresholdsQuery tq = ZT__THRESHOLDS_QUERY__INIT;
    Zt__MenuQuery mq = ZT__MENU_QUERY__INIT;
    mq.has_all = mq.all = 1; /* a plan may use an offer retired since */
    Zt__Request rs = ZT__REQUEST__INIT, rt = ZT__REQUEST__INIT, rm = ZT__REQUEST__INIT;
    rs.body_case = ZT__REQUEST__BODY_SCHOOLS, rs.schools = &sq;
    rt.body_case = ZT__REQUEST__BODY_THRESHOLDS, rt.thresholds = &tq;
    rm.body_case = ZT__REQUEST__BODY_MENU, rm.menu = &mq;
    if (call(l, &rs, ZT__RESPONSE__BODY_SCHOOLS, &z->schools, err, errlen) ||
        call(l, &rt, ZT__RESPONSE__BODY_THRESHOLDS, &z->thresholds, err, errlen) ||
        call(l, &rm, ZT__RESPONSE__BODY_MENU, &z->menu, err, errlen))
        return -1;
    return 0;
}

void zt_family_zone_free(struct zt_family_zone *z)
{
    Zt__Response *all[] = {z->schools, z->thresholds, z->menu};
    for (size_t i = 0; i < 3; i++)
        if (all[i])
            zt__response__free_unpacked(all[i], NULL);
    memset(z, 0, sizeof *z);
}

const char *zt_family_school_name(const struct zt_family_zone *z, uint32_t urn)
{
    const Zt__SchoolsReply *r = z->schools ? z->schools->schools : NULL;
    for (size_t i = 0; r && i < r->n_schools; i++)
        if (r->schools[i]->urn == urn && r->schools[i]->name && r->schools[i]->name[0])
            return r->schools[i]->name;
    return NULL;
}

long zt_family_threshold(const struct zt_family_zone *z, const char *key, long def)
{
    const Zt__ThresholdsReply *r = z->thresholds ? z->thresholds->thresholds : NULL;
    for (size_t i = 0; r && i < r->n_thresholds; i++)
        if (!strcmp(r->thresholds[i]->key, key))
            return (long)r->thresholds[i]->value;
    return def;
}

const char *zt_family_offer_name(const struct zt_family_zone *z, uint32_t id)
{
    const Zt__MenuReply *r = z->menu ? z->menu->menu : NULL;
    for (size_t i = 0; r && i < r->n_offers; i++)
        if (r->offers[i]->has_id && r->offers[i]->id == id)
            return r->offers[i]->name;
    return NULL;
}

int zt_family_pupil(struct zt_link *l, const char *upn, Zt__Response **resp, char *err, size_t errlen)
{
    Zt__PupilQuery q = ZT__PUPIL_QUERY__INIT;
    q.upn = (char *)upn;
    q.has_history = q.history = 1;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_PUPIL;
    req.pupil = &q;
    return call(l, &req, ZT__RESPONSE__BODY_PUPIL, resp, err, errlen);
}

int zt_family_support(struct zt_link *l, const char *upn, Zt__Response **resp, char *err, size_t errlen)
{
    Zt__SupportQuery q = ZT__SUPPORT_QUERY__INIT;
    q.upn = (char *)upn;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_SUPPORT;
    req.support = &q;
    return call(l, &req, ZT__RESPONSE__BODY_SUPPORT, resp, err, errlen);
}
