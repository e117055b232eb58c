/* Byte layouts of the support databases (issue #6), in the style of
 * server/store/records.h: fixed-size values of explicit-width fields, big-endian
 * keys. Changing any layout means a new schema version. */
#ifndef ZT_SUPPORT_RECORDS_H
#define ZT_SUPPORT_RECORDS_H

#include <stddef.h>
#include <stdint.h>

#include "records.h"

#define ZT_OFFER_TEXT_MAX 64  /* offer name and provider bytes */
#define ZT_ACTIONS_MAX 200    /* a meeting's agreed actions */
#define ZT_LEAD_MAX 48        /* who leads a plan action */
#define ZT_OUTCOME_MAX 120    /* a plan action's intended outcome; a closing reason */

/* ZT_DB_MENU: id(4) */
#define ZT_OFFER_KEY_LEN 4
struct zt_offer_value {
    uint32_t places, cost_pence;
    int32_t added, retired;   /* retired valid when is_retired */
    uint8_t for_whom, needs, is_retired, name_len;
    uint8_t provider_len, reserved[3];
    char name[ZT_OFFER_TEXT_MAX];
    char provider[ZT_OFFER_TEXT_MAX];
};

/* ZT_DB_MEETING: upn(13) urn(4) meeting_id(n), as zt_key_pupil_event */
struct zt_meeting_value {
    int32_t invited, held;    /* held valid when has_held */
    uint32_t attended;        /* role bits (common/support_codes.h) */
    uint8_t has_held, reserved;
    uint16_t actions_len;
    char actions[ZT_ACTIONS_MAX];
};

/* ZT_DB_PLAN: upn(13) urn(4) action_id(n), as zt_key_pupil_event */
struct zt_plan_value {
    uint32_t offer;
    int32_t start, review;
    uint8_t status, lead_len, outcome_len, meeting_len;
    char lead[ZT_LEAD_MAX];
    char outcome[ZT_OUTCOME_MAX];
    char meeting[ZT_ID_MAX];
};

/* ZT_DB_ALERT_STAGE: upn(13) alert seq(4) step(2): a family_meeting
 * alert's stages in the order they were reached. */
#define ZT_STAGE_KEY_LEN (ZT_ALERT_KEY_LEN + 2)
struct zt_stage_value {
    int32_t date;
    uint8_t stage, reason_len;
    uint8_t reserved[2];
    char reason[ZT_OUTCOME_MAX];
};

size_t zt_key_offer(uint8_t *out, uint32_t id);
size_t zt_key_stage(uint8_t *out, const char *upn, uint32_t seq, uint32_t step);

#endif
