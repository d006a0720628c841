/* core/fields.c — see fields.h. */
#include "core/fields.h"

json_t *gw_fields_json(void)
{
    static const struct { const char *key; int v; } limits[] = {
        { "description", GW_DESC_MAX }, { "address", GW_ADDR_MAX }, { "reporter_name", GW_NAME_MAX },
        { "phone", GW_PHONE_MAX }, { "id_number", GW_ID_NUMBER_MAX }, { "photos", GW_MAX_PHOTOS }, { "note", GW_NOTE_MAX },
        { "public_reply", GW_REPLY_MAX }, { "comment", GW_COMMENT_MAX }, { "q", GW_SEARCH_MAX },
        { "extend_days", GW_EXTEND_DAYS_MAX }, { "name", NAME_MAX_CHARS }, { "code", GW_CODE_MAX },
        { "username", USER_NAME_MAX }, { "display_name", DISPLAY_MAX_CHARS }, { "password_min", PASSWORD_MIN },
        { "password_max", PASSWORD_MAX }, { "hours", MAX_HOURS }, { "cc", GW_CC_MAX },
        { "export_ids", GW_EXPORT_IDS_MAX }, { "dict_label", GW_DICT_LABEL_MAX },
        { "dict_label_en", GW_DICT_LABEL_EN_MAX },
        { "iot_code", GW_IOT_CODE_MAX }, { "iot_statuses", GW_IOT_STATUSES_MAX }, { "iot_batch", GW_IOT_BATCH_MAX },
        { "iot_offline_min_s", GW_IOT_OFFLINE_MIN_S },
        { "ledger_client_id", GW_LEDGER_CLIENT_ID_MAX }, { "ledger_memo", GW_LEDGER_MEMO_MAX },
        { "ledger_batch", GW_LEDGER_BATCH_MAX },
        { "reason", GW_REASON_MAX },
        { "cert_content", GW_CERT_CONTENT_MAX }, { "cert_place", GW_CERT_PLACE_MAX }, { "cert_org", GW_CERT_ORG_MAX },
        { "dup_radius_min", GW_DUPE_RADIUS_MIN }, { "dup_radius_max", GW_DUPE_RADIUS_MAX },
        { "dup_window_days", GW_DUPE_WINDOW_MAX },
        { "catalogue_name", GW_CAT_NAME_MAX }, { "catalogue_description", GW_CAT_DESC_MAX },
        { "catalogue_price", GW_CAT_PRICE_MAX }, { "catalogue_stock", GW_CAT_STOCK_MAX },
        { "coupon_limit", GW_CAT_LIMIT_MAX }, { "slot_capacity", GW_SLOT_CAPACITY_MAX }, { "order_key", GW_ORDER_KEY_MAX },
    };
    json_t *o = json_object();
    for (size_t i = 0; o && i < sizeof limits / sizeof limits[0]; i++)
        json_object_set_new(o, limits[i].key, json_integer(limits[i].v));
    return o;
}
