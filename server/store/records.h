/* Byte layouts of zoned's keys and values. Keys are big-endian so LMDB's
 * memcmp order is pupil, then school, then time. Values are fixed-size
 * structs of explicit-width fields, copied in and out with memcpy (LMDB gives
 * no alignment promise). Changing any layout means a new schema version.
 *
 * Attendance is the volume: about 300 register marks a pupil a year. One
 * record per pupil, school and month (62 one-byte mark codes) keeps a year of
 * a pupil's marks in ten small records instead of 300 keys. Its key leads
 * with the month: a school day's marks for the whole zone then rewrite that
 * month's pages only, not every page of the database (with the pupil first,
 * each pupil's new mark dirtied a different page). */
#ifndef ZT_RECORDS_H
#define ZT_RECORDS_H

#include <stddef.h>
#include <stdint.h>

#include "be32.h"
#include "date.h"
#include "upn.h"

#define ZT_ID_MAX 32        /* incident_id / event_id bytes */
#define ZT_CATEGORY_MAX 32  /* behaviour category / health kind bytes */
#define ZT_MONTH_SLOTS 62   /* 31 days x AM/PM */
/* 2: assessments keyed by school too (server/store/store_upgrade.c migrates 1). */
#define ZT_SCHEMA_VERSION 2

/* A date in a key: 4 bytes big-endian with the sign bit flipped, so that
 * memcmp order is date order across the sign (dates before 1970 too). */
static inline void zt_put_date_key(uint8_t *p, zt_date d)
{
    zt_be32(p, (uint32_t)d ^ 0x80000000u);
}

static inline zt_date zt_get_date_key(const uint8_t *p)
{
    return (zt_date)(zt_get_be32(p) ^ 0x80000000u);
}

/* ZT_DB_ROLL: upn(13) urn(4) */
#define ZT_ROLL_KEY_LEN (ZT_UPN_LEN + 4)
struct zt_roll_value {
    int32_t entry_date;
    int32_t left_date;      /* valid when has_left */
    uint8_t has_left;
    uint8_t year_group, gender, sen, ethnicity, idaci_decile;
    /* tri-state flags: 0 not known, 1 yes, 2 no. fsm_bits holds two: fsm
     * (bits 0-1) and fsm_eligible (bits 2-3, zt_roll_fsm_eligible), which
     * came after this layout was fixed: a record stored before it reads
     * "not known", so no new schema version is needed. */
    uint8_t fsm_bits, ever6, cic, eal, gifted;
    uint8_t leaving_reason; /* zt_vocab_leaving when has_left, 0 not known */
    uint32_t arrival;       /* order the zone first stored the entry in; 0 before
                             * it was kept (server/rules/roll_periods.h) */
};

static inline uint8_t zt_roll_fsm(const struct zt_roll_value *v)
{
    return v->fsm_bits & 3;
}

static inline uint8_t zt_roll_fsm_eligible(const struct zt_roll_value *v)
{
    return (v->fsm_bits >> 2) & 3;
}

static inline uint8_t zt_roll_fsm_bits(uint8_t fsm, uint8_t fsm_eligible)
{
    return (uint8_t)(fsm | fsm_eligible << 2);
}

/* ZT_DB_ROLL_CHECK: urn(4). The school's roll list (sorted UPNs) as last
 * checked in full: every roll entry of the school not on it was then marked
 * left. Deleted when a pupil row of the school is stored, since that entry
 * may be new or back on the roll (server/rules/roll_update.c). */
struct zt_roll_check_value {
    uint64_t digest; /* XXH3 of the sorted UPNs, 13 bytes each */
    uint32_t count;
    uint8_t reserved[4];
};

/* ZT_DB_ATTENDANCE: month(2) upn(13) urn(4) -> uint8_t codes[62]. A pupil's
 * records are read month by month: zt_attendance_walk (server/store/pupil_walk.h). */
