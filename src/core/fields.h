/* core/fields.h — the one set of field limits: what the request decoders refuse beyond, and what the
 * console's forms take their maxlength from (GET /api/v1/meta/limits, core/meta_api.c). Lengths are
 * in characters (gw_utf8_len) unless a line says bytes. Change a number here and both follow. */
#ifndef GW_CORE_FIELDS_H
#define GW_CORE_FIELDS_H

#include <jansson.h>

/* tickets (ops/) */
#define GW_DESC_MAX 2000     /* description */
#define GW_ADDR_MAX 200      /* address */
#define GW_NAME_MAX 40       /* reporter_name */
#define GW_PHONE_MAX 30      /* bytes of a phone number: up to 20 digits with '+' and separators */
#define GW_MAX_PHOTOS 9      /* photos on a report or an action */
#define GW_NOTE_MAX 1000     /* an action's note */
#define GW_REPLY_MAX 500     /* an action's public_reply */
#define GW_COMMENT_MAX 300   /* a resident's rating comment */
#define GW_SEARCH_MAX 100    /* the list's q */
#define GW_CLASSIFY_MAX GW_DESC_MAX /* POST /classify: the text is a description */
#define GW_EXTEND_DAYS_MAX 90
#define GW_REVIEW_PAGE_MAX 100   /* the 复核队列's and the labelled examples' ?limit= */
#define GW_REVIEW_OFFSET_MAX 100000
#define GW_EXPORT_IDS_MAX 500 /* tickets ticked for one export (ids=) */
#define GW_DUPE_RADIUS_MIN 10  /* 重复件: a category's search radius, metres */
#define GW_DUPE_RADIUS_MAX 5000
#define GW_DUPE_WINDOW_MAX 90  /* 重复件: a category's time window, days (from 1) */
#define GW_DUPE_RADIUS_DEFAULT 250 /* 重复件: a new category's radius (ops migration 12), and a draft's without one */
#define GW_DUPE_WINDOW_DEFAULT 7   /* days: likewise */
/* configuration (core/ and the catalogue) */
#define NAME_MAX_CHARS 64    /* division, unit and category names */
#define GW_CODE_MAX 31       /* bytes of a division or unit code (the code buffers less the NUL) */
#define USER_NAME_MAX 32     /* usernames: ASCII */
#define DISPLAY_MAX_CHARS 20 /* users' display names */
#define PASSWORD_MIN 8       /* characters */
#define PASSWORD_MAX 128     /* bytes */
#define MAX_HOURS 8760       /* SLA windows: 1 hour .. 1 year */
#define GW_CC_MAX 8          /* CC units of a routing rule */
#define GW_DICT_LABEL_MAX 20    /* a dictionary code's zh-CN label (字典管理) */
#define GW_DICT_LABEL_EN_MAX 40 /* its English label */

/* devices and alarms (iot/) */
#define GW_IOT_CODE_MAX 64        /* bytes of a device id, type code, status, alarm type or category code */
#define GW_IOT_STATUSES_MAX 16    /* status values of a device type */
#define GW_IOT_VALUES_MAX 32      /* keys of an event's "values" */
#define GW_IOT_BATCH_MAX 100      /* events in one POST /api/v1/iot/events */
#define GW_IOT_PAYLOAD_MAX 32768  /* bytes of one message: an MQTT payload or an HTTP batch */
#define GW_IOT_OFFLINE_MIN_S 10   /* the shortest offline threshold (heartbeats reach the database within 2 s) */

