/* partners/survey.c — see survey.h. */
#include "partners/survey.h"
#include "base/str.h"

#include <string.h>

static const char *const qtype_names[GW_SQ__COUNT] = { "single", "multi", "text" };

const char *gw_survey_qtype_name(int v) { return v >= 0 && v < GW_SQ__COUNT ? qtype_names[v] : "unknown"; }

int gw_survey_qtype_parse(const char *s)
{
    for (int i = 0; s && i < GW_SQ__COUNT; i++)
        if (!strcmp(s, qtype_names[i])) return i;
    return -1;
}

/* 1..max characters, not only spaces. */
static int text_ok(const char *s, size_t max)
{
    if (!s || !*s || strspn(s, " ") == strlen(s)) return 0;
    return gw_utf8_len(s) <= max;
}

static gw_err check_question(const gw_survey_q *q, int k, char *msg, size_t msgn)
{
    if (q->type < 0 || q->type >= GW_SQ__COUNT)
        return gw_say(msg, msgn, GW_E_INVALID, "question %d: type must be single, multi or text", k);
    if (!text_ok(q->prompt, GW_SURVEY_PROMPT_MAX))
        return gw_say(msg, msgn, GW_E_INVALID, "question %d: the prompt is 1 to %d characters", k, GW_SURVEY_PROMPT_MAX);
    if (q->type == GW_SQ_TEXT)
        return q->n_options ? gw_say(msg, msgn, GW_E_INVALID, "question %d: a text question has no options", k)
                            : GW_OK;
    if (q->n_options < 2 || q->n_options > GW_SURVEY_OPTIONS_MAX)
        return gw_say(msg, msgn, GW_E_INVALID, "question %d: a choice question has 2 to %d options", k,
                      GW_SURVEY_OPTIONS_MAX);
    for (int i = 0; i < q->n_options; i++) {
        if (!text_ok(q->options[i], GW_SURVEY_OPTION_MAX))
            return gw_say(msg, msgn, GW_E_INVALID, "question %d: an option is 1 to %d characters", k,
                          GW_SURVEY_OPTION_MAX);
        for (int j = 0; j < i; j++)
            if (!strcmp(q->options[i], q->options[j]))
                return gw_say(msg, msgn, GW_E_INVALID, "question %d: options must not repeat", k);
    }
    return GW_OK;
}

gw_err gw_survey_check_questions(const gw_survey_q *q, int n, char *msg, size_t msgn)
{
    if (n < 1 || n > GW_SURVEY_QUESTIONS_MAX)
        return gw_say(msg, msgn, GW_E_INVALID, "a survey has 1 to %d questions", GW_SURVEY_QUESTIONS_MAX);
    for (int i = 0; i < n; i++) {
        gw_err e = check_question(&q[i], i + 1, msg, msgn);
        if (e) return e;
    }
    return GW_OK;
}

static int popcount(uint32_t v)
{
    int c = 0;
    for (; v; v &= v - 1) c++;
    return c;
}

gw_err gw_survey_check_answers(const gw_survey_q *q, int nq, const gw_survey_a *a, int na, char *msg, size_t msgn)
{
    if (na != nq) return gw_say(msg, msgn, GW_E_INVALID, "answers must hold one answer for each of the %d questions", nq);
    for (int i = 0; i < nq; i++) {
        int k = i + 1;
        if (q[i].type == GW_SQ_TEXT) {
            if (!a[i].is_text) return gw_say(msg, msgn, GW_E_INVALID, "answer %d must be a text", k);
            if (a[i].text && gw_utf8_len(a[i].text) > GW_SURVEY_TEXT_MAX)
                return gw_say(msg, msgn, GW_E_INVALID, "answer %d is at most %d characters", k, GW_SURVEY_TEXT_MAX);
            continue;
        }
        if (a[i].is_text) return gw_say(msg, msgn, GW_E_INVALID, "answer %d must be a choice", k);
        uint32_t all = (uint32_t)((1u << q[i].n_options) - 1);
        int picked = popcount(a[i].choices);
        if (a[i].choices & ~all) return gw_say(msg, msgn, GW_E_INVALID, "answer %d names no such option", k);
        if (q[i].type == GW_SQ_SINGLE && picked != 1)
            return gw_say(msg, msgn, GW_E_INVALID, "answer %d must choose exactly one option", k);
        if (picked < 1) return gw_say(msg, msgn, GW_E_INVALID, "answer %d must choose at least one option", k);
    }
    return GW_OK;
}

gw_err gw_survey_check_window(int64_t opens_ms, int64_t closes_ms, char *msg, size_t msgn)
{
    if (opens_ms < 0 || closes_ms <= opens_ms)
        return gw_say(msg, msgn, GW_E_INVALID, "closes_at must come after opens_at");
    return GW_OK;
}

int gw_survey_open(int64_t opens_ms, int64_t closes_ms, int64_t now_ms) { return opens_ms <= now_ms && now_ms < closes_ms; }

void gw_survey_tally(const gw_survey_q *q, const gw_survey_a *a, int64_t counts[GW_SURVEY_OPTIONS_MAX])
{
    if (q->type == GW_SQ_TEXT) return;
    for (int i = 0; i < q->n_options && i < GW_SURVEY_OPTIONS_MAX; i++)
        if (a->choices & (1u << i)) counts[i]++;
}

int64_t gw_survey_permille(int64_t count, int64_t total) { return total > 0 ? (count * 1000 + total / 2) / total : 0; }
