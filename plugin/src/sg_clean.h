/* SPDX-License-Identifier: MIT */
/* Text that leaves the plugin (messages, error_id, log lines): the keys
 * masked out, line-breaking and direction-changing characters escaped, and
 * the result cut to fit a fixed buffer. */
#ifndef SG_CLEAN_H
#define SG_CLEAN_H

#include <stddef.h>
#include <stdint.h>

/* What replaces key material. */
#define SG_MASK "[redacted]"

/* A run of this many bytes that also occurs in a key is key material:
 * short enough that a key cut anywhere, or quoted in part by an upstream
 * ("SG.abcdefgh..."), is still caught; long enough that ordinary words
 * never match a random key. */
#define SG_KEY_RUN_MIN 8

#define SG_KEYS_MAX 4
#define SG_KEY_GRAM_BITS 16384

/* The secrets outgoing text is checked against.  Holds pointers to the
 * keys (which must outlive it) and a bit set of their 8-byte windows, so
 * each byte of text costs one table look-up.  Build it with sg_keys_init
 * and sg_keys_add; a zeroed or NULL sg_keys masks nothing. */
typedef struct sg_keys {
    const char *key[SG_KEYS_MAX];
    size_t len[SG_KEYS_MAX];
    size_t count;
    int has_short;              /* a key shorter than SG_KEY_RUN_MIN */
    int has_quoting;            /* a key holds '"', '\\' or '=', which
                                   quoting text (sg_audit.c) can add */
    uint64_t grams[SG_KEY_GRAM_BITS / 64];
} sg_keys;

void sg_keys_init(sg_keys *keys);
/* Adds a key; NULL, "" and a key already added are ignored.  Returns -1
 * (and adds nothing) when SG_KEYS_MAX keys are already held. */
int sg_keys_add(sg_keys *keys, const char *key);

/* Copies `len` bytes of `src` (which may hold NULs) into dst[size] as text
 * fit to leave the plugin, and returns the length written (size > 0):
 *   1. key material, judged on the full text before any cut, becomes
 *      SG_MASK: every run of bytes whose every SG_KEY_RUN_MIN-byte window
 *      occurs in a key (a whole key, a key's prefix, any part of it), and
 *      any key shorter than SG_KEY_RUN_MIN;
 *   2. C0 controls and DEL become \xNN; C1 controls (U+0080-U+009F, so
 *      U+0085 NEL and U+009B CSI), U+2028, U+2029 and the bidirectional
 *      controls (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069)
 *      become \uNNNN; each byte that is not part of valid UTF-8 becomes
 *      \xNN.  Printable ASCII and other valid UTF-8 ("Müller") stay as
 *      they are;
 *   3. the text is cut to size - 1 bytes between whole characters, escape
 *      sequences and masks, never inside one, so a key cut short is masked
 *      too (it was judged whole).
 * Cleaning clean text changes nothing.  Keys are printable ASCII (the key
 * file's rule), so escaping never splits one. */
size_t sg_clean(char *dst, size_t size, const char *src, size_t len,
                const sg_keys *keys);

/* Does text[0..len) hold key material, as sg_clean would judge it? */
int sg_keys_found(const sg_keys *keys, const char *text, size_t len);

/* sg_clean of a NUL-terminated string; NULL is "". */
size_t sg_clean_str(char *dst, size_t size, const char *src,
                    const sg_keys *keys);

/* sg_clean of dst's own text, in place (through a copy). */
void sg_clean_in_place(char *dst, size_t size, const sg_keys *keys);

#endif