#define ZT_ATT_KEY_LEN (2 + ZT_UPN_LEN + 4)
#define ZT_ATT_PREFIX_LEN (2 + ZT_UPN_LEN) /* one pupil's records of one month */

/* ZT_DB_BEHAVIOUR: upn(13) urn(4) id(n); ZT_DB_BEHAVIOUR_ID: urn(4) id(n) -> upn(13) */
struct zt_behaviour_value {
    int32_t date;
    uint32_t days_x100;
    uint8_t points, action, has_days, category_len;
    char category[ZT_CATEGORY_MAX];
};

/* ZT_DB_ASSESSMENT: upn(13) subject(1) date(4) urn(4): each school's own, as
 * marks are (schema 1 had no urn: one school's replaced another's). */
#define ZT_ASSESS_KEY_LEN (ZT_UPN_LEN + 1 + 4 + 4)
#define ZT_ASSESS_KEY_LEN_V1 (ZT_UPN_LEN + 1 + 4)
struct zt_assessment_value {
    uint32_t urn;
    uint8_t step;
    uint8_t reserved[3];
};

/* ZT_DB_HEALTH: upn(13) urn(4) id(n); ZT_DB_HEALTH_ID: urn(4) id(n) -> upn(13) */
struct zt_health_value {
    int32_t date;
    uint8_t severity, kind_len;
    char kind[ZT_CATEGORY_MAX];
    uint8_t reserved[2];
};

/* ZT_DB_ALERT: upn(13) seq(4); seq grows per pupil so history is in order. */
#define ZT_ALERT_KEY_LEN (ZT_UPN_LEN + 4)
enum { ZT_ALERT_FAMILY_MEETING = 1, ZT_ALERT_WATCH = 2 };
enum { ZT_REASON_ATTENDANCE = 1, ZT_REASON_BEHAVIOUR = 2, ZT_REASON_HEALTH = 4 };
enum { ZT_BELOW_ENGLISH = 1, ZT_BELOW_MATHS = 2 };
struct zt_alert_value {
    uint32_t school;
    int32_t raised, resolved, updated;
    uint32_t possible, present, behaviour_points_28d, health_sessions_28d;
    uint8_t kind, open, reasons, below;
};

/* ZT_DB_MOVE: upn(13) urn(4) -> the coordinator confirmed that the pupil
 * moved away from school urn while its roll still listed them (a dual
 * registration): the school no longer reads the pupil. Holds for the roll
 * entry of that entry_date only. */
struct zt_move_value {
    int32_t entry_date; /* of the school's roll entry confirmed away */
    int32_t confirmed;  /* the zone's date of the confirmation */
};

/* Builders return the key length written into out. */
size_t zt_key_roll(uint8_t *out, const char *upn, uint32_t urn);
size_t zt_key_attendance(uint8_t *out, const char *upn, uint32_t urn, int month);
/* The month index (common/date.h) of an attendance key. */
int zt_key_attendance_month(const uint8_t *key);
/* The school of an attendance key. */
uint32_t zt_key_attendance_urn(const uint8_t *key);
const uint8_t *zt_key_attendance_upn(const uint8_t *key); /* ZT_UPN_LEN bytes */
size_t zt_key_pupil_event(uint8_t *out, const char *upn, uint32_t urn, const char *id, size_t idlen);
size_t zt_key_event_id(uint8_t *out, uint32_t urn, const char *id, size_t idlen);
size_t zt_key_assessment(uint8_t *out, const char *upn, int subject, zt_date date, uint32_t urn);
/* The date of an assessment key. */
zt_date zt_key_assessment_date(const uint8_t *key);
size_t zt_key_alert(uint8_t *out, const char *upn, uint32_t seq);

/* Largest key any builder writes. */
#define ZT_KEY_MAX (ZT_UPN_LEN + 4 + ZT_ID_MAX)

/* Copies a stored value into *out when its size matches; else ZT_E_CORRUPT. */
int zt_value_copy(void *out, size_t size, const void *data, size_t len);

#endif
