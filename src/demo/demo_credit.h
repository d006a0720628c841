/* demo/demo_credit.h — the demo partners' credit history in 幸福里社区 (live and back-filled service
 * hours, confirmations, points, evaluations, a revocation and a no-show) over the last half year, and a
 * volunteer service certificate, so the console shows scores, star levels, a ranking and a certificate. */
#ifndef GW_DEMO_CREDIT_H
#define GW_DEMO_CREDIT_H

#include "base/err.h"
#include "db/store.h"

/* After gw_demo_partners_load: events through gw_credit_event_add, the certificate through the service. */
gw_err gw_demo_credit_load(gw_store *s);

#endif
