/* demo/demo_classify.h — the demo's classifier model, trained on generated reports. */
#ifndef GW_DEMO_DEMO_CLASSIFY_H
#define GW_DEMO_DEMO_CLASSIFY_H

#include <stdint.h>
#include "base/err.h"
#include "db/store.h"

/* Generate reports for every demo category that has texts (a place phrase of the demo city, one of the
 * category's texts or a template naming it, an ending), train a model on them, calibrate and measure
 * it on a held-out fifth, store it as source 'demo' and activate it. Deterministic for a seed. */
gw_err gw_demo_classifier_load(gw_store *s, uint32_t seed);

#endif
