/* SPDX-License-Identifier: MIT */
#include "sg_text.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void sg_fmt(char *dst, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(dst, size, fmt, ap);
    va_end(ap);
}

void sg_copy(char *dst, size_t size, const char *src)
{
    size_t n = strnlen(src, size - 1);
    memcpy(dst, src, n);
    dst[n] = '\0';
}
