/* json/i18n.h — API error messages in the caller's language: English templates and their zh-CN forms. */
#ifndef GW_JSON_I18N_H
#define GW_JSON_I18N_H

#include <stddef.h>

typedef enum { GW_LANG_ZH = 0, GW_LANG_EN = 1 } gw_lang; /* zero is the product's default, zh-CN */

/* The language of an Accept-Language header: the first listed tag that is zh... or en... (a tag with
 * q=0 is skipped); GW_LANG_ZH when there is none or the header is NULL. */
gw_lang gw_lang_parse(const char *accept_language);

/* Match the final English message against the templates (literal pieces around %s / %d / %ld / %zu /
 * %lld / %.Ns placeholders, the whole text) and write the zh-CN form with the same captured arguments
 * into out (at most n-1 bytes, cut on a UTF-8 boundary, always terminated). No match: the English text
 * unchanged. Returns 1 when a template matched, 0 otherwise. */
int gw_msg_translate(const char *english, char *out, size_t n);

/* The table, for its tests: entry i's English template and zh-CN form; NULL past the end. */
const char *gw_msg_template_en(size_t i);
const char *gw_msg_template_zh(size_t i);

#endif
