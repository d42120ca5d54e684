/* libFuzzer harness: one HTTP exchange (status, Location headers, rate-limit
 * header, body) through sg_response_map.  Checks the invariants a panel
 * relies on: a known status; a URL only on success, and then one that
 * passes the redirect check; never the URL's query in a message. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sg_redirect_check.h"
#include "sg_response.h"

static sg_settings settings;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *kv[] = {"api_key_env=UNUSED", "redirect_hosts=127.0.0.1,*.sendgrid.com", NULL};
    char err[512];
    if (sg_settings_parse(kv, &settings, err, sizeof err) != AUTH_OK)
        abort();
    return 0;
}

/* Input: [status hi][status lo][flags][location\0][reset\0][body...] */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    char *copy = malloc(size + 1);
    memcpy(copy, data, size);
    copy[size] = '\0';
    sg_exchange ex;
    memset(&ex, 0, sizeof ex);
    ex.http_status = ((long)data[0] << 8 | data[1]) % 1000;
    uint8_t flags = data[2];
    ex.call = (flags & 1) ? SG_CALL_CHECK : SG_CALL_SSO;
    ex.region = (flags & 2) ? SG_REGION_EU : SG_REGION_GLOBAL;
    ex.location_count = (flags >> 2) & 3;
    ex.body_truncated = (flags >> 4) & 1;
    ex.now_ms = 1800000000000LL;
    char *p = copy + 3, *end = copy + size;
    char *loc = p;
    p += strlen(p) + 1;
    char *reset = p < end ? p : NULL;
    if (reset)
        p += strlen(p) + 1;
    ex.location = ex.location_count ? loc : NULL;
    ex.rate_limit_reset = reset;
    ex.body = p < end ? p : NULL;
    ex.body_len = p < end ? (size_t)(end - p) : 0;

    auth_result r;
    auth_result_init(&r);
    int rc = sg_response_map(&ex, &settings, &r);
    if (rc != r.status || rc < 0 || rc >= AUTH_STATUS_COUNT)
        abort();
    if (rc == AUTH_OK && ex.call == SG_CALL_SSO) {
        char why[200];
        if (r.redirect_url[0] == '\0' ||
            sg_redirect_check(r.redirect_url, settings.redirect_hosts,
                              settings.redirect_host_count, why, sizeof why) != 0)
            abort();
    } else if (r.redirect_url[0] != '\0') {
        abort();
    }
    /* The one-time code (the Location's query) never reaches a message --
     * unless the body says the same text itself: SendGrid's own error
     * message is quoted to the operator, whatever it contains. */
    const char *q = ex.location ? strchr(ex.location, '?') : NULL;
    if (q != NULL && strlen(q) > 8 && (ex.body == NULL || !strstr(ex.body, q)) &&
        (strstr(r.log_message, q) || strstr(r.user_message, q)))
        abort();
    if (memchr(r.log_message, '\n', sizeof r.log_message) ||
        memchr(r.log_message, '\r', sizeof r.log_message))
        abort();
    free(copy);
    return 0;
}
