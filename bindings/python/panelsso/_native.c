/* SPDX-License-Identifier: MIT */
/*
 * _native.c -- the loader handle of the Python binding and its calls (see
 * _native.h).  Python releases the GIL around each of these (cffi does for
 * every call), so a login in one thread never holds up the others.
 *
 * Log lines: a line that reaches Python through the cffi callback has to
 * retake the GIL and release it again, which costs more than the rest of a
 * keep-alive login's Python work together.  So a line logged on a thread
 * while that thread is inside one of the calls below is queued here
 * instead (in the thread's own queue), and Python hands the queued lines to
 * the sink as soon as the call returns, holding the GIL already: the same
 * lines in the same order, still before the call returns to its caller and
 * from the calling thread.  Every other line (loading, closing, a thread of
 * a plugin's own) goes to the callback as it comes.
 */
#include "_native.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct psso_handle {
    auth_loader *loader;
    auth_config *config;
    auth_loader_log_fn log;   /* the Python sink's callback, or NULL */
    void *log_ctx;
    pthread_rwlock_t lock;
    int closing;   /* psso_close has begun tearing the loader down */
    int closed;
};

/* Writers first: with readers first, a close() could wait for ever while
 * other threads keep logging in. */
static void lock_init(pthread_rwlock_t *lock)
{
    pthread_rwlockattr_t attr;
    pthread_rwlockattr_init(&attr);
    pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
    pthread_rwlock_init(lock, &attr);
    pthread_rwlockattr_destroy(&attr);
}

/* Lines queued on this thread by its innermost call: each is the level as
 * one character ('0' + level, '?' for a level auth_log_level does not
 * name), the text, and a NUL.  The loader cuts lines at 2 KiB, so a queue
 * holds at least 7 of them; a call that logs more hands what is queued, then
 * the line, straight to the callback (the order stays the same). */
enum { QUEUE_BYTES = 16384 };

struct thread_calls {
    /* The handle whose call this thread is in (the outermost one), or
     * NULL. */
    const psso_handle *in_call;
    /* Lines are going straight to the callback from inside that call: a
     * call the sink makes meanwhile is not the outermost one, and its lines
     * (of any handle) go straight to the callback too. */
    int straight;
    size_t used;
    char lines[QUEUE_BYTES];
};

static _Thread_local struct thread_calls this_thread;

static void log_straight(const psso_handle *h, int level, const char *line)
{
    struct thread_calls *t = &this_thread;
    int was = t->straight;
    t->straight = 1;
    h->log(h->log_ctx, level, line);
    t->straight = was;
}

static void deliver_queued(const psso_handle *h)
{
    struct thread_calls *t = &this_thread;
    size_t at = 0;
    t->straight = 1;
    while (at < t->used) {
        char mark = t->lines[at];
        const char *line = t->lines + at + 1;
        at += strlen(line) + 2;
        h->log(h->log_ctx, mark >= '0' && mark <= '9' ? mark - '0' : -1, line);
    }
    t->straight = 0;
    t->used = 0;
}

static void log_line(void *ctx, int level, const char *line)
{
    const psso_handle *h = ctx;
    struct thread_calls *t = &this_thread;
    if (t->in_call != h || t->straight) {
        log_straight(h, level, line);
        return;
    }
    size_t need = strlen(line) + 2;
    if (t->used + need > sizeof t->lines) {
        deliver_queued(h);
        if (need > sizeof t->lines) {
            log_straight(h, level, line);
            return;
        }
    }
    t->lines[t->used] = (char)(level >= 0 && level <= 9 ? '0' + level : '?');
    memcpy(t->lines + t->used + 1, line, need - 1);
    t->used += need;
}

/* Mark this thread as inside a call of `h` (if it is not inside one
 * already); returns whether it did, for leave_call. */
static int enter_call(const psso_handle *h)
{
    struct thread_calls *t = &this_thread;
    if (t->in_call != NULL || h->log == NULL)
        return 0;
    /* Lines a call left behind when an exception (KeyboardInterrupt) cut
     * Python short between the call and their delivery: that call's caller
     * got the exception instead of the call's answer, and its sink may be
     * gone with its loader. */
    t->used = 0;
    t->in_call = h;
    return 1;
}

/* What a call returns: 1, plus the bytes of lines it queued. */
static int leave_call(int entered)
{
    struct thread_calls *t = &this_thread;
    if (!entered)
        return 1;
    t->in_call = NULL;
    return 1 + (int)t->used;
}

const char *psso_take_queued(size_t size)
{
    /* Python code that ran on this thread between the call and here (a
     * signal handler) and made a call of its own has taken the call's
     * lines' place: they are lost, but no other call's lines are passed
     * off as the call's. */
    if (this_thread.used != size)
        return NULL;
    this_thread.used = 0;
    return this_thread.lines;
}

psso_handle *psso_new(void)
{
    psso_handle *h = calloc(1, sizeof *h);
    if (h != NULL)
        lock_init(&h->lock);
    return h;
}

int psso_create_loader(psso_handle *h, auth_config *config,
                       auth_loader_log_fn log, void *log_ctx, int log_level,
                       auth_result *result)
{
    auth_loader_config lc;
    auth_result_init(result);
    memset(&lc, 0, sizeof lc);
    lc.struct_size = sizeof lc;
    h->log = log;
    h->log_ctx = log_ctx;
    lc.log = log != NULL ? log_line : NULL;
    lc.log_ctx = h;
    lc.log_level = log_level;
    if (config != NULL) {
        /* The loader keeps the context: the config lives as long as the
         * handle (auth_config.h). */
        lc.settings_for = auth_config_settings_for;
        lc.settings_ctx = config;
    }
    h->config = config;
    return auth_loader_create(&lc, &h->loader, result);
}

