/* silent_dns.c -- a child process whose name server never answers; see
 * silent_dns.h.  The namespaces come from ns_child.c; this file adds the
 * private resolv.conf and the name server that never answers. */
#include "silent_dns.h"

#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "ns_child.h"

#define RESOLV_CONF "/etc/resolv.conf"
/* glibc's defaults, spelled out: each query waits 5 s, twice. */
#define SILENT_RESOLV "nameserver 127.0.0.1\noptions timeout:5 attempts:2\n"

/* In the child, inside its namespaces (loopback already up). */
static int silence_dns(void *ctx, char *err, size_t n)
{
    const char *workdir = ctx;
    char path[512];
    snprintf(path, sizeof path, "%s/resolv.conf", workdir);
    if (nsc_write_file(path, SILENT_RESOLV) != 0)
        return nsc_say(err, n, "writing the private resolv.conf");
    if (nsc_bind_mount(path, RESOLV_CONF, err, n) != 0)
        return -1;
    /* The silent name server: bound, so queries are queued, never refused
     * by an ICMP error; never read, so never answered.  It lives as long as
     * the child. */
    int dns = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(53);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (dns < 0 || bind(dns, (struct sockaddr *)&a, sizeof a) != 0)
        return nsc_say(err, n, "binding the silent name server to 127.0.0.1:53");
    /* Check the resolver will read what we think. */
    char seen[256] = "";
    FILE *f = fopen(RESOLV_CONF, "r");
    if (f != NULL) {
        size_t got = fread(seen, 1, sizeof seen - 1, f);
        seen[got] = '\0';
        fclose(f);
    }
    if (strcmp(seen, SILENT_RESOLV) != 0) {
        snprintf(err, n, "%s does not show the private resolv.conf", RESOLV_CONF);
        return -1;
    }
    return 0;
}

int sd_run(const char *workdir, sd_fn fn, void *buf, size_t size, int timeout_s,
           char *err, size_t err_size)
{
    nsc_options o;
    memset(&o, 0, sizeof o);
    o.new_net = 1;
    o.setup = silence_dns;
    o.setup_ctx = (void *)workdir;
    o.timeout_s = timeout_s;
    return nsc_run(&o, fn, buf, size, err, err_size);
}
