/* core/dict.h — the dictionaries (字典): the fixed codes the product shows by name — ticket sources,
 * urgencies, states, actions (the loop's and the timeline's own entries), roles, category kinds,
 * dispatch modes, division levels, request types (诉求类型). Pure: no I/O. The codes never change; the
 * administrator may give a code other display labels (core/dict_store.h), which the console and
 * the export show instead of their defaults. */
#ifndef GW_CORE_DICT_H
#define GW_CORE_DICT_H

#include <stddef.h>

#define GW_DICT_COUNT 9

/* The name of dictionary i (0..GW_DICT_COUNT-1): "source", "urgency", ...; NULL past the end. */
const char *gw_dict_name(size_t i);
/* The codes of dictionary i, NULL-terminated; NULL past the end. */
const char *const *gw_dict_codes(size_t i);
/* Whether dict names a dictionary and code one of its codes. */
int gw_dict_valid(const char *dict, const char *code);

#endif
