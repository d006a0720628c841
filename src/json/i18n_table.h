/* json/i18n_table.h — the message tables (json/i18n_table.c) that json/i18n.c matches; internal to json/. */
#ifndef GW_JSON_I18N_TABLE_H
#define GW_JSON_I18N_TABLE_H

#include <stddef.h>

typedef struct { const char *en, *zh; } gw_msg_pair;

/* English template -> zh-CN form, the placeholders in the same order in both (tested). */
extern const gw_msg_pair gw_i18n_msgs[];   /* whole messages of the kernel and 一网统管 */
extern const gw_msg_pair gw_i18n_nested[]; /* messages whose text captures are messages (or words) in turn */
extern const gw_msg_pair gw_i18n_words[];  /* words only ever captured by a nested template */
extern const size_t gw_i18n_n_msgs, gw_i18n_n_nested, gw_i18n_n_words;
/* Whole messages of one practice each, in files of their own: 物联感知 (json/i18n_iot.c), 社区合伙人
 * (json/i18n_partners.c). json/i18n.c matches gw_i18n_msgs and these alike. */
extern const gw_msg_pair gw_i18n_iot[], gw_i18n_partners[];
extern const size_t gw_i18n_n_iot, gw_i18n_n_partners;

#endif
