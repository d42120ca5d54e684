/* SPDX-License-Identifier: MIT */
/* accounts.c -- the account store: a hash table by id for look-ups and an
 * array in creation order for the list endpoint, both behind one mutex.
 * Deleted accounts stay as tombstones: their ids must stay gone (the rule
 * for implicit ids would otherwise bring them back) and a page that ended
 * on one must still lead to the next. */
#include "accounts.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>
#include <openssl/sha.h>

#include "sandbox.h"

#define BUCKETS 65536

const char *const sbx_profile_names[SBX_PROFILE_N] = {
    "first_name", "last_name", "company_name", "company_website",
    "email", "phone", "timezone"};

typedef struct account {
    struct account *next;       /* in its bucket */
    int listed;                 /* created through the API */
    size_t pos;                 /* then its index in `order` */
    int deleted;
    int deactivated;
    int test_account;
    time_t created_at, updated_at;
    sbx_profile profile;
    sbx_offering_list offerings;
    char id[];
} account;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static account *buckets[BUCKETS];
static account **order;         /* listed accounts, oldest first */
static size_t n_order, cap_order;
static size_t n_live;

void sbx_profile_free(sbx_profile *p)
{
    for (int i = 0; i < SBX_PROFILE_N; i++) {
        free(p->v[i]);
        p->v[i] = NULL;
    }
}

int sbx_accounts_init(void)
{
    cap_order = 1024;
    order = malloc(cap_order * sizeof *order);
    return order ? 0 : -1;
}

static unsigned bucket_of(const char *id)
{
    unsigned h = 5381;
    for (const char *p = id; *p; p++)
        h = h * 33 + (unsigned char)*p;
    return h % BUCKETS;
}

static account *find(const char *id)
{
    for (account *a = buckets[bucket_of(id)]; a; a = a->next)
        if (strcmp(a->id, id) == 0)
            return a;
    return NULL;
}

/* The id minted from 24 random hex digits: "sg", them, and a check of 8
 * hex digits (SHA-256 of the rest), so that ids any sandbox minted are
 * known as such everywhere, while other ids of SendGrid's form (the
 * spec's example sg2a2bcd3ef4ab5c67d8efab91c01de2fa) are just ids. */
static void mint_id(const char random_hex[24], char id[SBX_ACCOUNT_ID_LEN + 1])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char digest[SHA256_DIGEST_LENGTH];
    memcpy(id, "sg", 2);
    memcpy(id + 2, random_hex, 24);
    SHA256((const unsigned char *)id, 26, digest);
    for (int i = 0; i < 4; i++) {
        id[26 + 2 * i] = hex[digest[i] >> 4];
        id[27 + 2 * i] = hex[digest[i] & 15];
    }
    id[SBX_ACCOUNT_ID_LEN] = '\0';
}

