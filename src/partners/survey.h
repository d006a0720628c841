/* partners/survey.h — 需求征集 (needs collection), pure half: a questionnaire's questions (single choice,
 * multiple choice, free text) with bounded counts and lengths, the check of one resident's answers
 * against them, whether a survey is open, and the tally of answers into per-option counts. No I/O, no
 * allocation. Limits are in core/fields.h. */
#ifndef GW_PARTNERS_SURVEY_H
#define GW_PARTNERS_SURVEY_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/fields.h"

typedef enum { GW_SQ_SINGLE = 0, GW_SQ_MULTI, GW_SQ_TEXT, GW_SQ__COUNT } gw_survey_qtype;

/* "single", "multi", "text"; parse: the type or -1. */
const char *gw_survey_qtype_name(int v);
int gw_survey_qtype_parse(const char *s);

typedef struct {
    int type;                                   /* gw_survey_qtype */
    const char *prompt;                         /* 1..GW_SURVEY_PROMPT_MAX characters */
    int n_options;                              /* choice questions: 2..GW_SURVEY_OPTIONS_MAX; text: 0 */
    const char *options[GW_SURVEY_OPTIONS_MAX]; /* 1..GW_SURVEY_OPTION_MAX characters, not repeated */
} gw_survey_q;

/* One answer: a choice question's chosen options as a bit mask (single: exactly one bit; multi: one or
 * more), a text question's text (0..GW_SURVEY_TEXT_MAX characters; NULL = ""). */
typedef struct {
    uint32_t choices;
    const char *text;
    int is_text;                                /* the answer given was a text (not choices) */
} gw_survey_a;

/* The questions' shape: 1..GW_SURVEY_QUESTIONS_MAX questions, each as above. GW_E_INVALID with msg
 * naming the question (1-based). */
gw_err gw_survey_check_questions(const gw_survey_q *q, int n, char *msg, size_t msgn);
/* One answer per question, each of its question's kind and within its options. GW_E_INVALID with msg. */
gw_err gw_survey_check_answers(const gw_survey_q *q, int nq, const gw_survey_a *a, int na, char *msg, size_t msgn);
/* The window: opens < closes. And whether a survey is open at now (opens <= now < closes). */
gw_err gw_survey_check_window(int64_t opens_ms, int64_t closes_ms, char *msg, size_t msgn);
int gw_survey_open(int64_t opens_ms, int64_t closes_ms, int64_t now_ms);

/* Add one (checked) answer to a choice question's counts (counts[i] for option i). */
void gw_survey_tally(const gw_survey_q *q, const gw_survey_a *a, int64_t counts[GW_SURVEY_OPTIONS_MAX]);
/* count out of total in tenths of a percent, rounded half up (0 when total is 0): 1 of 3 -> 333. */
int64_t gw_survey_permille(int64_t count, int64_t total);

#endif
