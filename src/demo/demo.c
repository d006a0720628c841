/* demo/demo.c — the fictional demo city 江临市 (see demo.h): the model goes in with one store
 * operation (demo_model.c, from the tables in demo_city.c); tickets go through the ticket service
 * like real ones (demo_tickets.c). */
#include "demo/demo.h"
#include "demo/demo_classify.h"
#include "demo/demo_city.h"
#include "demo/demo_places.h"
#include "demo/demo_kb.h"
#include "demo/demo_iot.h"
#include "demo/demo_partners.h"
#include "demo/demo_credit.h"
#include "demo/demo_projects.h"
#include "demo/demo_catalogue.h"
#include "demo/demo_earn.h"
#include "base/clock.h"

#include <stdlib.h>

gw_err gw_demo_load(gw_store *s, int n_tickets, uint32_t seed)
{
    if (!s || n_tickets < 0 || n_tickets > 100000) return GW_E_INVALID;
    demo *d = calloc(1, sizeof *d);
    if (!d) return GW_E_NOMEM;
    d->r.x = seed ? seed : 0x9E3779B9u; /* xorshift must not start at 0 */
    for (int i = 0; i < 8; i++) rnd(&d->r);
    d->now = gw_now_ms();
    gw_err e = gw_password_hash("demo", d->pw_hash); /* once: every demo user shares it */
    if (!e && !(e = gw_store_write(s, demo_model_op, d))) e = gw_demo_places_load(s); /* demo/demo_places.c */
    if (!e) e = gw_demo_kb_load(s); /* demo/demo_kb.c */
    if (!e) e = gw_demo_partners_load(s); /* demo/demo_partners.c */
    if (!e) e = gw_demo_credit_load(s); /* demo/demo_credit.c */
    if (!e) e = gw_demo_projects_load(s); /* demo/demo_projects.c */
    if (!e) e = gw_demo_catalogue_load(s); /* demo/demo_catalogue.c */
    if (!e) e = gw_demo_earn_load(s); /* demo/demo_earn.c */
    if (!e) e = demo_tickets(s, d, n_tickets);
    if (!e && n_tickets >= DEMO_WARNINGS_MIN) e = demo_warnings(s, d); /* a small demo stays N tickets exactly */
    if (!e) e = gw_demo_iot_load(s, d->now); /* demo/demo_iot.c */
    if (!e) e = gw_demo_classifier_load(s, seed); /* demo/demo_classify.c */
    free(d);
    return e;
}