/* the points bank (partners/ledger.c) */
#define GW_LEDGER_CLIENT_ID_MAX 64 /* a points transfer's idempotency id: [A-Za-z0-9_.:-] */
#define GW_LEDGER_MEMO_MAX 200     /* a points transfer's memo, characters */
#define GW_LEDGER_BATCH_MAX 32     /* transfers in one linked batch */
/* the credit file's volunteer service certificates (partners/credit_svc.h) */
#define GW_CERT_CONTENT_MAX 200 /* a certificate's summary of the service content, characters */
#define GW_CERT_PLACE_MAX 100   /* where the service was given, characters */
#define GW_CERT_ORG_MAX 60      /* the issuing organisation's name, characters */
/* 需求征集 and projects (partners/survey.h, partners/project.h) */
#define GW_SURVEY_TITLE_MAX 60      /* characters of a survey's or a project's title */
#define GW_SURVEY_QUESTIONS_MAX 20  /* questions of one survey */
#define GW_SURVEY_OPTIONS_MAX 10    /* options of one choice question */
#define GW_SURVEY_PROMPT_MAX 200    /* characters of a question */
#define GW_SURVEY_OPTION_MAX 40     /* characters of an option */
#define GW_SURVEY_TEXT_MAX 500      /* characters of a free-text answer */
#define GW_VISIT_CATEGORIES_MAX 5   /* need categories of one door-to-door visit (入户走访) */
#define GW_PROJECT_TEXT_MAX 1000    /* characters of a project's goals, a claim's plan, a progress note */
#define GW_PROJECT_REPS_MAX 20      /* resident representatives of one project */
#define GW_PROJECT_BUDGET_MAX 10000000 /* points of one project's budget */
#define GW_CAT_NAME_MAX 60         /* a catalogue item's name, characters */
#define GW_CAT_DESC_MAX 500        /* a catalogue item's description, characters */
#define GW_CAT_PRICE_MAX 1000000   /* a catalogue item's price in points */
#define GW_CAT_STOCK_MAX 1000000   /* units of stock (goods, coupons) and one stock adjustment */
#define GW_CAT_LIMIT_MAX 100       /* a coupon's per-person limit */
#define GW_SLOT_CAPACITY_MAX 500   /* bookings of one activity-room slot */
#define GW_ORDER_KEY_MAX 64        /* a redemption page's idempotency key: [A-Za-z0-9_.:-] */
/* resident accounts (core/resident.h) */
#define GW_ID_NUMBER_MAX 18  /* bytes of a 身份证号 (18: 17 digits and a check digit or X) */
#define GW_REASON_MAX 200    /* the reason given for disabling, enabling, suspending ... */
#define GW_RESIDENT_CODE_LEN 10 /* characters of a one-time code (grouped 5-5 when printed) */

/* earning rules and service records (partners/earn.h) */
#define GW_EARN_CODE_MAX 32        /* bytes of a rule's code: [A-Za-z0-9_-] */
#define GW_EARN_NAME_MAX 64        /* characters of a rule's or activity's name */
#define GW_EARN_POINTS_MAX 100000  /* points per service or hour */
#define GW_EARN_CAP_MAX 100000000  /* a rule's daily or total cap per partner */
#define GW_EARN_QTY_MAX 100        /* services in one record */
#define GW_EARN_MINUTES_MAX 1440   /* minutes in one record (a day) */
#define GW_EARN_NOTE_MAX 200       /* characters of a record's note */
#define GW_EARN_RADIUS_MAX 5000    /* metres around an activity's place */
#define GW_EARN_SPAN_MAX (7LL * 24 * 3600 * 1000) /* an activity lasts at most a week */
#define GW_EARN_EXPIRY_MONTHS_MAX 120 /* points expire after at most ten years (0 = never) */
#define GW_GIFT_MAX 100000         /* points in one gift or exchange */

/* Buffers that hold a name at its limit in UTF-8 (up to 4 bytes a character) and the NUL: division,
 * unit and category names; users' display names. */
#define GW_NAME_BUF (NAME_MAX_CHARS * 4 + 1)
#define GW_DISPLAY_BUF (DISPLAY_MAX_CHARS * 4 + 1)

/* The limits above as one JSON object {"description": 2000, ...} (a new reference). */
json_t *gw_fields_json(void);

#endif
