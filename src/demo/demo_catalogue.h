/* demo/demo_catalogue.h — the demo's 兑换目录 in 幸福里社区: goods with stock (one sold out), a shop run by a
 * demo resident (阿杰, the merchant: an approved resource partner) with a batch of coupons, the activity
 * room with a week of slots, and 300 points for 老周 to spend. Runs after demo/demo_partners.c. */
#ifndef GW_DEMO_CATALOGUE_H
#define GW_DEMO_CATALOGUE_H

#include "base/err.h"
#include "db/store.h"

gw_err gw_demo_catalogue_load(gw_store *s);

#endif
