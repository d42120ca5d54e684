/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: the settings parser on arbitrary key=value vectors
 * (newline-separated in the input).  It must accept or refuse with a
 * message, never crash or leak; accepted settings must be self-consistent. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sg_settings.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy = malloc(size + 1);
    memcpy(copy, data, size);
    copy[size] = '\0';
    const char *vec[33];
    size_t n = 0;
    for (char *line = copy; line != NULL && n < 32;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        vec[n++] = line;
        line = nl ? nl + 1 : NULL;
    }
    vec[n] = NULL;
    sg_settings s;
    char err[512];
    err[0] = '\0';
    int rc = sg_settings_parse(vec, &s, err, sizeof err);
    if (rc == AUTH_OK) {
        if (s.base_url[0] == NULL || s.base_url[1] == NULL || s.redirect_host_count == 0 ||
            s.connect_timeout_ms > s.timeout_ms || (s.api_key_file == NULL) == (s.api_key_env == NULL))
            abort();
        sg_settings_free(&s);
    } else if (err[0] == '\0') {
        abort(); /* a refusal always says why */
    }
    free(copy);
    return 0;
}
