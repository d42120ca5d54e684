/* SPDX-License-Identifier: MIT */
/* The handle pool and one HTTP exchange on a pooled handle. */
#include "sg_http.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/ssl.h>

#include <panelsso/auth_provider.h>
#include "sg_secure_mem.h"

/* One process's idle handles under their own lock.  A forked child never
 * takes its parent's generation's lock: another thread may have held it at
 * the fork, and that thread does not exist in the child, so the lock would
 * never be released.  The child starts a generation of its own instead. */
struct sg_pool_gen {
    pthread_mutex_t lock;
    pid_t pid;                   /* the process these handles belong to */
    sg_conn *idle;               /* most recently released first */
    size_t idle_count;
    /* The generation this one replaced in a fork's child.  Kept, not freed,
     * until the pool is destroyed: another thread of the child may still be
     * reading its pid (see sg_pool_acquire). */
    struct sg_pool_gen *replaced;
};

struct sg_pool {
    _Atomic(sg_pool_gen *) current;
    size_t max_idle;
    const sg_settings *settings;
    char *user_agent;
};

/* ---- socket bookkeeping (for fork safety) ------------------------------ */

static curl_socket_t open_socket(void *clientp, curlsocktype purpose,
                                 struct curl_sockaddr *addr)
{
    sg_conn *c = clientp;
    (void)purpose;
    int fd = socket(addr->family, addr->socktype | SOCK_CLOEXEC, addr->protocol);
    if (fd < 0)
        return CURL_SOCKET_BAD;
    if (c->nfds < SG_MAX_SOCKETS_PER_HANDLE)
        c->fds[c->nfds++] = fd;
    return fd;
}

static int close_socket(void *clientp, curl_socket_t fd)
{
    sg_conn *c = clientp;
    for (size_t i = 0; i < c->nfds; i++) {
        if (c->fds[i] == fd) {
            c->fds[i] = c->fds[--c->nfds];
            break;
        }
    }
    return close(fd);
}

/* ---- body capture -------------------------------------------------------- */

static size_t write_body(char *data, size_t size, size_t nmemb, void *userp)
{
    sg_conn *c = userp;
    size_t n = size * nmemb;
    if (n > SG_BODY_MAX - c->body_len) {
        /* libcurl 7.88's MAXFILESIZE does not stop bodies of unknown length:
         * stop here, and remember why the transfer failed. */
        c->body_truncated = 1;
        return 0;
    }
    memcpy(c->body + c->body_len, data, n);
    c->body_len += n;
    c->body[c->body_len] = '\0';
    return n;
}

/* ---- header check --------------------------------------------------------- */

/* libcurl's header API (curl_easy_header) ends a value at its first CR, and
 * a C string ends at a NUL, so a Location line holding a bare CR or a NUL
 * would reach the redirect check looking clean, its tail silently dropped.
 * RFC 9112 makes such a line invalid: look at the raw line instead. */
static size_t check_header(char *line, size_t size, size_t nitems, void *userp)
{
    sg_conn *c = userp;
    size_t n = size * nitems;
    if (n >= 5 && strncmp(line, "HTTP/", 5) == 0) {
        c->location_malformed = 0;   /* a new response, e.g. after a 1xx */
    } else if (n >= 9 && strncasecmp(line, "location:", 9) == 0) {
        size_t end = n;
        if (end > 9 && line[end - 1] == '\n')
            end--;
        if (end > 9 && line[end - 1] == '\r')
            end--;
        for (size_t i = 9; i < end; i++) {
            unsigned char ch = (unsigned char)line[i];
            if ((ch < 0x20 && ch != '\t') || ch == 0x7f)
                c->location_malformed = 1;
        }
    }
    return n;
}

/* ---- TLS ------------------------------------------------------------------ */

/* OpenSSL keeps the last decrypted record (here: the response head, the
 * one-time URL in its Location) in its read buffer until the next record
 * overwrites it, and frees that buffer without wiping it.  With
 * SSL_OP_CLEANSE_PLAINTEXT it wipes the plaintext once libcurl has read it,
 * and again when the connection is freed. */
static CURLcode cleanse_plaintext(CURL *curl, void *ssl_ctx, void *userp)
{
    (void)curl;
    (void)userp;
    SSL_CTX_set_options((SSL_CTX *)ssl_ctx, SSL_OP_CLEANSE_PLAINTEXT);
    return CURLE_OK;
}

