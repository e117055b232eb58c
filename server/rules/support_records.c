#include "support_records.h"

#include <string.h>

_Static_assert(sizeof(struct zt_offer_value) == 152, "offer value has no padding");
_Static_assert(sizeof(struct zt_meeting_value) == 216, "meeting value has no padding");
_Static_assert(sizeof(struct zt_plan_value) == 216, "plan value has no padding");
_Static_assert(sizeof(struct zt_stage_value) == 128, "stage value has no padding");

size_t zt_key_offer(uint8_t *out, uint32_t id)
{
    zt_be32(out, id);
    return ZT_OFFER_KEY_LEN;
}

size_t zt_key_stage(uint8_t *out, const char *upn, uint32_t seq, uint32_t step)
{
    zt_key_alert(out, upn, seq);
    out[ZT_ALERT_KEY_LEN] = (uint8_t)(step >> 8);
    out[ZT_ALERT_KEY_LEN + 1] = (uint8_t)step;
    return ZT_STAGE_KEY_LEN;
}
