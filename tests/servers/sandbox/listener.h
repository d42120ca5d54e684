/* listener.h -- the listening socket, TLS context and accept loop. */
#ifndef SBX_LISTENER_H
#define SBX_LISTENER_H

/* Bind, write the port file, then accept and serve until SIGTERM/SIGINT.
 * Returns the process exit status (0 on a signal, 1 if start-up failed). */
int listener_run(void);

/* A connection thread is finished (frees a slot under the cap). */
void listener_conn_done(void);

#endif
