/* SPDX-License-Identifier: MIT */
/* Masking, escaping and cutting text on its way out of the plugin.
 *
 * Masking comes first and reads the whole text: a key is recognized where
 * it stands, and only then is the text cut, so no cut can leave a piece of
 * a key behind that a later mask would no longer recognize.  Key material
 * is judged by 8-byte windows rather than whole keys, so a key's prefix
 * (left by any cut, or quoted in part by an upstream) is caught the same
 * way as the whole key. */
#include "sg_clean.h"

#include <string.h>

#include "sg_secret.h"

static const char hex[] = "0123456789abcdef";

static uint64_t load_gram(const char *p)
{
    uint64_t x;
    memcpy(&x, p, sizeof x);
    return x;
}

static size_t gram_bit(uint64_t x)
{
    /* Fibonacci hashing: the top bits of x times 2^64 / golden ratio. */
    return (size_t)((x * 0x9E3779B97F4A7C15ULL) >> 50) % SG_KEY_GRAM_BITS;
}

void sg_keys_init(sg_keys *keys)
{
    memset(keys, 0, sizeof *keys);
}

int sg_keys_add(sg_keys *keys, const char *key)
{
    if (key == NULL || key[0] == '\0')
        return 0;
    for (size_t k = 0; k < keys->count; k++)
        if (strcmp(keys->key[k], key) == 0)
            return 0;
    if (keys->count == SG_KEYS_MAX)
        return -1;
    size_t len = strlen(key);
    keys->key[keys->count] = key;
    keys->len[keys->count] = len;
    keys->count++;
    if (len < SG_KEY_RUN_MIN)
        keys->has_short = 1;
    if (strpbrk(key, "\"\\=") != NULL)
        keys->has_quoting = 1;
    for (size_t i = 0; i + SG_KEY_RUN_MIN <= len; i++) {
        size_t b = gram_bit(load_gram(key + i));
        keys->grams[b / 64] |= (uint64_t)1 << (b % 64);
    }
    return 0;
}

/* Could the SG_KEY_RUN_MIN bytes at p occur in a key?  The bit set says
 * "no" for almost every window at the cost of one look-up: this runs for
 * every byte of every line. */
static inline int may_be_key_gram(const sg_keys *keys, const char *p)
{
    size_t b = gram_bit(load_gram(p));
    return (keys->grams[b / 64] >> (b % 64)) & 1;
}

/* Do they?  Confirmed against the keys. */
static int is_key_gram(const sg_keys *keys, const char *p)
{
    if (!may_be_key_gram(keys, p))
        return 0;
    for (size_t k = 0; k < keys->count; k++)
        if (keys->len[k] >= SG_KEY_RUN_MIN &&
            memmem(keys->key[k], keys->len[k], p, SG_KEY_RUN_MIN) != NULL)
            return 1;
    return 0;
}

/* The length of the key material starting at src[i], or 0.  keys has at
 * least one key. */
static size_t key_run_at(const sg_keys *keys, const char *src, size_t len,
                         size_t i)
{
    if (len - i >= SG_KEY_RUN_MIN && may_be_key_gram(keys, src + i) &&
        is_key_gram(keys, src + i)) {
        size_t end = i + SG_KEY_RUN_MIN;
        while (end < len && is_key_gram(keys, src + end + 1 - SG_KEY_RUN_MIN))
            end++;
        return end - i;
    }
    if (keys->has_short)
        for (size_t k = 0; k < keys->count; k++)
            if (keys->len[k] < SG_KEY_RUN_MIN && keys->len[k] <= len - i &&
                memcmp(src + i, keys->key[k], keys->len[k]) == 0)
                return keys->len[k];
    return 0;
}

/* key_run_at, with the common answer ("no key here") found inline. */
static inline size_t key_run(const sg_keys *keys, const char *src, size_t len,
                             size_t i)
{
    if (keys == NULL || keys->count == 0)
        return 0;
    if (!keys->has_short &&
        (len - i < SG_KEY_RUN_MIN || !may_be_key_gram(keys, src + i)))
        return 0;
    return key_run_at(keys, src, len, i);
}

