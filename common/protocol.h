/* Facts both ends of the wire must agree on. */
#ifndef ZT_PROTOCOL_H
#define ZT_PROTOCOL_H

/* Bumped whenever proto/zonetrack.proto changes incompatibly or the sync
 * digests (common/sync_digest.c) are computed another way; a peer with
 * another version is refused at hello with a clear message.
 * 2: digests by XXH3 instead of SHA-256. */
#define ZT_PROTOCOL_VERSION 2

#define ZT_BATCH_ID_LEN 16

#endif
