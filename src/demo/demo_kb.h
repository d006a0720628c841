/* demo/demo_kb.h — the demo city's 知识库: a handful of 12345 answers an operator reads out. */
#ifndef GW_DEMO_KB_H
#define GW_DEMO_KB_H

#include "base/err.h"
#include "db/store.h"

/* Add the demo articles (published) through the knowledge-base service. */
gw_err gw_demo_kb_load(gw_store *s);

#endif
