/* The checks every request passes on its wire bytes, whatever its type,
 * before any handler sees it (issue #21): each string field is text
 * (common/utf8.h: valid UTF-8, no NUL, which unpacking would silently cut
 * at), and each int32 field is a date the zone takes (common/date.h) or,
 * when named "month", a month index of such a date. int32 is used for
 * nothing else in proto/; a new int32 field that is no date needs a rule
 * here. */
#ifndef ZT_WIRE_CHECK_H
#define ZT_WIRE_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include <protobuf-c/protobuf-c.h>

/* 0 when data[len], a message of type desc, passes; else -1 with one line
 * naming the field in why (e.g. "field meeting_id of support_push.meetings:
 * invalid UTF-8"). Bytes protobuf-c would not decode are -1 too. */
int zt_wire_check(const ProtobufCMessageDescriptor *desc, const uint8_t *data, size_t len, char *why,
                  size_t whylen);

#endif
