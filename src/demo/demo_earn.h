/* demo/demo_earn.h — 积分规则 and 服务记录 in 幸福里社区 (the community of demo/demo_partners.c): rules
 * (法律咨询 10 per consultation, 物资捐赠 20 per donation, 巡逻 5 per hour), a patrol tomorrow evening,
 * and records: back-filled patrol hours and a donation confirmed by the admin, and two consultations
 * waiting for 王阿姨's confirmation. */
#ifndef GW_DEMO_EARN_H
#define GW_DEMO_EARN_H

#include "base/err.h"
#include "db/store.h"

/* Through the services, as the console and the H5 page would; after gw_demo_partners_load. */
gw_err gw_demo_earn_load(gw_store *s);

#endif
