/* libmicrohttpd's declarations (Debian libmicrohttpd-dev). No pkg-config and no link:
   the library is loaded with dlopen by `intake serve` only (MicroHTTPD.swift), so
   no other command maps it (nor GnuTLS, which it links). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <microhttpd.h>

/* The type of each function Intake calls, as a function pointer. */
typedef __typeof__(&MHD_start_daemon) intake_MHD_start_daemon;
typedef __typeof__(&MHD_stop_daemon) intake_MHD_stop_daemon;
typedef __typeof__(&MHD_lookup_connection_value) intake_MHD_lookup_connection_value;
typedef __typeof__(&MHD_get_connection_values) intake_MHD_get_connection_values;
typedef __typeof__(&MHD_create_response_from_buffer) intake_MHD_create_response_from_buffer;
typedef __typeof__(&MHD_create_response_from_callback) intake_MHD_create_response_from_callback;
typedef __typeof__(&MHD_add_response_header) intake_MHD_add_response_header;
typedef __typeof__(&MHD_queue_response) intake_MHD_queue_response;
typedef __typeof__(&MHD_destroy_response) intake_MHD_destroy_response;

/* The limits `intake serve` runs with (spec section 8). */
struct intake_mhd_limits {
    unsigned int connections;        /* at most this many connections */
    unsigned int idle_seconds;       /* an idle connection is closed */
    size_t connection_memory;        /* request line and headers must fit */
    const char *tls_key_pem;         /* NULL: plain HTTP */
    const char *tls_cert_pem;
};

/* Starts a daemon bound to `host` (an IPv4 or IPv6 literal) and `port`, a thread
   per connection. MHD_start_daemon is variadic, which Swift cannot call: this
   passes its options as one MHD_OPTION_ARRAY. NULL when `host` is no address literal or the daemon
   cannot start (`*bad_host` says which). */
static inline struct MHD_Daemon *intake_mhd_start(
    intake_MHD_start_daemon start, const char *host, uint16_t port, struct intake_mhd_limits limits,
    MHD_AccessHandlerCallback handler, void *handler_cls,
    MHD_RequestCompletedCallback completed, int *bad_host)
{
    struct sockaddr_in v4;
    struct sockaddr_in6 v6;
    const struct sockaddr *address;
    unsigned int flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD;
    memset(&v4, 0, sizeof v4);
    memset(&v6, 0, sizeof v6);
    *bad_host = 0;
    if (inet_pton(AF_INET, host, &v4.sin_addr) == 1) {
        v4.sin_family = AF_INET;
        v4.sin_port = htons(port);
        address = (const struct sockaddr *)&v4;
    } else if (inet_pton(AF_INET6, host, &v6.sin6_addr) == 1) {
        v6.sin6_family = AF_INET6;
        v6.sin6_port = htons(port);
        address = (const struct sockaddr *)&v6;
        flags |= MHD_USE_IPv6;
    } else {
        *bad_host = 1;
        return NULL;
    }
    struct MHD_OptionItem options[8];
    int n = 0;
    options[n++] = (struct MHD_OptionItem){MHD_OPTION_SOCK_ADDR, 0, (void *)address};
    options[n++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_LIMIT, limits.connections, NULL};
    options[n++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_TIMEOUT, limits.idle_seconds, NULL};
    options[n++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_MEMORY_LIMIT, (intptr_t)limits.connection_memory, NULL};
    options[n++] = (struct MHD_OptionItem){MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)completed, NULL};
    if (limits.tls_key_pem != NULL && limits.tls_cert_pem != NULL) {
        flags |= MHD_USE_TLS;
        options[n++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_KEY, 0, (void *)limits.tls_key_pem};
        options[n++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_CERT, 0, (void *)limits.tls_cert_pem};
    }
    options[n++] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};
    return start(flags, port, NULL, NULL, handler, handler_cls, MHD_OPTION_ARRAY, options, MHD_OPTION_END);
}