auth_loader *psso_loader(psso_handle *h)
{
    return h->loader;
}

/* A vector of `count` + 1 pointers: on the stack for the usual few
 * attributes, else on the heap. */
enum { STACK_VECTOR = 32 };

static const char **vector_for(size_t count, const char **stack)
{
    if (count < STACK_VECTOR)
        return stack;
    return malloc((count + 1) * sizeof(const char *));
}

static void unpack(const char *packed, size_t count, const char **vec)
{
    for (size_t i = 0; i < count; i++) {
        vec[i] = packed;
        packed += strlen(packed) + 1;
    }
    vec[count] = NULL;
}

static void vector_free(const char **vec, const char **stack)
{
    if (vec != stack)
        free((void *)vec);
}

static int out_of_memory(auth_result *result)
{
    result->status = AUTH_ERR_INTERNAL;
    strcpy(result->user_message, "internal error");
    strcpy(result->log_message,
           "panelsso (Python): out of memory building the attribute vector");
    return 1;
}

int psso_load_file(psso_handle *h, const char *path, const char *name,
                   const char *settings, size_t count, auth_result *result)
{
    const char *stack[STACK_VECTOR], **vec = vector_for(count, stack);
    auth_result_init(result);
    if (vec == NULL) {
        out_of_memory(result);
        return result->status;
    }
    unpack(settings, count, vec);
    int st = auth_loader_load_file(h->loader, path, name, vec, result);
    vector_free(vec, stack);
    return st;
}

/* Take the lock for a call; 0 (lock not held) if the handle is closed. */
static int enter(psso_handle *h)
{
    pthread_rwlock_rdlock(&h->lock);
    if (h->closed) {
        pthread_rwlock_unlock(&h->lock);
        return 0;
    }
    return 1;
}

typedef int (*login_like_fn)(auth_loader *, const char *, const char *const *,
                             auth_result *);

static int login_like(login_like_fn fn, psso_handle *h, const char *name,
                      const char *attributes, size_t count, auth_result *result)
{
    const char *stack[STACK_VECTOR], **vec;
    if (!enter(h))
        return 0;
    auth_result_init(result);
    vec = vector_for(count, stack);
    if (vec == NULL) {
        pthread_rwlock_unlock(&h->lock);
        return out_of_memory(result);
    }
    unpack(attributes, count, vec);
    int entered = enter_call(h);
    fn(h->loader, name, vec, result);
    int ran = leave_call(entered);
    vector_free(vec, stack);
    pthread_rwlock_unlock(&h->lock);
    return ran;
}

int psso_login(psso_handle *h, const char *name, const char *attributes,
               size_t count, auth_result *result)
{
    return login_like(auth_loader_login, h, name, attributes, count, result);
}

int psso_check(psso_handle *h, const char *name, const char *attributes,
               size_t count, auth_result *result)
{
    return login_like(auth_loader_check, h, name, attributes, count, result);
}

int psso_account(psso_handle *h, const char *name, int op,
                 const char *attributes, size_t count, int with_request,
                 const char *profile, size_t profile_count,
                 const auth_offering *offerings, size_t offering_count,
                 int test_account, auth_result *result, auth_account *account)
{
    const char *stack[STACK_VECTOR], **vec;
    const char *pstack[STACK_VECTOR], **pvec = NULL;
    auth_account_request req;
    if (!enter(h))
        return 0;
    auth_result_init(result);
    auth_account_init(account);
    vec = vector_for(count, stack);
    if (with_request && profile_count > 0)
        pvec = vector_for(profile_count, pstack);
    if (vec == NULL || (with_request && profile_count > 0 && pvec == NULL)) {
        if (vec != NULL)
            vector_free(vec, stack);
        pthread_rwlock_unlock(&h->lock);
        return out_of_memory(result);
    }
    unpack(attributes, count, vec);
    memset(&req, 0, sizeof req);
    req.struct_size = sizeof req;
    if (pvec != NULL) {
        unpack(profile, profile_count, pvec);
        req.profile = pvec;
    }
    req.offerings = offering_count > 0 ? offerings : NULL;
    req.offering_count = offering_count;
    req.test_account = test_account;
    int entered = enter_call(h);
    auth_loader_account(h->loader, name, op, vec, with_request ? &req : NULL,
                        result, account);
    int ran = leave_call(entered);
    if (pvec != NULL)
        vector_free(pvec, pstack);
    vector_free(vec, stack);
    pthread_rwlock_unlock(&h->lock);
    return ran;
}

void psso_close(psso_handle *h)
{
    pthread_rwlock_wrlock(&h->lock);
    if (!h->closed) {
        h->closing = 1;
        auth_loader_destroy(h->loader);
        auth_config_free(h->config);
        h->loader = NULL;
        h->config = NULL;
        h->closed = 1;
    }
    pthread_rwlock_unlock(&h->lock);
}

void psso_free(psso_handle *h)
{
    if (h == NULL)
        return;
    psso_close(h);
    pthread_rwlock_destroy(&h->lock);
    free(h);
}

void psso_after_fork_in_child(psso_handle *h)
{
    /* A fork in the middle of another thread's close leaves a loader half
     * torn down: the child may not use it, nor finish tearing it down. */
    if (h->closing && !h->closed) {
        h->loader = NULL;
        h->config = NULL;
        h->closed = 1;
    }
    memset(&h->lock, 0, sizeof h->lock);
    lock_init(&h->lock);
}
