/* core/model.c — see model.h. */
#include "core/model.h"

#include <stdatomic.h>

static atomic_llong gen;

void gw_model_changed(void) { atomic_fetch_add(&gen, 1); }
long long gw_model_gen(void) { return atomic_load(&gen); }
