/* The zone's menu of support (ZT_DB_MENU), kept by the coordinator: offers
 * are added with the next free id and retired, never deleted, so plans keep
 * pointing at what was commissioned. */
#ifndef ZT_MENU_H
#define ZT_MENU_H

#include <stdint.h>

#include "date.h"
#include "store.h"
#include "support_records.h"

/* Stores v under the next id (*id). */
int zt_menu_add(struct zt_txn *txn, const struct zt_offer_value *v, uint32_t *id);

/* 0 with *out, or -ENOENT. */
int zt_menu_get(struct zt_txn *txn, uint32_t id, struct zt_offer_value *out);

/* Marks the offer retired on the date (*out its new value); -ENOENT when
 * there is no such offer, -EALREADY when it was retired before. */
int zt_menu_retire(struct zt_txn *txn, uint32_t id, zt_date on, struct zt_offer_value *out);

/* Calls fn for each offer in id order until it returns non-zero. */
typedef int (*zt_offer_fn)(uint32_t id, const struct zt_offer_value *v, void *arg);
int zt_menu_each(struct zt_txn *txn, zt_offer_fn fn, void *arg);

#endif
