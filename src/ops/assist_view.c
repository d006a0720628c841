/* ops/assist_view.c — see assist_view.h. */
#include "ops/assist_view.h"
#include "json/reply.h"

#include <stdio.h>

json_t *gw_assist_json(const gw_assist_row *r)
{
    json_t *o = json_pack("{s:I,s:{s:I,s:s},s:s,s:o,s:o,s:o,s:o}", "id", (json_int_t)r->id, "unit", "id",
                          (json_int_t)r->a.unit_id, "name", r->unit_name, "state", gw_assist_state_name(r->a.state),
                          "due_at", gw_json_time(r->a.due_ms), "note", gw_json_str(r->note[0] ? r->note : NULL),
                          "reason", gw_json_str(r->reason[0] ? r->reason : NULL),
                          "public_reply", gw_json_str(r->public_reply[0] ? r->public_reply : NULL));
    if (!o) return NULL;
    json_object_set_new(o, "created_at", gw_json_time(r->created_ms));
    json_object_set_new(o, "signed_at", gw_json_time(r->a.signed_ms));
    json_object_set_new(o, "done_at", gw_json_time(r->a.done_ms));
    json_object_set_new(o, "returned_at", gw_json_time(r->a.returned_ms));
    json_object_set_new(o, "withdrawn_at", gw_json_time(r->a.withdrawn_ms));
    return o;
}

static int add_assist(void *cls, const gw_assist_row *r)
{
    json_t *o = gw_assist_json(r);
    return o && json_array_append_new(cls, o) == 0;
}

json_t *gw_assist_list_json(gw_db *db, int64_t ticket_id)
{
    json_t *arr = json_array();
    if (arr && gw_store_assist_each(db, ticket_id, add_assist, arr) != GW_OK) json_array_clear(arr);
    return arr;
}

static int add_brief(void *cls, const gw_assist_row *r)
{
    gw_assist_brief *b = cls;
    if (r->a.state == GW_AS_WITHDRAWN || r->a.state == GW_AS_DONE) return 1; /* nobody acts on these */
    if (b->n >= GW_ASSIST_MAX * 2) return 1;
    b->id[b->n] = r->id;
    b->a[b->n++] = r->a;
    return 1;
}

gw_err gw_assist_brief_load(gw_db *db, int64_t ticket_id, gw_assist_brief *b)
{
    b->n = 0;
    return gw_store_assist_each(db, ticket_id, add_brief, b);
}

json_t *gw_assist_actions_json(const gw_assist_brief *b, gw_ticket_state lead, const gw_principal *who)
{
    json_t *o = json_object();
    gw_actor actor = { who->role, who->user_id, who->unit_id };
    for (int i = 0; o && i < b->n; i++) {
        json_t *acts = json_array();
        for (int k = 0; acts && k < GW_AA__COUNT; k++)
            if (gw_assist_can(&b->a[i], lead, (gw_assist_action)k, &actor))
                json_array_append_new(acts, json_string(gw_assist_action_name((gw_assist_action)k)));
        char key[24];
        snprintf(key, sizeof key, "%lld", (long long)b->id[i]);
        if (json_array_size(acts)) json_object_set_new(o, key, acts);
        else json_decref(acts);
    }
    return o;
}
