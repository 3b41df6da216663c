#include <zlib.h>

/* inflateInit2 is a macro Swift cannot call: raw deflate (no zlib header), as in ZIP entries. */
static inline int czlib_inflate_init_raw(z_streamp stream) {
    return inflateInit2(stream, -MAX_WBITS);
}