/* The length of the valid UTF-8 sequence at s[0..n), and its code point,
 * or 0 when the byte at s[0] does not start one (a stray continuation
 * byte, an overlong form, a surrogate, past U+10FFFF, cut short). */
static size_t utf8_sequence(const unsigned char *s, size_t n, uint32_t *cp)
{
    size_t need;
    uint32_t c = s[0], lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
        c &= 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0)
            lo = 0xA0;      /* overlong */
        if (c == 0xED)
            hi = 0x9F;      /* surrogates */
        c &= 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0)
            lo = 0x90;      /* overlong */
        if (c == 0xF4)
            hi = 0x8F;      /* past U+10FFFF */
        c &= 0x07;
    } else {
        return 0;
    }
    if (n < need || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t k = 1; k < need; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[k] & 0x3F);
    }
    *cp = c;
    return need;
}

/* Characters that end a line or turn text around for some reader (a log
 * viewer, a terminal, a browser): C1 controls, the Unicode line and
 * paragraph separators, and Unicode's Bidi_Control set. */
static int is_escaped_code_point(uint32_t cp)
{
    return (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
           cp == 0x061C || cp == 0x200E || cp == 0x200F ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* One unit of output for the character at src[i]: its bytes, or the escape
 * standing for it, in out[8].  Returns the output length and stores how
 * many input bytes it covers in *used. */
static size_t char_unit(const char *src, size_t len, size_t i, char out[8],
                        size_t *used)
{
    unsigned char c = (unsigned char)src[i];
    if (c >= 0x20 && c < 0x7F) {
        out[0] = (char)c;
        *used = 1;
        return 1;
    }
    uint32_t cp = 0;
    size_t n = c >= 0x80 ? utf8_sequence((const unsigned char *)src + i, len - i, &cp)
                         : 0;
    if (n == 0) {
        /* A C0 control, DEL or a byte that is not valid UTF-8. */
        out[0] = '\\';
        out[1] = 'x';
        out[2] = hex[c >> 4];
        out[3] = hex[c & 15];
        *used = 1;
        return 4;
    }
    *used = n;
    if (is_escaped_code_point(cp)) {
        out[0] = '\\';
        out[1] = 'u';
        for (int k = 0; k < 4; k++)
            out[2 + k] = hex[(cp >> (12 - 4 * k)) & 15];
        return 6;
    }
    memcpy(out, src + i, n);
    return n;
}

size_t sg_clean(char *dst, size_t size, const char *src, size_t len,
                const sg_keys *keys)
{
    static const char mask[] = SG_MASK;
    size_t o = 0, room = size - 1;
    for (size_t i = 0; i < len;) {
        size_t run = key_run(keys, src, len, i);
        unsigned char c = (unsigned char)src[i];
        if (run == 0 && c >= 0x20 && c < 0x7F) {
            /* Printable ASCII: most of every line. */
            if (o == room)
                break;
            dst[o++] = (char)c;
            i++;
            continue;
        }
        if (run > 0) {
            if (room - o < sizeof mask - 1)
                break;
            memcpy(dst + o, mask, sizeof mask - 1);
            o += sizeof mask - 1;
            i += run;
            continue;
        }
        char unit[8];
        size_t used, n = char_unit(src, len, i, unit, &used);
        if (room - o < n)
            break;
        memcpy(dst + o, unit, n);
        o += n;
        i += used;
    }
    dst[o] = '\0';
    return o;
}

int sg_keys_found(const sg_keys *keys, const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (key_run(keys, text, len, i) > 0)
            return 1;
    return 0;
}

size_t sg_clean_str(char *dst, size_t size, const char *src, const sg_keys *keys)
{
    return sg_clean(dst, size, src ? src : "", src ? strlen(src) : 0, keys);
}

void sg_clean_in_place(char *dst, size_t size, const sg_keys *keys)
{
    char copy[4096];
    size_t n = strnlen(dst, size - 1);
    if (n >= sizeof copy)
        n = sizeof copy - 1;  /* callers' buffers are smaller */
    memcpy(copy, dst, n);
    sg_clean(dst, size, copy, n, keys);
    sg_secure_zero(copy, n);
}
