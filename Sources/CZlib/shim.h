#ifndef LAUNCHPAD_CZLIB_SHIM_H
#define LAUNCHPAD_CZLIB_SHIM_H
#include <zlib.h>

/// `inflateInit2(stream, -MAX_WBITS)`: a raw deflate stream (no zlib header), as zip entries hold.
/// inflateInit2 is a macro, which Swift cannot call.
static inline int launchpad_inflate_init_raw(z_streamp stream) {
    return inflateInit2(stream, -MAX_WBITS);
}
#endif
