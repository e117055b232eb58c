/* Facts both ends of the wire must agree on. */
#ifndef ZT_PROTOCOL_H
#define ZT_PROTOCOL_H

/* Bumped whenever proto/zonetrack.proto changes incompatibly; a peer with
 * another version is refused at hello with a clear message. */
#define ZT_PROTOCOL_VERSION 1

#define ZT_BATCH_ID_LEN 16

#endif