static int is_minted(const char *id)
{
    char again[SBX_ACCOUNT_ID_LEN + 1];
    if (strlen(id) != SBX_ACCOUNT_ID_LEN || strncmp(id, "sg", 2) != 0)
        return 0;
    for (const char *p = id + 2; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return 0;
    mint_id(id + 2, again);
    return strcmp(again, id) == 0;
}

/* Does an id nobody created or deleted here exist? */
static int exists_by_rule(const char *id)
{
    if (strncmp(id, "script-", 7) == 0)
        return 1;
    if (sbx_cfg.n_accounts) {
        for (size_t i = 0; i < sbx_cfg.n_accounts; i++)
            if (strcmp(sbx_cfg.accounts[i], id) == 0)
                return 1;
        return 0;
    }
    /* Minted by some sandbox, but not by this one (or it would be stored):
     * another region's account. */
    if (is_minted(id))
        return 0;
    return strncmp(id, "missing", 7) != 0;
}

/* A new stored account (activated, the free package), in its bucket but
 * not listed.  NULL if out of memory. */
static account *add(const char *id)
{
    size_t l = strlen(id);
    account *a = calloc(1, sizeof *a + l + 1);
    if (!a)
        return NULL;
    memcpy(a->id, id, l + 1);
    a->created_at = a->updated_at = time(NULL);
    a->offerings.n = 1;
    a->offerings.o[0].item = SBX_CATALOG_FREE;
    a->offerings.o[0].quantity = 1;
    unsigned b = bucket_of(id);
    a->next = buckets[b];
    buckets[b] = a;
    return a;
}

/* The live account `id`, stored first if it exists only by the rule.
 * *oom is set when storing it failed. */
static account *live_stored(const char *id, int *oom)
{
    account *a = find(id);
    *oom = 0;
    if (a)
        return a->deleted ? NULL : a;
    if (!exists_by_rule(id))
        return NULL;
    a = add(id);
    if (!a)
        *oom = 1;
    return a;
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

int sbx_accounts_create(const sbx_profile *profile, const sbx_offering_list *offerings,
                        int test_account, char id_out[SBX_ACCOUNT_ID_LEN + 1])
{
    static const char hex[] = "0123456789abcdef";
    sbx_profile copy = {{NULL}};
    for (int i = 0; i < SBX_PROFILE_N; i++) {
        copy.v[i] = dup_or_null(profile->v[i]);
        if (profile->v[i] && !copy.v[i]) {
            sbx_profile_free(&copy);
            return -1;
        }
    }
    pthread_mutex_lock(&lock);
    account *a = NULL;
    /* 96 random bits do not collide in practice; checking costs nothing. */
    for (int tries = 0; tries < 8 && !a; tries++) {
        unsigned char raw[12];
        char random_hex[24], id[SBX_ACCOUNT_ID_LEN + 1];
        if (RAND_bytes(raw, sizeof raw) != 1)
            break;
        for (size_t i = 0; i < sizeof raw; i++) {
            random_hex[2 * i] = hex[raw[i] >> 4];
            random_hex[2 * i + 1] = hex[raw[i] & 15];
        }
        mint_id(random_hex, id);
        if (find(id))
            continue;
        if (n_order == cap_order) {
            account **grown = realloc(order, 2 * cap_order * sizeof *order);
            if (!grown)
                break;
            order = grown;
            cap_order *= 2;
        }
        a = add(id);
        if (!a)
            break;
        a->listed = 1;
        a->test_account = test_account;
        a->profile = copy;
        a->offerings = *offerings;
        a->pos = n_order;
        order[n_order++] = a;
        n_live++;
        memcpy(id_out, id, sizeof id);
    }
    pthread_mutex_unlock(&lock);
    if (!a) {
        sbx_profile_free(&copy);
        return -1;
    }
    return 0;
}

int sbx_accounts_get(const char *id, sbx_account_view *out)
{
    int found = 0;
    pthread_mutex_lock(&lock);
    account *a = find(id);
    if (a && !a->deleted) {
        out->deactivated = a->deactivated;
        out->offerings = a->offerings;
        found = 1;
    } else if (!a && exists_by_rule(id)) {
        out->deactivated = 0;
        out->offerings.n = 1;
        out->offerings.o[0].item = SBX_CATALOG_FREE;
        out->offerings.o[0].quantity = 1;
        found = 1;
    }
    pthread_mutex_unlock(&lock);
    return found;
}

int sbx_accounts_set_state(const char *id, int deactivated)
{
    int oom;
    pthread_mutex_lock(&lock);
    account *a = live_stored(id, &oom);
    if (a) {
        a->deactivated = deactivated;
        a->updated_at = time(NULL);
    }
    pthread_mutex_unlock(&lock);
    return a ? 1 : oom ? -1 : 0;
}

int sbx_accounts_set_offerings(const char *id, const sbx_offering_list *offerings)
{
    int oom;
    pthread_mutex_lock(&lock);
    account *a = live_stored(id, &oom);
    if (a) {
        a->offerings = *offerings;
        a->updated_at = time(NULL);
    }
    pthread_mutex_unlock(&lock);
    return a ? 1 : oom ? -1 : 0;
}

int sbx_accounts_delete(const char *id)
{
    int oom;
    pthread_mutex_lock(&lock);
    account *a = live_stored(id, &oom);
    if (a) {
        a->deleted = 1;
        a->updated_at = time(NULL);
        sbx_profile_free(&a->profile);
        if (a->listed)
            n_live--;
    }
    pthread_mutex_unlock(&lock);
    return a ? 1 : oom ? -1 : 0;
}

static void copy_text(char *dst, size_t n, const char *src)
{
    size_t l = src ? strlen(src) : 0;
    if (l >= n)
        l = n - 1;
    if (l)
        memcpy(dst, src, l);
    dst[l] = '\0';
}

int sbx_accounts_page(const char *offset, size_t limit, sbx_account_summary *out, size_t *n)
{
    int rc = 0;
    *n = 0;
    pthread_mutex_lock(&lock);
    size_t start = 0;
    if (offset) {
        account *a = find(offset);
        if (!a || !a->listed) {
            rc = -1;
            goto out;
        }
        start = a->pos + 1;
    }
    for (size_t i = start; i < n_order && *n < limit; i++) {
        const account *a = order[i];
        if (a->deleted)
            continue;
        sbx_account_summary *s = &out[(*n)++];
        copy_text(s->id, sizeof s->id, a->id);
        copy_text(s->email, sizeof s->email, a->profile.v[SBX_P_EMAIL]);
        copy_text(s->company_name, sizeof s->company_name, a->profile.v[SBX_P_COMPANY_NAME]);
        s->created_at = a->created_at;
        s->updated_at = a->updated_at;
    }
out:
    pthread_mutex_unlock(&lock);
    return rc;
}

size_t sbx_accounts_live(void)
{
    pthread_mutex_lock(&lock);
    size_t n = n_live;
    pthread_mutex_unlock(&lock);
    return n;
}
