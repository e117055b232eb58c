#include "records.h"

#include <string.h>

#include "err.h"

_Static_assert(sizeof(struct zt_roll_value) == 24, "roll value has no padding");
_Static_assert(sizeof(struct zt_behaviour_value) == 44, "behaviour value has no padding");
_Static_assert(sizeof(struct zt_assessment_value) == 8, "assessment value has no padding");
_Static_assert(sizeof(struct zt_health_value) == 40, "health value has no padding");
_Static_assert(sizeof(struct zt_alert_value) == 36, "alert value has no padding");
_Static_assert(sizeof(struct zt_move_value) == 8, "move value has no padding");

size_t zt_key_roll(uint8_t *out, const char *upn, uint32_t urn)
{
    memcpy(out, upn, ZT_UPN_LEN);
    zt_be32(out + ZT_UPN_LEN, urn);
    return ZT_ROLL_KEY_LEN;
}

size_t zt_key_attendance(uint8_t *out, const char *upn, uint32_t urn, int month)
{
    out[0] = (uint8_t)(month >> 8);
    out[1] = (uint8_t)month;
    zt_key_roll(out + 2, upn, urn);
    return ZT_ATT_KEY_LEN;
}

int zt_key_attendance_month(const uint8_t *key)
{
    return key[0] << 8 | key[1];
}

const uint8_t *zt_key_attendance_upn(const uint8_t *key)
{
    return key + 2;
}

uint32_t zt_key_attendance_urn(const uint8_t *key)
{
    return zt_get_be32(key + 2 + ZT_UPN_LEN);
}

size_t zt_key_pupil_event(uint8_t *out, const char *upn, uint32_t urn, const char *id, size_t idlen)
{
    zt_key_roll(out, upn, urn);
    memcpy(out + ZT_ROLL_KEY_LEN, id, idlen);
    return ZT_ROLL_KEY_LEN + idlen;
}

size_t zt_key_event_id(uint8_t *out, uint32_t urn, const char *id, size_t idlen)
{
    zt_be32(out, urn);
    memcpy(out + 4, id, idlen);
    return 4 + idlen;
}

size_t zt_key_assessment(uint8_t *out, const char *upn, int subject, zt_date date, uint32_t urn)
{
    memcpy(out, upn, ZT_UPN_LEN);
    out[ZT_UPN_LEN] = (uint8_t)subject;
    zt_put_date_key(out + ZT_UPN_LEN + 1, date);
    zt_be32(out + ZT_UPN_LEN + 5, urn);
    return ZT_ASSESS_KEY_LEN;
}

zt_date zt_key_assessment_date(const uint8_t *key)
{
    return zt_get_date_key(key + ZT_UPN_LEN + 1);
}

size_t zt_key_alert(uint8_t *out, const char *upn, uint32_t seq)
{
    memcpy(out, upn, ZT_UPN_LEN);
    zt_be32(out + ZT_UPN_LEN, seq);
    return ZT_ALERT_KEY_LEN;
}

int zt_value_copy(void *out, size_t size, const void *data, size_t len)
{
    if (len != size)
        return ZT_E_CORRUPT;
    memcpy(out, data, size);
    return 0;
}
