/* ops/place.h — the address gazetteer's pure half (地名地址): how an address is written down for
 * matching, and how well a query matches a place. No I/O, no allocation. */
#ifndef GW_OPS_PLACE_H
#define GW_OPS_PLACE_H

#include <stddef.h>

#define GW_PLACE_KEY_MAX 384  /* bytes of a normalised key (128 code points of 3 bytes) */
#define GW_PLACE_CPS 128      /* code points a key keeps; the rest is cut */
#define GW_PLACE_GRAMS 48     /* bigrams taken from one key */

/* Write s in its matching form into out (n bytes, always NUL-terminated, cut at a code point):
 * full-width ASCII folded to ASCII and lowercased; whitespace and punctuation dropped (a '-' only
 * between digits survives, '#' after a number becomes 号); 號→号, 幢/棟/座→栋, 單→单, N号楼→N栋;
 * Chinese numerals before 号 弄 栋 单 室 楼 层 巷 组 written as digits (十二号→12号, 一〇五室→105室).
 * Digits are kept. Invalid UTF-8 bytes are dropped. Returns the length written. */
size_t gw_place_normalise(const char *s, char *out, size_t n);

/* How well the normalised query q matches the normalised key k, 0..1 (1 = the same). The text
 * (everything but digits) is compared by character bigram overlap and edit distance, so one wrong
 * or missing character still scores well; the numbers must agree: a different house number scores
 * far lower than the right one, a number the key starts with (typing "中山路10") in between. */
double gw_place_score(const char *q, const char *k);

/* The distinct character bigrams of a normalised key (a key of one character gives itself), each a
 * NUL-terminated string of at most 8 bytes, into grams (at most max). Returns how many. */
size_t gw_place_bigrams(const char *k, char grams[][9], size_t max);

#endif