/* Only when libcurl's TLS is the very OpenSSL this file was built against
 * may its SSL_CTX be handed to OpenSSL's functions here. */
static int curl_uses_our_openssl(void)
{
    const curl_version_info_data *v = curl_version_info(CURLVERSION_NOW);
    char want[32];
    snprintf(want, sizeof want, "OpenSSL/%u.", (unsigned)OPENSSL_version_major());
    return v->ssl_version != NULL && OPENSSL_version_major() == OPENSSL_VERSION_MAJOR &&
           strncmp(v->ssl_version, want, strlen(want)) == 0;
}

/* ---- handles ------------------------------------------------------------- */

static void conn_free(sg_conn *c)
{
    if (c == NULL)
        return;
    if (c->easy != NULL)
        curl_easy_cleanup(c->easy);
    sg_secure_free(c->body);
    free(c);
}

static sg_conn *conn_new(const sg_pool *pool)
{
    const sg_settings *s = pool->settings;
    sg_conn *c = calloc(1, sizeof *c);
    if (c == NULL)
        return NULL;
    /* A 303's body may repeat the login URL: secure memory, wiped after
     * each exchange (sg_pool_release). */
    c->body = sg_secure_alloc(SG_BODY_MAX + 1);
    c->easy = curl_easy_init();
    if (c->body == NULL || c->easy == NULL) {
        conn_free(c);
        return NULL;
    }
    CURL *e = c->easy;
    int http_ok = s->base_is_http[SG_REGION_GLOBAL] || s->base_is_http[SG_REGION_EU];
    CURLcode rc = CURLE_OK;
#define SET(opt, val) do { if (rc == CURLE_OK) rc = curl_easy_setopt(e, opt, val); } while (0)
    SET(CURLOPT_ERRORBUFFER, c->errbuf);
    SET(CURLOPT_NOSIGNAL, 1L);            /* threads: no SIGALRM timeouts */
    SET(CURLOPT_FOLLOWLOCATION, 0L);      /* following spends the code */
    /* HTTP/2's header compression keeps decoded response headers (the
     * Location with its code, if the server indexes it) in a table that
     * lives as long as the connection, out of the plugin's reach.  Two small
     * requests per login gain nothing from HTTP/2. */
    SET(CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
    SET(CURLOPT_PROTOCOLS_STR, http_ok ? "http,https" : "https");
    SET(CURLOPT_REDIR_PROTOCOLS_STR, "https");
    SET(CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
    SET(CURLOPT_SSL_VERIFYPEER, 1L);
    SET(CURLOPT_SSL_VERIFYHOST, 2L);
    SET(CURLOPT_TCP_KEEPALIVE, 1L);
    SET(CURLOPT_USERAGENT, pool->user_agent);
    SET(CURLOPT_WRITEFUNCTION, write_body);
    SET(CURLOPT_WRITEDATA, c);
    SET(CURLOPT_HEADERFUNCTION, check_header);
    SET(CURLOPT_HEADERDATA, c);
    SET(CURLOPT_OPENSOCKETFUNCTION, open_socket);
    SET(CURLOPT_OPENSOCKETDATA, c);
    SET(CURLOPT_CLOSESOCKETFUNCTION, close_socket);
    SET(CURLOPT_CLOSESOCKETDATA, c);
    SET(CURLOPT_CONNECTTIMEOUT_MS, s->connect_timeout_ms);
    if (curl_uses_our_openssl())
        SET(CURLOPT_SSL_CTX_FUNCTION, cleanse_plaintext);
#if LIBCURL_VERSION_NUM >= 0x075700
    /* When a name server never answers, the threaded resolver's cleanup
     * after our timeout would otherwise wait for getaddrinfo (10 s and more
     * with glibc's defaults), far past timeout_ms.  This leaves the thread
     * detached instead; it frees its own data when getaddrinfo returns, and
     * -z nodelete keeps its code mapped (docs/abi.md). */
    SET(CURLOPT_QUICK_EXIT, 1L);
#endif
    if (s->ca_file != NULL) {
        /* ca_file pins trust to that file alone.  CAINFO replaces only
         * libcurl's default bundle file; Debian's libcurl also has a
         * built-in CA directory (CAPATH /etc/ssl/certs) that would stay
         * active, so a certificate from any system CA would still pass.
         * NULL disables that directory (plugin.faults.ca_pinning). */
        SET(CURLOPT_CAINFO, s->ca_file);
        SET(CURLOPT_CAPATH, (char *)NULL);
    }
    /* "" disables the environment's proxy variables; "env" leaves them. */
    if (s->proxy == NULL)
        SET(CURLOPT_PROXY, "");
    else if (strcmp(s->proxy, "env") != 0)
        SET(CURLOPT_PROXY, s->proxy);
#undef SET
    if (rc != CURLE_OK) {
        conn_free(c);
        return NULL;
    }
    return c;
}

static sg_pool_gen *gen_new(pid_t pid, sg_pool_gen *replaced)
{
    sg_pool_gen *g = calloc(1, sizeof *g);
    if (g == NULL)
        return NULL;
    if (pthread_mutex_init(&g->lock, NULL) != 0) {
        free(g);
        return NULL;
    }
    g->pid = pid;
    g->replaced = replaced;
    return g;
}

int sg_pool_create(const sg_settings *settings, const char *user_agent,
                   sg_pool **out)
{
    sg_pool *p = calloc(1, sizeof *p);
    sg_pool_gen *g = p ? gen_new(getpid(), NULL) : NULL;
    if (g == NULL || (p->user_agent = strdup(user_agent)) == NULL) {
        if (g != NULL) {
            pthread_mutex_destroy(&g->lock);
            free(g);
        }
        free(p);
        return AUTH_ERR_INTERNAL;
    }
    atomic_init(&p->current, g);
    p->settings = settings;
    p->max_idle = (size_t)settings->max_idle_connections;
    *out = p;
    return AUTH_OK;
}

/* In a forked child: point each inherited socket at /dev/null, so that
 * curl_easy_cleanup's TLS shutdown and close touch nothing the parent uses. */
static void conn_disown(sg_conn *c)
{
    int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
    for (size_t i = 0; i < c->nfds && devnull >= 0; i++)
        dup2(devnull, c->fds[i]);
    if (devnull >= 0)
        close(devnull);
    conn_free(c);
}

/* In a forked child, the parent's generation `g`: no thread of this process
 * uses it (they all check the pid first), so a successful trylock proves no
 * thread held it at the fork and its list is whole: its idle handles are
 * disowned and freed.  If the lock was held, a thread of the parent was
 * inside the list's few instructions; the list may be half updated and is
 * left alone: its handles leak, once, in this process only.  Handles that
 * were checked out at the fork belong to threads this process does not
 * have and may be in any state: never touched. */
static void gen_retire_inherited(sg_pool_gen *g)
{
    if (pthread_mutex_trylock(&g->lock) != 0)
        return;
    while (g->idle != NULL) {
        sg_conn *c = g->idle;
        g->idle = c->next;
        conn_disown(c);
    }
    g->idle_count = 0;
    pthread_mutex_unlock(&g->lock);
    pthread_mutex_destroy(&g->lock);
}

/* The generation of process `me`, made on the first call in a fork's child.
 * Threads of a child may race here: one wins the exchange, the others use
 * its generation.  NULL when out of memory. */
static sg_pool_gen *gen_of(sg_pool *p, pid_t me)
{
    sg_pool_gen *g = atomic_load_explicit(&p->current, memory_order_acquire);
    if (g->pid == me)
        return g;
    sg_pool_gen *fresh = gen_new(me, g);
    if (fresh == NULL)
        return NULL;
    if (!atomic_compare_exchange_strong_explicit(&p->current, &g, fresh,
                                                 memory_order_acq_rel,
                                                 memory_order_acquire)) {
        pthread_mutex_destroy(&fresh->lock);
        free(fresh);
        return g; /* another thread of this process made it */
    }
    gen_retire_inherited(fresh->replaced);
    return fresh;
}

void sg_pool_destroy(sg_pool *p)
{
    if (p == NULL)
        return;
    /* Single-threaded by the teardown contract. */
    sg_pool_gen *g = atomic_load(&p->current);
    if (g->pid == getpid()) {
        while (g->idle != NULL) {
            sg_conn *c = g->idle;
            g->idle = c->next;
            conn_free(c);
        }
        pthread_mutex_destroy(&g->lock);
    } else {
        /* A child that never logged in: its parent's handles. */
        gen_retire_inherited(g);
    }
    /* Older generations were retired in this process or an ancestor:
     * their lists are empty or abandoned, their locks destroyed or held by
     * a thread that is gone: freed without touching either. */
    while (g != NULL) {
        sg_pool_gen *older = g->replaced;
        free(g);
        g = older;
    }
    free(p->user_agent);
    free(p);
}

sg_conn *sg_pool_acquire(sg_pool *p)
{
    sg_conn *c = NULL;
    pid_t me = getpid();
    sg_pool_gen *g = gen_of(p, me);
    if (g == NULL)
        return NULL;
    pthread_mutex_lock(&g->lock);
    /* Prefer the handle this thread used last: it stays on one thread's
     * cache and malloc arena instead of wandering between threads, whose
     * frees into another thread's arena contend on that arena's lock when
     * many threads log in at once.  Otherwise the most recent one. */
    pthread_t self = pthread_self();
    sg_conn **pick = g->idle != NULL ? &g->idle : NULL;
    for (sg_conn **q = &g->idle; *q != NULL; q = &(*q)->next) {
        if (pthread_equal((*q)->owner, self)) {
            pick = q;
            break;
        }
    }
    if (pick != NULL) {
        c = *pick;
        *pick = c->next;
        g->idle_count--;
    }
    pthread_mutex_unlock(&g->lock);
    if (c == NULL)
        c = conn_new(p);
    if (c != NULL) {
        c->gen = g;
        c->owner = self;
    }
    return c;
}

void sg_pool_release(sg_pool *p, sg_conn *c)
{
    if (c == NULL)
        return;
    sg_secure_zero(c->body, c->body_len);
    c->body_len = 0;
    /* The generation it came from is this process's: between acquire and
     * release a thread runs only libcurl and this file's callbacks, none of
     * which forks, so a handle is never carried into a child. */
    sg_pool_gen *g = c->gen;
    pthread_mutex_lock(&g->lock);
    if (g->idle_count < p->max_idle) {
        c->next = g->idle;
        g->idle = c;
        g->idle_count++;
        c = NULL;
    }
    pthread_mutex_unlock(&g->lock);
    if (c != NULL)
        conn_free(c);
}

/* ---- one exchange ------------------------------------------------------- */

/* What a libcurl failure means for the caller: a status, whether another try
 * may help (connection-level failures only), and a sentence. */
static int classify(CURLcode code, int *retryable, const char **what)
{
    *retryable = 0;
    switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        *what = "could not resolve the host name; check the base URL and DNS";
        *retryable = 1;
        return AUTH_ERR_UNAVAILABLE;
    case CURLE_COULDNT_CONNECT:
        *what = "could not connect; check the base URL, firewall and proxy";
        *retryable = 1;
        return AUTH_ERR_UNAVAILABLE;
    case CURLE_OPERATION_TIMEDOUT:
        *what = "timed out; the service is slow or unreachable (see timeout_ms)";
        return AUTH_ERR_UNAVAILABLE;
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
        *what = "the connection was closed before a complete response arrived";
        *retryable = 1;
        return AUTH_ERR_UNAVAILABLE;
    case CURLE_PEER_FAILED_VERIFICATION:
        *what = "the server's TLS certificate could not be verified; check "
                "ca_file and the base URL's host name";
        return AUTH_ERR_TLS;
    case CURLE_SSL_CACERT_BADFILE:
        *what = "the CA bundle could not be loaded; check ca_file";
        return AUTH_ERR_TLS;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_USE_SSL_FAILED:
        *what = "the TLS handshake failed (TLS 1.2 or newer with a verified "
                "certificate is required)";
        return AUTH_ERR_TLS;
    case CURLE_OUT_OF_MEMORY:
        *what = "out of memory, or a response header was too large";
        return AUTH_ERR_PROTOCOL;
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_BAD_CONTENT_ENCODING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_UNSUPPORTED_PROTOCOL:
        *what = "the server's response was not valid HTTP";
        return AUTH_ERR_PROTOCOL;
    default:
        *what = "the request failed";
        return AUTH_ERR_UNAVAILABLE;
    }
}

/* Could any byte of the request have reached the server, after a failed
 * transfer?  A create must never be called "not sent" when it might have
 * been (the panel would create again, and two billed accounts would
 * exist), so "not sent" needs proof from libcurl:
 *   - CURLINFO_REQUEST_SIZE is 0: libcurl counted no request byte written;
 *   - and the failure came before the request is written: the name did
 *     not resolve, the connection could not be made, or the TLS handshake
 *     failed (libcurl writes the request only after it), or the transfer
 *     timed out before the connection was ready (no CURLINFO_CONNECT_TIME_T
 *     for http, no CURLINFO_APPCONNECT_TIME_T for https: the handshake was
 *     not finished).
 * Every other failure (a timeout once connected, a connection closed or
 * reset, a send or receive error, a reply that is not HTTP) may have come
 * after the server read the request: "sent". */
static int may_have_sent(CURL *e, CURLcode rc)
{
    long request_size = 0;
    if (curl_easy_getinfo(e, CURLINFO_REQUEST_SIZE, &request_size) != CURLE_OK ||
        request_size != 0)
        return 1;
    switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_USE_SSL_FAILED:
    case CURLE_UNSUPPORTED_PROTOCOL:
        return 0;
    case CURLE_OPERATION_TIMEDOUT: {
        char *scheme = NULL;
        curl_off_t connected = 0, handshaken = 0;
        if (curl_easy_getinfo(e, CURLINFO_SCHEME, &scheme) != CURLE_OK ||
            scheme == NULL ||
            curl_easy_getinfo(e, CURLINFO_CONNECT_TIME_T, &connected) != CURLE_OK ||
            curl_easy_getinfo(e, CURLINFO_APPCONNECT_TIME_T, &handshaken) != CURLE_OK)
            return 1;
        int tls = strcasecmp(scheme, "https") == 0;
        return tls ? handshaken > 0 : connected > 0;
    }
    default:
        return 1;
    }
}

