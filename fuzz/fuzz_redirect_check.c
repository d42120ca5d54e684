/* libFuzzer harness: the redirect check on arbitrary bytes.  Whatever it
 * accepts must be https (or http to loopback), free of control characters
 * and user-info, at most 4096 bytes, on an allowed host. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sg_redirect_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const sg_host_pattern hosts[] = {
        {"sendgrid.com", 0}, {".sendgrid.com", 1}, {"127.0.0.1", 0}};
    char *url = malloc(size + 1);
    memcpy(url, data, size);
    url[size] = '\0';
    char why[200];
    if (sg_redirect_check(url, hosts, 3, why, sizeof why) == 0) {
        size_t n = strlen(url);
        if (n > SG_REDIRECT_MAX_LEN)
            abort();
        for (size_t i = 0; i < n; i++)
            if (iscntrl((unsigned char)url[i]) || url[i] == ' ')
                abort();
        if (strncmp(url, "https://", 8) != 0 && strncmp(url, "http://127.0.0.1", 16) != 0)
            abort(); /* http only to loopback, written canonically */
        const char *auth = strstr(url, "://") + 3;
        if (memchr(auth, '@', strcspn(auth, "/?#")) != NULL)
            abort();
    }
    if (memchr(why, '\0', sizeof why) == NULL)
        abort();
    free(url);
    return 0;
}
