/* core/model.h — a process-wide generation of the administrative model (divisions, units,
 * categories, routing rules, users): bumped by every admin write, read by caches of views that show
 * names or rules (ops' ticket views), which are stale once it moved. */
#ifndef GW_CORE_MODEL_H
#define GW_CORE_MODEL_H

/* Names, rules or units changed: cached views built before are stale. */
void gw_model_changed(void);
/* The current generation (starts at 0). */
long long gw_model_gen(void);

#endif
