/* core/dict_api.h — 字典管理: the dictionaries and the administrator's labels.
 *   GET    /api/v1/dictionaries               (staff) {"codes": {dict: [code...]}, "items": [edited labels]}
 *   PUT    /api/v1/dictionaries/{dict}/{code} (admin) {"zh","en"}: set a code's labels, audited dict.set
 *   DELETE /api/v1/dictionaries/{dict}/{code} (admin) back to the default, audited dict.reset */
#ifndef GW_CORE_DICT_API_H
#define GW_CORE_DICT_API_H

#include "core/api.h"

gw_err api_dict_list(gw_req *r);
gw_err api_dict_set(gw_req *r);
gw_err api_dict_reset(gw_req *r);

#endif