void sg_conn_perform(sg_conn *c, const sg_http_request *req, long timeout_ms,
                     sg_exchange *ex, int *retryable)
{
    CURL *e = c->easy;
    c->body_len = 0;
    c->body_truncated = 0;
    c->location_malformed = 0;
    c->body[0] = '\0';
    c->errbuf[0] = '\0';
    *retryable = 0;

    curl_easy_setopt(e, CURLOPT_URL, req->url);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, req->headers);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, timeout_ms);
    if (c->custom_request) {
        /* What an account call set stays set on the handle: undone before
         * a login or check, which set only the options below. */
        curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, (char *)NULL);
        curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 0L);
        c->custom_request = 0;
    }
    if (req->method == SG_METHOD_POST || req->method == SG_METHOD_PUT) {
        /* The body as it is, or none at all (login's POST). */
        curl_easy_setopt(e, CURLOPT_POST, 1L);
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, req->body ? req->body : "");
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, req->body ? (long)req->body_len : 0L);
    } else {
        curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
    }
    if (req->method == SG_METHOD_PUT || req->method == SG_METHOD_DELETE) {
        curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST,
                         req->method == SG_METHOD_PUT ? "PUT" : "DELETE");
        c->custom_request = 1;
    }
    if (req->fresh_connection) {
        curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
        c->custom_request = 1;
    }
    CURLcode rc = curl_easy_perform(e);

    ex->body = c->body;
    ex->body_len = c->body_len;
    ex->body_truncated = c->body_truncated;
    ex->location = NULL;
    ex->location_count = 0;
    ex->location_malformed = c->location_malformed;
    ex->rate_limit_reset = NULL;
    ex->http_status = 0;
    ex->transport_error = 0;
    ex->transport_text = NULL;
    ex->request_sent = 1;
    if (rc == CURLE_WRITE_ERROR && c->body_truncated)
        rc = CURLE_OK;              /* the cap, reported as body_truncated */
    if (rc != CURLE_OK) {
        ex->transport_error = 1;
        ex->transport_status = classify(rc, retryable, &ex->transport_detail);
        ex->transport_text = c->errbuf[0] ? c->errbuf : curl_easy_strerror(rc);
        ex->request_sent = may_have_sent(e, rc);
        return;
    }
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &ex->http_status);
    struct curl_header *h;
    if (curl_easy_header(e, "Location", 0, CURLH_HEADER, -1, &h) == CURLHE_OK) {
        ex->location_count = h->amount;
        ex->location = h->value;
    }
    if (curl_easy_header(e, "X-RateLimit-Reset", 0, CURLH_HEADER, -1, &h) ==
        CURLHE_OK)
        ex->rate_limit_reset = h->value;
    if (ex->http_status == 502 || ex->http_status == 503 || ex->http_status == 504)
        *retryable = 1;
}
