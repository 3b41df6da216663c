#include <zlib.h>

/* inflateInit2 is a macro Swift cannot call: raw deflate (no zlib header), as in ZIP entries. */
static inline int czlib_inflate_init_raw(z_streamp stream) {
    return inflateInit2(stream, -MAX_WBITS);
}

/* A gzip stream (RFC 1952: header and CRC-32/size trailer checked by zlib), for `.gz` drops. */
static inline int czlib_inflate_init_gzip(z_streamp stream) {
    return inflateInit2(stream, 16 + MAX_WBITS);
}
